// #/games?member= "Trò chơi": the shop's games from its definition (GET S, games[]),
// a member's standing in each (GET S/games/{id}?member_id=) and the plays made
// (GET S/games/{id}/plays, oldest first, paged with `after`).
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { get, query, shopPath } from '../api.js';
import { formatDate, formatDateTime, formatNumber, formatPercent, formatPoints, formatVnd } from '../format.js';
import { oddsShares, prizeShares, windowState } from '../game-model.js';
import { t } from '../i18n.js';
import { hashFor, memberHref, navigate } from '../router.js';
import { zone } from '../session.js';
import { loadShopDef } from '../shopdef.js';
import { Field } from '../components/forms.js';
import { LoadError, Loaded, Loading, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

const gamePath = (game, rest = '') => shopPath(`/games/${encodeURIComponent(game.id)}${rest}`);

const rewardName = (id, rewards) => (rewards.find((r) => r.reward_id === id) || {}).name;

function prizeGives(p, rewards) {
  if (Number(p.points) > 0) return t('common.points', { n: formatPoints(p.points) });
  if (p.reward_id) return rewardName(p.reward_id, rewards) || p.reward_id;
  return t('games.nothing');
}

function Rules({ game }) {
  const z = zone();
  const w = game.window;
  const per = game.plays_per_order;
  const audience = [...(game.tiers || []), ...(game.groups || []), ...(game.segments || []).map((s) => t(`segment.${s}`))];
  return html`<dl class="pairs">
    <dt>${t('games.window')}</dt>
    <dd>${w ? t('games.windowRange', { from: w.from ? formatDate(w.from, z) : '…', to: w.to ? formatDate(w.to, z) : '…' })
      : t('games.noLimit')}</dd>
    <dt>${t('games.cost')}</dt>
    <dd>${game.cost_points ? t('common.points', { n: formatPoints(game.cost_points) }) : t('games.noCost')}</dd>
    ${per && html`<dt>${t('games.perOrder')}</dt>
      <dd>${t('games.perOrderRule', { amount: formatVnd(per.min_amount), n: formatNumber(per.plays ?? 1) })}</dd>`}
    ${game.budget && game.budget.points_per_day != null && html`<dt>${t('games.budget')}</dt>
      <dd>${formatPoints(game.budget.points_per_day)}</dd>`}
    <dt>${t('games.audience')}</dt><dd>${audience.length ? audience.join(', ') : t('games.everyone')}</dd>
  </dl>`;
}

// The prizes as configured; with a member's status, also the odds in force now
// (a prize sold out or at its daily limit drops out of the draw).
function Prizes({ game, rewards, odds }) {
  const now = odds ? oddsShares(odds) : null;
  return html`<${TableWrap} label=${t('games.prizes')} testid=${`prizes-${game.id}`}>
    <table>
      <thead><tr>
        <th scope="col">${t('games.prize')}</th><th scope="col">${t('games.gives')}</th>
        <th scope="col" class="num">${t('games.share')}</th>
        ${now && html`<th scope="col" class="num">${t('games.oddsNow')}</th>`}
        <th scope="col" class="num">${t('games.stock')}</th><th scope="col" class="num">${t('games.dailyLimit')}</th>
      </tr></thead>
      <tbody>${prizeShares(game).map((p) => html`<tr key=${p.id}>
        <td>${p.name || (p.reward_id && rewardName(p.reward_id, rewards)) || p.id}</td>
        <td>${prizeGives(p, rewards)}</td>
        <td class="num">${formatPercent(p.share)}</td>
        ${now && html`<td class="num">${formatPercent(now[p.id] || 0)}</td>`}
        <td class="num">${p.stock == null ? '—' : formatNumber(p.stock)}</td>
        <td class="num">${p.daily_limit == null ? '—' : formatNumber(p.daily_limit)}</td>
      </tr>`)}</tbody>
    </table>
  </${TableWrap}>`;
}

// The engine's refusal by its code, in the dashboard's language; its own (English) message only for a code
// this page does not know yet.
function refusalText(s) {
  if (!s.refusal_reason) return s.refusal || '';
  const key = `games.refusal.${s.refusal_reason}`;
  const text = t(key, { cost: formatNumber(s.cost_points) });
  return text === key ? s.refusal || '' : text;
}

function MemberStatus({ game, memberId, status }) {
  if (status.error) return html`<${LoadError} error=${status.error} onRetry=${status.reload} />`;
  if (!status.data) return html`<${Loading} />`;
  const s = status.data;
  return html`<div class="item" data-testid=${`status-${game.id}`}>
    <h3><a href=${memberHref(memberId)}>${t('games.status', { id: memberId })}</a></h3>
    <p class=${s.can_play ? 'ok' : 'warn'}>${s.can_play ? t('games.canPlay') : t('games.cannotPlay', { why: refusalText(s) })}</p>
    <dl class="pairs"><dt>${t('games.playsLeft')}</dt><dd>${formatNumber(s.plays_left)}</dd></dl>
  </div>`;
}

function Plays({ game, memberId, rewards }) {
  const [list, setList] = useState({ plays: [], next: null, loading: true, error: null });
  async function load(after) {
    setList((l) => ({ ...l, loading: true, error: null }));
    try {
      const r = await get(gamePath(game, `/plays${query({ member_id: memberId, limit: 20, after })}`));
      setList((l) => ({
        plays: after == null ? r.plays || [] : [...l.plays, ...(r.plays || [])], next: r.next_after ?? null, loading: false, error: null,
      }));
    } catch (error) {
      setList((l) => ({ ...l, loading: false, error }));
    }
  }
  useEffect(() => { load(undefined); }, [game.id, memberId]);
  const z = zone();
  return html`<div class="item">
    <h3>${t('games.plays')} <span class="muted small">${t('games.playsHint')}</span></h3>
    ${list.error && html`<${LoadError} error=${list.error} onRetry=${() => load(undefined)} />`}
    ${!list.loading && !list.error && !list.plays.length && html`<p class="muted">${t('games.noPlays')}</p>`}
    ${list.plays.length > 0 && html`<${TableWrap} label=${t('games.plays')} testid=${`plays-${game.id}`}>
      <table>
        <thead><tr>
          <th scope="col">${t('games.colTime')}</th><th scope="col">${t('games.colMember')}</th>
          <th scope="col">${t('games.colPrize')}</th><th scope="col">${t('games.colPaid')}</th>
          <th scope="col" class="num">${t('games.colDraw')}</th>
        </tr></thead>
        <tbody>${list.plays.map((p) => html`<tr key=${p.play_id}>
          <td class="nowrap">${formatDateTime(p.played_at, z)}</td>
          <td><a href=${memberHref(p.member_id)} class="mono small">${p.member_id}</a></td>
          <td>${p.prize ? p.prize.name || prizeGives(p.prize, rewards) : t('games.nothing')}</td>
          <td class="nowrap">${p.order_id ? t('games.paidOrder', { id: p.order_id }) : t('common.points', { n: formatPoints(p.points_spent) })}</td>
          <td class="num">${formatNumber(p.draw)}</td>
        </tr>`)}</tbody>
      </table>
    </${TableWrap}>`}
    ${list.next != null && html`<button type="button" disabled=${list.loading} onClick=${() => load(list.next)}>${t('common.more')}</button>`}
  </div>`;
}

function Game({ game, rewards, memberId }) {
  const status = useLoader(
    () => (memberId ? get(gamePath(game, query({ member_id: memberId }))) : Promise.resolve(null)),
    [game.id, memberId],
  );
  const state = windowState(game);
  return html`<section class="card" data-testid=${`game-${game.id}`}>
    <h2>${game.name || game.id} <span class="muted small">${t(`games.kind.${game.kind}`)} · ${t(`games.state.${state}`)}</span></h2>
    <${Rules} game=${game} />
    <${Prizes} game=${game} rewards=${rewards} odds=${memberId && status.data ? status.data.odds : null} />
    ${memberId && html`<${MemberStatus} game=${game} memberId=${memberId} status=${status} />`}
    <${Plays} game=${game} memberId=${memberId} rewards=${rewards} />
  </section>`;
}

export function GamesPage({ route }) {
  const memberId = route.query.member || '';
  const [typed, setTyped] = useState(memberId);
  useEffect(() => setTyped(memberId), [memberId]);
  const state = useLoader(() => loadShopDef(), []);
  function onSubmit(e) {
    e.preventDefault();
    const next = { member: typed.trim() };
    if (hashFor('/games', next) !== location.hash) navigate('/games', next);
  }
  return html`<h1>${t('games.title')}</h1>
    <form class="card search" onSubmit=${onSubmit} data-testid="games-member-form">
      <${Field} label=${t('games.member')} name="member_id" value=${typed} class="grow" onInput=${setTyped} autocomplete="off" />
      <div class="form-actions"><button type="submit" class="primary">${t('games.check')}</button></div>
    </form>
    <${Loaded} state=${state}>${(def) => {
      const games = def.games || [];
      if (!games.length) return html`<p class="muted">${t('games.none')}</p>`;
      return games.map((g) => html`<${Game} key=${g.id} game=${g} rewards=${def.rewards || []} memberId=${memberId} />`);
    }}</${Loaded}>`;
}
