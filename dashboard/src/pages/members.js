// #/members "Khách hàng": search the directory (GET S/directory), export it as CSV.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { get, query, shopPath } from '../api.js';
import { formatDate, formatPoints, formatVnd, formatPhone } from '../format.js';
import { t } from '../i18n.js';
import { hashFor, memberHref, navigate } from '../router.js';
import { zone } from '../session.js';
import { loadShopDef, tierLevels } from '../shopdef.js';
import { Field, SelectField } from '../components/forms.js';
import { Loaded, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

const LIMIT = 20;

export function MembersPage({ route }) {
  const q = route.query.q || '';
  const tier = route.query.tier || '';
  const group = route.query.group || '';
  const offset = Math.max(0, parseInt(route.query.offset || '0', 10) || 0);

  // The form holds what is being typed; the hash holds what was searched.
  const [form, setForm] = useState({ q, tier, group });
  useEffect(() => setForm({ q, tier, group }), [q, tier, group]);

  const [levels, setLevels] = useState([]);
  useEffect(() => {
    // Without the definition the tier filter just offers "all"; not worth an error.
    loadShopDef().then((d) => setLevels(tierLevels(d))).catch(() => {});
  }, []);

  const state = useLoader(
    () => get(shopPath(`/directory${query({ q, tier, group, limit: LIMIT, offset })}`)),
    [q, tier, group, offset],
  );

  function onSubmit(e) {
    e.preventDefault();
    const next = { q: form.q.trim(), tier: form.tier, group: form.group.trim(), offset: 0 };
    const target = hashFor('/members', next);
    // Same search again: the hash does not change, so reload by hand.
    if (target === location.hash) state.reload();
    else navigate('/members', next);
  }

  const csv = shopPath(`/directory.csv${query({ q, tier, group })}`);
  const tierOptions = [{ value: '', label: t('common.all') },
    ...levels.map((l) => ({ value: l.name, label: l.name }))];
  if (tier && !levels.some((l) => l.name === tier)) tierOptions.push({ value: tier, label: tier });

  return html`<h1>${t('members.title')}</h1>
    <form class="card search" role="search" onSubmit=${onSubmit}>
      <${Field} label=${t('members.q')} name="q" type="search" value=${form.q} class="grow"
        onInput=${(v) => setForm({ ...form, q: v })} autocomplete="off" />
      <${SelectField} label=${t('members.tier')} name="tier" value=${form.tier} options=${tierOptions}
        onChange=${(v) => setForm({ ...form, tier: v })} />
      <${Field} label=${t('members.group')} name="group" value=${form.group}
        onInput=${(v) => setForm({ ...form, group: v })} autocomplete="off" />
      <div class="form-actions">
        <button type="submit" class="primary">${t('common.search')}</button>
        <a class="button" href=${csv} download="members.csv">${t('members.export')}</a>
      </div>
    </form>
    <${Loaded} state=${state}>${(page) => {
      const members = page.members || [];
      const total = page.total || 0;
      const pages = Math.max(1, Math.ceil(total / LIMIT));
      const current = Math.floor(offset / LIMIT) + 1;
      const go = (o) => navigate('/members', { q, tier, group, offset: o });
      return html`<p class="muted" aria-live="polite">${t('members.total', { n: formatPoints(total) })}</p>
        <${TableWrap} label=${t('members.title')} testid="search-results">
          ${members.length === 0 ? html`<p class="empty">${t('members.empty')}</p>` : html`<table class="members">
            <thead><tr>
              <th scope="col">${t('members.name')}</th>
              <th scope="col">${t('members.phone')}</th>
              <th scope="col">${t('members.tier')}</th>
              <th scope="col">${t('members.group')}</th>
              <th scope="col" class="num">${t('members.available')}</th>
              <th scope="col" class="num">${t('members.pending')}</th>
              <th scope="col" class="num">${t('members.spend')}</th>
              <th scope="col">${t('members.created')}</th>
            </tr></thead>
            <tbody>
              ${members.map((m) => html`<tr key=${m.member_id}>
                <td><a href=${memberHref(m.member_id)}>${m.name || t('members.noName')}</a>
                  <div class="muted small mono">${m.member_id}</div></td>
                <td class="nowrap">${m.phone ? formatPhone(m.phone) : m.phone_text || ''}</td>
                <td>${m.tier || ''}</td>
                <td>${m.group || ''}</td>
                <td class="num">${formatPoints(m.available)}</td>
                <td class="num">${formatPoints(m.pending)}</td>
                <td class="num nowrap">${formatVnd(m.lifetime_spend)}</td>
                <td class="nowrap">${formatDate(m.created_at, zone())}</td>
              </tr>`)}
            </tbody>
          </table>`}
        </${TableWrap}>
        ${pages > 1 && html`<nav class="pager" aria-label=${t('members.page', { p: current, n: pages })}>
          <button type="button" disabled=${offset === 0} onClick=${() => go(Math.max(0, offset - LIMIT))}>${t('members.prev')}</button>
          <span>${t('members.page', { p: current, n: pages })}</span>
          <button type="button" disabled=${offset + LIMIT >= total} onClick=${() => go(offset + LIMIT)}>${t('members.next')}</button>
        </nav>`}`;
    }}</${Loaded}>`;
}
