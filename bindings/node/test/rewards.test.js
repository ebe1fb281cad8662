'use strict';

// Customer groups, reward claims and grants, points at checkout, distributor periods, instant-win games, and the
// shop's reports.

const test = require('node:test');
const assert = require('node:assert/strict');
const loyalty = require('..');

const SHOP = {
  shop_id: 's1', timezone: 'Asia/Ho_Chi_Minh', earn: { spend_per_point: 1000 },
  redeem: { point_value: 100, max_order_pct: 50 },
  rewards: [{ reward_id: 'tea', name: 'Tea', kind: 'gift', cost_points: 10, stock: 5, valid_days: 30 }],
  targets: [{ program_id: 'q', period: 'quarter', bands: [{ spend: 100000, points: 50 }] }],
  games: [
    { id: 'wheel', name: 'Vòng quay', kind: 'wheel', cost_points: 10, prizes: [{ id: 'p5', name: '5 điểm', weight: 1, points: 5 }] },
    { id: 'dear', name: 'Thẻ cào', kind: 'scratch', cost_points: 1000, prizes: [{ id: 'none', weight: 1 }] },
  ],
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

test('a game played with points, listed with its odds, and replayed by its key', (t) => {
  const { engine, memberId } = openEngine(t);
  const status = engine.gameStatus('s1', { game_id: 'wheel', member_id: memberId });
  assert.equal(status.can_play, true);
  assert.equal(status.refusal, null);
  assert.equal(status.cost_points, 10);
  assert.deepEqual(status.odds, [{ prize_id: 'p5', weight: 1 }]);

  const request = { member_id: memberId, game_id: 'wheel', idempotency_key: 'g-1' };
  const played = engine.playGame('s1', request);
  assert.equal(played.points_spent, 10);
  assert.equal(played.prize_id, 'p5');
  assert.deepEqual(played.prize, { id: 'p5', name: '5 điểm', points: 5, reward_id: null });
  assert.deepEqual(played.odds, [{ prize_id: 'p5', weight: 1 }]);
  assert.equal(played.draw, 0);
  assert.equal(played.grant, null);
  assert.equal(played.order_id, null);
  assert.equal(played.replayed, false);
  assert.deepEqual(engine.getBalance('s1', memberId), { available: 195, pending: 0 });

  const again = engine.playGame('s1', request);
  assert.equal(again.replayed, true);
  assert.equal(again.play_id, played.play_id, 'the same key returns the first play');
  assert.deepEqual(engine.getBalance('s1', memberId), { available: 195, pending: 0 });

  const page = engine.listPlays('s1', { game_id: 'wheel', member_id: memberId });
  assert.deepEqual(page.plays.map((p) => p.play_id), [played.play_id]);
  assert.equal('replayed' in page.plays[0], false);
  assert.equal(page.next_after, null);
  assert.equal(engine.listPlays('s1').plays.length, 1);

  assert.throws(() => engine.playGame('s1', { member_id: memberId, game_id: 'dear', idempotency_key: 'g-2' }),
    loyalty.InsufficientPoints);
  assert.throws(() => engine.playGame('s1', { member_id: memberId, game_id: 'nope', idempotency_key: 'g-3' }),
    loyalty.NotFound);
  assert.throws(() => engine.playGame('s1', { member_id: memberId, game_id: 'dear', idempotency_key: 'g-1' }),
    loyalty.Conflict, 'a key already used for another game');
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

test("the shop's reports, by name, as their routes return them", (t) => {
  const { engine, memberId } = openEngine(t);
  engine.claimReward('s1', { member_id: memberId, reward_id: 'tea', idempotency_key: 'c-1' });
  const rewards = engine.report('s1', { report: 'rewards', months: 1, limit: 5 });
  assert.equal(rewards.from, rewards.to);
  assert.deepEqual(rewards.rewards, [{ reward_id: 'tea', name: 'Tea', claims: 1, used: 0, points_spent: 10 }]);
  const liability = engine.report('s1', JSON.stringify({ report: 'liability', months: 36 }));
  assert.equal(liability.months.length, 36);
  assert.equal(liability.months.at(-1).redeemed, 10);
  assert.equal(engine.report('s1', { report: 'repeat-purchase' }).by_month.length, 12);
  assert.ok(Array.isArray(engine.report('s1', { report: 'segments' }).segments));

  for (const [request, field] of [[{ report: 'sales' }, 'request.report'], [{ report: 'rewards', limit: 101 }, 'limit'],
    [{ report: 'cohorts', months: 37 }, 'months'], [{ report: 'tiers', limit: 5 }, 'limit'], [{ report: 'tiers', window: 3 }, 'request.window']]) {
    assert.throws(() => engine.report('s1', request), (err) => err instanceof loyalty.InvalidArgument && err.message.includes(field),
      JSON.stringify(request));
  }
  assert.throws(() => engine.report('nowhere', { report: 'liability' }), loyalty.NotFound);
});
