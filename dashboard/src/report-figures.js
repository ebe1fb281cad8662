// The programme's reports (GET S/reports/{cohorts,repeat-purchase,liability,rewards,tiers}) as the
// reports page shows them. The server sends counts only; shares are worked out here, in integers
// (per mille), so 1 of 3 reads 33,3% on every browser. Free of DOM and i18n so node:test runs it.

import { formatPercent } from './format.js';

// part/whole as a percentage ("33,3%", "100%"), or "–" when there is no whole to share.
export function share(part, whole, decimal = ',') {
  const p = Number(part) || 0;
  const w = Number(whole) || 0;
  if (w <= 0) return '–';
  return formatPercent(Math.round((p * 1000) / w) / 10, decimal);
}

// Cohorts newest first (the latest month is what an owner checks), each with its retention
// month by month: {month, members, repeat, cells: [{count, share}]}; cell 0 is the cohort itself.
export function cohortRows(report, decimal = ',') {
  const cohorts = (report && Array.isArray(report.cohorts)) ? report.cohorts : [];
  return cohorts.slice().reverse().map((c) => {
    const members = Number(c.members) || 0;
    const retained = Array.isArray(c.retained) ? c.retained : [];
    return {
      month: c.month,
      members,
      repeat: share(c.repeat_members, members, decimal),
      cells: retained.map((n) => ({ count: Number(n) || 0, share: share(n, members, decimal) })),
    };
  });
}

// The widest cohort's number of months after its first: the table's columns.
export function cohortWidth(rows) {
  return rows.reduce((w, r) => Math.max(w, r.cells.length), 0);
}

// Month by month, what the points owed were at its end and what moved them.
export function liabilityRows(report) {
  const months = (report && Array.isArray(report.months)) ? report.months : [];
  return months.map((m) => ({
    label: m.month,
    month: m.month,
    earned: Number(m.earned) || 0,
    redeemed: Number(m.redeemed) || 0,
    expired: Number(m.expired) || 0,
    adjusted: Number(m.adjusted) || 0,
    available: Number(m.outstanding_available) || 0,
    pending: Number(m.outstanding_pending) || 0,
  }));
}

// Each tier with its redemption rate: points redeemed over points earned in the window, and the
// share of its members who redeemed.
export function tierRows(report, decimal = ',') {
  const tiers = (report && Array.isArray(report.tiers)) ? report.tiers : [];
  return tiers.map((t) => ({
    label: t.tier,
    tier: t.tier,
    members: Number(t.members) || 0,
    earned: Number(t.earned) || 0,
    redeemed: Number(t.redeemed) || 0,
    rate: share(t.redeemed, t.earned, decimal),
    redeemers: share(t.redeeming_members, t.members, decimal),
  }));
}

// The rewards most claimed, with the share of their claims already used.
export function rewardRows(report, decimal = ',') {
  const rewards = (report && Array.isArray(report.rewards)) ? report.rewards : [];
  return rewards.map((r) => ({
    label: r.name || r.reward_id,
    rewardId: r.reward_id,
    claims: Number(r.claims) || 0,
    used: Number(r.used) || 0,
    usedShare: share(r.used, r.claims, decimal),
    points: Number(r.points_spent) || 0,
  }));
}
