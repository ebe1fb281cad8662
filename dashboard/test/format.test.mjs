import test from 'node:test';
import assert from 'node:assert/strict';
import {
  formatVnd, formatPoints, formatNumber, formatDate, formatDateTime, formatDay, parseInteger, formatPhone,
} from '../src/format.js';

test('formatVnd groups thousands with dots and appends the dong sign', () => {
  assert.equal(formatVnd(0), '0 ₫');
  assert.equal(formatVnd(5), '5 ₫');
  assert.equal(formatVnd(999), '999 ₫');
  assert.equal(formatVnd(1000), '1.000 ₫');
  assert.equal(formatVnd(1234567), '1.234.567 ₫');
  assert.equal(formatVnd(500000), '500.000 ₫');
  assert.equal(formatVnd(-1234), '-1.234 ₫');
  assert.equal(formatVnd(-999), '-999 ₫');
  assert.equal(formatVnd(1e15), '1.000.000.000.000.000 ₫');
  assert.equal(formatVnd(9007199254740991), '9.007.199.254.740.991 ₫');
  assert.equal(formatVnd(-9223372036854775807n), '-9.223.372.036.854.775.807 ₫');
  assert.equal(formatVnd(null), '—');
});

test('formatPoints uses the same grouping', () => {
  assert.equal(formatPoints(12345), '12.345');
  assert.equal(formatPoints(-500), '-500');
  assert.equal(formatNumber(100), '100');
  assert.equal(formatNumber(1000000), '1.000.000');
});

test('dates are dd/mm/yyyy in the shop zone', () => {
  // 17:30 UTC is already the next day in Vietnam.
  assert.equal(formatDate('2024-05-20T17:30:00+00:00', 'Asia/Ho_Chi_Minh'), '21/05/2024');
  assert.equal(formatDate('2024-05-20T17:30:00+00:00', 'UTC'), '20/05/2024');
  assert.equal(formatDateTime('2024-05-20T10:12:41+07:00', 'Asia/Ho_Chi_Minh'), '20/05/2024 10:12');
  assert.equal(formatDateTime('2024-05-20T17:05:00Z', 'Asia/Ho_Chi_Minh'), '21/05/2024 00:05');
  assert.equal(formatDateTime(1716199961, 'Asia/Ho_Chi_Minh'), '20/05/2024 17:12');
  assert.equal(formatDate('', 'Asia/Ho_Chi_Minh'), '—');
  assert.equal(formatDay('2026-12-01'), '01/12/2026');
});

test('parseInteger accepts grouped digits and keeps anything else as text', () => {
  assert.equal(parseInteger('10000'), 10000);
  assert.equal(parseInteger('10.000'), 10000);
  assert.equal(parseInteger('-125'), -125);
  assert.equal(parseInteger(''), undefined);
  assert.equal(parseInteger('abc'), 'abc');
  assert.equal(parseInteger('1.5'), '1.5');
  assert.equal(parseInteger(' 500 000 '), 500000);
});

test('formatPhone writes a Vietnamese number the way people read it, anything else as stored', () => {
  assert.equal(formatPhone('+84912345678'), '0912 345 678');
  assert.equal(formatPhone('+842438261234'), '024 3826 1234');
  assert.equal(formatPhone('+6591234567'), '+6591234567');
  assert.equal(formatPhone(''), '');
  assert.equal(formatPhone(null), '');
});
