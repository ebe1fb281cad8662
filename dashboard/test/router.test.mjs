import test from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, hashFor } from '../src/router.js';

test('routes', () => {
  assert.equal(parseHash('').page, 'overview');
  assert.equal(parseHash('#/').page, 'overview');
  assert.equal(parseHash('#/login').page, 'login');
  assert.deepEqual(parseHash('#/members?q=0912%20345%20678&offset=20').query, { q: '0912 345 678', offset: '20' });
  const m = parseHash('#/members/m_7k2q9xw3hd0f5rbn4tcz');
  assert.equal(m.page, 'member');
  assert.equal(m.params.id, 'm_7k2q9xw3hd0f5rbn4tcz');
  assert.equal(parseHash('#/staff').page, 'staff');
  assert.equal(parseHash('#/games?member=m_1').page, 'games');
  assert.deepEqual(parseHash('#/games?member=m_1').query, { member: 'm_1' });
  assert.equal(parseHash('#/segments').page, 'segments');
  assert.equal(parseHash('#/reports').page, 'reports');
  assert.equal(parseHash('#/nope').page, 'notfound');
});

test('hashFor drops empty values and encodes a plus', () => {
  assert.equal(hashFor('/members', { q: '+84912345678', tier: '', offset: 0 }), '#/members?q=%2B84912345678&offset=0');
});
