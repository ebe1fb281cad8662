// #/distributors "Nhà phân phối": each distributor programme's leaderboard
// (GET S/programs/{id}/leaderboard) and, for owners, settling a closed period
// (POST S/periods/settle).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { get, post, shopPath } from '../api.js';
import { formatDate, formatDateTime, formatPoints, formatVnd } from '../format.js';
import { t } from '../i18n.js';
import { memberHref } from '../router.js';
import { can, zone } from '../session.js';
import { distributorPrograms, loadShopDef } from '../shopdef.js';
import { Field, SelectField, SubmitButton, useBusy } from '../components/forms.js';
import { notify, notifyError, notifySuccess } from '../components/messages.js';
import { LoadError, Loaded, Loading, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

function nextText(kind, next) {
  if (!next) return t('dist.top');
  const r = kind === 'volume' ? formatPoints(next.remaining) : formatVnd(next.remaining);
  return t('dist.remaining', { r });
}

function Standings({ kind, standings, label }) {
  if (!standings.length) return html`<p class="muted">${t('dist.empty')}</p>`;
  return html`<${TableWrap} label=${label}>
    <table>
      <thead><tr>
        <th scope="col" class="num">${t('dist.rank')}</th>
        <th scope="col">${t('dist.member')}</th>
        <th scope="col" class="num">${t('dist.spend')}</th>
        ${kind === 'volume' && html`<th scope="col" class="num">${t('dist.units')}</th>`}
        <th scope="col" class="num">${t('dist.band')}</th>
        <th scope="col">${t('dist.next')}</th>
        <th scope="col" class="num">${t('dist.points')}</th>
        <th scope="col" class="num">${t('dist.rebate')}</th>
      </tr></thead>
      <tbody>${standings.map((s, i) => {
        const pct = s.next && s.next.threshold > 0
          ? Math.round(100 * Math.min(1, Math.max(0, (s.next.threshold - s.next.remaining) / s.next.threshold))) : null;
        return html`<tr key=${s.member_id}>
          <td class="num">${s.rank ?? i + 1}</td>
          <td><a href=${memberHref(s.member_id)}>${s.name || s.member_id}</a></td>
          <td class="num nowrap">${formatVnd(s.spend)}</td>
          ${kind === 'volume' && html`<td class="num">${s.units == null ? '—' : formatPoints(s.units)}</td>`}
          <td class="num">${s.band == null ? '—' : s.band}</td>
          <td class="nowrap">${nextText(kind, s.next)}
            ${pct != null && html`<div class="progress small-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"
              aria-valuenow=${pct} aria-label=${t('dist.next')}><span class="progress-fill" style=${{ width: `${pct}%` }}></span></div>`}</td>
          <td class="num">${formatPoints(s.points)}</td>
          <td class="num nowrap">${s.rebate ? formatVnd(s.rebate) : '—'}</td>
        </tr>`;
      })}</tbody>
    </table>
  </${TableWrap}>`;
}

function Leaderboard({ program }) {
  const state = useLoader(() => get(shopPath(`/programs/${encodeURIComponent(program.program_id)}/leaderboard`)), [program.program_id]);
  const z = zone();
  return html`<section class="card">
    <h2>${program.program_id} <span class="muted small">${t(`dist.kind.${program.kind}`)}</span></h2>
    ${state.error ? html`<${LoadError} error=${state.error} onRetry=${state.reload} />`
      : !state.data ? html`<${Loading} />`
      : html`<p class="muted small">${t('dist.period', {
          key: state.data.period.key, from: formatDate(state.data.period.from, z), to: formatDate(state.data.period.to, z),
        })} · ${state.data.settled_at ? t('dist.settledAt', { d: formatDateTime(state.data.settled_at, z) }) : t('dist.notSettled')}</p>
        <${Standings} kind=${state.data.kind || program.kind} standings=${state.data.standings || []} label=${program.program_id} />`}
  </section>`;
}

function SettleForm({ programs }) {
  const [period, setPeriod] = useState('');
  const [programId, setProgramId] = useState('');
  const [report, setReport] = useState(null);
  const [error, setError] = useState('');
  const { busy, run } = useBusy();
  async function onSubmit(e) {
    e.preventDefault();
    if (!period.trim()) {
      setError(t('form.required', { f: t('settle.period') }));
      notify('error', t('form.required', { f: t('settle.period') }));
      return;
    }
    setError('');
    await run(async () => {
      try {
        const body = { period: period.trim() };
        if (programId) body.program_id = programId;
        const r = await post(shopPath('/periods/settle'), body);
        setReport(r);
        notifySuccess(t('settle.done', { key: (r.period && r.period.key) || body.period }));
      } catch (err) {
        notifyError(err);
      }
    });
  }
  const z = zone();
  return html`<section class="card">
    <form onSubmit=${onSubmit} novalidate>
      <h2>${t('settle.title')}</h2>
      <div class="row">
        <${Field} label=${t('settle.period')} name="period" value=${period} onInput=${setPeriod} error=${error}
          placeholder="2026-Q4" autocomplete="off" />
        <${SelectField} label=${t('settle.program')} name="program_id" value=${programId} onChange=${setProgramId}
          options=${[{ value: '', label: t('settle.allPrograms') }, ...programs.map((p) => ({ value: p.program_id, label: p.program_id }))]} />
      </div>
      <${SubmitButton} busy=${busy} label=${t('settle.submit')} />
    </form>
    ${report && html`<div class="report">
      <h3>${t('settle.report', { key: report.period ? report.period.key : '' })}</h3>
      ${(report.programs || []).map((p) => html`<div key=${p.program_id} class="item">
        <h4>${p.program_id} <span class="muted small">${t(`dist.kind.${p.kind}`)}</span></h4>
        <p class="muted small">${p.already_settled ? `${t('settle.already')} · ` : ''}${p.settled_at ? t('dist.settledAt', { d: formatDateTime(p.settled_at, z) }) : ''}</p>
        <${Standings} kind=${p.kind} standings=${p.standings || []} label=${p.program_id} />
      </div>`)}
    </div>`}
  </section>`;
}

export function DistributorsPage() {
  const state = useLoader(() => loadShopDef(), []);
  return html`<h1>${t('dist.title')}</h1>
    <${Loaded} state=${state}>${(def) => {
      const programs = distributorPrograms(def);
      if (!programs.length) return html`<p class="muted">${t('dist.none')}</p>`;
      return html`${programs.map((p) => html`<${Leaderboard} key=${p.program_id} program=${p} />`)}
        ${can('settle') && html`<${SettleForm} programs=${programs} />`}`;
    }}</${Loaded}>`;
}
