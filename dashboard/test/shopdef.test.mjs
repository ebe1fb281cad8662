import test from 'node:test';
import assert from 'node:assert/strict';
import { tierProgress, distributorPrograms } from '../src/shopdef.js';

const levels = [{ name: 'Member', threshold: 0 }, { name: 'Silver', threshold: 5000000 }, { name: 'Gold', threshold: 20000000 }];

test('tier progress runs from the current threshold to the next', () => {
  assert.equal(tierProgress({ name: 'Member', next: { name: 'Silver', remaining: 2500000 } }, levels), 0.5);
  assert.equal(tierProgress({ name: 'Silver', next: { name: 'Gold', remaining: 15000000 } }, levels), 0);
  assert.equal(tierProgress({ name: 'Gold', next: null }, levels), null);
  assert.equal(tierProgress({ name: 'X', next: { name: 'Y', remaining: 300 } }, [], { qualifying: 100 }), 0.25);
});

test('per-order volume bonuses have no leaderboard', () => {
  const def = {
    volume_bonuses: [{ program_id: 'a', period: 'order' }, { program_id: 'b', period: 'quarter' }],
    targets: [{ program_id: 'c', period: 'month' }],
    rankings: [{ program_id: 'd' }],
  };
  assert.deepEqual(distributorPrograms(def).map((p) => `${p.program_id}:${p.kind}:${p.period}`),
    ['b:volume:quarter', 'c:target:month', 'd:ranking:year']);
});
