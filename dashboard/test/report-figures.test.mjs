import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cohortRows, cohortWidth, liabilityRows, rewardRows, share, tierRows } from '../src/report-figures.js';

test('shares are per mille in integers, with the language decimal mark, and none without a whole', () => {
  assert.equal(share(1, 3), '33,3%');
  assert.equal(share(2, 3, '.'), '66.7%');
  assert.equal(share(5, 5), '100%');
  assert.equal(share(0, 7), '0%');
  assert.equal(share(3, 0), '–');
  assert.equal(share('1', '8'), '12,5%');
});

test('cohorts come newest first with retention shares of their own members', () => {
  const rows = cohortRows({
    from: '2027-01', to: '2027-03', cohorts: [
      { month: '2027-01', members: 4, retained: [4, 1, 2], repeat_members: 3 },
      { month: '2027-02', members: 0, retained: [0, 0], repeat_members: 0 },
      { month: '2027-03', members: 2, retained: [2], repeat_members: 0 },
    ],
  });
  assert.deepEqual(rows.map((r) => r.month), ['2027-03', '2027-02', '2027-01']);
  assert.deepEqual(rows[2].cells.map((c) => c.share), ['100%', '25%', '50%']);
  assert.equal(rows[2].repeat, '75%');
  assert.equal(rows[1].repeat, '–');
  assert.equal(cohortWidth(rows), 3);
  assert.deepEqual(cohortRows(null), []);
});

test('liability, tiers and rewards read the report fields as numbers', () => {
  const l = liabilityRows({ months: [{ month: '2027-01', earned: 10, redeemed: 4, expired: 1, adjusted: -2,
    outstanding_available: 3, outstanding_pending: 5 }] });
  assert.deepEqual(l[0], { label: '2027-01', month: '2027-01', earned: 10, redeemed: 4, expired: 1, adjusted: -2,
    available: 3, pending: 5 });
  const t = tierRows({ tiers: [{ tier: 'Gold', members: 4, earned: 800, redeemed: 200, redeeming_members: 1 }] });
  assert.equal(t[0].rate, '25%');
  assert.equal(t[0].redeemers, '25%');
  const r = rewardRows({ rewards: [{ reward_id: 'cap', name: null, claims: 3, used: 2, points_spent: 300 }] });
  assert.equal(r[0].label, 'cap');
  assert.equal(r[0].usedShare, '66,7%');
});
