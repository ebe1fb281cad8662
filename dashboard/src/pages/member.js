// #/members/<id>: balances, tier, expiring points, history and grants of one member,
// with the writes the signed-in role may make.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { get, query, shopPath } from '../api.js';
import { formatDate, formatDateTime, formatPoints, formatVnd, formatPhone } from '../format.js';
import { t } from '../i18n.js';
import { can, zone } from '../session.js';
import { loadShopDef, tierLevels, tierProgress } from '../shopdef.js';
import { AdjustForm, ClaimForm, RedeemForm, UseGrantForm } from '../components/member-actions.js';
import { errorText } from '../components/messages.js';
import { Loaded, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

function signed(n) {
  const v = Number(n) || 0;
  return v > 0 ? `+${formatPoints(v)}` : formatPoints(v);
}

function TierCard({ member, def }) {
  const tier = member.tier;
  if (!tier) return html`<section class="card"><h2>${t('member.tier')}</h2><p class="muted">${t('member.noTiers')}</p></section>`;
  const levels = tierLevels(def);
  const basis = (def && def.tiers && def.tiers.basis) || 'spend';
  const fmt = basis === 'points' ? (n) => t('common.points', { n: formatPoints(n) }) : formatVnd;
  const progress = tierProgress(tier, levels, member.spend);
  const pct = progress == null ? null : Math.round(progress * 100);
  return html`<section class="card">
    <h2>${t('member.tier')}</h2>
    <p class="tier-name">${tier.name}</p>
    <p class="muted small">${t('member.tierSince', { d: formatDate(tier.since, zone()) })}
      ${tier.until && html` · ${t('member.tierUntil', { d: formatDate(tier.until, zone()) })}`}</p>
    ${tier.next ? html`
      <p>${t('member.nextTier', { r: fmt(tier.next.remaining), name: tier.next.name })}</p>
      ${pct != null && html`<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
          aria-valuenow=${pct} aria-label=${t('member.progress', { name: tier.next.name })}>
        <span class="progress-fill" style=${{ width: `${pct}%` }}></span>
      </div>`}` : html`<p>${t('member.topTier')}</p>`}
  </section>`;
}

function History({ memberId, version }) {
  const [pages, setPages] = useState({ items: [], next: null, loading: true, error: null });
  async function load(before) {
    setPages((p) => ({ ...p, loading: true, error: null }));
    try {
      const r = await get(shopPath(`/members/${encodeURIComponent(memberId)}/transactions${query({ limit: 20, before })}`));
      setPages((p) => ({
        items: before == null ? r.transactions || [] : [...p.items, ...(r.transactions || [])],
        next: r.next_before ?? null,
        loading: false,
        error: null,
      }));
    } catch (error) {
      setPages((p) => ({ ...p, loading: false, error }));
    }
  }
  // A write on this page bumps `version`, so the newest entries show at once.
  useEffect(() => { load(undefined); }, [memberId, version]);
  const z = zone();
  return html`<section class="card">
    <h2>${t('member.history')}</h2>
    ${pages.error && html`<p class="error" role="alert">${errorText(pages.error)}</p>`}
    ${!pages.loading && !pages.items.length && !pages.error && html`<p class="muted">${t('member.noHistory')}</p>`}
    ${pages.items.length > 0 && html`<${TableWrap} label=${t('member.history')}>
      <table>
        <thead><tr>
          <th scope="col">${t('member.colDate')}</th><th scope="col">${t('member.colKind')}</th>
          <th scope="col" class="num">${t('member.colAvail')}</th><th scope="col" class="num">${t('member.colPending')}</th>
          <th scope="col">${t('member.colReason')}</th><th scope="col" class="num">${t('member.colBalance')}</th>
        </tr></thead>
        <tbody>
          ${pages.items.map((e) => html`<tr key=${e.entry_id}>
            <td class="nowrap">${formatDateTime(e.occurred_at, z)}</td>
            <td>${t(`kind.${e.kind}`)}</td>
            <td class=${`num ${e.available_delta < 0 ? 'neg' : ''}`}>${e.available_delta ? signed(e.available_delta) : ''}</td>
            <td class="num">${e.pending_delta ? signed(e.pending_delta) : ''}</td>
            <td>${e.reason}${e.ref && e.ref.id ? html`<div class="muted small mono">${e.ref.type}: ${e.ref.id}</div>` : ''}</td>
            <td class="num">${e.balance ? formatPoints(e.balance.available) : ''}</td>
          </tr>`)}
        </tbody>
      </table>
    </${TableWrap}>`}
    ${pages.next != null && html`<button type="button" disabled=${pages.loading} onClick=${() => load(pages.next)}>${t('common.more')}</button>`}
  </section>`;
}

function Grants({ memberId, version, onUse }) {
  const [state, setState] = useState({ items: [], next: null, error: null, loading: true });
  async function load(after) {
    setState((s) => ({ ...s, loading: true }));
    try {
      const r = await get(shopPath(`/grants${query({ member_id: memberId, limit: 50, after })}`));
      setState((s) => ({
        items: after == null ? r.grants || [] : [...s.items, ...(r.grants || [])],
        next: r.next_after ?? null, error: null, loading: false,
      }));
    } catch (error) {
      setState((s) => ({ ...s, error, loading: false }));
    }
  }
  useEffect(() => { load(undefined); }, [memberId, version]);
  const z = zone();
  const mayUse = can('use_grant');
  return html`<section class="card">
    <h2>${t('member.grants')}</h2>
    ${state.error && html`<p class="error" role="alert">${errorText(state.error)}</p>`}
    ${!state.loading && !state.items.length && !state.error && html`<p class="muted">${t('member.noGrants')}</p>`}
    ${state.items.length > 0 && html`<${TableWrap} label=${t('member.grants')}>
      <table>
        <thead><tr>
          <th scope="col">${t('grant.code')}</th><th scope="col">${t('grant.name')}</th>
          <th scope="col">${t('grant.status')}</th><th scope="col">${t('grant.issued')}</th>
          <th scope="col">${t('grant.expires')}</th>
          ${mayUse && html`<th scope="col"><span class="sr-only">${t('member.actions')}</span></th>`}
        </tr></thead>
        <tbody>
          ${state.items.map((g) => html`<tr key=${g.grant_id}>
            <td class="mono nowrap">${g.code}</td>
            <td>${g.name}</td>
            <td><span class=${`badge badge-${g.status}`}>${t(`status.${g.status}`)}</span>
              ${g.used_order && html`<div class="muted small">${g.used_order}</div>`}</td>
            <td class="nowrap">${formatDate(g.issued_at, z)}</td>
            <td class="nowrap">${g.expires_at ? formatDate(g.expires_at, z) : '—'}</td>
            ${mayUse && html`<td>${g.status === 'issued'
              && html`<button type="button" class="small" onClick=${() => onUse(g.code)}>${t('member.use')}</button>`}</td>`}
          </tr>`)}
        </tbody>
      </table>
    </${TableWrap}>`}
    ${state.next != null && html`<button type="button" disabled=${state.loading} onClick=${() => load(state.next)}>${t('common.more')}</button>`}
  </section>`;
}

export function MemberPage({ route }) {
  const id = route.params.id;
  const state = useLoader(() => get(shopPath(`/members/${encodeURIComponent(id)}`)), [id]);
  const [def, setDef] = useState(null);
  const [version, setVersion] = useState(0);
  const [grantCode, setGrantCode] = useState('');
  useEffect(() => { loadShopDef().then(setDef).catch(() => {}); }, []);

  // After a write: show the balance the server answered at once, then re-read
  // everything the write may have touched.
  function afterWrite(res) {
    if (res && res.points) {
      state.setData((m) => (m ? { ...m, points: { ...m.points, ...res.points } } : m));
    }
    state.reload();
    setVersion((v) => v + 1);
  }

  function pickGrant(code) {
    setGrantCode(code);
    const form = document.getElementById('use-grant');
    if (form) {
      form.scrollIntoView({ block: 'center' });
      const input = form.querySelector('input[name="order_id"]');
      if (input) input.focus();
    }
  }

  return html`<p><a href="#/members">${t('member.back')}</a></p>
    <${Loaded} state=${state}>${(m) => {
      const z = zone();
      const rewards = (def && def.rewards) || [];
      return html`
      <h1>${m.name || t('members.noName')}</h1>
      <p class="muted mono small">${m.member_id}</p>
      <div class="stats">
        <div class="stat card">
          <div class="stat-label">${t('member.available')}</div>
          <div class="stat-value" data-testid="member-balance">${formatPoints(m.points.available)}</div>
        </div>
        <div class="stat card">
          <div class="stat-label">${t('member.pending')}</div>
          <div class="stat-value" data-testid="member-pending">${formatPoints(m.points.pending)}</div>
        </div>
        <div class="stat card">
          <div class="stat-label">${t('member.lifetimeEarned')}</div>
          <div class="stat-value">${formatPoints(m.points.lifetime_earned)}</div>
        </div>
        <div class="stat card">
          <div class="stat-label">${t('member.spend')}</div>
          <div class="stat-value">${formatVnd(m.spend && m.spend.lifetime)}</div>
        </div>
      </div>

      <div class="grid-2">
        <${TierCard} member=${m} def=${def} />
        <section class="card">
          <h2>${t('member.expiring')}</h2>
          ${(m.expiring || []).length ? html`<ul class="plain">
            ${m.expiring.map((x) => html`<li key=${x.at}>${t('member.expiringRow', { p: formatPoints(x.points), d: formatDate(x.at, z) })}</li>`)}
          </ul>` : html`<p class="muted">${t('member.noExpiring')}</p>`}
        </section>
      </div>

      ${(can('redeem') || can('adjust') || can('claim') || can('use_grant')) && html`<div class="actions-grid">
        ${can('redeem') && html`<${RedeemForm} memberId=${m.member_id} onDone=${afterWrite} />`}
        ${can('claim') && html`<${ClaimForm} memberId=${m.member_id} rewards=${rewards} onDone=${afterWrite} />`}
        ${can('use_grant') && html`<${UseGrantForm} code=${grantCode} setCode=${setGrantCode} onDone=${afterWrite} />`}
        ${can('adjust') && html`<${AdjustForm} memberId=${m.member_id} onDone=${afterWrite} />`}
      </div>`}

      <${Grants} memberId=${m.member_id} version=${version} onUse=${pickGrant} />
      <${History} memberId=${m.member_id} version=${version} />

      <section class="card">
        <h2>${t('member.info')}</h2>
        <dl class="pairs">
          <dt>${t('member.phone')}</dt><dd>${m.phone ? formatPhone(m.phone) : m.phone_text || '—'}</dd>
          <dt>${t('member.email')}</dt><dd>${m.email || '—'}</dd>
          <dt>${t('member.birthday')}</dt><dd>${m.birthday ? m.birthday.split('-').reverse().join('/') : '—'}</dd>
          <dt>${t('member.group')}</dt><dd>${m.group || '—'}</dd>
          ${m.rfm && html`<dt>${t('member.segment')}</dt>
            <dd data-testid="member-segment">${t(`segment.${m.rfm.segment}`)}
              <div class="muted small">${t('member.rfmScores', { r: m.rfm.recency, f: m.rfm.frequency, m: m.rfm.monetary, n: formatPoints(m.rfm.orders) })}</div></dd>`}
          <dt>${t('member.created')}</dt><dd>${formatDate(m.created_at, z)}</dd>
          <dt>${t('member.refs')}</dt><dd>${(m.refs || []).length
            ? (m.refs || []).map((r) => html`<div key=${r.platform + r.customer_id} class="mono small">${r.platform}: ${r.customer_id}</div>`)
            : '—'}</dd>
        </dl>
      </section>

      ${(m.programs || []).length > 0 && html`<section class="card">
        <h2>${t('member.programs')}</h2>
        <${TableWrap} label=${t('member.programs')}>
          <table>
            <thead><tr>
              <th scope="col">${t('settle.program')}</th><th scope="col">${t('dist.spend')}</th>
              <th scope="col">${t('dist.units')}</th><th scope="col">${t('dist.band')}</th><th scope="col">${t('dist.next')}</th>
            </tr></thead>
            <tbody>${m.programs.map((p) => html`<tr key=${p.program_id}>
              <td>${p.program_id} <span class="muted small">${t(`dist.kind.${p.kind}`)} · ${p.period && p.period.key}</span></td>
              <td class="num nowrap">${formatVnd(p.spend)}</td>
              <td class="num">${p.units == null ? '—' : formatPoints(p.units)}</td>
              <td class="num">${p.band == null ? '—' : p.band}</td>
              <td>${p.next ? t('dist.remaining', { r: p.kind === 'volume' ? formatPoints(p.next.remaining) : formatVnd(p.next.remaining) }) : t('dist.top')}</td>
            </tr>`)}</tbody>
          </table>
        </${TableWrap}>
      </section>`}`;
    }}</${Loaded}>`;
}
