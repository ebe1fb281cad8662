#!/usr/bin/env node
'use strict';

// The loyalty engine from Node.js, end to end: open an engine on a SQLite file, put a shop with a Haravan
// connection, ingest a signed Haravan "orders/paid" webhook, read the member it created, redeem points.
//
//   cd bindings/node && npm ci
//   LOYALTY_LIBRARY=build/release/abi/libloyalty.so node examples/node/demo.js

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const loyalty = require('../../bindings/node');

const HARAVAN_SECRET = 'demo-haravan-secret';

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-demo-'));
  const engine = new loyalty.Engine({ storage: `sqlite:${path.join(dir, 'loyalty.db')}` });
  try {
    console.log(`libloyalty ${loyalty.version()}`);

    engine.putShop({
      shop_id: 'demo',
      timezone: 'Asia/Ho_Chi_Minh',
      earn: { spend_per_point: 10000 },
      connections: [{ platform: 'haravan', secret: HARAVAN_SECRET, verify_token: 'demo-verify-token' }],
    });

    // Haravan signs the raw bytes; the engine must be handed exactly those bytes, not re-serialised JSON.
    const body = fs.readFileSync(path.join(__dirname, '..', 'haravan-order-paid.json'));
    const headers = {
      'X-Haravan-Topic': 'orders/paid',
      'X-Haravan-Org-Id': '200000',
      'X-Haravan-Hmacsha256': crypto.createHmac('sha256', HARAVAN_SECRET).update(body).digest('base64'),
    };
    const ingested = engine.ingestWebhook('haravan', 'demo', headers, body);
    console.log('webhook:', JSON.stringify(ingested));

    const member = engine.getMember('demo', { phone: '0912345678' });
    console.log(`member ${member.member_id} (${member.name}): ${member.points.available} points available`);

    const redeemed = engine.redeemPoints('demo', {
      member_id: member.member_id, points: 50, idempotency_key: 'demo-redeem-1', reason: 'voucher 50k',
    });
    console.log(`redeemed 50: ${redeemed.points.available} points left`);

    try {
      engine.redeemPoints('demo', { member_id: member.member_id, points: 1000, idempotency_key: 'demo-redeem-2' });
    } catch (err) {
      if (!(err instanceof loyalty.InsufficientPoints)) throw err;
      console.log(`redeeming 1000 refused: ${err.code}: ${err.message}`);
    }

    const { transactions } = engine.listTransactions('demo', { member_id: member.member_id });
    for (const entry of transactions) console.log(`  ${entry.created_at}  ${entry.kind.padEnd(8)} ${entry.points}`);
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
