import test from 'node:test';
import assert from 'node:assert/strict';
import { diffPatch, errorPathFor, estimateEarn, splitList } from '../src/program-model.js';

const def = {
  shop_id: 'shop-1',
  earn: { spend_per_point: 10000, max_points_per_order: 5000 },
  tiers: {
    basis: 'spend',
    levels: [
      { name: 'Member', threshold: 0 },
      { name: 'Gold', threshold: 20000000, earn_multiplier_pct: 150, discount_pct: 5, discount_cap: 500000 },
    ],
  },
  rules: [
    { rule_id: 'tet-2027', multiplier_pct: 200, from: '2027-01-29', to: '2027-02-12' },
    { rule_id: 'coffee', multiplier_pct: 300, categories: ['coffee'], tiers: ['Gold'] },
    { rule_id: 'big-basket', points_per_order: 50, min_order: 1000000 },
  ],
  connections: [{ platform: 'sapo', secret: '***' }],
};

test('diffPatch sends changed sections only, and null for removed ones', () => {
  const draft = JSON.parse(JSON.stringify(def));
  assert.deepEqual(diffPatch(def, draft), {});
  draft.earn.spend_per_point = 5000;
  draft.rules.pop();
  draft.expiry = { months: 12 };
  delete draft.tiers;
  assert.deepEqual(diffPatch(def, draft), {
    earn: { spend_per_point: 5000, max_points_per_order: 5000 },
    tiers: null,
    rules: def.rules.slice(0, 2),
    expiry: { months: 12 },
  });
  draft.earn.max_points_per_order = undefined;
  assert.deepEqual(diffPatch(def, draft).earn, { spend_per_point: 5000 });
});

test('errorPathFor finds the longest path at a word boundary', () => {
  const paths = ['earn.spend_per_point', 'earn', 'tiers.levels[1].threshold', 'tiers.levels[1]', 'rules[1].multiplier_pct', 'rules[10].multiplier_pct'];
  assert.equal(errorPathFor('earn.spend_per_point must be at least 1', paths), 'earn.spend_per_point');
  assert.equal(errorPathFor('patch.tiers.levels[1].threshold must be above 0', paths), 'tiers.levels[1].threshold');
  assert.equal(errorPathFor('shop.tiers.levels[1] names must be unique', paths), 'tiers.levels[1]');
  assert.equal(errorPathFor('rules[10].multiplier_pct must be at least 100', paths), 'rules[10].multiplier_pct');
  assert.equal(errorPathFor('earning is off', paths), null);
  assert.equal(errorPathFor('unknown field "foo"', paths), null);
});

test('estimateEarn follows the documented arithmetic', () => {
  assert.equal(estimateEarn(def, 500000, 'Member', '2026-12-01'), 50);
  // Gold: 5% off first (475.000), then x1.5.
  assert.equal(estimateEarn(def, 500000, 'Gold', '2026-12-01'), 71);
  // Tết multiplier x2 on the whole order, plus the big-basket bonus.
  assert.equal(estimateEarn(def, 1000000, 'Member', '2027-02-01'), 100 + 100 + 50);
  assert.equal(estimateEarn({ ...def, earn: { spend_per_point: 10000, max_points_per_order: 60 } }, 1000000, 'Member', '2026-12-01'), 60);
  assert.equal(estimateEarn({ earn: { spend_per_point: 0 } }, 1000, 'x', '2026-01-01'), null);
});

test('splitList', () => {
  assert.deepEqual(splitList(' a, b ,,c '), ['a', 'b', 'c']);
  assert.equal(splitList(' , '), undefined);
});
