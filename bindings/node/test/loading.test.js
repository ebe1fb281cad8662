'use strict';

// Library resolution happens once per process (and glibc's dlopen matches an already loaded soname), so
// each case that needs a fresh search runs in a child process.

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const native = require('../lib/native');
const loyalty = require('..');
const { REPO, tempDir } = require('../test-support/helpers');

const PACKAGE = path.resolve(__dirname, '..');

function runChild(script, env) {
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: PACKAGE, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8',
  });
  return JSON.parse(out);
}

const PROBE = `
  const loyalty = require('.');
  try {
    console.log(JSON.stringify({ version: loyalty.version() }));
  } catch (err) {
    console.log(JSON.stringify({ name: err.name, message: err.message, code: err.code,
      isLoyaltyError: err instanceof loyalty.LoyaltyError }));
  }`;

test('LOYALTY_LIBRARY pointing nowhere is LibraryNotFound naming the path, without falling back', () => {
  const result = runChild(PROBE, { LOYALTY_LIBRARY: '/nonexistent/libloyalty.so' });
  assert.equal(result.name, 'LibraryNotFound');
  assert.equal(result.code, 'library_not_found');
  assert.equal(result.isLoyaltyError, true);
  assert.match(result.message, /\/nonexistent\/libloyalty\.so \(LOYALTY_LIBRARY\)/);
});

test('without LOYALTY_LIBRARY the system loader is tried, then a clear LibraryNotFound', () => {
  const result = runChild(PROBE, { LD_LIBRARY_PATH: '/nonexistent' });
  if (result.version) return;   // a libloyalty.so.0 is installed on this machine: the system search worked
  assert.equal(result.name, 'LibraryNotFound');
  assert.match(result.message, /libloyalty\.so\.0 \(system loader\)/);
  assert.match(result.message, /LOYALTY_LIBRARY/);
});

test('the system loader finds libloyalty.so.0 on LD_LIBRARY_PATH', (t) => {
  const dir = tempDir(t);
  fs.symlinkSync(fs.realpathSync(native.native().path), path.join(dir, 'libloyalty.so.0'));
  const result = runChild(PROBE, { LD_LIBRARY_PATH: dir });
  assert.equal(result.version, loyalty.version());
});

test('a library missing a symbol is LibraryVersionMismatch naming the symbol and the library\'s version', () => {
  const table = { ...native.FUNCTIONS, loyalty_from_the_future: 'int loyalty_from_the_future(void)' };
  assert.throws(() => native.loadLibrary({ table }), (err) => {
    assert.ok(err instanceof loyalty.LibraryVersionMismatch);
    assert.ok(err instanceof loyalty.LoyaltyError);
    assert.equal(err.symbol, 'loyalty_from_the_future');
    assert.equal(err.libraryVersion, loyalty.version());
    assert.match(err.message, /loyalty_from_the_future/);
    assert.match(err.message, new RegExp(`libloyalty ${loyalty.version().replace(/\./g, '\\.')}`));
    return true;
  });
});

test('a library that is not libloyalty at all is LibraryVersionMismatch on loyalty_version', () => {
  const result = runChild(PROBE, { LOYALTY_LIBRARY: 'libc.so.6' });
  assert.equal(result.name, 'LibraryVersionMismatch');
  assert.match(result.message, /does not export loyalty_version/);
  assert.match(result.message, /not libloyalty/);
});

test('every function of the header is in the binding table, with the same name', () => {
  const header = fs.readFileSync(path.join(REPO, 'include', 'loyalty', 'loyalty.h'), 'utf8');
  const declared = [...header.matchAll(/^LOYALTY_API\b[^;]*?\b(loyalty_\w+)\s*\(/gm)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(native.FUNCTIONS).sort(), declared);
});
