// The segment report (GET S/reports/segments) as the page shows it: rows in the
// report's order (the grid's, best first) with each segment's change since last month.
// Free of DOM and i18n so node:test runs it as is.

export function segmentRows(report) {
  const rows = (report && Array.isArray(report.segments)) ? report.segments : [];
  return rows.map((r) => {
    const members = Number(r.members) || 0;
    const previous = Number(r.previous_month_members) || 0;
    return { segment: r.segment, members, previous, change: members - previous };
  });
}

export function segmentTotals(rows) {
  return rows.reduce((t, r) => ({ members: t.members + r.members, previous: t.previous + r.previous }),
    { members: 0, previous: 0 });
}

// "+3", "-2", "0": a change is read at a glance only with its sign.
export function signedChange(n, format = String) {
  return n > 0 ? `+${format(n)}` : format(n);
}
