'use strict';

// Points and money are int64 in the library. JSON.parse would round anything beyond 2^53 silently, so
// integers that do not fit a Number exactly become BigInt; everything else stays a plain Number.

const crypto = require('node:crypto');

// No JSON integer of 15 digits or fewer can exceed Number.MAX_SAFE_INTEGER (16 digits), so documents
// without a 16-digit run (nearly all of them) take the native parser.
const MAYBE_UNSAFE = /\d{16}/;

function parse(text) {
  if (!MAYBE_UNSAFE.test(text)) return JSON.parse(text);
  return parseExact(text);
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

function parseExact(text) {
  let i = 0;
  const fail = (what) => { throw new SyntaxError(`${what} in JSON at position ${i}`); };
  const skip = () => { WHITESPACE.lastIndex = i; WHITESPACE.exec(text); i = WHITESPACE.lastIndex; };
  const expect = (ch) => { skip(); if (text[i] !== ch) fail(`Expected '${ch}'`); i++; };

  function string() {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) fail('Unterminated string');
    // The native parser already knows every escape rule; only the span is ours to find.
    const s = JSON.parse(text.slice(i, j + 1));
    i = j + 1;
    return s;
  }

  function value() {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = {};
      skip();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('Expected a property name');
        const key = string();
        expect(':');
        // defineProperty, not assignment: a "__proto__" key must stay data, as with JSON.parse.
        Object.defineProperty(obj, key, { value: value(), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return obj; }
        fail('Expected \',\' or \'}\'');
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      skip();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(value());
        skip();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return arr; }
        fail('Expected \',\' or \']\'');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail(c === undefined ? 'Unexpected end' : `Unexpected token '${c}'`);
    i = NUMBER.lastIndex;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  }

  const result = value();
  skip();
  if (i !== text.length) fail(`Unexpected token '${text[i]}'`);
  return result;
}

// JSON.stringify refuses BigInt. Each one is written as a placeholder string carrying a per-call random
// nonce (so no string the caller wrote can look like one), then the quotes are taken off.
function stringify(value) {
  let nonce = null;
  const text = JSON.stringify(value, (_key, v) => {
    if (typeof v !== 'bigint') return v;
    nonce ??= crypto.randomBytes(12).toString('hex');
    return `bigint-${nonce}:${v}`;
  });
  if (nonce === null) return text;
  return text.replace(new RegExp(`"bigint-${nonce}:(-?\\d+)"`, 'g'), '$1');
}

module.exports = { parse, stringify };
