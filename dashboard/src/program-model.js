// The programme page's logic without the DOM: which sections changed, where a
// server error belongs, and a client-side estimate of what an order earns.

// Sections the page edits. Connections and ids are never sent back: the server
// keeps stored secrets only when they are left out.
export const EDITED_SECTIONS = ['earn', 'tiers', 'rules', 'bonuses', 'pending_days', 'expiry', 'redeem', 'rewards'];

export function clone(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

// Drops keys whose value is undefined or an empty optional object, the way the
// form leaves them when a person clears a field.
export function prune(v) {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      out[k] = prune(x);
    }
    return out;
  }
  return v;
}

// RFC 7396 at the top level: a changed section is sent whole (arrays are
// replaced whole anyway), a removed one as null, an unchanged one not at all.
export function diffPatch(original, draft, sections = EDITED_SECTIONS) {
  const patch = {};
  for (const k of sections) {
    const a = original ? original[k] : undefined;
    const b = draft ? prune(draft[k]) : undefined;
    const emptyObj = b && typeof b === 'object' && !Array.isArray(b) && Object.keys(b).length === 0;
    const next = b === undefined || emptyObj ? undefined : b;
    if (JSON.stringify(a) === JSON.stringify(next)) continue;
    if (next === undefined) {
      if (a !== undefined) patch[k] = null;
    } else {
      patch[k] = next;
    }
  }
  return patch;
}

// "patch.tiers.levels[1].threshold must be above ..." names the input whose
// data-path is tiers.levels[1].threshold. The longest known path that the message
// starts with wins, and it must end at a word boundary so that rules[1] never
// claims a message about rules[10].
export function errorPathFor(message, paths) {
  let msg = String(message || '');
  while (/^(patch|shop)\./.test(msg)) msg = msg.replace(/^(patch|shop)\./, '');
  let best = null;
  for (const p of paths) {
    if (!p || !msg.startsWith(p)) continue;
    const next = msg.charAt(p.length);
    if (next && /[A-Za-z0-9_]/.test(next)) continue;
    if (!best || p.length > best.length) best = p;
  }
  return best;
}

export function splitList(text) {
  const items = String(text || '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export function joinList(list) {
  return Array.isArray(list) ? list.join(', ') : '';
}

const int = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// What a basket of `amount` with no lines earns for a member of tier `tierName`
// (no customer group) under the programme `def`, on local date `today`
// ("YYYY-MM-DD"). It follows docs/program.md "Earning an order" and "Checkout
// quote": the tier discount comes off first; then base, whole-order rules, cap.
// Per-line rules (SKUs, categories, per unit) cannot apply to a basket without
// lines. Returns null when the programme cannot earn (no valid rate).
export function estimateEarn(def, amount, tierName, today) {
  const rate = int(def && def.earn && def.earn.spend_per_point);
  const A0 = int(amount);
  if (!rate || rate < 1 || A0 == null || A0 < 0) return null;
  const levels = (def.tiers && Array.isArray(def.tiers.levels)) ? def.tiers.levels : [];
  const level = levels.find((l) => l.name === tierName) || levels[0] || null;
  const M = level && int(level.earn_multiplier_pct) != null ? level.earn_multiplier_pct : 100;

  let A = A0;
  if (level && int(level.discount_pct)) {
    if (!(int(level.min_order) && A0 < level.min_order)) {
      let d = Math.floor((A0 * level.discount_pct) / 100);
      if (int(level.discount_cap)) d = Math.min(d, level.discount_cap);
      A = A0 - d;
    }
  }

  const base = Math.floor((A * M) / (100 * rate));
  let rulePoints = 0;
  let bestMult = null;
  for (const r of def.rules || []) {
    if (r.tiers && r.tiers.length && !(level && r.tiers.includes(level.name))) continue;
    if (r.groups && r.groups.length) continue;
    if (r.from && today < String(r.from).slice(0, 10)) continue;
    if (r.to && today >= String(r.to).slice(0, 10)) continue;
    if (int(r.min_order) && A < r.min_order) continue;
    const lineRule = (r.skus && r.skus.length) || (r.categories && r.categories.length);
    let pts = 0;
    if (int(r.multiplier_pct) != null) {
      if (lineRule) continue;
      // Multipliers never stack: the highest whole-order one wins, the earlier on a tie.
      if (!bestMult || r.multiplier_pct > bestMult.multiplier_pct) bestMult = r;
      continue;
    } else if (int(r.points_per_order) != null) {
      pts = r.points_per_order;
    } else {
      continue;
    }
    if (int(r.max_points) != null) pts = Math.min(pts, r.max_points);
    rulePoints += pts;
  }
  if (bestMult) {
    let pts = Math.floor((A * (bestMult.multiplier_pct - 100) * M) / (100 * 100 * rate));
    if (int(bestMult.max_points) != null) pts = Math.min(pts, bestMult.max_points);
    rulePoints += pts;
  }
  let total = base + rulePoints;
  const cap = int(def.earn.max_points_per_order);
  if (cap != null) total = Math.min(total, cap);
  return total;
}
