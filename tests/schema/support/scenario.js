'use strict';

// One engine and one HTTPS server over it, driven through every call that returns a JSON document. Each
// result is validated against the schema docs/openapi.yaml gives it (x-abi for the C ABI, paths for HTTP),
// and each request sent against its request schema.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { REPO } = require('./schema');

const loyalty = require(path.join(REPO, 'bindings', 'node'));
const { native } = require(path.join(REPO, 'bindings', 'node', 'lib', 'native'));

const HARAVAN_SECRET = 'schema-test-haravan-secret';
const KIOTVIET_SECRET = 'schema-test-kiotviet-secret';
const TOKEN = 'schema-test-admin-token-0123456789';

function shopDocument() {
  return {
    shop_id: 'tra',
    name: 'Tiệm Trà',
    timezone: 'Asia/Ho_Chi_Minh',
    earn: { spend_per_point: 10000, max_points_per_order: 100000 },
    connections: [
      { platform: 'haravan', secret: HARAVAN_SECRET, verify_token: 'schema-verify', org_id: '200000' },
      { platform: 'kiotviet', secrets: [KIOTVIET_SECRET], tier_groups: { 'Bạc': '100001', 'Vàng': '100002' } },
    ],
    placeholder_phones: ['1900 1234'],
    // Nothing listens on port 9: deliveries fail and wait, as to an endpoint that is down.
    notifications: { endpoints: [{ url: 'https://127.0.0.1:9/hooks/loyalty', secret: 'schema-endpoint-secret', events: ['points.earned', 'tier.changed'] }], expiring_days: 5 },
    tiers: {
      basis: 'spend', window: 'rolling_12_months', review: 'yearly', grace_reviews: 1,
      levels: [
        { name: 'Bạc', threshold: 0 },
        { name: 'Vàng', threshold: 1000000, earn_multiplier_pct: 150, discount_pct: 5, discount_cap: 100000, upgrade_bonus: 50 },
      ],
    },
    rules: [
      { rule_id: 'tra-x2', multiplier_pct: 200, skus: ['TRA'] },
      { rule_id: 'don-lon', points_per_order: 5, min_order: 500000 },
    ],
    bonuses: { welcome: 10, first_order: 20, birthday: 30 },
    pending_days: 0,
    expiry: { months: 12 },
    redeem: { point_value: 100, max_order_pct: 50 },
    rewards: [
      { reward_id: 'tra-sen', name: 'Trà sen', kind: 'gift', cost_points: 5, sku: 'TS', stock: 10, valid_days: 30 },
      { reward_id: 'v50', name: 'Voucher 50k', kind: 'voucher_amount', value: 50000, cost_points: 5, stock: null, valid_days: null },
    ],
    volume_bonuses: [{ program_id: 'tra-2', period: 'order', skus: ['TRA'], units: 2, repeat: true, points: 20 }],
    targets: [{ program_id: 'q-target', period: 'quarter', bands: [{ spend: 1000000, points: 100 }, { spend: 50000000, points: 500, rebate_pct: 1 }] }],
    rankings: [{ program_id: 'top', period: 'year', prizes: [{ up_to: 1, points: 100 }, { up_to: 3, reward_id: 'tra-sen' }] }],
    // Instant-win games (docs/games.md): a wheel a paid order earns a play of, a scratch card whose prize is a grant,
    // and one that costs more points than anyone has.
    games: [
      { id: 'vong-quay', name: 'Vòng quay', kind: 'wheel', cost_points: 10, plays_per_order: { min_amount: 1000000, plays: 1 },
        prizes: [{ id: 'p5', name: '5 điểm', weight: 1, points: 5, daily_limit: 100 }], budget: { points_per_day: 100000 } },
      { id: 'the-cao', name: 'Thẻ cào', kind: 'scratch', window: { from: '2020-01-01', to: '2099-01-01' }, cost_points: 1,
        prizes: [{ id: 'ly', weight: 1, reward_id: 'tra-sen', stock: 5 }] },
      { id: 'tet', name: 'Chúc may mắn', kind: 'scratch', cost_points: 1000000000,
        prizes: [{ id: 'none', name: 'Chúc may mắn lần sau', weight: 1, stock: null }] },
    ],
  };
}

// A day in the quarter before this one, in the shop's zone, and that quarter's key.
function lastQuarter() {
  const now = new Date();
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) - 1;
  if (q < 0) { q = 3; year -= 1; }
  const month = String(q * 3 + 1).padStart(2, '0');
  return { key: `${year}-Q${q + 1}`, at: `${year}-${month}-10T10:00:00+07:00` };
}

function haravanBody(overrides = {}) {
  const order = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'haravan-order-paid.json'), 'utf8'));
  return Buffer.from(JSON.stringify({ ...order, ...overrides }));
}

function haravanHeaders(body, topic = 'orders/paid') {
  return {
    'X-Haravan-Topic': topic,
    'X-Haravan-Org-Id': '200000',
    'X-Haravan-Hmacsha256': crypto.createHmac('sha256', HARAVAN_SECRET).update(body).digest('base64'),
  };
}

function kiotvietHeaders(body) {
  return { 'X-Hub-Signature': `sha256=${crypto.createHmac('sha256', KIOTVIET_SECRET).update(body).digest('hex')}` };
}

// Calls fn, which must throw a LoyaltyError of `Class`; returns the error.
function failing(fn, Class) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Class, `expected ${Class.name}, got ${err && err.stack}`);
    return err;
  }
  assert.fail(`expected ${Class.name}, but the call succeeded`);
}

function certificate(dir) {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`openssl could not make the test's TLS certificate (is openssl installed? tools/install-deps.sh): ${err.message}`);
  }
  return { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
}

function request(port, ca, method, target, { body, headers = {}, token = TOKEN } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      if (!h['Content-Type']) h['Content-Type'] = 'application/json';
      h['Content-Length'] = Buffer.byteLength(body);
    }
    const req = https.request({ host: '127.0.0.1', port, method, path: target, ca, servername: 'localhost', headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const type = res.headers['content-type'] || '';
        let json;
        if (type.startsWith('application/json')) json = JSON.parse(text);
        resolve({ status: res.statusCode, type, text, json, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// Runs everything; every document goes through `schema`. Returns what the type checks need.
async function run(schema) {
  const requests = [];  // [schema name, document] of every request the library accepted
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-schema-'));
  const lastErrorJson = () => JSON.parse(native().fns.loyalty_last_error_json());
  const sent = (fn, doc) => { schema.checkAbi(fn, doc, 'request'); requests.push([schema.abi(fn, 'request'), doc]); return doc; };
  const abi = (fn, doc) => schema.checkAbi(fn, doc);
  const abiError = (err) => {
    // The binding parsed loyalty_last_error_json() into err.details; it is the thread's document.
    schema.checkAbi('loyalty_last_error_json', err.details);
    assert.equal(err.details.code, err.code);
    return err.details;
  };

  const config = sent('loyalty_open', { storage: `sqlite:${path.join(dir, 'loyalty.db')}`, sqlite: { synchronous: 'full', busy_timeout_ms: 5000 } });
  const engine = new loyalty.Engine(config);
  try {
    assert.deepEqual(abi('loyalty_last_error_json', lastErrorJson()), { code: 'ok', message: '' });
    const quarter = lastQuarter();
    const shop = sent('loyalty_put_shop', shopDocument());
    engine.putShop(shop);
    abi('loyalty_get_shop', engine.getShop('tra'));
    const patch = sent('loyalty_patch_shop', { name: 'Tiệm Trà Hà Nội', bonuses: { welcome: 10, first_order: 20, birthday: 30 } });
    assert.equal(abi('loyalty_patch_shop', engine.patchShop('tra', patch)).name, 'Tiệm Trà Hà Nội');

    const customer = sent('loyalty_upsert_customer',
      { platform: 'pos', customer_id: 'C-1', phone: '0912345678', name: 'Lan', email: 'lan@example.vn', birthday: '1990-05-20', group: 'Khách quen' });
    const upserted = abi('loyalty_upsert_customer', engine.upsertCustomer('tra', customer));
    const memberId = upserted.member_id;
    const order = sent('loyalty_record_order', {
      order_id: 'A-1', status: 'paid', amount: 2000000, version: 1, occurred_at: quarter.at,
      customer: { platform: 'pos', customer_id: 'C-1', phone: '0912345678' },
      lines: [{ sku: 'TRA', quantity: 3, amount: 600000 }, { sku: 'BANH', category: 'banh', quantity: 1, amount: 1400000 }],
    });
    abi('loyalty_record_order', engine.recordOrder('tra', order));
    // A second customer, with a phone that identifies no one (kept as phone_text).
    abi('loyalty_upsert_customer', engine.upsertCustomer('tra', sent('loyalty_upsert_customer', { platform: 'pos', customer_id: 'C-2', phone: '1900 1234', name: 'Minh' })));
    abi('loyalty_record_order', engine.recordOrder('tra', sent('loyalty_record_order',
      { order_id: 'A-2', status: 'paid', amount: 300000, occurred_at: quarter.at, customer: { platform: 'pos', customer_id: 'C-2' } })));

    for (const q of [{ member_id: memberId }, { phone: '0912345678' }, { platform: 'pos', customer_id: 'C-2' }]) {
      const m = abi('loyalty_get_member', engine.getMember('tra', sent('loyalty_get_member', q)));
      assert.ok(Array.isArray(m.programs));
    }
    const member = engine.getMember('tra', { member_id: memberId });
    assert.ok(member.tier !== null && member.programs.length > 0, 'the scenario must reach a tier and a program');

    abi('loyalty_quote', engine.quote('tra', sent('loyalty_quote',
      { member_id: memberId, amount: 500000, lines: [{ sku: 'TRA', quantity: 2, amount: 200000 }], redeem_points: 10, at: '2026-01-01T10:00:00+07:00' })));
    assert.equal(abi('loyalty_quote', engine.quote('tra', sent('loyalty_quote', { amount: 100000 }))).member_id, null);

    abi('loyalty_adjust_points', engine.adjustPoints('tra', sent('loyalty_adjust_points',
      { member_id: memberId, points: 40, idempotency_key: 'adj-1', reason: 'goodwill' })));
    abi('loyalty_redeem_points', engine.redeemPoints('tra', sent('loyalty_redeem_points',
      { member_id: memberId, points: 5, idempotency_key: 'red-1' })));
    const insufficient = failing(() => engine.redeemPoints('tra', { member_id: memberId, points: 10 ** 9, idempotency_key: 'red-2' }),
      loyalty.InsufficientPoints);
    const details = abiError(insufficient);
    assert.equal(typeof details.available, 'number');
    assert.equal(details.requested, 10 ** 9);
    abiError(failing(() => engine.getMember('tra', { member_id: 'm_nobody' }), loyalty.NotFound));
    abiError(failing(() => engine.adjustPoints('tra', { member_id: memberId, points: 1, idempotency_key: 'k', typo: 1 }), loyalty.InvalidArgument));

    abi('loyalty_set_tier', engine.setTier('tra', sent('loyalty_set_tier', { member_id: memberId, tier: 'Vàng', until: '2099-12-31T23:59:59+07:00' })));
    abi('loyalty_set_group', engine.setGroup('tra', sent('loyalty_set_group', { member_id: memberId, group: 'Đại lý' })));
    abi('loyalty_set_group', engine.setGroup('tra', sent('loyalty_set_group', { member_id: memberId, group: null })));

    const claim = abi('loyalty_claim_reward', engine.claimReward('tra', sent('loyalty_claim_reward', { member_id: memberId, reward_id: 'tra-sen', idempotency_key: 'claim-1' })));
    const claim2 = abi('loyalty_claim_reward', engine.claimReward('tra', sent('loyalty_claim_reward', { member_id: memberId, reward_id: 'v50', idempotency_key: 'claim-2' })));
    abi('loyalty_list_grants', engine.listGrants('tra', sent('loyalty_list_grants', { member_id: memberId, status: 'issued', limit: 10 })));
    abi('loyalty_use_grant', engine.useGrant('tra', sent('loyalty_use_grant', { grant_id: claim.grant.grant_id, order_id: 'A-1' })));
    abi('loyalty_void_grant', engine.voidGrant('tra', sent('loyalty_void_grant', { code: claim2.grant.code, reason: 'changed mind' })));
    abi('loyalty_list_grants', engine.listGrants('tra', sent('loyalty_list_grants', {})));

    // Games: the wheel's first play is the one order A-1 earned; the scratch card's prize is a grant.
    const status = abi('loyalty_game_status', engine.gameStatus('tra', sent('loyalty_game_status', { game_id: 'vong-quay', member_id: memberId })));
    assert.equal(status.can_play, true, JSON.stringify(status));
    const play = { member_id: memberId, game_id: 'vong-quay', idempotency_key: 'play-1' };
    const played = abi('loyalty_play_game', engine.playGame('tra', sent('loyalty_play_game', play)));
    assert.equal(played.prize.points, 5, JSON.stringify(played));
    assert.equal(played.replayed, false);
    assert.equal(abi('loyalty_play_game', engine.playGame('tra', play)).replayed, true);
    const scratched = abi('loyalty_play_game', engine.playGame('tra', sent('loyalty_play_game', { member_id: memberId, game_id: 'the-cao', idempotency_key: 'play-2' })));
    assert.equal(scratched.grant.reward_id, 'tra-sen', JSON.stringify(scratched));
    abiError(failing(() => engine.playGame('tra', { member_id: memberId, game_id: 'tet', idempotency_key: 'play-3' }), loyalty.InsufficientPoints));
    abiError(failing(() => engine.playGame('tra', { member_id: memberId, game_id: 'nope', idempotency_key: 'play-4' }), loyalty.NotFound));
    abi('loyalty_game_status', engine.gameStatus('tra', { game_id: 'tet', member_id: memberId }));
    const plays = abi('loyalty_list_plays', engine.listPlays('tra', sent('loyalty_list_plays', { game_id: 'vong-quay', member_id: memberId, limit: 10 })));
    assert.equal(plays.plays.length, 1, JSON.stringify(plays));
    abi('loyalty_list_plays', engine.listPlays('tra', sent('loyalty_list_plays', {})));

    abi('loyalty_pay_with_points', engine.payWithPoints('tra', sent('loyalty_pay_with_points',
      { member_id: memberId, order_id: 'B-1', order_amount: 100000, points: 10, idempotency_key: 'pay-1' })));
    // Cancelling the order the points paid gives them back (an entry of kind "return").
    abi('loyalty_record_order', engine.recordOrder('tra', sent('loyalty_record_order',
      { order_id: 'B-1', status: 'cancelled', amount: 100000, customer: { platform: 'pos', customer_id: 'C-1' } })));

    const page = abi('loyalty_list_transactions', engine.listTransactions('tra', sent('loyalty_list_transactions', { member_id: memberId, limit: 500 })));
    const kinds = new Set(page.transactions.map((e) => e.kind));
    for (const kind of ['earn', 'bonus', 'adjust', 'redeem', 'return']) assert.ok(kinds.has(kind), `no ${kind} entry among ${[...kinds]}`);
    abi('loyalty_list_transactions', engine.listTransactions('tra', { member_id: memberId, limit: 1 }));

    abi('loyalty_leaderboard', engine.leaderboard('tra', sent('loyalty_leaderboard', { program_id: 'top', limit: 10 })));
    abi('loyalty_leaderboard', engine.leaderboard('tra', sent('loyalty_leaderboard', { program_id: 'q-target', at: quarter.at })));
    const settled = abi('loyalty_settle_period', engine.settlePeriod('tra', sent('loyalty_settle_period', { period: quarter.key })));
    assert.ok(settled.programs.length > 0, `nothing settled in ${quarter.key}`);
    abi('loyalty_settle_period', engine.settlePeriod('tra', { period: quarter.key, program_id: 'q-target' }));
    abi('loyalty_leaderboard', engine.leaderboard('tra', { program_id: 'q-target', at: quarter.at }));

    // Reports: each of the six through the one call, each result checked against Report and the schema it is.
    for (const request of [{ report: 'segments' }, { report: 'cohorts', months: 36 }, { report: 'repeat-purchase', months: 3 },
      { report: 'liability' }, { report: 'rewards', months: 1, limit: 5 }, { report: 'tiers', months: 12 }]) {
      const doc = abi('loyalty_report', engine.report('tra', sent('loyalty_report', request)));
      const name = { 'segments': 'SegmentReport', 'cohorts': 'CohortReport', 'repeat-purchase': 'RepeatPurchaseReport',
        'liability': 'LiabilityReport', 'rewards': 'RewardReport', 'tiers': 'TierReport' }[request.report];
      schema.check(name, doc, `loyalty_report ${request.report}`);
    }
    const claimed = engine.report('tra', { report: 'rewards', months: 1, limit: 5 }).rewards.map((r) => r.reward_id);
    assert.ok(claimed.includes('tra-sen'), JSON.stringify(claimed));
    abiError(failing(() => engine.report('tra', { report: 'sales' }), loyalty.InvalidArgument));
    abiError(failing(() => engine.report('nope', { report: 'tiers' }), loyalty.NotFound));

    // Webhooks: applied, duplicate, and an authenticated but malformed delivery kept in quarantine.
    const body = haravanBody();
    sent('loyalty_ingest_webhook', haravanHeaders(body));
    assert.equal(abi('loyalty_ingest_webhook', engine.ingestWebhook('haravan', 'tra', haravanHeaders(body), body)).outcome, 'applied');
    abi('loyalty_ingest_webhook', engine.ingestWebhook('haravan', 'tra', haravanHeaders(body), body));
    const bad = haravanBody({ id: 1003, subtotal_price: undefined, total_price: 'nope' });
    const quarantined = abiError(failing(() => engine.ingestWebhook('haravan', 'tra', haravanHeaders(bad), bad), loyalty.InvalidArgument));
    assert.equal(typeof quarantined.quarantine_id, 'number', JSON.stringify(quarantined));
    abiError(failing(() => engine.replayQuarantine(quarantined.quarantine_id), loyalty.InvalidArgument));
    const list = abi('loyalty_list_quarantine', engine.listQuarantine(sent('loyalty_list_quarantine', { include_resolved: true, limit: 50 })));
    assert.ok(list.deliveries.some((d) => d.quarantine_id === quarantined.quarantine_id));
    engine.dismissQuarantine(quarantined.quarantine_id, 'test');
    abi('loyalty_list_quarantine', engine.listQuarantine({ include_resolved: true }));
    // Events: the shop's endpoint wants points.earned, so the orders above made deliveries.
    const deliveries = abi('loyalty_list_events', engine.listEvents('tra', sent('loyalty_list_events', { status: 'pending', limit: 5 })));
    assert.ok(deliveries.deliveries.length > 0, JSON.stringify(deliveries));
    abi('loyalty_replay_events', engine.replayEvents('tra', sent('loyalty_replay_events', { from: 1, to: 100, only_failed: false })));
    abiError(failing(() => engine.listEvents('tra', { status: 'lost' }), loyalty.InvalidArgument));
    // Personal data: the member's export; another member erased, twice.
    const exported = abi('loyalty_export_member', engine.exportMember('tra', sent('loyalty_export_member', { member_id: memberId, actor: 'schema' })));
    assert.ok(exported.entries.length > 0 && exported.orders.length > 0, JSON.stringify(exported));
    // The wheel and the scratch card above were played by this member: both plays are theirs to see.
    assert.deepEqual(exported.plays.map((p) => [p.member_id, p.game_id]).sort(),
                     [[memberId, 'the-cao'], [memberId, 'vong-quay']].sort(), JSON.stringify(exported.plays));
    const leaving = engine.upsertCustomer('tra', { platform: 'pos', customer_id: 'C-erase', phone: '0987654321', name: 'Xoá' }).member_id;
    abi('loyalty_erase_member', engine.eraseMember('tra', { member_id: leaving }));
    assert.equal(abi('loyalty_erase_member', engine.eraseMember('tra', { member_id: leaving })).already_erased, true);
    abi('loyalty_export_member', engine.exportMember('tra', { member_id: leaving }));
    abiError(failing(() => engine.eraseMember('tra', { member_id: 'm_nobody' }), loyalty.NotFound));

    abi('loyalty_run_maintenance', engine.runMaintenance());
    abi('loyalty_get_stats', engine.getStats());
    abi('loyalty_get_sync_status', engine.getSyncStatus('tra'));
    abiError(failing(() => engine.startSync('tra', sent('loyalty_start_sync', { platform: 'haravan', mode: 'backfill' })),
      loyalty.NotFound));
    abiError(failing(() => engine.getShop('nope'), loyalty.NotFound));

    // Staff accounts: the last owner cannot be removed, a username is taken once.
    abi('loyalty_add_staff', engine.addStaff('tra', sent('loyalty_add_staff', { username: 'Chu.Lan', role: 'owner', password: 'mat-khau-dai' })));
    abi('loyalty_add_staff', engine.addStaff('tra', { username: 'thu-ngan', role: 'cashier', password: 'mat-khau-dai' }));
    abiError(failing(() => engine.addStaff('tra', { username: 'chu.lan', role: 'viewer', password: 'mat-khau-dai' }), loyalty.Conflict));
    abiError(failing(() => engine.removeStaff('tra', 'chu.lan'), loyalty.Conflict));
    const staff = abi('loyalty_list_staff', engine.listStaff('tra'));
    assert.deepEqual(staff.staff.map((m) => m.username), ['chu.lan', 'thu-ngan']);
    abi('loyalty_reset_staff_password', engine.resetStaffPassword('tra', sent('loyalty_reset_staff_password', { username: 'thu-ngan', password: 'mat-khau-moi' })));
    engine.removeStaff('tra', 'thu-ngan');

    await http(schema, engine, dir, { memberId, quarter, sent });
    return { requests };
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function http(schema, engine, dir, { memberId, quarter, sent }) {
  const tls = certificate(dir);
  const ca = fs.readFileSync(tls.cert);
  // The apps section: only its admin routes are called (no platform is reached).
  const tokenKey = path.join(dir, 'token.key');
  fs.writeFileSync(tokenKey, crypto.randomBytes(32), { mode: 0o600 });
  const apps = { public_url: 'https://127.0.0.1', token_key_file: tokenKey,
    haravan: { client_id: 'schema-app', client_secret: 'schema-app-secret' } };
  const serverConfig = sent('loyalty_server_start',
    { listen: { address: '127.0.0.1', port: 0, tls }, admin_token: TOKEN, access_log: false, limits: { body_bytes: 1048576 }, apps });
  const server = engine.startServer(serverConfig);
  try {
    const call = async (method, template, target, status, options = {}) => {
      const res = await request(server.port, ca, method, target, options);
      assert.equal(res.status, status, `${method} ${target}: ${res.status} ${res.text}`);
      assert.ok(res.json !== undefined, `${method} ${target}: not JSON (${res.type}): ${res.text}`);
      return schema.checkHttp(method, template, status, res.json);
    };
    const json = (o) => JSON.stringify(o);
    const m = `/api/v1/shops/tra/members/${memberId}`;

    await call('GET', '/healthz', '/healthz', 200, { token: null });
    await call('GET', '/api/v1/shops/{shop}', '/api/v1/shops/tra', 200);
    await call('PATCH', '/api/v1/shops/{shop}', '/api/v1/shops/tra', 200,
      { body: json({ name: 'Tiệm Trà' }), headers: { 'Content-Type': 'application/merge-patch+json' } });
    const shop = shopDocument();
    delete shop.shop_id;
    await call('PUT', '/api/v1/shops/{shop}', '/api/v1/shops/tra', 200, { body: json(shop) });
    await call('GET', '/api/v1/shops/{shop}/members', '/api/v1/shops/tra/members?phone=0912345678', 200);
    await call('GET', '/api/v1/shops/{shop}/members/{member_id}', m, 200);
    await call('PATCH', '/api/v1/shops/{shop}/members/{member_id}', m, 200, { body: json({ opted_out: true }) });
    await call('PATCH', '/api/v1/shops/{shop}/members/{member_id}', m, 400, { body: json({ opted_out: 1 }) });
    const pageLink = await call('GET', '/api/v1/shops/{shop}/members/{member_id}/link', `${m}/link`, 200);
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/link/rotate', `${m}/link/rotate`, 200);
    assert.ok(pageLink.url.endsWith(`/c/${pageLink.token}`), JSON.stringify(pageLink));
    await call('GET', '/api/v1/shops/{shop}/members/{member_id}/transactions', `${m}/transactions?limit=2`, 200);
    await call('GET', '/api/v1/shops/{shop}/members/{member_id}/export', `${m}/export`, 200);
    await call('GET', '/api/v1/shops/{shop}/members/{member_id}/export', '/api/v1/shops/tra/members/m_nobody/export', 404);
    const gone = engine.upsertCustomer('tra', { platform: 'pos', customer_id: 'C-gone', phone: '0987654322' }).member_id;
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/erase', `/api/v1/shops/tra/members/${gone}/erase`, 200);
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/erase', '/api/v1/shops/tra/members/m_nobody/erase', 404);
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/adjustments', `${m}/adjustments`, 200,
      { body: json({ points: 30, idempotency_key: 'http-adj', reason: 'http' }) });
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/redemptions', `${m}/redemptions`, 200,
      { body: json({ points: 1, idempotency_key: 'http-red' }) });
    const short = await call('POST', '/api/v1/shops/{shop}/members/{member_id}/redemptions', `${m}/redemptions`, 422,
      { body: json({ points: 10 ** 9, idempotency_key: 'http-red-2' }) });
    assert.equal(short.error.requested, 10 ** 9);
    assert.equal(typeof short.error.available, 'number');
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/redemptions', `${m}/redemptions`, 409,
      { body: json({ points: 2, idempotency_key: 'http-red' }) });
    await call('PUT', '/api/v1/shops/{shop}/members/{member_id}/tier', `${m}/tier`, 200,
      { body: json({ tier: 'Vàng', until: '2099-12-31T23:59:59+07:00' }) });
    await call('PUT', '/api/v1/shops/{shop}/members/{member_id}/group', `${m}/group`, 200, { body: json({ group: 'Đại lý' }) });
    await call('POST', '/api/v1/shops/{shop}/quote', '/api/v1/shops/tra/quote', 200, { body: json({ member_id: memberId, amount: 300000 }) });
    const claim = await call('POST', '/api/v1/shops/{shop}/rewards/claim', '/api/v1/shops/tra/rewards/claim', 200,
      { body: json({ member_id: memberId, reward_id: 'tra-sen', idempotency_key: 'http-claim' }) });
    await call('GET', '/api/v1/shops/{shop}/grants', `/api/v1/shops/tra/grants?member_id=${memberId}&limit=5`, 200);
    await call('POST', '/api/v1/shops/{shop}/grants/use', '/api/v1/shops/tra/grants/use', 200,
      { body: json({ code: claim.grant.code, order_id: 'H-1' }) });
    await call('POST', '/api/v1/shops/{shop}/grants/void', '/api/v1/shops/tra/grants/void', 409,
      { body: json({ grant_id: claim.grant.grant_id, reason: 'too late' }) });
    const g = '/api/v1/shops/tra/games';
    await call('POST', '/api/v1/shops/{shop}/games/{game}/plays', `${g}/vong-quay/plays`, 200,
      { body: json({ member_id: memberId, idempotency_key: 'http-play' }) });
    await call('POST', '/api/v1/shops/{shop}/games/{game}/plays', `${g}/the-cao/plays`, 400,
      { body: json({ member_id: memberId, game_id: 'vong-quay', idempotency_key: 'http-play-2' }) });
    await call('POST', '/api/v1/shops/{shop}/games/{game}/plays', `${g}/tet/plays`, 422,
      { body: json({ member_id: memberId, idempotency_key: 'http-play-3' }) });
    await call('POST', '/api/v1/shops/{shop}/games/{game}/plays', `${g}/nope/plays`, 404,
      { body: json({ member_id: memberId, idempotency_key: 'http-play-4' }) });
    await call('GET', '/api/v1/shops/{shop}/games/{game}/plays', `${g}/vong-quay/plays?member_id=${memberId}&limit=5`, 200);
    await call('GET', '/api/v1/shops/{shop}/games/{game}', `${g}/vong-quay?member_id=${memberId}`, 200);
    await call('GET', '/api/v1/shops/{shop}/games/{game}', `${g}/vong-quay`, 400);
    await call('POST', '/api/v1/shops/{shop}/checkout/pay', '/api/v1/shops/tra/checkout/pay', 200,
      { body: json({ member_id: memberId, order_id: 'H-2', order_amount: 100000, points: 5, idempotency_key: 'http-pay' }) });
    await call('POST', '/api/v1/shops/{shop}/periods/settle', '/api/v1/shops/tra/periods/settle', 200, { body: json({ period: quarter.key }) });
    await call('GET', '/api/v1/shops/{shop}/programs/{program_id}/leaderboard', '/api/v1/shops/tra/programs/top/leaderboard?limit=5', 200);

    // Webhooks over HTTP: applied; a Haravan delivery that cannot be read is 400 with its quarantine id;
    // KiotViet's is acknowledged with 200.
    const order = haravanBody({ id: 2002 });
    await call('POST', '/webhooks/{platform}/{shop_id}', '/webhooks/haravan/tra', 200,
      { body: order.toString(), headers: haravanHeaders(order), token: null });
    await call('POST', '/webhooks/haravan', '/webhooks/haravan', 200,
      { body: order.toString(), headers: haravanHeaders(order), token: null });
    const bad = haravanBody({ id: 2003, subtotal_price: undefined, total_price: 'nope' });
    const refused = await call('POST', '/webhooks/{platform}/{shop_id}', '/webhooks/haravan/tra', 400,
      { body: bad.toString(), headers: haravanHeaders(bad), token: null });
    assert.equal(typeof refused.error.quarantine_id, 'number', JSON.stringify(refused));
    const kv = Buffer.from(JSON.stringify({ Id: 'c41d8e2a', Attempt: 1, Notifications: [{ Action: 'invoice.update', Data: [{ Id: 107390021, Code: 'HD1', CustomerId: 30451278, Total: 100000, Status: 4 }] }] }));
    const ack = await call('POST', '/webhooks/{platform}/{shop_id}', '/webhooks/kiotviet/tra', 200,
      { body: kv.toString(), headers: kiotvietHeaders(kv), token: null });
    assert.equal(ack.outcome, 'quarantined', JSON.stringify(ack));
    await call('POST', '/webhooks/{platform}/{shop_id}', '/webhooks/haravan/tra', 401,
      { body: order.toString(), headers: { ...haravanHeaders(order), 'X-Haravan-Hmacsha256': 'AAAA' }, token: null });

    await call('GET', '/api/v1/quarantine', '/api/v1/quarantine?shop_id=tra&include_resolved=true', 200);
    await call('POST', '/api/v1/quarantine/{id}/replay', `/api/v1/quarantine/${refused.error.quarantine_id}/replay`, 400);
    await call('POST', '/api/v1/quarantine/{id}/dismiss', `/api/v1/quarantine/${refused.error.quarantine_id}/dismiss`, 200,
      { body: json({ reason: 'test' }) });
    await call('POST', '/api/v1/quarantine/{id}/dismiss', `/api/v1/quarantine/${refused.error.quarantine_id}/dismiss`, 409,
      { body: json({ reason: 'again' }) });

    // The platform apps' admin routes: shops with their connections, a shop's sync status, an install link.
    const shops = await call('GET', '/api/v1/shops', '/api/v1/shops', 200);
    assert.ok(shops.shops.some((sh) => sh.shop_id === 'tra'), JSON.stringify(shops));
    await call('GET', '/api/v1/shops/{shop}/sync', '/api/v1/shops/tra/sync', 200);
    const link = await call('POST', '/api/v1/shops/{shop}/install_links', '/api/v1/shops/tra/install_links', 200,
      { body: json({ platform: 'haravan' }) });
    assert.ok(link.url.startsWith('https://127.0.0.1/apps/haravan/install?shop=tra&ticket='), link.url);
    await call('POST', '/api/v1/shops/{shop}/sync', '/api/v1/shops/tra/sync', 404, { body: json({ platform: 'haravan' }) });
    await call('POST', '/api/v1/shops/{shop}/sync', '/api/v1/shops/tra/sync', 400, { body: json({ platform: 'haravan', mode: 'sideways' }) });

    // The dashboard's routes: figures, the member list, staff and the audit trail with the token; then a
    // staff session signs in with its cookie and writes with its CSRF token.
    const events = await call('GET', '/api/v1/shops/{shop}/events', '/api/v1/shops/tra/events?limit=5', 200);
    assert.ok(events.deliveries.length > 0, JSON.stringify(events));
    await call('GET', '/api/v1/shops/{shop}/events', '/api/v1/shops/tra/events?status=sideways', 400);
    await call('POST', '/api/v1/shops/{shop}/events/replay', '/api/v1/shops/tra/events/replay', 200,
      { body: json({ from: 1, to: 1000000, only_failed: true }) });
    await call('POST', '/api/v1/shops/{shop}/events/replay', '/api/v1/shops/tra/events/replay', 400, { body: json({}) });
    await call('POST', '/api/v1/shops/{shop}/events/{event_id}/replay',
      `/api/v1/shops/tra/events/${events.deliveries[0].event_id}/replay`, 200);
    await call('GET', '/api/v1/shops/{shop}/overview', '/api/v1/shops/tra/overview', 200);
    await call('GET', '/api/v1/shops/{shop}/reports/segments', '/api/v1/shops/tra/reports/segments', 200);
    await call('GET', '/api/v1/shops/{shop}/reports/cohorts', '/api/v1/shops/tra/reports/cohorts?months=36', 200);
    await call('GET', '/api/v1/shops/{shop}/reports/cohorts', '/api/v1/shops/tra/reports/cohorts?months=0', 400);
    await call('GET', '/api/v1/shops/{shop}/reports/repeat-purchase', '/api/v1/shops/tra/reports/repeat-purchase?months=36', 200);
    await call('GET', '/api/v1/shops/{shop}/reports/liability', '/api/v1/shops/tra/reports/liability?months=3', 200);
    await call('GET', '/api/v1/shops/{shop}/reports/rewards', '/api/v1/shops/tra/reports/rewards?months=36&limit=5', 200);
    await call('GET', '/api/v1/shops/{shop}/reports/rewards', '/api/v1/shops/tra/reports/rewards?limit=500', 400);
    await call('GET', '/api/v1/shops/{shop}/reports/tiers', '/api/v1/shops/tra/reports/tiers', 200);
    await call('GET', '/api/v1/shops/{shop}/reports/tiers', '/api/v1/shops/nope/reports/tiers', 404);
    const found = await call('GET', '/api/v1/shops/{shop}/directory', '/api/v1/shops/tra/directory?q=0912%20345%20678&limit=5', 200);
    assert.equal(found.total, 1, JSON.stringify(found));
    await call('GET', '/api/v1/shops/{shop}/directory', '/api/v1/shops/tra/directory?tier=Nope', 400);
    const csv = await request(server.port, ca, 'GET', '/api/v1/shops/tra/directory.csv?q=Lan');
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv/);
    assert.match(csv.text, /^\uFEFFmember_id,name,phone/);
    await call('GET', '/api/v1/shops/{shop}/staff', '/api/v1/shops/tra/staff', 200);
    await call('POST', '/api/v1/shops/{shop}/staff', '/api/v1/shops/tra/staff', 200,
      { body: json({ username: 'xem', role: 'viewer', password: 'mat-khau-xem' }) });
    await call('POST', '/api/v1/shops/{shop}/staff', '/api/v1/shops/tra/staff', 409,
      { body: json({ username: 'xem', role: 'viewer', password: 'mat-khau-xem' }) });
    await call('POST', '/api/v1/shops/{shop}/staff/{username}/password', '/api/v1/shops/tra/staff/xem/password', 200,
      { body: json({ password: 'mat-khau-xem-2' }) });
    await call('DELETE', '/api/v1/shops/{shop}/staff/{username}', '/api/v1/shops/tra/staff/chu.lan', 409);
    await call('POST', '/admin/api/login', '/admin/api/login', 401,
      { body: json({ username: 'chu.lan', password: 'wrong-password' }), token: null });
    const login = await request(server.port, ca, 'POST', '/admin/api/login',
      { body: json({ username: 'chu.lan', password: 'mat-khau-dai' }), token: null });
    assert.equal(login.status, 200, login.text);
    schema.checkHttp('POST', '/admin/api/login', 200, login.json);
    const cookie = /loyalty_session=([^;]+)/.exec(login.headers?.['set-cookie']?.[0] ?? '')?.[1];
    assert.ok(cookie, 'the sign-in set the session cookie');
    const session = { token: null, headers: { Cookie: `loyalty_session=${cookie}` } };
    await call('GET', '/admin/api/session', '/admin/api/session', 200, session);
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/adjustments', `${m}/adjustments`, 403,
      { ...session, body: json({ points: 1, idempotency_key: 'no-csrf' }) });
    const csrf = { ...session, headers: { ...session.headers, 'X-CSRF-Token': login.json.csrf_token } };
    await call('POST', '/api/v1/shops/{shop}/members/{member_id}/adjustments', `${m}/adjustments`, 200,
      { ...csrf, body: json({ points: 1, idempotency_key: 'by-owner', reason: 'dashboard' }) });
    const audit = await call('GET', '/api/v1/shops/{shop}/audit', '/api/v1/shops/tra/audit?limit=5', 200, session);
    assert.equal(audit.records[0].actor, 'staff:chu.lan', JSON.stringify(audit));
    await call('DELETE', '/api/v1/shops/{shop}/staff/{username}', '/api/v1/shops/tra/staff/xem', 200, csrf);
    await call('POST', '/admin/api/logout', '/admin/api/logout', 403, session);
    const out = await request(server.port, ca, 'POST', '/admin/api/logout', csrf);
    assert.equal(out.status, 204, out.text);
    await call('GET', '/admin/api/session', '/admin/api/session', 401, session);

    // Errors the server itself answers.
    await call('GET', '/api/v1/shops/{shop}', '/api/v1/shops/tra', 401, { token: 'wrong-token-wrong-token' });
    await call('GET', '/api/v1/shops/{shop}', '/api/v1/shops/nope', 404);
    // DELETE is no operation of the path: the answer is still an Error body.
    const deleted = await request(server.port, ca, 'DELETE', '/api/v1/shops/tra');
    assert.equal(deleted.status, 405);
    schema.check('Error', deleted.json, 'DELETE /api/v1/shops/tra 405');

    // A key given twice is refused, naming it: which value would count is not clear.
    const twice = '{"points": 1, "points": 1000, "idempotency_key": "twice"}';
    const dup = await call('POST', '/api/v1/shops/{shop}/members/{member_id}/adjustments', `${m}/adjustments`, 400, { body: twice });
    assert.equal(dup.error.code, 'invalid_argument');
    assert.match(dup.error.message, /points is given twice/);
    const dupShop = await request(server.port, ca, 'PUT', '/api/v1/shops/tra',
      { body: '{"earn": {"spend_per_point": 1}, "earn": {"spend_per_point": 2}, "connections": []}' });
    assert.equal(dupShop.status, 400, dupShop.text);
    schema.checkHttp('PUT', '/api/v1/shops/{shop}', 400, dupShop.json);
    // Nothing was posted by the refused adjustment.
    const after = engine.listTransactions('tra', { member_id: memberId, limit: 500 });
    assert.ok(!after.transactions.some((e) => e.ref.id === 'twice'));
  } finally {
    server.stop();
  }
}

module.exports = { run };
