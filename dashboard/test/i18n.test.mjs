import test from 'node:test';
import assert from 'node:assert/strict';
import { tables, t, tParts } from '../src/i18n.js';

test('vi and en have the same keys', () => {
  const vi = Object.keys(tables.vi).sort();
  const en = Object.keys(tables.en).sort();
  assert.deepEqual(vi.filter((k) => !en.includes(k)), []);
  assert.deepEqual(en.filter((k) => !vi.includes(k)), []);
});

test('placeholders are filled', () => {
  assert.equal(t('login.retry', { n: 30 }), 'Thử lại sau 30 giây');
  assert.equal(t('common.forbidden'), 'Bạn không có quyền');
  assert.deepEqual(tParts('preview.sentenceNoTier', { amount: 'A', points: 'P' }), ['Đơn ', 'A', ' được ', 'P', ' điểm']);
});
