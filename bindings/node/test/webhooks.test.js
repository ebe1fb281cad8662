'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const loyalty = require('..');
const { shop, haravanOrderBody, haravanHeaders } = require('../test-support/helpers');

function openEngine(t) {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:' });
  t.after(() => engine.close());
  engine.putShop(shop());
  return engine;
}

test('a signed Haravan order earns points; its retry is a duplicate', (t) => {
  const engine = openEngine(t);
  const body = haravanOrderBody();
  const result = engine.ingestWebhook('haravan', 'demo', haravanHeaders(body), body);
  assert.equal(result.outcome, 'applied');
  const order = result.events.find((e) => e.type === 'order');
  assert.ok(order, JSON.stringify(result));
  assert.equal(order.applied, true);
  assert.ok(order.points_delta > 0);

  const member = engine.getMember('demo', { platform: 'haravan', customer_id: '70001' });
  assert.equal(member.member_id, order.member_id);
  assert.equal(member.phone, '+84912345678');
  assert.equal(member.points.available, order.points_delta);

  // The same bytes as a string, with node:http-style lower-case headers: still the same delivery.
  const lower = Object.fromEntries(Object.entries(haravanHeaders(body)).map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(engine.ingestWebhook('haravan', 'demo', lower, body.toString('utf8')).outcome, 'duplicate');
  // A fetch Headers object works too.
  assert.equal(engine.ingestWebhook('haravan', 'demo', new Headers(haravanHeaders(body)), body).outcome, 'duplicate');
});

test('a forged signature is Unauthenticated and stores nothing', (t) => {
  const engine = openEngine(t);
  const body = haravanOrderBody();
  const forged = haravanHeaders(body, 'orders/paid', 'not-the-shop-secret');
  assert.throws(() => engine.ingestWebhook('haravan', 'demo', forged, body), (err) => {
    assert.ok(err instanceof loyalty.Unauthenticated);
    assert.equal(err.status, loyalty.Status.UNAUTHENTICATED);
    assert.ok(err.message.length > 0);
    return true;
  });
  const tampered = Buffer.from(body.toString('utf8').replace('680000.0000', '6800000.0000'));
  assert.throws(() => engine.ingestWebhook('haravan', 'demo', haravanHeaders(body), tampered), loyalty.Unauthenticated);
  assert.throws(() => engine.ingestWebhook('haravan', 'demo', haravanHeaders(body), Buffer.alloc(0)),
    loyalty.Unauthenticated);
  assert.throws(() => engine.getMember('demo', { platform: 'haravan', customer_id: '70001' }), loyalty.NotFound);
  assert.deepEqual(engine.getStats(), { entries: 0, quarantine_open: 0 });
});

test('unknown shop or platform is NotFound', (t) => {
  const engine = openEngine(t);
  const body = haravanOrderBody();
  assert.throws(() => engine.ingestWebhook('haravan', 'nope', haravanHeaders(body), body), loyalty.NotFound);
  assert.throws(() => engine.ingestWebhook('sapo', 'demo', haravanHeaders(body), body), loyalty.NotFound);
});

test('Haravan handshake', (t) => {
  const engine = openEngine(t);
  assert.equal(engine.haravanHandshake('demo', 'subscribe', 'node-verify-token', 'chal-123'), 'chal-123');
  assert.throws(() => engine.haravanHandshake('demo', 'subscribe', 'wrong', 'c'), loyalty.Unauthenticated);
  assert.throws(() => engine.haravanHandshake('demo', 'unsubscribe', 'node-verify-token', 'c'), loyalty.Unauthenticated);
  engine.putShop({ shop_id: 'plain', earn: { spend_per_point: 1000 } });
  assert.throws(() => engine.haravanHandshake('plain', 'subscribe', 'x', 'c'), loyalty.NotFound);
});

test('quarantine: an unreadable authenticated delivery is kept, listed, replayed, dismissed', (t) => {
  const engine = openEngine(t);
  const body = Buffer.from('{"id": 1003, "financial_status": "paid", "total_price": ');
  let quarantineId;
  assert.throws(() => engine.ingestWebhook('haravan', 'demo', haravanHeaders(body), body), (err) => {
    assert.ok(err instanceof loyalty.InvalidArgument);
    assert.equal(typeof err.quarantineId, 'number', err.message);
    quarantineId = err.quarantineId;
    return true;
  });
  assert.equal(engine.getStats().quarantine_open, 1);

  const page = engine.listQuarantine();
  assert.equal(page.deliveries.length, 1);
  const kept = page.deliveries[0];
  assert.equal(kept.quarantine_id, quarantineId);
  assert.equal(kept.shop_id, 'demo');
  assert.equal(kept.platform, 'haravan');
  assert.equal(Buffer.from(kept.body_base64, 'base64').toString(), body.toString());
  assert.equal(kept.resolved_at, null);
  assert.deepEqual(engine.listQuarantine({ shop_id: 'other' }).deliveries, []);

  assert.throws(() => engine.replayQuarantine(quarantineId), loyalty.InvalidArgument, 'still unreadable');
  engine.dismissQuarantine(BigInt(quarantineId), 'truncated by a proxy');
  assert.equal(engine.getStats().quarantine_open, 0);
  assert.deepEqual(engine.listQuarantine().deliveries, []);
  const all = engine.listQuarantine({ include_resolved: true }).deliveries;
  assert.equal(all.length, 1);
  assert.notEqual(all[0].resolved_at, null);

  assert.throws(() => engine.replayQuarantine(quarantineId), loyalty.Conflict);
  assert.throws(() => engine.replayQuarantine(999999), loyalty.NotFound);
});

test("Haravan's single app URL: a null shopId finds the shop by the delivery's org id", (t) => {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:' });
  t.after(() => engine.close());
  const withOrg = shop();
  withOrg.connections[0].org_id = '200000';
  engine.putShop(withOrg);
  const body = haravanOrderBody();
  assert.equal(engine.ingestWebhook('haravan', null, haravanHeaders(body), body).outcome, 'applied');
  assert.equal(engine.ingestWebhook('haravan', undefined, haravanHeaders(body), body).outcome, 'duplicate');
  assert.throws(() => engine.ingestWebhook('haravan', 42, haravanHeaders(body), body), TypeError);
  // Another org's delivery finds no shop.
  const other = { ...haravanHeaders(body), 'X-Haravan-Org-Id': '999999' };
  assert.throws(() => engine.ingestWebhook('haravan', null, other, body), loyalty.NotFound);
});
