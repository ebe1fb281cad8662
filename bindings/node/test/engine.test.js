'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const loyalty = require('..');
const { tempDir, shop } = require('../test-support/helpers');

const ORDER = {
  order_id: 'A-1001', status: 'paid', amount: 1130000,
  customer: { platform: 'pos', customer_id: 'C-1', phone: '0912345678', name: 'An' },
};

function openEngine(t) {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:', shops: [shop()] });
  t.after(() => engine.close());
  return engine;
}

test('lifecycle: open from an object or a JSON string, close twice, calls after close throw', (t) => {
  const dir = tempDir(t);
  const engine = new loyalty.Engine(JSON.stringify({ storage: `sqlite:${path.join(dir, 'a.db')}` }));
  assert.equal(engine.closed, false);
  engine.putShop(shop());
  engine.close();
  engine.close();
  assert.equal(engine.closed, true);
  assert.throws(() => engine.getShop('demo'), { code: 'ERR_LOYALTY_CLOSED' });

  // Durable: a second engine on the same file sees the shop.
  const again = new loyalty.Engine({ storage: `sqlite:${path.join(dir, 'a.db')}` });
  assert.equal(again.getShop('demo').shop_id, 'demo');
  again.close();
});

test('Symbol.dispose closes the engine', { skip: typeof Symbol.dispose !== 'symbol' }, () => {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:' });
  engine[Symbol.dispose]();
  assert.equal(engine.closed, true);
});

test('a bad config is InvalidArgument with the library\'s message', () => {
  assert.throws(() => new loyalty.Engine({ storage: 'sqlite::memory:', no_such_key: 1 }), (err) => {
    assert.ok(err instanceof loyalty.InvalidArgument);
    assert.equal(err.status, loyalty.Status.INVALID_ARGUMENT);
    assert.match(err.message, /no_such_key/);
    return true;
  });
  assert.throws(() => new loyalty.Engine('{not json'), loyalty.InvalidArgument);
  assert.throws(() => new loyalty.Engine(42), TypeError);
});

test('shop, order, member, balance, transactions', (t) => {
  const engine = openEngine(t);
  const stored = engine.getShop('demo');
  assert.equal(stored.shop_id, 'demo');
  assert.equal(stored.earn.spend_per_point, 10000);
  assert.throws(() => engine.getShop('nope'), loyalty.NotFound);

  const result = engine.recordOrder('demo', ORDER);
  assert.equal(result.applied, true);
  assert.equal(result.points_delta, 113);
  assert.deepEqual(result.points, { available: 113, pending: 0 });
  assert.equal(engine.recordOrder('demo', ORDER).applied, false, 'a replay changes nothing');

  const member = engine.getMember('demo', { phone: '+84 912 345 678' });
  assert.equal(member.member_id, result.member_id);
  assert.equal(member.name, 'An');
  assert.equal(member.points.available, 113);
  assert.deepEqual(member.refs, [{ platform: 'pos', customer_id: 'C-1' }]);
  assert.deepEqual(engine.getMember('demo', { platform: 'pos', customer_id: 'C-1' }), member);

  assert.deepEqual(engine.getBalance('demo', member.member_id), { available: 113, pending: 0 });
  assert.throws(() => engine.getBalance('demo', 'm_nobody'), loyalty.NotFound);

  const customer = engine.upsertCustomer('demo', { platform: 'pos', customer_id: 'C-2', phone: '0987654312' });
  assert.equal(customer.created, true);
  assert.equal(engine.upsertCustomer('demo', { platform: 'pos', customer_id: 'C-2', name: 'Bình' }).created, false);

  const page = engine.listTransactions('demo', { member_id: member.member_id, limit: 10 });
  assert.equal(page.transactions.length, 1);
  assert.equal(page.transactions[0].kind, 'earn');
  assert.equal(page.transactions[0].points, 113);
  assert.equal(page.next_before, null);
});

test('redeem and adjust: InsufficientPoints, idempotency and Conflict', (t) => {
  const engine = openEngine(t);
  const { member_id } = engine.recordOrder('demo', ORDER);

  const request = { member_id, points: 100, idempotency_key: 'redeem-1', reason: 'voucher' };
  const redeemed = engine.redeemPoints('demo', request);
  assert.equal(redeemed.member_id, member_id);
  assert.equal(redeemed.points.available, 13);
  assert.equal(redeemed.entry.kind, 'redeem');
  assert.deepEqual(engine.redeemPoints('demo', request), redeemed, 'the same key returns the first result');

  assert.throws(() => engine.redeemPoints('demo', { ...request, points: 5 }), (err) => {
    assert.ok(err instanceof loyalty.Conflict);
    assert.equal(err.status, loyalty.Status.CONFLICT);
    assert.equal(err.code, 'conflict');
    return true;
  });
  assert.throws(() => engine.redeemPoints('demo', { member_id, points: 14, idempotency_key: 'redeem-2' }), (err) => {
    assert.ok(err instanceof loyalty.InsufficientPoints);
    assert.match(err.message, /13 points available/);
    assert.equal(err.available, 13);
    assert.equal(err.requested, 14);
    assert.equal(err.details.code, 'insufficient_points');
    return true;
  });
  assert.throws(() => engine.adjustPoints('demo', { member_id, points: -14, idempotency_key: 'adj-0', reason: 'x' }),
    loyalty.InsufficientPoints);

  const adjusted = engine.adjustPoints('demo', { member_id, points: 7, idempotency_key: 'adj-1', reason: 'goodwill' });
  assert.equal(adjusted.points.available, 20);
  assert.deepEqual(engine.getBalance('demo', member_id), { available: 20, pending: 0 });
});

test('int64: BigInt accepted in and carried exactly; points past 10^15 refused, Numbers out while exact', (t) => {
  const engine = openEngine(t);
  const { member_id } = engine.recordOrder('demo', ORDER);
  // The exact value crosses the ABI (the library names it), and the range of points refuses it.
  const big = 2n ** 60n;
  assert.throws(() => engine.adjustPoints('demo', { member_id, points: big, idempotency_key: 'big', reason: 'test' }),
    (err) => err instanceof loyalty.InvalidArgument && err.message.includes('1152921504606846976'));
  const top = 10n ** 15n - 113n;
  const adjusted = engine.adjustPoints('demo', { member_id, points: top, idempotency_key: 'top', reason: 'test' });
  assert.equal(adjusted.points.available, 10 ** 15);  // below 2^53: a plain Number
  assert.equal(typeof adjusted.points.pending, 'number');
  assert.deepEqual(engine.getBalance('demo', member_id), { available: 10 ** 15, pending: 0 });
  assert.equal(engine.getMember('demo', { member_id }).points.lifetime_earned, 113);
  assert.throws(() => engine.replayQuarantine(2 ** 60), RangeError);
  assert.throws(() => engine.replayQuarantine(2n ** 63n), RangeError);
});

test('arguments that C cannot carry are refused before the call', (t) => {
  const engine = openEngine(t);
  assert.throws(() => engine.getShop('demo\0other'), RangeError);
  assert.throws(() => engine.getShop(7), TypeError);
  assert.throws(() => engine.recordOrder('demo', null), TypeError);
});

test('maintenance and stats', (t) => {
  const engine = openEngine(t);
  engine.recordOrder('demo', ORDER);
  const report = engine.runMaintenance(1_800_000_000);
  assert.equal(report.ledger_consistent, true);
  assert.equal(report.entries, 1);
  assert.deepEqual(report.balance_mismatches, []);
  assert.equal(engine.runMaintenance(new Date()).ledger_consistent, true);
  assert.equal(engine.runMaintenance().entries, 1);
  assert.deepEqual(engine.getStats(), { entries: 1, quarantine_open: 0 });
  assert.equal(engine.checkStorage(), undefined);
});

test('a checkout quote writes nothing; a manual tier overrides the rules', (t) => {
  const engine = openEngine(t);
  engine.putShop({
    ...shop(),
    tiers: { window: 'lifetime', levels: [{ name: 'Member', threshold: 0 },
      { name: 'Gold', threshold: 1000000000, discount_pct: 15, earn_multiplier_pct: 150 }] },
    redeem: { point_value: 1000, max_order_pct: 50 },
  });
  const memberId = engine.recordOrder('demo', ORDER).member_id;
  const member = engine.setTier('demo', { member_id: memberId, tier: 'Gold', until: '2099-01-01T00:00:00+07:00' });
  assert.equal(member.tier.name, 'Gold');
  const quote = engine.quote('demo', { member_id: memberId, amount: 2000000, redeem_points: 100 });
  assert.deepEqual(quote.discount, { pct: 15, amount: 300000 });
  assert.equal(quote.redeem.max_points, 113);
  assert.equal(quote.earn.points, Math.floor((2000000 - 300000 - 100000) * 150 / 1000000));
  assert.equal(engine.getMember('demo', { member_id: memberId }).points.available, 113);
  assert.throws(() => engine.setTier('demo', { member_id: memberId, tier: 'Iron', until: '2099-01-01' }),
    { code: 'invalid_argument' });
});

test('patchShop merges, keeps secrets sent as ***, and refuses a bad result', (t) => {
  const engine = openEngine(t);
  const patched = engine.patchShop('demo', {
    earn: { max_points_per_order: 500 },
    connections: [{ platform: 'haravan', secret: '***' }],
  });
  assert.equal(patched.earn.spend_per_point, 10000);
  assert.equal(patched.earn.max_points_per_order, 500);
  assert.equal(patched.connections[0].secret, shop().connections[0].secret);
  assert.throws(() => engine.patchShop('demo', { earn: { spend_per_point: 0 } }), loyalty.InvalidArgument);
  assert.equal(engine.getShop('demo').earn.max_points_per_order, 500);
  assert.throws(() => engine.patchShop('nowhere', { earn: { spend_per_point: 1 } }), loyalty.NotFound);
});
