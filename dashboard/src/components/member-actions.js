// The member page's write forms. Each keeps one idempotency key from the moment it
// is shown until its call succeeds (see useIdempotentSubmit).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { post, shopPath } from '../api.js';
import { formatPoints } from '../format.js';
import { t } from '../i18n.js';
import { Field, NumberField, SelectField, SubmitButton, useBusy, useIdempotentSubmit } from './forms.js';
import { notify, notifyError, notifySuccess } from './messages.js';

function parsePoints(text) {
  const s = String(text).replace(/\s/g, '');
  return /^-?\d+$/.test(s) ? Number(s) : NaN;
}

function PointsForm({ memberId, kind, onDone }) {
  const isRedeem = kind === 'redeem';
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState({});
  const path = shopPath(`/members/${encodeURIComponent(memberId)}/${isRedeem ? 'redemptions' : 'adjustments'}`);
  const { busy, submit } = useIdempotentSubmit((key, body) => post(path, { ...body, idempotency_key: key }));

  async function onSubmit(e) {
    e.preventDefault();
    const n = parsePoints(points);
    const errs = {};
    if (!Number.isSafeInteger(n) || (isRedeem ? n <= 0 : n === 0)) {
      errs.points = t(isRedeem ? 'form.pointsPositive' : 'form.pointsNonZero');
    }
    if (!reason.trim()) errs.reason = t('form.reasonRequired');
    setErrors(errs);
    if (Object.keys(errs).length) {
      notify('error', Object.values(errs).join('. '));
      return;
    }
    try {
      const res = await submit({ points: n, reason: reason.trim() });
      if (!res) return;
      setPoints('');
      setReason('');
      notifySuccess(t(isRedeem ? 'redeem.done' : 'adjust.done', {
        p: formatPoints(n), b: formatPoints(res.points && res.points.available),
      }));
      onDone(res);
    } catch (err) {
      notifyError(err);
    }
  }

  const tid = (s) => (isRedeem ? `redeem-${s}` : undefined);
  return html`<form class="card action" onSubmit=${onSubmit} novalidate data-testid=${isRedeem ? 'redeem-form' : 'adjust-form'}>
    <h2>${t(isRedeem ? 'redeem.title' : 'adjust.title')}</h2>
    <${NumberField} label=${t(isRedeem ? 'redeem.points' : 'adjust.points')} name="points" value=${points}
      onInput=${setPoints} error=${errors.points} testid=${tid('points')} required />
    <${Field} label=${t(isRedeem ? 'redeem.reason' : 'adjust.reason')} name="reason" value=${reason}
      onInput=${setReason} error=${errors.reason} testid=${tid('reason')} required autocomplete="off" />
    <${SubmitButton} busy=${busy} label=${t(isRedeem ? 'redeem.submit' : 'adjust.submit')} testid=${tid('submit')} />
  </form>`;
}

export const RedeemForm = (p) => html`<${PointsForm} ...${p} kind="redeem" />`;
export const AdjustForm = (p) => html`<${PointsForm} ...${p} kind="adjust" />`;

export function ClaimForm({ memberId, rewards, onDone }) {
  const [rewardId, setRewardId] = useState('');
  const chosen = rewardId || (rewards[0] && rewards[0].reward_id) || '';
  const { busy, submit } = useIdempotentSubmit((key, id) => post(shopPath('/rewards/claim'), {
    member_id: memberId, reward_id: id, idempotency_key: key,
  }));
  async function onSubmit(e) {
    e.preventDefault();
    if (!chosen) return;
    try {
      const res = await submit(chosen);
      if (!res) return;
      notifySuccess(t('claim.done', {
        name: res.grant ? res.grant.name : chosen,
        code: res.grant ? res.grant.code : '',
        b: formatPoints(res.points && res.points.available),
      }));
      onDone(res);
    } catch (err) {
      notifyError(err);
    }
  }
  if (!rewards.length) {
    return html`<section class="card action"><h2>${t('claim.title')}</h2><p class="muted">${t('claim.none')}</p></section>`;
  }
  return html`<form class="card action" onSubmit=${onSubmit} data-testid="claim-form">
    <h2>${t('claim.title')}</h2>
    <${SelectField} label=${t('claim.reward')} name="reward_id" value=${chosen} onChange=${setRewardId}
      options=${rewards.map((r) => ({ value: r.reward_id, label: t('claim.option', { name: r.name, p: formatPoints(r.cost_points) }) }))} />
    <${SubmitButton} busy=${busy} label=${t('claim.submit')} />
  </form>`;
}

// Using a grant is idempotent per order on the server, so no key is needed.
export function UseGrantForm({ code, setCode, onDone }) {
  const [orderId, setOrderId] = useState('');
  const [errors, setErrors] = useState({});
  const { busy, run } = useBusy();
  async function onSubmit(e) {
    e.preventDefault();
    const errs = {};
    if (!code.trim()) errs.code = t('form.required', { f: t('use.code') });
    if (!orderId.trim()) errs.order = t('form.required', { f: t('use.order') });
    setErrors(errs);
    if (Object.keys(errs).length) { notify('error', Object.values(errs).join('. ')); return; }
    await run(async () => {
      try {
        const g = await post(shopPath('/grants/use'), { code: code.trim(), order_id: orderId.trim() });
        notifySuccess(t('use.done', { code: (g && g.code) || code.trim(), order: orderId.trim() }));
        setOrderId('');
        setCode('');
        onDone(g);
      } catch (err) {
        notifyError(err);
      }
    });
  }
  return html`<form class="card action" id="use-grant" onSubmit=${onSubmit} novalidate data-testid="use-grant-form">
    <h2>${t('use.title')}</h2>
    <${Field} label=${t('use.code')} name="code" value=${code} onInput=${setCode} error=${errors.code}
      autocomplete="off" class="mono-input" />
    <${Field} label=${t('use.order')} name="order_id" value=${orderId} onInput=${setOrderId} error=${errors.order}
      autocomplete="off" />
    <${SubmitButton} busy=${busy} label=${t('use.submit')} />
  </form>`;
}
