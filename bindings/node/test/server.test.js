'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const loyalty = require('..');
const { shop, haravanOrderBody, haravanHeaders } = require('../test-support/helpers');

const SERVER = {
  listen: { address: '127.0.0.1', port: 0 },
  insecure_http: true,
  admin_token: '0123456789abcdef',
  access_log: false,
};

test('startServer serves /healthz and webhooks on the engine; stop is idempotent', async (t) => {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:', shops: [shop()] });
  t.after(() => engine.close());
  const server = engine.startServer(SERVER);
  t.after(() => server.stop());
  assert.ok(Number.isInteger(server.port) && server.port > 0);

  const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
  assert.equal(health.status, 200);
  await health.arrayBuffer();

  const body = haravanOrderBody();
  const posted = await fetch(`http://127.0.0.1:${server.port}/webhooks/haravan/demo`, {
    method: 'POST', headers: { ...haravanHeaders(body), 'Content-Type': 'application/json' }, body,
  });
  assert.equal(posted.status, 200);
  await posted.arrayBuffer();
  assert.ok(engine.getMember('demo', { platform: 'haravan', customer_id: '70001' }).points.available > 0);

  server.stop();
  server.stop();
  assert.equal(server.stopped, true);
  await assert.rejects(fetch(`http://127.0.0.1:${server.port}/healthz`));
});

test('closing the engine stops its servers first', async () => {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:' });
  const server = engine.startServer(SERVER);
  engine.close();
  assert.equal(server.stopped, true);
  await assert.rejects(fetch(`http://127.0.0.1:${server.port}/healthz`));
});

test('a server config the library refuses is InvalidArgument', (t) => {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:' });
  t.after(() => engine.close());
  // No TLS and no insecure_http: the library refuses to serve plain HTTP by accident.
  assert.throws(() => engine.startServer({ ...SERVER, insecure_http: false }), loyalty.InvalidArgument);
  assert.throws(() => engine.startServer({ ...SERVER, admin_token: 'short' }), loyalty.InvalidArgument);
});

test('reconfigure applies new limits and seeds; a bad document or switching TLS on changes nothing', async (t) => {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:' });
  t.after(() => engine.close());
  const server = engine.startServer(SERVER);
  t.after(() => server.stop());
  const post = async (bytes) => {
    const r = await fetch(`http://127.0.0.1:${server.port}/healthz`, { method: 'POST', body: 'x'.repeat(bytes) });
    await r.arrayBuffer();
    return r.status;
  };
  assert.notEqual(await post(4096), 413);

  server.reconfigure({ ...SERVER, limits: { body_bytes: 1024 }, shops: [shop()] });
  assert.equal(await post(4096), 413);
  assert.notEqual(await post(100), 413);
  assert.equal(engine.getShop('demo').shop_id, 'demo', 'the seed is stored');

  assert.throws(() => server.reconfigure({ ...SERVER, limits: { body_bytes: -1 } }), loyalty.InvalidArgument);
  assert.throws(() => server.reconfigure({ ...SERVER, listen: { ...SERVER.listen, tls: { cert: 'c.pem', key: 'k.pem' } } }),
    loyalty.InvalidArgument);
  assert.equal(await post(4096), 413, 'the limit in use stays');
  server.stop();
  assert.throws(() => server.reconfigure(SERVER), (err) => err.code === 'ERR_LOYALTY_CLOSED');
});
