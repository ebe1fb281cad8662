// The dashboard in a real browser: Debian's chromium driven by playwright-core against loyaltyd on
// TLS. Signs in, finds a member by a phone typed with spaces, redeems with a double click, changes the
// earn rate and sees the preview follow, and checks what a cashier, a viewer and a request without
// the CSRF token are refused; shows the games and the segment report, and plays a game from a member's
// own page; every page at 375 px without a horizontal scroll.
// Env: LOYALTYD, LOYALTYCTL (built programs), WORK (a scratch folder), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOTS (a folder to save each page's picture in; optional).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, PASSWORDS } from './harness.mjs';

const env = process.env;
for (const name of ['LOYALTYD', 'LOYALTYCTL', 'WORK'])
  if (!env[name]) throw new Error(`${name} is not set (ctest sets it: dashboard/CMakeLists.txt)`);
const executablePath = env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath))
  throw new Error(`no browser at ${executablePath}: tools/install-deps.sh installs Debian's chromium`);

let server;
let browser;
const contexts = [];

before(async () => {
  server = await startServer({ loyaltyd: env.LOYALTYD, loyaltyctl: env.LOYALTYCTL }, env.WORK);
  // The flags keep a headless browser off the network it would otherwise reach for at start-up.
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function signIn(user) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  // Failed loads are judged by their URL below; any other console error is a problem.
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) problems.push(m.text()); });
  page.on('response', (r) => {
    const url = new URL(r.url());
    // Without an "apps" section the sync status is 404, and the page says so; the role tests expect 403s.
    const expected = (r.status() === 404 && url.pathname.endsWith('/sync')) || r.status() === 403 || r.status() === 401;
    if (r.status() >= 400 && !expected) problems.push(`${r.status()} ${url.pathname}`);
  });
  await page.goto(`${server.origin}/admin/`);
  assert.match(page.url(), /\/admin\/login(#.*)?$/, 'without a session /admin/ sends the browser to sign in');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', PASSWORDS[user]);
  await page.click('[data-testid=login-form] button[type=submit]');
  // The sign-in moves to /admin/, a new document: wait until it is the one showing the signed-in
  // header, or a later navigation could land on the document being replaced.
  await page.waitForURL(/\/admin\/#\//, { waitUntil: 'load' });
  await page.waitForSelector('header .shop-name');
  return { page, problems };
}

async function noSidewaysScroll(page, where) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${where}: the page is ${scroll} px wide at ${width} px`);
}

async function shot(page, name) {
  if (!env.SCREENSHOTS) return;
  fs.mkdirSync(env.SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(env.SCREENSHOTS, `${name}.png`), fullPage: true });
}

// A call from inside the page, as its own code would make it (the cookie goes along by itself).
function call(page, method, url, body, csrf) {
  return page.evaluate(async ({ method, url, body, csrf }) => {
    const headers = { 'Content-Type': 'application/json' };
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json().catch(() => null) };
  }, { method, url, body, csrf });
}

async function csrfOf(page) {
  return (await call(page, 'GET', '/admin/api/session')).json.csrf_token;
}

const digits = (text) => Number(text.replace(/[^\d-]/g, ''));

test('an owner finds a member by phone, redeems once on a double click, and changes the earn rate', async () => {
  const { page, problems } = await signIn('chu');
  await page.waitForSelector('.stats');
  await noSidewaysScroll(page, 'overview');
  await shot(page, 'overview');

  await page.goto(`${server.origin}/admin/#/members`);
  const results = page.locator('[data-testid=search-results]');
  // The page lists every member first; typing before it has rendered would be typing into nothing.
  await results.getByText('Trần Văn Minh').waitFor();
  await page.fill('input[name=q]', '0912 345 678');
  await page.press('input[name=q]', 'Enter');
  // The unfiltered list goes; the member with that phone alone stays.
  await results.getByText('Trần Văn Minh').waitFor({ state: 'detached' });
  await results.getByText('Nguyễn Thị Lan').waitFor();
  assert.equal(await results.locator('tbody tr').count(), 1, 'only the member with that phone');
  await noSidewaysScroll(page, 'members');
  await shot(page, 'members');

  await results.getByText('Nguyễn Thị Lan').click();
  const balance = page.locator('[data-testid=member-balance]');
  await balance.waitFor();
  const before = digits(await balance.innerText());
  assert.ok(before > 100, `the member has points to redeem (${before})`);
  await noSidewaysScroll(page, 'member');
  await shot(page, 'member');

  await page.fill('[data-testid=redeem-points]', '100');
  await page.fill('[data-testid=redeem-reason]', 'Đổi quà tại quầy');
  await page.dblclick('[data-testid=redeem-submit]');
  await page.waitForFunction((want) => {
    const el = document.querySelector('[data-testid=member-balance]');
    return el && Number(el.innerText.replace(/[^\d-]/g, '')) === want;
  }, before - 100);
  const memberId = decodeURIComponent(page.url().split('#/members/')[1]);
  const history = await call(page, 'GET', `/api/v1/shops/tra/members/${encodeURIComponent(memberId)}/transactions?limit=50`);
  const redeems = history.json.transactions.filter((e) => e.kind === 'redeem');
  assert.equal(redeems.length, 1, 'a double click redeems once');
  assert.equal(redeems[0].detail, 'by staff:chu');

  await page.goto(`${server.origin}/admin/#/program`);
  const preview = page.locator('[data-testid=preview-points]');
  // The server's quote, not the page's own estimate (marked ≈) shown while it is on its way.
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=preview-points]');
    return el && /\d/.test(el.innerText) && !el.closest('.preview').innerText.includes('≈');
  });
  const was = digits(await preview.innerText());
  assert.equal(was, 50, 'an order of 500.000 ₫ at 10.000 ₫ a point');
  await noSidewaysScroll(page, 'program');
  await shot(page, 'program');
  await page.fill('[data-testid=earn-rate]', '5000');
  await page.click('[data-testid=program-save]');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=preview-points]');
    return el && !el.closest('.preview').innerText.includes('≈') && Number(el.innerText.replace(/[^\d-]/g, '')) === 100;
  });
  const stored = await call(page, 'GET', '/api/v1/shops/tra');
  assert.equal(stored.json.earn.spend_per_point, 5000);

  for (const name of ['distributors', 'connections', 'staff']) {
    await page.goto(`${server.origin}/admin/#/${name}`);
    await page.waitForSelector('main h1');
    await page.waitForLoadState('networkidle');
    await noSidewaysScroll(page, name);
    await shot(page, name);
  }
  assert.deepEqual(problems, []);
});

test('English is a switch away, and a request without the CSRF token is refused and changes nothing', async () => {
  const { page } = await signIn('chu');
  await page.waitForSelector('.stats');
  assert.equal(await page.locator('main h1').innerText(), 'Tổng quan');
  await page.click('button.lang');
  await page.waitForFunction(() => document.querySelector('main h1')?.innerText === 'Overview');

  const lookup = await call(page, 'GET', '/api/v1/shops/tra/directory?q=0903000111');
  const id = lookup.json.members[0].member_id;
  const url = `/api/v1/shops/tra/members/${encodeURIComponent(id)}/adjustments`;
  const refused = await call(page, 'POST', url, { points: 500, idempotency_key: 'csrf-1', reason: 'x' });
  assert.equal(refused.status, 403);
  const forged = await call(page, 'POST', url, { points: 500, idempotency_key: 'csrf-2', reason: 'x' }, 'not-the-token');
  assert.equal(forged.status, 403);
  const member = await call(page, 'GET', `/api/v1/shops/tra/members/${encodeURIComponent(id)}`);
  const history = await call(page, 'GET', `${url.replace('/adjustments', '/transactions')}?limit=50`);
  assert.equal(history.json.transactions.filter((e) => e.kind === 'adjust').length, 0, JSON.stringify(member.json));
});

test('a cashier is refused the programme page, a viewer every write', async () => {
  const cashier = await signIn('lan');
  await cashier.page.goto(`${server.origin}/admin/#/program`);
  await cashier.page.locator('[data-testid=forbidden]').waitFor();
  await shot(cashier.page, 'cashier-program-refused');
  const token = await csrfOf(cashier.page);
  const patch = await call(cashier.page, 'PATCH', '/api/v1/shops/tra', { earn: { spend_per_point: 1 } }, token);
  assert.equal(patch.status, 403);

  const viewer = await signIn('xem');
  const lookup = await call(viewer.page, 'GET', '/api/v1/shops/tra/directory?q=0987111222');
  assert.equal(lookup.status, 200);
  const id = lookup.json.members[0].member_id;
  const redeem = await call(viewer.page, 'POST', `/api/v1/shops/tra/members/${encodeURIComponent(id)}/redemptions`,
    { points: 1, idempotency_key: 'viewer-1', reason: 'x' }, await csrfOf(viewer.page));
  assert.equal(redeem.status, 403);
  await viewer.page.goto(`${server.origin}/admin/#/members/${encodeURIComponent(id)}`);
  await viewer.page.locator('[data-testid=member-balance]').waitFor();
  assert.equal(await viewer.page.locator('[data-testid=redeem-form]').count(), 0, 'no redeem form for a viewer');
  await noSidewaysScroll(viewer.page, 'member (viewer)');
});

// A GET from inside the page that keeps the body as text (a CSV is not JSON), and whether it starts
// with a byte order mark (which decoding it as text drops).
function fetchText(page, url) {
  return page.evaluate(async (u) => {
    const res = await fetch(u);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      status: res.status, type: res.headers.get('Content-Type'),
      bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, text: new TextDecoder().decode(bytes),
    };
  }, url);
}

test('the games page shows each game with its prizes, a member\'s standing and the plays made', async () => {
  const { page, problems } = await signIn('chu');
  await page.goto(`${server.origin}/admin/#/games`);
  const tet = page.locator('[data-testid=game-tet]');
  await tet.waitFor();
  const rules = await tet.innerText();
  assert.match(rules, /Vòng quay Tết/);
  assert.match(rules, /50 điểm/, 'the cost of a play');
  assert.match(rules, /Đơn từ 5\.000\.000 ₫: 1 lượt/, 'plays earned by orders');
  const prizes = page.locator('[data-testid=prizes-tet] tbody tr');
  assert.equal(await prizes.count(), 3);
  assert.match(await prizes.nth(0).innerText(), /100 điểm[\s\S]*25%[\s\S]*100[\s\S]*10/, 'share, stock and daily limit');
  assert.match(await prizes.nth(1).innerText(), /Trà sen/, 'a reward prize by the reward\'s name');
  assert.match(await page.locator('[data-testid=game-he]').innerText(), /Chưa bắt đầu/);
  // The play the harness made, in the plays list.
  const played = page.locator('[data-testid=plays-tet] tbody tr');
  await played.first().waitFor();
  assert.equal(await played.count(), 1);
  assert.match(await played.first().innerText(), new RegExp(server.members[3]));

  await page.fill('input[name=member_id]', server.members[3]);
  await page.press('input[name=member_id]', 'Enter');
  const status = page.locator('[data-testid=status-tet]');
  await status.waitFor();
  assert.match(await status.innerText(), /Chơi được ngay/);
  assert.match(page.url(), /#\/games\?member=/, 'the member is kept in the address');
  // textContent: the table's CSS upper-cases its headings.
  assert.match(await page.locator('[data-testid=prizes-tet] thead').textContent(), /Tỉ lệ hiện tại/);
  const notYet = await page.locator('[data-testid=status-he]').innerText();
  assert.match(notYet, /Chưa chơi được: trò chơi không mở vào lúc này/, 'the refusal in Vietnamese, by its code');
  assert.doesNotMatch(notYet, /game "he"/, 'not the engine\'s English message');
  await noSidewaysScroll(page, 'games');
  await shot(page, 'games');
  assert.deepEqual(problems, []);
});

test('the segments page charts members per segment beside last month, with the table and the CSV', async () => {
  const { page, problems } = await signIn('chu');
  const report = (await call(page, 'GET', '/api/v1/shops/tra/reports/segments')).json;
  const scored = report.segments.reduce((n, r) => n + r.members, 0);
  assert.ok(scored >= 4, `maintenance scored the members (${scored})`);

  await page.goto(`${server.origin}/admin/#/segments`);
  await page.locator('[data-testid=segments-chart] canvas').waitFor();
  const rows = page.locator('[data-testid=segments-table] tbody tr');
  assert.equal(await rows.count(), report.segments.length);
  for (const [i, r] of report.segments.entries())
    assert.equal(digits((await rows.nth(i).locator('td').nth(1).innerText())), r.members, r.segment);
  assert.equal(digits(await page.locator('[data-testid=segments-table] tfoot td').first().innerText()), scored);
  const legend = await page.locator('[data-testid=segments-chart]').innerText();
  assert.ok(legend.includes(report.month) && legend.includes(report.previous_month), legend);

  const href = await page.locator('[data-testid=segments-csv]').getAttribute('href');
  const csv = await fetchText(page, href);
  assert.equal(csv.status, 200);
  assert.match(csv.type, /^text\/csv/);
  assert.ok(csv.bom, 'a byte order mark, for spreadsheets');
  assert.match(csv.text, /^segment,month,members,previous_month,previous_month_members\r\n/);
  assert.equal(csv.text.trim().split('\r\n').length, report.segments.length + 1);
  await noSidewaysScroll(page, 'segments');
  await shot(page, 'segments');

  // The member's page names their segment.
  await page.goto(`${server.origin}/admin/#/members/${encodeURIComponent(server.members[0])}`);
  const segment = page.locator('[data-testid=member-segment]');
  await segment.waitFor();
  assert.match(await segment.innerText(), /R\d F\d M\d/);
  assert.deepEqual(problems, []);
});

test('the reports page shows points owed, returning customers, rewards and tiers over the chosen months', async () => {
  const { page, problems } = await signIn('chu');
  const report = async (name, months) => (await call(page, 'GET', `/api/v1/shops/tra/reports/${name}?months=${months}`)).json;
  const liability = await report('liability', 12);
  const cohorts = await report('cohorts', 12);
  const repeat = await report('repeat-purchase', 12);
  const tiers = await report('tiers', 12);
  assert.equal(liability.months.length, 12);
  assert.ok(repeat.customers >= 4, `the seeded orders count (${repeat.customers})`);

  await page.goto(`${server.origin}/admin/#/reports`);
  await page.locator('[data-testid=liability-chart] canvas').waitFor();
  const owed = page.locator('[data-testid=liability-table] tbody tr');
  assert.equal(await owed.count(), 12);
  const last = liability.months[11];
  assert.equal(digits(await owed.nth(11).locator('td').nth(5).innerText()), last.outstanding_available);
  assert.equal(digits(await owed.nth(11).locator('td').nth(1).innerText()), last.earned);
  assert.equal(await page.locator('[data-testid=cohort-table] tbody tr').count(), cohorts.cohorts.length);
  const summary = await page.locator('[data-testid=repeat-summary]').innerText();
  assert.ok(summary.includes(String(repeat.customers)), summary);
  assert.equal(await page.locator('[data-testid=tiers-table] tbody tr').count(), tiers.tiers.length);
  await page.locator('[data-testid=tiers-chart] canvas').waitFor();

  // Six months: the window and every table follow.
  await page.locator('button[data-months="6"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=liability-table] tbody tr').length === 6);
  const six = await report('liability', 6);
  assert.ok((await page.locator('[data-testid=report-window]').innerText()).includes(six.from));
  const href = await page.locator('[data-testid=liability-csv]').getAttribute('href');
  assert.match(href, /months=6/);
  const csv = await fetchText(page, href);
  assert.equal(csv.status, 200);
  assert.match(csv.type, /^text\/csv/);
  assert.match(csv.text, /^month,earned,redeemed,expired,adjusted,outstanding_available,outstanding_pending\r\n/);
  assert.equal(csv.text.trim().split('\r\n').length, 7);
  await noSidewaysScroll(page, 'reports');
  await shot(page, 'reports');
  assert.deepEqual(problems, []);
});

test('a member plays the wheel from their own page once, and a refresh shows the result again', async () => {
  const { page } = await signIn('chu');
  const id = server.members[3];
  const link = (await call(page, 'GET', `/api/v1/shops/tra/members/${encodeURIComponent(id)}/link`)).json;
  const plays = async () => (await call(page, 'GET', `/api/v1/shops/tra/games/tet/plays?member_id=${encodeURIComponent(id)}`))
    .json.plays.length;
  const before = await plays();

  // The customer's phone: no session, the link alone.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 375, height: 812 } });
  contexts.push(context);
  const phone = await context.newPage();
  const blocked = [];
  phone.on('console', (m) => { if (m.type() === 'error') blocked.push(m.text()); });
  await phone.goto(`${server.origin}/c/${link.token}`);
  const button = phone.locator('form[action$="/games/tet/plays"] button');
  assert.equal(await button.innerText(), 'Quay');
  assert.equal(await phone.locator('form[action$="/games/he/plays"]').count(), 0, 'a game not open yet has no form');
  await noSidewaysScroll(phone, 'member page');
  await button.click();
  await phone.waitForURL(/\/c\/[0-9a-f]+\?play=\d+$/);
  const result = phone.locator('#play-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Chúc mừng! Bạn trúng|Chúc bạn may mắn lần sau/);
  await shot(phone, 'member-page-played');
  assert.equal(await plays(), before + 1);

  await phone.reload();
  await result.waitFor();
  assert.equal(await plays(), before + 1, 'a refresh of the result plays nothing');
  assert.deepEqual(blocked, [], 'the browser blocked nothing the page does (CSP form-action)');
});
