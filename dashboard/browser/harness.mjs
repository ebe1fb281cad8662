// A loyaltyd on a fresh database with a demo shop, staff and members, for the browser test: seeded
// through loyaltyctl (as an operator would), then started on TLS with a certificate made here.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';

export const ADMIN_TOKEN = 'browser-test-admin-token';
const HARAVAN_SECRET = 'browser-test-haravan-secret';
export const PASSWORDS = { chu: 'mat-khau-chu-cua-hang', lan: 'mat-khau-thu-ngan', xem: 'mat-khau-chi-xem' };

const shop = {
  shop_id: 'tra',
  name: 'Tiệm Trà Hà Nội',
  timezone: 'Asia/Ho_Chi_Minh',
  earn: { spend_per_point: 10000 },
  tiers: {
    basis: 'spend', window: 'rolling_12_months', review: 'monthly',
    levels: [
      { name: 'Thành viên', threshold: 0 },
      { name: 'Bạc', threshold: 5000000, earn_multiplier_pct: 120 },
      { name: 'Vàng', threshold: 20000000, earn_multiplier_pct: 150, discount_pct: 5 },
    ],
  },
  bonuses: { welcome: 50, first_order: 100 },
  redeem: { point_value: 1000, max_order_pct: 50 },
  rewards: [
    { reward_id: 'tra-sen', name: 'Trà sen', kind: 'gift', cost_points: 100, stock: 50, valid_days: 30 },
    { reward_id: 'v50', name: 'Voucher 50.000đ', kind: 'voucher_amount', value: 50000, cost_points: 400 },
  ],
  rankings: [{ program_id: 'top', period: 'year', prizes: [{ up_to: 1, points: 5000 }, { up_to: 3, points: 1000 }] }],
  games: [
    {
      id: 'tet', name: 'Vòng quay Tết', kind: 'wheel', cost_points: 50, plays_per_order: { min_amount: 5000000, plays: 1 },
      prizes: [
        { id: 'p100', name: '100 điểm', weight: 1, points: 100, stock: 100, daily_limit: 10 },
        { id: 'tra', weight: 1, reward_id: 'tra-sen', stock: 20 },
        { id: 'none', name: 'Chúc may mắn lần sau', weight: 2 },
      ],
      budget: { points_per_day: 5000 },
    },
    {
      id: 'he', name: 'Thẻ cào mùa hè', kind: 'scratch', cost_points: 20, window: { from: '2099-06-01', to: '2099-09-01' },
      prizes: [{ id: 'none', weight: 1 }],
    },
  ],
  connections: [{ platform: 'haravan', secret: HARAVAN_SECRET }, { platform: 'kiotviet', secret: 'browser-test-kiotviet-secret' }],
};

const customers = [
  ['C-1', 'Nguyễn Thị Lan', '0912345678', 25000000],
  ['C-2', 'Trần Văn Minh', '0987 111 222', 6200000],
  ['C-3', 'Lê Hoàng Anh', '0903 000 111', 1500000],
  ['C-4', 'Phạm Thu Hà', '0938 222 333', 800000],
];

function ctl(tools, db, args, input) {
  return execFileSync(tools.loyaltyctl, ['--db', db, ...args], { input, encoding: 'utf8' });
}

export async function startServer(tools, work) {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const db = path.join(work, 'loyalty.db');
  const file = (name, text) => { const p = path.join(work, name); fs.writeFileSync(p, text); return p; };
  ctl(tools, db, ['shop', 'put', file('shop.json', JSON.stringify(shop))]);
  const now = Date.now();
  const members = customers.map(([id, name, phone, amount], i) => {
    const order = {
      order_id: `D-${i + 1}`, status: 'paid', amount,
      occurred_at: new Date(now - (i * 3 + 1) * 86400000).toISOString(),
      customer: { customer_id: id, platform: 'pos', phone, name },
    };
    return JSON.parse(ctl(tools, db, ['order', 'record', 'tra', file(`order-${i}.json`, JSON.stringify(order))])).member_id;
  });
  // Phạm Thu Hà (the last customer, whom no other test redeems for) plays the wheel once with points,
  // and maintenance scores everyone into their RFM segments.
  ctl(tools, db, ['game', 'play', 'tra', 'tet', members[3], '--key', 'browser-harness-play']);
  ctl(tools, db, ['maintenance']);
  ctl(tools, db, ['staff', 'add', 'tra', 'chu', '--role', 'owner'], `${PASSWORDS.chu}\n`);
  ctl(tools, db, ['staff', 'add', 'tra', 'lan', '--role', 'cashier'], `${PASSWORDS.lan}\n`);
  ctl(tools, db, ['staff', 'add', 'tra', 'xem', '--role', 'viewer'], `${PASSWORDS.xem}\n`);

  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem')], { stdio: 'ignore' });
  const config = file('config.json', JSON.stringify({
    storage: `sqlite:${db}`,
    listen: { address: '127.0.0.1', port: 0, tls: { cert: path.join(work, 'cert.pem'), key: path.join(work, 'key.pem') } },
    admin_token: ADMIN_TOKEN,
    access_log: false,
  }));
  const child = spawn(tools.loyaltyd, ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`loyaltyd gave no port within 20 s:\n${log}`)), 20000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /"port":(\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`loyaltyd exited (${code}):\n${log}`)); });
  });
  child.removeAllListeners('exit');
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
  const ca = fs.readFileSync(path.join(work, 'cert.pem'));
  await haravanOrder(port, ca);
  return { port, origin: `https://localhost:${port}`, stop, members };
}

// One paid order as Haravan signs and posts it, so the Kết nối page has a webhook to show.
function haravanOrder(port, ca) {
  const body = JSON.stringify({
    id: 9001, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), financial_status: 'paid',
    subtotal_price: '350000.0000', total_price: '350000.0000', cancelled_at: null, refunds: [], line_items: [],
    customer: { id: 77, phone: '0966 555 444', first_name: 'Hương', last_name: 'Đỗ Thị' },
  });
  const headers = {
    'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Haravan-Topic': 'orders/paid',
    'X-Haravan-Hmacsha256': crypto.createHmac('sha256', HARAVAN_SECRET).update(body).digest('base64'),
  };
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, method: 'POST', path: '/webhooks/haravan/tra', ca,
      servername: 'localhost', headers }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`webhook: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}
