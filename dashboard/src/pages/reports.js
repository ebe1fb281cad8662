// #/reports "Báo cáo": the programme's reports over the last N months (6, 12 or 24): points owed at
// each month's end (GET S/reports/liability), customers who come back (cohorts, repeat-purchase),
// the rewards most claimed (rewards) and the redemption rate of each tier (tiers). Each has its
// CSV (?format=csv, a download link the session cookie authorizes).
import { html } from 'htm/preact';
import { useMemo, useState } from 'preact/hooks';
import { get, query, shopPath } from '../api.js';
import { formatNumber, formatPoints } from '../format.js';
import { getLang, t } from '../i18n.js';
import { cohortRows, cohortWidth, liabilityRows, rewardRows, tierRows } from '../report-figures.js';
import { BarsChart } from '../components/chart.js';
import { Loaded, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

const windows = [6, 12, 24];
const decimal = () => (getLang() === 'en' ? '.' : ',');
const reportPath = (name, months, extra = {}) => shopPath(`/reports/${name}${query({ months, ...extra })}`);

function Csv({ name, months, testid }) {
  return html`<p><a class="button" href=${reportPath(name, months, { format: 'csv' })} download=${`${name}.csv`}
    data-testid=${testid}>${t('reports.csv')}</a></p>`;
}

function Liability({ report, months }) {
  const lang = getLang();
  const rows = useMemo(() => liabilityRows(report), [report]);
  const series = useMemo(() => [
    { key: 'available', label: t('reports.available'), fill: '#0b5cad' },
    { key: 'pending', label: t('reports.pending'), fill: '#9db8d9' },
  ], [lang]);
  return html`<section class="card" data-testid="report-liability">
    <h2>${t('reports.liability')}</h2>
    <p class="muted">${t('reports.liabilityNote')}</p>
    <${BarsChart} rows=${rows} series=${series} label=${t('reports.liability')} testid="liability-chart" />
    <${TableWrap} label=${t('reports.liability')} testid="liability-table">
      <table>
        <thead><tr>
          <th scope="col">${t('reports.month')}</th><th scope="col" class="num">${t('reports.earned')}</th>
          <th scope="col" class="num">${t('reports.redeemed')}</th><th scope="col" class="num">${t('reports.expired')}</th>
          <th scope="col" class="num">${t('reports.adjusted')}</th><th scope="col" class="num">${t('reports.available')}</th>
          <th scope="col" class="num">${t('reports.pending')}</th>
        </tr></thead>
        <tbody>${rows.map((r) => html`<tr key=${r.month} data-month=${r.month}>
          <td>${r.month}</td><td class="num">${formatPoints(r.earned)}</td><td class="num">${formatPoints(r.redeemed)}</td>
          <td class="num">${formatPoints(r.expired)}</td><td class="num">${formatPoints(r.adjusted)}</td>
          <td class="num">${formatPoints(r.available)}</td><td class="num">${formatPoints(r.pending)}</td>
        </tr>`)}</tbody>
      </table>
    </${TableWrap}>
    <${Csv} name="liability" months=${months} testid="liability-csv" />
  </section>`;
}

function Returning({ cohorts, repeat, months }) {
  const rows = useMemo(() => cohortRows(cohorts, decimal()), [cohorts, getLang()]);
  const width = cohortWidth(rows);
  return html`<section class="card" data-testid="report-cohorts">
    <h2>${t('reports.returning')}</h2>
    <p data-testid="repeat-summary">${t('reports.repeatSummary', {
      repeat: formatNumber(repeat.repeat_customers), customers: formatNumber(repeat.customers),
      orders: formatNumber(repeat.orders) })}</p>
    <p class="muted">${t('reports.cohortNote')}</p>
    <${TableWrap} label=${t('reports.cohorts')} testid="cohort-table">
      <table>
        <thead><tr>
          <th scope="col">${t('reports.cohort')}</th><th scope="col" class="num">${t('reports.members')}</th>
          <th scope="col" class="num">${t('reports.repeat')}</th>
          ${Array.from({ length: Math.max(0, width - 1) }, (_, k) => html`<th scope="col" class="num">+${k + 1}</th>`)}
        </tr></thead>
        <tbody>${rows.map((r) => html`<tr key=${r.month} data-cohort=${r.month}>
          <td>${r.month}</td><td class="num">${formatNumber(r.members)}</td><td class="num">${r.repeat}</td>
          ${r.cells.slice(1).map((c) => html`<td class="num" title=${formatNumber(c.count)}>${c.share}</td>`)}
        </tr>`)}</tbody>
      </table>
    </${TableWrap}>
    <${Csv} name="cohorts" months=${months} testid="cohorts-csv" />
  </section>`;
}

function Rewards({ report, months }) {
  const rows = useMemo(() => rewardRows(report, decimal()), [report, getLang()]);
  return html`<section class="card" data-testid="report-rewards">
    <h2>${t('reports.rewards')}</h2>
    ${rows.length === 0 ? html`<p class="muted">${t('reports.noClaims')}</p>` : html`
      <${TableWrap} label=${t('reports.rewards')} testid="rewards-table">
        <table>
          <thead><tr>
            <th scope="col">${t('reports.reward')}</th><th scope="col" class="num">${t('reports.claims')}</th>
            <th scope="col" class="num">${t('reports.used')}</th><th scope="col" class="num">${t('reports.points')}</th>
          </tr></thead>
          <tbody>${rows.map((r) => html`<tr key=${r.rewardId} data-reward=${r.rewardId}>
            <td>${r.label}</td><td class="num">${formatNumber(r.claims)}</td>
            <td class="num">${formatNumber(r.used)} (${r.usedShare})</td><td class="num">${formatPoints(r.points)}</td>
          </tr>`)}</tbody>
        </table>
      </${TableWrap}>`}
    <${Csv} name="rewards" months=${months} testid="rewards-csv" />
  </section>`;
}

function Tiers({ report, months }) {
  const lang = getLang();
  const rows = useMemo(() => tierRows(report, decimal()), [report, lang]);
  const series = useMemo(() => [
    { key: 'earned', label: t('reports.earned'), fill: '#0b5cad' },
    { key: 'redeemed', label: t('reports.redeemed'), fill: '#e08a00' },
  ], [lang]);
  return html`<section class="card" data-testid="report-tiers">
    <h2>${t('reports.tiers')}</h2>
    ${rows.length === 0 ? html`<p class="muted">${t('reports.noTiers')}</p>` : html`
      <${BarsChart} rows=${rows} series=${series} label=${t('reports.tiers')} testid="tiers-chart" />
      <${TableWrap} label=${t('reports.tiers')} testid="tiers-table">
        <table>
          <thead><tr>
            <th scope="col">${t('reports.tier')}</th><th scope="col" class="num">${t('reports.members')}</th>
            <th scope="col" class="num">${t('reports.earned')}</th><th scope="col" class="num">${t('reports.redeemed')}</th>
            <th scope="col" class="num">${t('reports.rate')}</th><th scope="col" class="num">${t('reports.redeemers')}</th>
          </tr></thead>
          <tbody>${rows.map((r) => html`<tr key=${r.tier} data-tier=${r.tier}>
            <td>${r.tier}</td><td class="num">${formatNumber(r.members)}</td><td class="num">${formatPoints(r.earned)}</td>
            <td class="num">${formatPoints(r.redeemed)}</td><td class="num">${r.rate}</td><td class="num">${r.redeemers}</td>
          </tr>`)}</tbody>
        </table>
      </${TableWrap}>`}
    <${Csv} name="tiers" months=${months} testid="tiers-csv" />
  </section>`;
}

export function ReportsPage() {
  const [months, setMonths] = useState(12);
  const state = useLoader(async () => {
    const [liability, cohorts, repeat, rewards, tiers] = await Promise.all(
      ['liability', 'cohorts', 'repeat-purchase', 'rewards', 'tiers'].map((name) => get(reportPath(name, months))));
    return { liability, cohorts, repeat, rewards, tiers };
  }, [months]);
  return html`<h1>${t('reports.title')}</h1>
    <p class="segmented" role="group" aria-label=${t('reports.window')}>
      ${windows.map((n) => html`<button type="button" aria-pressed=${n === months} data-months=${n}
        onClick=${() => setMonths(n)}>${t('reports.months', { n })}</button>`)}
    </p>
    <${Loaded} state=${state}>${(r) => html`
      <p class="muted" data-testid="report-window">${t('reports.range', { from: r.liability.from, to: r.liability.to })}</p>
      <${Liability} report=${r.liability} months=${months} />
      <${Returning} cohorts=${r.cohorts} repeat=${r.repeat} months=${months} />
      <${Rewards} report=${r.rewards} months=${months} />
      <${Tiers} report=${r.tiers} months=${months} />`}</${Loaded}>`;
}
