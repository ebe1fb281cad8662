'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// bindings/node/test-support -> the repository; a copy of the tests run from the packed package
// (test-support/packed.js) is told where it is.
const REPO = process.env.LOYALTY_SOURCE_DIR || path.resolve(__dirname, '..', '..', '..');
const HARAVAN_SECRET = 'node-test-haravan-secret';

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-node-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function shop(id = 'demo') {
  return {
    shop_id: id,
    timezone: 'Asia/Ho_Chi_Minh',
    earn: { spend_per_point: 10000 },
    connections: [{ platform: 'haravan', secret: HARAVAN_SECRET, verify_token: 'node-verify-token' }],
  };
}

function haravanSignature(body, secret = HARAVAN_SECRET) {
  return crypto.createHmac('sha256', secret).update(body).digest('base64');
}

function haravanOrderBody() {
  return fs.readFileSync(path.join(REPO, 'examples', 'haravan-order-paid.json'));
}

function haravanHeaders(body, topic = 'orders/paid', secret = HARAVAN_SECRET) {
  return { 'X-Haravan-Topic': topic, 'X-Haravan-Org-Id': '200000', 'X-Haravan-Hmacsha256': haravanSignature(body, secret) };
}

module.exports = { REPO, HARAVAN_SECRET, tempDir, shop, haravanSignature, haravanOrderBody, haravanHeaders };
