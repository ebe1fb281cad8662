// Mounts the dashboard and picks the page from the hash.
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { setUnauthorizedHandler } from './api.js';
import { initLang, onLangChange, t } from './i18n.js';
import { clearSession, getSession, loadSession, onSessionChange } from './session.js';
import { parseHash } from './router.js';
import { Layout } from './components/layout.js';
import { clearMessage } from './components/messages.js';
import { LoadError, Loading } from './components/status.js';
import { LoginPage } from './pages/login.js';
import { OverviewPage } from './pages/overview.js';
import { MembersPage } from './pages/members.js';
import { MemberPage } from './pages/member.js';
import { ProgramPage } from './pages/program.js';
import { DistributorsPage } from './pages/distributors.js';
import { GamesPage } from './pages/games.js';
import { SegmentsPage } from './pages/segments.js';
import { ReportsPage } from './pages/reports.js';
import { ConnectionsPage } from './pages/connections.js';
import { StaffPage } from './pages/staff.js';

const pages = {
  overview: OverviewPage,
  members: MembersPage,
  member: MemberPage,
  program: ProgramPage,
  distributors: DistributorsPage,
  games: GamesPage,
  segments: SegmentsPage,
  reports: ReportsPage,
  connections: ConnectionsPage,
  staff: StaffPage,
};

function NotFound() {
  return html`<h1>404</h1><p><a href="#/">${t('nav.overview')}</a></p>`;
}

function App() {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  const [session, setSession] = useState(getSession());
  const [boot, setBoot] = useState({ done: false, error: null });
  const [, setLangTick] = useState(0);

  useEffect(() => {
    const onHash = () => { clearMessage(); setRoute(parseHash(location.hash)); };
    window.addEventListener('hashchange', onHash);
    const offSession = onSessionChange(setSession);
    const offLang = onLangChange(() => setLangTick((n) => n + 1));
    setUnauthorizedHandler(() => {
      clearSession();
      if (parseHash(location.hash).page !== 'login') location.hash = '#/login';
    });
    loadSession()
      .then(() => setBoot({ done: true, error: null }))
      .catch((error) => setBoot({ done: true, error }));
    return () => { window.removeEventListener('hashchange', onHash); offSession(); offLang(); };
  }, []);

  // Without a session every page but the login is out of reach; with one, the login
  // page has nothing to offer.
  useEffect(() => {
    if (!boot.done || boot.error) return;
    if (!session && route.page !== 'login') location.hash = '#/login';
    // Signed in at /admin/login: on to /admin/, the address the pages live at.
    else if (session && route.page === 'login') {
      if (/\/login\/?$/.test(location.pathname)) location.replace('/admin/#/');
      else location.hash = '#/';
    }
  }, [boot.done, session, route.page]);

  useEffect(() => {
    const title = route.page === 'login' ? t('login.title') : t(`nav.${route.page === 'member' ? 'members' : route.page}`);
    document.title = `${title} · ${t('app.title')}`;
  });

  if (!boot.done) return html`<main id="main" class="boot"><${Loading} /></main>`;
  if (boot.error) {
    return html`<main id="main" class="boot"><${LoadError} error=${boot.error} onRetry=${() => location.reload()} /></main>`;
  }
  if (route.page === 'login' || !session) return html`<${LoginPage} />`;
  const Page = pages[route.page] || NotFound;
  const key = route.page === 'member' ? `member:${route.params.id}` : route.page;
  return html`<${Layout} page=${route.page === 'member' ? 'members' : route.page}>
    <${Page} key=${key} route=${route} session=${session} />
  </${Layout}>`;
}

function start() {
  initLang();
  // index.html is also served at /admin/login, where the address has no hash yet.
  if (!location.hash && /\/login\/?$/.test(location.pathname)) location.replace('#/login');
  render(html`<${App} />`, document.getElementById('app'));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
