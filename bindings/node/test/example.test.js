'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const native = require('../lib/native');
const { REPO } = require('../test-support/helpers');

test('examples/node/demo.js runs and exits 0', () => {
  const demo = path.join(REPO, 'examples', 'node', 'demo.js');
  // The child must find the same library this process loaded, whichever way that was found.
  const env = { ...process.env, LOYALTY_LIBRARY: native.native().path };
  const out = execFileSync(process.execPath, [demo], { env, encoding: 'utf8' });
  assert.match(out, /webhook: \{"outcome":"applied"/);
  assert.match(out, /points available/);
  assert.match(out, /redeemed 50: \d+ points left/);
  assert.match(out, /redeeming 1000 refused: insufficient_points/);
});
