'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const json = require('../lib/json');

test('parse keeps exact integers: Number while safe, BigInt beyond', () => {
  const text = '{"a": 9007199254740991, "b": 9007199254740993, "c": -9223372036854775808, "d": 1.5, ' +
    '"e": "12345678901234567890", "f": [1e3, null, true, false, {}], "__proto__": {"x": 1}}';
  const value = json.parse(text);
  assert.equal(value.a, Number.MAX_SAFE_INTEGER);
  assert.equal(value.b, 9007199254740993n);
  assert.equal(value.c, -(2n ** 63n));
  assert.equal(value.d, 1.5);
  assert.equal(value.e, '12345678901234567890');
  assert.deepEqual(value.f, [1000, null, true, false, {}]);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(value.__proto__, { x: 1 });
  assert.deepEqual(json.parse('{"s": "a\\"b\\\\", "n": 1234567890123456}'), { s: 'a"b\\', n: 1234567890123456 });
  assert.throws(() => json.parse('{"n": 12345678901234567890'), SyntaxError);
  assert.throws(() => json.parse('[12345678901234567890] x'), SyntaxError);
});

test('stringify writes BigInt as a bare integer and leaves look-alike strings alone', () => {
  assert.equal(json.stringify({ p: 2n ** 60n, q: 1, s: 'bigint-x:1' }), '{"p":1152921504606846976,"q":1,"s":"bigint-x:1"}');
  assert.equal(json.stringify({ a: 1 }), '{"a":1}');
});
