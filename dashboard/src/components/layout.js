// The frame around every signed-in page: header, navigation, the message region
// and <main>.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { getLang, setLang, t } from '../i18n.js';
import { getSession, logout } from '../session.js';
import { MessageRegion } from './messages.js';
import { Nav } from './nav.js';

export function LangButton() {
  const other = getLang() === 'vi' ? 'en' : 'vi';
  return html`<button type="button" class="lang" lang=${other} aria-label=${t('header.langLabel')}
    onClick=${() => setLang(other)}>${t('header.lang')}</button>`;
}

function Header({ menuOpen, onToggleMenu }) {
  const s = getSession();
  return html`<header class="header">
    <button type="button" class="menu-toggle" aria-expanded=${menuOpen ? 'true' : 'false'} aria-controls="main-nav"
      onClick=${onToggleMenu}>${t('nav.menu')}</button>
    <div class="shop">
      <strong class="shop-name">${s.shop_name || s.shop_id}</strong>
      <span class="who">${t('header.signedIn', { user: s.username, role: t(`role.${s.role}`) })}</span>
    </div>
    <div class="header-actions">
      <${LangButton} />
      <button type="button" onClick=${async () => {
        try { await logout(); } finally { location.hash = '#/login'; }
      }}>${t('header.logout')}</button>
    </div>
  </header>`;
}

export function Layout({ page, children }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return html`<div class="shell">
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>${t('nav.skip')}</a>
    <${Header} menuOpen=${menuOpen} onToggleMenu=${() => setMenuOpen(!menuOpen)} />
    <div class="body">
      <${Nav} current=${page} open=${menuOpen} onNavigate=${() => setMenuOpen(false)} />
      <main id="main" tabindex="-1">
        <${MessageRegion} />
        ${children}
      </main>
    </div>
  </div>`;
}
