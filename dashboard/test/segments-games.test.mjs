import test from 'node:test';
import assert from 'node:assert/strict';
import { segmentRows, segmentTotals, signedChange } from '../src/segment-report.js';
import { formatPercent } from '../src/format.js';
import { oddsShares, prizeShares, windowState } from '../src/game-model.js';

test('segment rows keep the report order and carry the change since last month', () => {
  const rows = segmentRows({
    segments: [
      { segment: 'champions', members: 5, previous_month_members: 3 },
      { segment: 'lost', members: 0, previous_month_members: 2 },
    ],
  });
  assert.deepEqual(rows, [
    { segment: 'champions', members: 5, previous: 3, change: 2 },
    { segment: 'lost', members: 0, previous: 2, change: -2 },
  ]);
  assert.deepEqual(segmentTotals(rows), { members: 5, previous: 5 });
  assert.deepEqual(segmentRows(null), []);
  assert.deepEqual(segmentRows({ segments: [{ segment: 'new_customers' }] }),
    [{ segment: 'new_customers', members: 0, previous: 0, change: 0 }]);
});

test('a change shows its sign', () => {
  assert.equal(signedChange(3), '+3');
  assert.equal(signedChange(-3), '-3');
  assert.equal(signedChange(0), '0');
  assert.equal(signedChange(1234, (n) => `${n}!`), '+1234!');
});

test('prize shares come from the weights, and an empty slot is marked', () => {
  const shares = prizeShares({ prizes: [
    { id: 'p500', weight: 1, points: 500 }, { id: 'cup', weight: 1, reward_id: 'cup' }, { id: 'none', weight: 2 },
  ] });
  assert.deepEqual(shares.map((p) => [p.id, p.share, p.empty]), [['p500', 25, false], ['cup', 25, false], ['none', 50, true]]);
  assert.deepEqual(prizeShares({}), []);
  assert.deepEqual(prizeShares({ prizes: [{ id: 'x', weight: 0 }] }).map((p) => p.share), [0]);
});

test('odds in force as percentages, formatted the Vietnamese way', () => {
  assert.deepEqual(oddsShares([{ prize_id: 'a', weight: 1 }, { prize_id: 'b', weight: 2 }]),
    { a: 100 / 3, b: 200 / 3 });
  assert.deepEqual(oddsShares(undefined), {});
  assert.equal(formatPercent(100 / 3), '33,3%');
  assert.equal(formatPercent(50), '50%');
  assert.equal(formatPercent(0.04), '0%');
});

test('a game window is upcoming, open or ended', () => {
  const now = new Date('2027-02-01T00:00:00Z');
  assert.equal(windowState({}, now), 'always');
  assert.equal(windowState({ window: { from: '2027-01-20', to: '2027-02-20' } }, now), 'open');
  assert.equal(windowState({ window: { from: '2027-03-01' } }, now), 'upcoming');
  assert.equal(windowState({ window: { to: '2027-01-01' } }, now), 'ended');
});
