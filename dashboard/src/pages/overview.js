// #/ "Tổng quan": the shop's figures at a glance (GET S/overview).
import { html } from 'htm/preact';
import { useMemo } from 'preact/hooks';
import { get, shopPath } from '../api.js';
import { formatNumber, formatPoints, formatVnd, formatPhone } from '../format.js';
import { getLang, t } from '../i18n.js';
import { memberHref } from '../router.js';
import { DaysChart } from '../components/chart.js';
import { Loaded, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

function Card({ label, value, sub }) {
  return html`<div class="stat card">
    <div class="stat-label">${label}</div>
    <div class="stat-value">${value}</div>
    ${sub && html`<div class="stat-sub">${sub}</div>`}
  </div>`;
}

function sum(days, key) {
  return days.reduce((n, d) => n + Number(d[key] || 0), 0);
}

export function OverviewPage() {
  const state = useLoader(() => get(shopPath('/overview')), []);
  const lang = getLang();
  const series = useMemo(() => [
    { key: 'earned', label: t('overview.earned'), stroke: '#1a7f37', fill: 'rgba(26,127,55,0.08)' },
    { key: 'redeemed', label: t('overview.redeemed'), stroke: '#0b5cad' },
    { key: 'expired', label: t('overview.expired'), stroke: '#b35900' },
  ], [lang]);

  return html`<h1>${t('overview.title')}</h1>
    <${Loaded} state=${state}>${(o) => {
      const days = o.days || [];
      const tiers = o.tiers || [];
      const top = o.top_members || [];
      const wh = o.webhooks_today || {};
      const tierMax = Math.max(1, ...tiers.map((x) => x.members || 0));
      return html`
      <div class="stats">
        <${Card} label=${t('overview.members')} value=${formatNumber(o.members)} />
        <${Card} label=${t('overview.active')} value=${formatNumber(o.active_30d)} />
        <${Card} label=${t('overview.points')} value=${formatPoints(o.points_available)}
          sub=${t('overview.pending', { n: formatPoints(o.points_pending) })} />
        <${Card} label=${t('overview.liability')}
          value=${o.liability_vnd == null ? '—' : formatVnd(o.liability_vnd)}
          sub=${o.point_value == null ? t('overview.noPointValue') : t('overview.pointValue', { v: formatVnd(o.point_value) })} />
      </div>

      <section class="card">
        <h2>${t('overview.chart')}</h2>
        <${DaysChart} days=${days} series=${series} label=${t('overview.chart')} xLabel=${t('overview.day')} />
        <p class="muted small">${t('overview.chartTotals', {
          e: formatPoints(sum(days, 'earned')), r: formatPoints(sum(days, 'redeemed')), x: formatPoints(sum(days, 'expired')),
        })}</p>
      </section>

      <div class="grid-2">
        <section class="card">
          <h2>${t('overview.tiers')}</h2>
          ${tiers.length ? html`<ul class="bars">
            ${tiers.map((x) => html`<li key=${x.tier}>
              <span class="bar-label">${x.tier}</span>
              <span class="bar-track" aria-hidden="true"><span class="bar-fill" style=${{ width: `${(100 * (x.members || 0)) / tierMax}%` }}></span></span>
              <span class="bar-value">${formatNumber(x.members)}</span>
            </li>`)}
          </ul>` : html`<p class="muted">${t('member.noTiers')}</p>`}
        </section>

        <section class="card">
          <h2>${t('overview.webhooks')}</h2>
          <dl class="pairs">
            <dt>${t('overview.received')}</dt><dd>${formatNumber(wh.received ?? 0)}</dd>
            <dt>${t('overview.quarantined')}</dt>
            <dd>${(wh.quarantined ?? 0) > 0
              ? html`<a href="#/connections" class="warn">${formatNumber(wh.quarantined)}</a>`
              : formatNumber(wh.quarantined ?? 0)}</dd>
          </dl>
        </section>
      </div>

      <section class="card">
        <h2>${t('overview.top')}</h2>
        <${TableWrap} label=${t('overview.top')}>
          <table>
            <thead><tr>
              <th scope="col">${t('members.name')}</th><th scope="col">${t('members.phone')}</th>
              <th scope="col">${t('members.tier')}</th><th scope="col" class="num">${t('members.available')}</th>
            </tr></thead>
            <tbody>
              ${top.map((m) => html`<tr key=${m.member_id}>
                <td><a href=${memberHref(m.member_id)}>${m.name || m.member_id}</a></td>
                <td class="nowrap">${formatPhone(m.phone)}</td>
                <td>${m.tier || ''}</td>
                <td class="num">${formatPoints(m.available)}</td>
              </tr>`)}
            </tbody>
          </table>
        </${TableWrap}>
      </section>`;
    }}</${Loaded}>`;
}
