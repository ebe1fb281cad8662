'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const loyalty = require('..');
const { tempDir, shop } = require('../test-support/helpers');

// Each worker records its own orders through the main thread's engine, so their writes share its group commit.
const WORKER = `
  const { workerData, parentPort } = require('node:worker_threads');
  const loyalty = require(workerData.package);
  const engine = loyalty.Engine.attach(workerData.shared);
  for (let i = 0; i < 5; i++) {
    engine.recordOrder('demo', { order_id: 'W' + workerData.n + '-' + i, status: 'paid', amount: 100000,
      customer: { platform: 'pos', customer_id: 'C-' + workerData.n } });
  }
  let mismatch = null;
  try { engine.getMember('demo', { member_id: 'm_nobody' }); } catch (err) { mismatch = err.name; }
  engine.close();
  parentPort.postMessage({ notFound: mismatch });
`;

test('worker_threads share one engine through share()/attach()', async (t) => {
  const dir = tempDir(t);
  const engine = new loyalty.Engine({ storage: `sqlite:${path.join(dir, 'w.db')}`, shops: [shop()] });
  t.after(() => engine.close());
  const shared = engine.share();
  assert.equal(typeof shared.address, 'bigint');

  const runs = [0, 1, 2].map((n) => new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { package: path.resolve(__dirname, '..'), shared, n } });
    worker.once('message', resolve);
    worker.once('error', reject);
  }));
  for (const reply of await Promise.all(runs)) assert.equal(reply.notFound, 'NotFound', 'errors are read on the worker\'s thread');

  for (const n of [0, 1, 2]) {
    assert.equal(engine.getMember('demo', { platform: 'pos', customer_id: `C-${n}` }).points.available, 50);
  }
  assert.equal(engine.closed, false, 'an attached close() leaves the owner\'s engine open');
});

test('attach refuses what share() did not make', () => {
  assert.throws(() => loyalty.Engine.attach({ address: 0n }), TypeError);
  assert.throws(() => loyalty.Engine.attach({ address: 1234n, library: '/elsewhere/libloyalty.so' }), loyalty.LoyaltyError);
});
