'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const loyalty = require('..');
const { REPO } = require('../test-support/helpers');

function headerEnum() {
  const header = fs.readFileSync(path.join(REPO, 'include', 'loyalty', 'loyalty.h'), 'utf8');
  const body = /enum\s+loyalty_status\s*\{([\s\S]*?)\};/.exec(header)[1].replace(/\/\*[\s\S]*?\*\//g, '');
  const values = {};
  for (const m of body.matchAll(/LOYALTY_([A-Z_]+)\s*=\s*(\d+)/g)) values[m[1]] = Number(m[2]);
  return values;
}

test('Status equals the header\'s enum loyalty_status', () => {
  const fromHeader = headerEnum();
  assert.ok(Object.keys(fromHeader).length >= 8);
  assert.deepEqual({ ...loyalty.Status }, fromHeader);
});

test('each error class carries its status and the library\'s name for it', () => {
  const classes = {
    INVALID_ARGUMENT: loyalty.InvalidArgument,
    NOT_FOUND: loyalty.NotFound,
    CONFLICT: loyalty.Conflict,
    INSUFFICIENT_POINTS: loyalty.InsufficientPoints,
    UNAUTHENTICATED: loyalty.Unauthenticated,
    STORAGE: loyalty.StorageError,
    INTERNAL: loyalty.InternalError,
  };
  const fromHeader = headerEnum();
  assert.deepEqual(Object.keys(classes).sort(), Object.keys(fromHeader).filter((k) => k !== 'OK').sort());
  for (const [name, Class] of Object.entries(classes)) {
    const err = new Class('x');
    assert.ok(err instanceof loyalty.LoyaltyError);
    assert.ok(err instanceof Error);
    assert.equal(err.status, fromHeader[name]);
    assert.equal(err.code, loyalty.statusName(fromHeader[name]));
    assert.equal(err.name, Class.name);
  }
});

test('statusName and version come from the library', () => {
  assert.equal(loyalty.statusName(0), 'ok');
  assert.equal(loyalty.statusName(4), 'insufficient_points');
  assert.equal(loyalty.statusName(99), 'unknown');
  assert.equal(loyalty.statusName(2 ** 40), 'unknown');
  const header = fs.readFileSync(path.join(REPO, 'include', 'loyalty', 'loyalty.h'), 'utf8');
  const v = Object.fromEntries([...header.matchAll(/#define LOYALTY_VERSION_(\w+) (\d+)/g)].map((m) => [m[1], m[2]]));
  assert.equal(loyalty.version(), `${v.MAJOR}.${v.MINOR}.${v.PATCH}`);
});
