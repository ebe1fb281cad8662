// #/connections "Kết nối": platform sync state (GET S/sync), quarantined webhooks
// (GET /api/v1/quarantine) with replay and dismiss for owners, and the events sent to
// the shop's endpoints (GET S/events) with their failures sent again by owners.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { get, post, query, shopPath } from '../api.js';
import { formatDateTime, formatNumber } from '../format.js';
import { getSession, can, zone } from '../session.js';
import { t } from '../i18n.js';
import { Field, useBusy } from '../components/forms.js';
import { errorText, notify, notifyError, notifySuccess } from '../components/messages.js';
import { LoadError, Loading } from '../components/status.js';

function progress(c) {
  if (!c) return '—';
  return c.total == null ? formatNumber(c.done) : `${formatNumber(c.done)} / ${formatNumber(c.total)}`;
}

function Platform({ name, p }) {
  const z = zone();
  const pct = p.orders && p.orders.total ? Math.round((100 * p.orders.done) / p.orders.total) : null;
  return html`<section class="card platform">
    <h3>${name} <span class=${`badge badge-${p.state}`}>${t(`conn.state.${p.state}`)}</span></h3>
    <dl class="pairs">
      <dt>${t('conn.account')}</dt><dd>${p.account || '—'}${p.history && html` <span class="muted small">· ${t(`conn.history.${p.history}`)}</span>`}</dd>
      <dt>${t('conn.customers')}</dt><dd>${progress(p.customers)}</dd>
      <dt>${t('conn.orders')}</dt><dd>${progress(p.orders)}
        ${pct != null && html`<div class="progress small-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"
          aria-valuenow=${pct} aria-label=${t('conn.orders')}><span class="progress-fill" style=${{ width: `${Math.min(100, pct)}%` }}></span></div>`}</dd>
      <dt>${t('conn.lastReconciled')}</dt><dd>${p.last_reconciled_at == null ? '—' : formatDateTime(p.last_reconciled_at, z)}</dd>
      ${p.last_error && html`<dt>${t('conn.lastError')}</dt><dd class="error-text">${p.last_error}</dd>`}
    </dl>
    ${p.writes && html`<p class="muted small">${t('conn.writes', {
      pending: formatNumber(p.writes.pending), done: formatNumber(p.writes.done), failed: formatNumber(p.writes.failed),
    })}</p>`}
  </section>`;
}

function Sync() {
  const [state, setState] = useState({ data: null, error: null, noApps: false });
  useEffect(() => {
    get(shopPath('/sync'))
      .then((data) => setState({ data, error: null, noApps: false }))
      .catch((error) => setState({ data: null, error: error.status === 404 ? null : error, noApps: error.status === 404 }));
  }, []);
  if (state.noApps) return html`<p class="notice">${t('conn.noApps')}</p>`;
  if (state.error) return html`<${LoadError} error=${state.error} />`;
  if (!state.data) return html`<${Loading} />`;
  const platforms = Object.entries(state.data.platforms || {});
  if (!platforms.length) return html`<p class="muted">${t('conn.noPlatforms')}</p>`;
  return html`<div class="grid-2">${platforms.map(([name, p]) => html`<${Platform} key=${name} name=${name} p=${p} />`)}</div>`;
}

function Delivery({ d, onResolved }) {
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const { busy, run } = useBusy();
  const owner = can('quarantine');

  const replay = () => run(async () => {
    try {
      const r = await post(`/api/v1/quarantine/${d.quarantine_id}/replay`);
      notifySuccess(t('quarantine.replayed', { id: d.quarantine_id, outcome: (r && r.outcome) || '' }));
      onResolved(d.quarantine_id);
    } catch (err) { notifyError(err); }
  });
  const dismiss = (e) => {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonError(t('form.reasonRequired'));
      notify('error', t('form.reasonRequired'));
      return undefined;
    }
    setReasonError('');
    return run(async () => {
      try {
        await post(`/api/v1/quarantine/${d.quarantine_id}/dismiss`, { reason: reason.trim() });
        notifySuccess(t('quarantine.dismissed', { id: d.quarantine_id }));
        onResolved(d.quarantine_id);
      } catch (err) { notifyError(err); }
    });
  };

  return html`<li class="card delivery">
    <h3>#${d.quarantine_id} · ${d.platform}</h3>
    <p class="muted small">${t('quarantine.received')}: ${formatDateTime(d.received_at, zone())}</p>
    <p><strong>${t('quarantine.error')}:</strong> <span class="error-text">${d.error}</span></p>
    <details>
      <summary>${t('quarantine.body')}</summary>
      <pre class="body">${d.body != null ? d.body : d.body_base64}</pre>
    </details>
    ${owner && !dismissing && html`<div class="form-actions">
      <button type="button" class="primary" disabled=${busy} onClick=${replay}>${t('quarantine.replay')}</button>
      <button type="button" disabled=${busy} onClick=${() => setDismissing(true)}>${t('quarantine.dismiss')}</button>
    </div>`}
    ${owner && dismissing && html`<form onSubmit=${dismiss} novalidate>
      <${Field} label=${t('quarantine.reason')} name="reason" value=${reason} onInput=${setReason} error=${reasonError} autocomplete="off" />
      <div class="form-actions">
        <button type="submit" class="danger" disabled=${busy}>${t('quarantine.dismiss')}</button>
        <button type="button" onClick=${() => setDismissing(false)}>${t('common.cancel')}</button>
      </div>
    </form>`}
  </li>`;
}

function Quarantine() {
  const [state, setState] = useState({ items: [], next: null, error: null, loading: true });
  async function load(after) {
    setState((s) => ({ ...s, loading: true }));
    try {
      const r = await get(`/api/v1/quarantine${query({ shop_id: getSession().shop_id, limit: 50, after })}`);
      setState((s) => ({
        items: after == null ? r.deliveries || [] : [...s.items, ...(r.deliveries || [])],
        next: r.next_after ?? null, error: null, loading: false,
      }));
    } catch (error) {
      setState((s) => ({ ...s, error, loading: false }));
    }
  }
  useEffect(() => { load(undefined); }, []);
  const resolved = (id) => setState((s) => ({ ...s, items: s.items.filter((d) => d.quarantine_id !== id) }));
  return html`<section>
    <h2>${t('quarantine.title')}</h2>
    ${state.error && (state.error.status === 403
      ? html`<p class="muted">${errorText(state.error)}</p>`
      : html`<${LoadError} error=${state.error} onRetry=${() => load(undefined)} />`)}
    ${state.loading && !state.items.length && html`<${Loading} />`}
    ${!state.loading && !state.error && !state.items.length && html`<p class="muted">${t('quarantine.none')}</p>`}
    <ul class="plain">${state.items.map((d) => html`<${Delivery} key=${d.quarantine_id} d=${d} onResolved=${resolved} />`)}</ul>
    ${state.next != null && html`<button type="button" disabled=${state.loading} onClick=${() => load(state.next)}>${t('common.more')}</button>`}
  </section>`;
}

// Every connection's latest webhook, from the overview: known with or without the platform apps.
function Webhooks() {
  const [state, setState] = useState({ data: null, error: null });
  useEffect(() => {
    get(shopPath('/overview')).then((data) => setState({ data, error: null })).catch((error) => setState({ data: null, error }));
  }, []);
  if (state.error) return html`<${LoadError} error=${state.error} />`;
  if (!state.data) return html`<${Loading} />`;
  const z = zone();
  const rows = state.data.connections || [];
  const today = state.data.webhooks_today;
  return html`<section class="card" data-testid="webhooks">
    <h2>${t('conn.webhooks')}</h2>
    ${rows.length === 0 ? html`<p class="muted">${t('conn.noConnections')}</p>` : html`<dl class="pairs">
      ${rows.map((c) => html`<dt>${c.platform}</dt>
        <dd>${c.last_delivery_at == null ? t('conn.never') : formatDateTime(c.last_delivery_at, z)}</dd>`)}
    </dl>`}
    <p class="muted small">${t('conn.today', { received: formatNumber(today.received), quarantined: formatNumber(today.quarantined) })}</p>
  </section>`;
}

// Deliveries to the shop's endpoints: the backlog, and the failed ones to send again.
function Events() {
  const [state, setState] = useState({ data: null, error: null });
  const { busy, run } = useBusy();
  const load = () => get(shopPath(`/events${query({ status: 'failed', limit: 50 })}`))
    .then((data) => setState({ data, error: null })).catch((error) => setState({ data: null, error }));
  useEffect(() => { load(); }, []);
  if (state.error) return html`<${LoadError} error=${state.error} onRetry=${load} />`;
  if (!state.data) return html`<${Loading} />`;
  const z = zone();
  const b = state.data.backlog;
  const owner = can('quarantine');
  const replay = (d) => run(async () => {
    try {
      await post(shopPath(`/events/${d.event_id}/replay`));
      notifySuccess(t('events.replayed', { id: d.event_id }));
      await load();
    } catch (err) { notifyError(err); }
  });
  return html`<section class="card" data-testid="events">
    <h2>${t('events.title')}</h2>
    <p>${t('events.backlog', { pending: formatNumber(b.pending), delivered: formatNumber(b.delivered), failed: formatNumber(b.failed) })}</p>
    ${b.oldest_pending_at && html`<p class="muted small">${t('events.oldest', { at: formatDateTime(b.oldest_pending_at, z) })}</p>`}
    ${state.data.deliveries.length === 0 ? html`<p class="muted">${t('events.none')}</p>` : html`<ul class="plain">
      ${state.data.deliveries.map((d) => html`<li class="delivery" key=${d.delivery_id}>
        <h3>#${d.event_id} · ${d.type}</h3>
        <p class="muted small">${d.endpoint} · ${formatDateTime(d.created_at, z)} · ${t('events.attempts', { n: formatNumber(d.attempts) })}</p>
        ${d.last_error && html`<p class="error-text">${d.last_error}</p>`}
        ${owner && html`<div class="form-actions"><button type="button" disabled=${busy} onClick=${() => replay(d)}>${t('events.replay')}</button></div>`}
      </li>`)}
    </ul>`}
  </section>`;
}

export function ConnectionsPage() {
  return html`<h1>${t('conn.title')}</h1>
    <${Webhooks} />
    <${Sync} />
    <${Events} />
    <${Quarantine} />`;
}
