// Vietnamese display formats. Kept free of DOM and i18n so node:test can run it as is.

// Grouping by hand rather than Intl.NumberFormat('vi-VN'): ICU builds differ (some
// put a narrow space or use "." only above 4 digits), and the dashboard must show
// exactly "1.234.567" everywhere. Accepts numbers and BigInt (int64 values beyond
// 2^53 would arrive as approximations anyway, but BigInt keeps tests honest).
export function formatNumber(n) {
  if (n === null || n === undefined || n === '') return '—';
  let neg = false;
  let digits;
  if (typeof n === 'bigint') {
    neg = n < BigInt(0);
    digits = (neg ? -n : n).toString();
  } else {
    const v = Math.trunc(Number(n));
    if (!Number.isFinite(v)) return '—';
    neg = v < 0;
    // Below 1e21 String() never switches to exponent notation.
    digits = Math.abs(v) < 1e21 ? String(Math.abs(v)) : BigInt(Math.abs(v)).toString();
  }
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (neg ? '-' : '') + grouped;
}

// A percentage to one decimal, the decimal dropped when it is 0 ("33,3%", "50%"); the decimal mark is the
// language's (',' in Vietnamese, '.' in English).
export function formatPercent(pct, decimal = ',') {
  const v = Math.round(Number(pct) * 10) / 10;
  return `${Number.isInteger(v) ? v : v.toFixed(1).replace('.', decimal)}%`;
}

export function formatVnd(n) {
  const s = formatNumber(n);
  return s === '—' ? s : s + ' ₫';
}

export const formatPoints = formatNumber;

// Server times are RFC 3339 strings; staff records may carry Unix seconds.
function toDate(v) {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v);
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const formatters = new Map();
function partsIn(date, zone, withTime) {
  const key = (zone || '') + (withTime ? '|t' : '|d');
  let f = formatters.get(key);
  if (!f) {
    const opts = { year: 'numeric', month: '2-digit', day: '2-digit' };
    if (withTime) Object.assign(opts, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: zone || 'Asia/Ho_Chi_Minh' });
    } catch {
      // An offset zone such as "+07:00" is valid for the shop but not for every Intl;
      // fall back to the Vietnamese zone rather than showing nothing.
      f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: 'Asia/Ho_Chi_Minh' });
    }
    formatters.set(key, f);
  }
  const out = {};
  for (const p of f.formatToParts(date)) out[p.type] = p.value;
  // Some engines answer "24" for midnight even with h23.
  if (out.hour === '24') out.hour = '00';
  return out;
}

export function formatDate(v, zone) {
  const d = toDate(v);
  if (!d) return '—';
  const p = partsIn(d, zone, false);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatDateTime(v, zone) {
  const d = toDate(v);
  if (!d) return '—';
  const p = partsIn(d, zone, true);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

// A calendar day ("2026-12-01") is already local to the shop: converting it through
// a zone could move it to the previous day.
export function formatDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s || ''));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}

// Parses what a person types in an integer field; anything else is kept as text so
// the server names the bad field in its answer.
export function parseInteger(text) {
  let t = String(text ?? '').replace(/\s/g, '');
  if (t === '') return undefined;
  // "10.000" is how Vietnamese write ten thousand; "1.5" is not an integer.
  if (/^-?\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, '');
  return /^-?\d+$/.test(t) ? Number(t) : String(text);
}

// Today's calendar date in the shop's zone, as "YYYY-MM-DD".
export function todayIn(zone, now = new Date()) {
  const [d, m, y] = formatDate(now, zone).split('/');
  return `${y}-${m}-${d}`;
}

// A Vietnamese number as people write it: +84912345678 → 0912 345 678 (landlines 024 3826 1234).
// Anything else (a foreign number, a placeholder kept as text) is shown as stored.
export function formatPhone(phone) {
  if (!phone) return '';
  const m = /^\+84(\d{9,10})$/.exec(phone);
  if (!m) return phone;
  const national = `0${m[1]}`;
  if (national.length === 10) return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  return `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
}
