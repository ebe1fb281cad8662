// uPlot charts: points per day, and bars per category. uPlot draws on a canvas at a
// fixed size, so each chart follows its container's width through a ResizeObserver.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatDay, formatNumber } from '../format.js';

function dayToSeconds(s) {
  const [y, m, d] = s.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

function secondsToDay(ts) {
  const d = new Date(ts * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

// Draws `build(width)`'s uPlot in the box while `ready`, again when `deps` change, and
// resizes it with the box.
function usePlot(box, ready, height, build, deps) {
  useEffect(() => {
    const el = box.current;
    if (!el || !ready) return undefined;
    const width = () => Math.max(240, el.clientWidth);
    const plot = build(width(), el);
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => plot.setSize({ width: width(), height }));
    });
    ro.observe(el);
    return () => { ro.disconnect(); cancelAnimationFrame(frame); plot.destroy(); };
  }, deps);
}

// series: [{key, label, stroke}] naming fields of each day.
export function DaysChart({ days, series, label, xLabel, height = 260 }) {
  const box = useRef(null);
  usePlot(box, days && days.length, height, (width, el) => {
    const data = [
      days.map((d) => dayToSeconds(d.date)),
      ...series.map((s) => days.map((d) => Number(d[s.key] || 0))),
    ];
    const opts = {
      width,
      height,
      // Days are calendar dates of the shop: keep them in UTC so no browser zone
      // moves a bar to the neighbouring day.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: xLabel || ' ', value: (u, v) => (v == null ? '' : formatDay(secondsToDay(v))) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          fill: s.fill,
          width: 2,
          points: { show: false },
          value: (u, v) => (v == null ? '' : formatNumber(v)),
        })),
      ],
      axes: [
        { values: (u, splits) => splits.map((v) => formatDay(secondsToDay(v)).slice(0, 5)) },
        { values: (u, splits) => splits.map((v) => formatNumber(v)), size: 60 },
      ],
    };
    return new uPlot(opts, data, el);
  }, [days, series, xLabel, height]);
  return html`<div class="chart" ref=${box} role="img" aria-label=${label}></div>`;
}

// Horizontal bars, one row per category and one bar per series in it: category names
// stay readable down the side of a phone, where they would crowd a bottom axis.
// rows: [{label, ...}]; series: [{key, label, fill}] naming fields of each row.
export function BarsChart({ rows, series, label, testid }) {
  const box = useRef(null);
  const height = 40 + 34 * Math.max(1, rows.length);
  usePlot(box, rows.length > 0, height, (width, el) => {
    const data = [rows.map((r, i) => i), ...series.map((s) => rows.map((r) => Number(r[s.key] || 0)))];
    const share = 0.8 / series.length;
    const opts = {
      width,
      height,
      legend: { live: false },
      cursor: { show: false },
      scales: {
        // dir -1: the first row at the top, as in the table beside it.
        x: { time: false, ori: 1, dir: -1, range: [-0.5, rows.length - 0.5] },
        y: { ori: 0, range: (u, min, max) => [0, Math.max(1, max)] },
      },
      series: [
        { label: ' ' },
        ...series.map((s, i) => ({
          label: s.label,
          fill: s.fill,
          stroke: s.fill,
          width: 0,
          points: { show: false },
          // Each series takes its slice of the row: the first above the middle, the next below.
          paths: uPlot.paths.bars({ size: [share, 60], align: i === 0 ? -1 : 1 }),
        })),
      ],
      axes: [
        {
          side: 3,
          size: 130,
          splits: () => rows.map((r, i) => i),
          values: (u, splits) => splits.map((i) => (rows[i] ? rows[i].label : '')),
          grid: { show: false },
        },
        { side: 2, values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? formatNumber(v) : '')) },
      ],
    };
    return new uPlot(opts, data, el);
  }, [rows, series]);
  return html`<div class="chart bars-chart" ref=${box} role="img" aria-label=${label} data-testid=${testid}></div>`;
}
