// #/segments "Phân khúc": members per RFM segment this month beside last month
// (GET S/reports/segments) as bars and as a table, and the same rows as CSV
// (?format=csv, a download link the session cookie authorizes).
import { html } from 'htm/preact';
import { useMemo } from 'preact/hooks';
import { get, shopPath } from '../api.js';
import { formatDateTime, formatNumber } from '../format.js';
import { getLang, t } from '../i18n.js';
import { segmentRows, segmentTotals, signedChange } from '../segment-report.js';
import { zone } from '../session.js';
import { BarsChart } from '../components/chart.js';
import { Loaded, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

function Report({ report }) {
  const lang = getLang();
  const rows = useMemo(
    () => segmentRows(report).map((r) => ({ ...r, label: t(`segment.${r.segment}`) })),
    [report, lang],
  );
  const series = useMemo(() => [
    { key: 'members', label: t('segments.thisMonth', { month: report.month }), fill: '#0b5cad' },
    { key: 'previous', label: t('segments.lastMonth', { month: report.previous_month }), fill: '#9db8d9' },
  ], [report, lang]);
  const total = segmentTotals(rows);
  return html`
    <p class="muted">${t('segments.month', { month: report.month, previous: report.previous_month })}${' · '}${report.computed_at
      ? t('segments.computedAt', { d: formatDateTime(report.computed_at, zone()) }) : t('segments.notComputed')}</p>
    <section class="card">
      <h2>${t('segments.chart')}</h2>
      <${BarsChart} rows=${rows} series=${series} label=${t('segments.chart')} testid="segments-chart" />
      <p><a class="button" href=${shopPath('/reports/segments?format=csv')} download="segments.csv"
        data-testid="segments-csv">${t('segments.export')}</a></p>
    </section>
    <section class="card">
      <${TableWrap} label=${t('segments.title')} testid="segments-table">
        <table>
          <thead><tr>
            <th scope="col">${t('segments.segment')}</th>
            <th scope="col" class="num">${report.month}</th><th scope="col" class="num">${report.previous_month}</th>
            <th scope="col" class="num">${t('segments.change')}</th>
          </tr></thead>
          <tbody>${rows.map((r) => html`<tr key=${r.segment} data-segment=${r.segment}>
            <td>${r.label}</td>
            <td class="num">${formatNumber(r.members)}</td>
            <td class="num">${formatNumber(r.previous)}</td>
            <td class=${`num ${r.change < 0 ? 'neg' : ''}`}>${signedChange(r.change, formatNumber)}</td>
          </tr>`)}</tbody>
          <tfoot><tr>
            <th scope="row">${t('segments.total')}</th>
            <td class="num">${formatNumber(total.members)}</td><td class="num">${formatNumber(total.previous)}</td>
            <td class="num">${signedChange(total.members - total.previous, formatNumber)}</td>
          </tr></tfoot>
        </table>
      </${TableWrap}>
    </section>`;
}

export function SegmentsPage() {
  const state = useLoader(() => get(shopPath('/reports/segments')), []);
  return html`<h1>${t('segments.title')}</h1>
    <${Loaded} state=${state}>${(report) => html`<${Report} report=${report} />`}</${Loaded}>`;
}
