// A game of the shop document (GET S, `games[]`, docs/games.md) and a member's status
// in it, as the games page shows them. Free of DOM and i18n so node:test runs it as is.

// Each prize's share of the draw in percent, from the weights configured. The odds
// in force leave out what is sold out (gameOdds).
export function prizeShares(game) {
  const prizes = (game && Array.isArray(game.prizes)) ? game.prizes : [];
  const total = prizes.reduce((n, p) => n + (Number(p.weight) || 0), 0);
  return prizes.map((p) => ({
    ...p,
    share: total > 0 ? (100 * (Number(p.weight) || 0)) / total : 0,
    empty: !(Number(p.points) > 0) && !p.reward_id,
  }));
}

// The odds a status reports ([{prize_id, weight}]) as {prize_id: percent}.
export function oddsShares(odds) {
  const list = Array.isArray(odds) ? odds : [];
  const total = list.reduce((n, o) => n + (Number(o.weight) || 0), 0);
  const out = {};
  for (const o of list) out[o.prize_id] = total > 0 ? (100 * (Number(o.weight) || 0)) / total : 0;
  return out;
}

// Whether `now` is in the game's window; bounds are ISO dates or times (a bare date is
// read as the start of that day in the shop's zone by the server; here as UTC, which
// is close enough to label a game open or closed and never decides a play).
export function windowState(game, now = new Date()) {
  const w = game && game.window;
  if (!w) return 'always';
  const at = (s) => (s ? new Date(s).getTime() : null);
  const from = at(w.from);
  const to = at(w.to);
  if (from != null && now.getTime() < from) return 'upcoming';
  if (to != null && now.getTime() >= to) return 'ended';
  return 'open';
}
