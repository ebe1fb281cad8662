// uPlot chart of points per day. uPlot draws on a canvas at a fixed size, so the
// chart follows its container's width through a ResizeObserver.
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

// series: [{key, label, stroke}] naming fields of each day.
export function DaysChart({ days, series, label, xLabel, height = 260 }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !days || !days.length) return undefined;
    const data = [
      days.map((d) => dayToSeconds(d.date)),
      ...series.map((s) => days.map((d) => Number(d[s.key] || 0))),
    ];
    const width = () => Math.max(240, el.clientWidth);
    const opts = {
      width: width(),
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
    const plot = new uPlot(opts, data, el);
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => plot.setSize({ width: width(), height }));
    });
    ro.observe(el);
    return () => { ro.disconnect(); cancelAnimationFrame(frame); plot.destroy(); };
  }, [days, series, xLabel, height]);
  return html`<div class="chart" ref=${box} role="img" aria-label=${label}></div>`;
}
