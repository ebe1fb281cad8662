// Sidebar on wide screens, a collapsible menu under the header on phones.
import { html } from 'htm/preact';
import { t } from '../i18n.js';
import { can } from '../session.js';

const items = [
  { href: '#/', key: 'nav.overview', page: 'overview' },
  { href: '#/members', key: 'nav.members', page: 'members' },
  { href: '#/program', key: 'nav.program', page: 'program', need: 'program' },
  { href: '#/distributors', key: 'nav.distributors', page: 'distributors' },
  { href: '#/games', key: 'nav.games', page: 'games' },
  { href: '#/segments', key: 'nav.segments', page: 'segments' },
  { href: '#/reports', key: 'nav.reports', page: 'reports' },
  { href: '#/connections', key: 'nav.connections', page: 'connections' },
  { href: '#/staff', key: 'nav.staff', page: 'staff', need: 'staff' },
];

export function Nav({ current, open, onNavigate }) {
  return html`<nav id="main-nav" class=${`nav ${open ? 'open' : ''}`} aria-label=${t('nav.label')}>
    <ul>
      ${items.filter((it) => !it.need || can(it.need)).map((it) => html`<li key=${it.page}>
        <a href=${it.href} aria-current=${current === it.page ? 'page' : undefined} onClick=${onNavigate}>${t(it.key)}</a>
      </li>`)}
    </ul>
  </nav>`;
}
