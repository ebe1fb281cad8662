// The shop definition (GET S) is read by several pages (tiers for filters, rewards
// for claims, programmes); keep one copy per session and refresh it after a save.
import { get, shopPath } from './api.js';

let cached = null;

export function loadShopDef(force = false) {
  if (!cached || force) {
    cached = get(shopPath('')).catch((err) => { cached = null; throw err; });
  }
  return cached;
}

export function setShopDef(def) { cached = Promise.resolve(def); }

export function tierLevels(def) {
  return (def && def.tiers && Array.isArray(def.tiers.levels)) ? def.tiers.levels : [];
}

// Distributor programmes that have standings (a per-order volume bonus has none).
export function distributorPrograms(def) {
  if (!def) return [];
  return [
    ...(def.volume_bonuses || []).filter((p) => p.period !== 'order').map((p) => ({ ...p, kind: 'volume' })),
    ...(def.targets || []).map((p) => ({ ...p, kind: 'target' })),
    ...(def.rankings || []).map((p) => ({ ...p, kind: 'ranking', period: p.period || 'year' })),
  ];
}

// Share of the way from the member's level to the next, 0..1, or null when it
// cannot be told. `remaining` is in the tier basis's unit, as are thresholds.
export function tierProgress(tier, levels, spend) {
  if (!tier || !tier.next) return null;
  const remaining = Math.max(0, Number(tier.next.remaining) || 0);
  const next = levels.find((l) => l.name === tier.next.name);
  const cur = levels.find((l) => l.name === tier.name);
  const clamp = (x) => Math.min(1, Math.max(0, x));
  if (next) {
    const from = cur ? Number(cur.threshold) || 0 : 0;
    const to = Number(next.threshold) || 0;
    if (to > from) return clamp((to - remaining - from) / (to - from));
  }
  if (spend && spend.qualifying != null) {
    const q = Math.max(0, Number(spend.qualifying) || 0);
    return q + remaining > 0 ? clamp(q / (q + remaining)) : null;
  }
  return null;
}
