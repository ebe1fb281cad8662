'use strict';

// Customer groups, reward claims and grants, points at checkout, and distributor periods.

const test = require('node:test');
const assert = require('node:assert/strict');
const loyalty = require('..');

const SHOP = {
  shop_id: 's1', timezone: 'Asia/Ho_Chi_Minh', earn: { spend_per_point: 1000 },
  redeem: { point_value: 100, max_order_pct: 50 },
  rewards: [{ reward_id: 'tea', name: 'Tea', kind: 'gift', cost_points: 10, stock: 5, valid_days: 30 }],
  targets: [{ program_id: 'q', period: 'quarter', bands: [{ spend: 100000, points: 50 }] }],
};

// 200,000 VND in January 2025 at 1,000 VND a point: 200 points, and past the quarter's band.
function openEngine(t) {
  const engine = new loyalty.Engine({ storage: 'sqlite::memory:', shops: [SHOP] });
  t.after(() => engine.close());
  const { member_id: memberId } = engine.recordOrder('s1', {
    order_id: 'R-1', status: 'paid', amount: 200000, occurred_at: '2025-01-10T10:00:00+07:00',
    customer: { platform: 'pos', customer_id: 'C-1', phone: '0912345678' },
  });
  return { engine, memberId };
}

test('a claimed reward is a grant: listed, used, voided', (t) => {
  const { engine, memberId } = openEngine(t);
  const claim = (key) => engine.claimReward('s1', { member_id: memberId, reward_id: 'tea', idempotency_key: key });
  const claimed = claim('c-1');
  assert.equal(claimed.grant.reward_id, 'tea');
  assert.equal(claimed.grant.status, 'issued');
  assert.equal(claimed.points.available, 190);
  assert.equal(claimed.replayed, false);
  assert.equal(claim('c-1').grant.grant_id, claimed.grant.grant_id, 'the same key returns the first grant');

  const page = engine.listGrants('s1', { member_id: memberId });
  assert.deepEqual(page.grants.map((g) => g.code), [claimed.grant.code]);
  assert.equal(page.next_after, null);
  assert.equal(engine.listGrants('s1').grants.length, 1);

  const used = engine.useGrant('s1', { code: claimed.grant.code, order_id: 'R-2' });
  assert.equal(used.status, 'used');
  assert.equal(used.used_order, 'R-2');
  assert.throws(() => engine.voidGrant('s1', { grant_id: used.grant_id, reason: 'late' }), loyalty.Conflict);
  const second = claim('c-2').grant;
  assert.equal(engine.voidGrant('s1', { grant_id: second.grant_id, reason: 'changed mind' }).status, 'voided');
  assert.deepEqual(engine.getBalance('s1', memberId), { available: 190, pending: 0 });
  assert.throws(() => engine.claimReward('s1', { member_id: memberId, reward_id: 'coffee', idempotency_key: 'c-3' }),
    loyalty.NotFound);
});

test('the shop sets a group; points pay part of an order', (t) => {
  const { engine, memberId } = openEngine(t);
  assert.equal(engine.setGroup('s1', { member_id: memberId, group: 'Đại lý' }).group, 'Đại lý');
  assert.equal(engine.setGroup('s1', { member_id: memberId, group: null }).group, '');
  const paid = engine.payWithPoints('s1', {
    member_id: memberId, order_id: 'R-3', order_amount: 100000, points: 100, idempotency_key: 'p-1',
  });
  assert.equal(paid.payment.amount, 10000);
  assert.equal(paid.points.available, 100);
});

test('a leaderboard, then the period settled once', (t) => {
  const { engine, memberId } = openEngine(t);
  const board = engine.leaderboard('s1', { program_id: 'q', at: '2025-02-01T00:00:00+07:00' });
  assert.equal(board.period.key, '2025-Q1');
  assert.equal(board.settled_at, null);
  assert.deepEqual(board.standings.map((s) => s.member_id), [memberId]);

  const report = engine.settlePeriod('s1', { period: '2025-Q1', at: '2025-04-02T00:00:00+07:00' });
  assert.equal(report.programs.length, 1);
  assert.equal(report.programs[0].kind, 'target');
  assert.equal(report.programs[0].already_settled, false);
  assert.equal(report.programs[0].standings[0].points, 50);
  assert.equal(engine.getBalance('s1', memberId).available, 250);
  const again = engine.settlePeriod('s1', { period: '2025-Q1', program_id: 'q', at: '2025-04-02T00:00:00+07:00' });
  assert.equal(again.programs[0].already_settled, true);
  assert.equal(engine.getBalance('s1', memberId).available, 250);
});
