// #/program "Chương trình" (owners): edit the shop definition section by section and
// save the changed sections with one JSON Merge Patch (PATCH S).
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { patch, shopPath } from '../api.js';
import { parseInteger } from '../format.js';
import { t } from '../i18n.js';
import { can } from '../session.js';
import { loadShopDef, setShopDef } from '../shopdef.js';
import { clone, diffPatch, errorPathFor, joinList, splitList } from '../program-model.js';
import { Field, NumberField, SelectField, useBusy } from '../components/forms.js';
import { notify, notifyError, notifySuccess } from '../components/messages.js';
import { ProgramPreview } from '../components/program-preview.js';
import { Forbidden, Loaded, useLoader } from '../components/status.js';

const RULE_KINDS = ['multiplier_pct', 'points_per_order', 'points_per_unit'];
const REWARD_KINDS = ['gift', 'voucher_amount', 'voucher_pct', 'free_units'];

function showInt(v) { return v === undefined || v === null ? '' : String(v); }

// A comma-separated list keeps its own text while typed, so "a, " does not lose
// its trailing comma on the next keystroke; it re-reads the array when the array
// changes under it (a row removed above).
function ListField({ label, value, onChange, path }) {
  const [text, setText] = useState(joinList(value));
  useEffect(() => {
    if (JSON.stringify(splitList(text)) !== JSON.stringify(value)) setText(joinList(value));
  }, [JSON.stringify(value)]);
  return html`<${Field} label=${label} value=${text} path=${path} autocomplete="off"
    onInput=${(v) => { setText(v); onChange(splitList(v)); }} />`;
}

function GroupError({ error }) {
  return error ? html`<p class="field-error" role="alert">${error}</p>` : null;
}

function ProgramForm({ def, onSaved }) {
  const [draft, setDraft] = useState(() => clone(def));
  const [fieldError, setFieldError] = useState(null); // {path, message}
  const [formError, setFormError] = useState('');
  const [savedVersion, setSavedVersion] = useState(0);
  const formRef = useRef(null);
  const { busy, run } = useBusy();

  const edit = (fn) => setDraft((prev) => { const d = clone(prev); fn(d); return d; });
  const err = (path) => (fieldError && fieldError.path === path ? fieldError.message : undefined);
  const int = (path, get, set, props = {}) => html`<${NumberField} path=${path} value=${showInt(get(draft))}
    error=${err(path)} onInput=${(v) => edit((d) => set(d, parseInteger(v)))} ...${props} />`;

  const dirty = Object.keys(diffPatch(def, draft)).length > 0;

  async function onSubmit(e) {
    e.preventDefault();
    const body = diffPatch(def, draft);
    setFieldError(null);
    setFormError('');
    if (!Object.keys(body).length) { notify('success', t('program.noChanges')); return; }
    await run(async () => {
      try {
        const next = await patch(shopPath(''), body);
        setShopDef(next);
        onSaved(next);
        setDraft(clone(next));
        setSavedVersion((v) => v + 1);
        notifySuccess(t('program.saved'));
      } catch (error) {
        if (error.status === 400) {
          const paths = [...formRef.current.querySelectorAll('[data-path]')].map((el) => el.getAttribute('data-path'));
          const path = errorPathFor(error.message, paths);
          if (path) {
            setFieldError({ path, message: error.message });
            const el = formRef.current.querySelector(`[data-path="${CSS.escape(path)}"]`);
            if (el) {
              if (typeof el.focus === 'function' && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.focus();
              else el.scrollIntoView({ block: 'center' });
            }
          } else {
            setFormError(error.message);
          }
        }
        notifyError(error);
      }
    });
  }

  const levels = (draft.tiers && draft.tiers.levels) || [];
  const rules = draft.rules || [];
  const rewards = draft.rewards || [];
  const expiryMode = !draft.expiry ? 'never' : (draft.expiry.at === 'end_of_year' ? 'end_of_year' : 'months');

  return html`<form ref=${formRef} onSubmit=${onSubmit} novalidate class="program">
    ${formError && html`<p class="form-error" role="alert">${formError}</p>`}

    <${ProgramPreview} saved=${def} draft=${draft} savedVersion=${savedVersion} />

    <fieldset class="card" data-path="earn">
      <legend>${t('program.earn')}</legend>
      <${GroupError} error=${err('earn')} />
      <div class="row">
        ${int('earn.spend_per_point', (d) => d.earn && d.earn.spend_per_point,
          (d, v) => { d.earn = d.earn || {}; d.earn.spend_per_point = v; },
          { label: t('program.spendPerPoint'), testid: 'earn-rate', name: 'spend_per_point', required: true })}
        ${int('earn.max_points_per_order', (d) => d.earn && d.earn.max_points_per_order,
          (d, v) => { d.earn = d.earn || {}; d.earn.max_points_per_order = v; },
          { label: t('program.maxPerOrder'), hint: t('common.optional') })}
      </div>
    </fieldset>

    <fieldset class="card" data-path="tiers">
      <legend>${t('program.tiers')}</legend>
      <${GroupError} error=${err('tiers') || err('tiers.levels')} />
      ${!levels.length && html`<p class="muted">${t('program.noTiers')}</p>`}
      ${levels.map((l, i) => {
        const p = `tiers.levels[${i}]`;
        return html`<div class="item" data-path=${p} key=${i}>
          <${GroupError} error=${err(p)} />
          <div class="row">
            <${Field} label=${t('program.tierName')} path=${`${p}.name`} value=${l.name} error=${err(`${p}.name`)}
              onInput=${(v) => edit((d) => { d.tiers.levels[i].name = v; })} />
            ${int(`${p}.threshold`, (d) => d.tiers.levels[i].threshold, (d, v) => { d.tiers.levels[i].threshold = v; }, { label: t('program.threshold') })}
            ${int(`${p}.earn_multiplier_pct`, (d) => d.tiers.levels[i].earn_multiplier_pct, (d, v) => { d.tiers.levels[i].earn_multiplier_pct = v; }, { label: t('program.multiplier') })}
            ${int(`${p}.discount_pct`, (d) => d.tiers.levels[i].discount_pct, (d, v) => { d.tiers.levels[i].discount_pct = v; }, { label: t('program.discount') })}
          </div>
          <button type="button" class="danger small" onClick=${() => edit((d) => {
            d.tiers.levels.splice(i, 1);
            // A tiers section needs at least one level: no levels means no tiers.
            if (!d.tiers.levels.length) delete d.tiers;
          })}>${t('program.removeTier', { name: l.name || i + 1 })}</button>
        </div>`;
      })}
      <button type="button" onClick=${() => edit((d) => {
        if (!d.tiers) d.tiers = { levels: [] };
        const last = d.tiers.levels[d.tiers.levels.length - 1];
        d.tiers.levels.push({ name: '', threshold: last ? (Number(last.threshold) || 0) + 1 : 0 });
      })}>${t('program.addTier')}</button>
    </fieldset>

    <fieldset class="card" data-path="rules">
      <legend>${t('program.rules')}</legend>
      <${GroupError} error=${err('rules')} />
      ${!rules.length && html`<p class="muted">${t('program.noRules')}</p>`}
      ${rules.map((r, i) => {
        const p = `rules[${i}]`;
        const kind = RULE_KINDS.find((k) => r[k] !== undefined) || 'multiplier_pct';
        return html`<div class="item" data-path=${p} key=${i}>
          <${GroupError} error=${err(p)} />
          <div class="row">
            <${Field} label=${t('program.ruleId')} path=${`${p}.rule_id`} value=${r.rule_id} error=${err(`${p}.rule_id`)}
              onInput=${(v) => edit((d) => { d.rules[i].rule_id = v; })} autocomplete="off" />
            <${SelectField} label=${t('program.ruleKind')} value=${kind}
              options=${RULE_KINDS.map((k) => ({ value: k, label: t(`program.kind.${k}`) }))}
              onChange=${(k) => edit((d) => {
                const v = d.rules[i][kind];
                for (const x of RULE_KINDS) delete d.rules[i][x];
                d.rules[i][k] = v;
              })} />
            ${int(`${p}.${kind}`, (d) => d.rules[i][kind], (d, v) => { d.rules[i][kind] = v; }, { label: t('program.ruleValue') })}
            <${Field} label=${t('program.ruleFrom')} path=${`${p}.from`} value=${r.from || ''} placeholder="2027-01-29"
              error=${err(`${p}.from`)} onInput=${(v) => edit((d) => { d.rules[i].from = v.trim() || undefined; })} />
            <${Field} label=${t('program.ruleTo')} path=${`${p}.to`} value=${r.to || ''} placeholder="2027-02-12"
              error=${err(`${p}.to`)} onInput=${(v) => edit((d) => { d.rules[i].to = v.trim() || undefined; })} />
          </div>
          <div class="row">
            <${ListField} label=${t('program.ruleSkus')} path=${`${p}.skus`} value=${r.skus}
              onChange=${(v) => edit((d) => { d.rules[i].skus = v; })} />
            <${ListField} label=${t('program.ruleCategories')} path=${`${p}.categories`} value=${r.categories}
              onChange=${(v) => edit((d) => { d.rules[i].categories = v; })} />
          </div>
          ${(err(`${p}.skus`) || err(`${p}.categories`)) && html`<${GroupError} error=${err(`${p}.skus`) || err(`${p}.categories`)} />`}
          <button type="button" class="danger small" onClick=${() => edit((d) => {
            d.rules.splice(i, 1);
            if (!d.rules.length) delete d.rules;
          })}>${t('program.removeRule', { id: r.rule_id || i + 1 })}</button>
        </div>`;
      })}
      <button type="button" onClick=${() => edit((d) => {
        d.rules = d.rules || [];
        d.rules.push({ rule_id: '', multiplier_pct: 200 });
      })}>${t('program.addRule')}</button>
    </fieldset>

    <fieldset class="card" data-path="bonuses">
      <legend>${t('program.bonuses')}</legend>
      <${GroupError} error=${err('bonuses')} />
      <div class="row">
        ${[['welcome', 'program.welcome'], ['first_order', 'program.firstOrder'], ['birthday', 'program.birthday']].map(([k, label]) =>
          int(`bonuses.${k}`, (d) => d.bonuses && d.bonuses[k], (d, v) => { d.bonuses = d.bonuses || {}; d.bonuses[k] = v; }, { label: t(label) }))}
      </div>
    </fieldset>

    <div class="grid-2">
      <fieldset class="card">
        <legend>${t('program.pending')}</legend>
        ${int('pending_days', (d) => d.pending_days, (d, v) => { d.pending_days = v; }, { label: t('program.pendingDays') })}
      </fieldset>

      <fieldset class="card" data-path="expiry">
        <legend>${t('program.expiry')}</legend>
        <${GroupError} error=${err('expiry')} />
        <${SelectField} label=${t('program.expiryMode')} value=${expiryMode} path="expiry.at"
          error=${err('expiry.at')}
          options=${[
            { value: 'never', label: t('program.expiryNever') },
            { value: 'months', label: t('program.expiryMonths') },
            { value: 'end_of_year', label: t('program.expiryEndOfYear') },
          ]}
          onChange=${(m) => edit((d) => {
            if (m === 'never') delete d.expiry;
            else if (m === 'end_of_year') d.expiry = { at: 'end_of_year' };
            else d.expiry = { months: (def.expiry && def.expiry.months) || 12 };
          })} />
        ${expiryMode === 'months' && int('expiry.months', (d) => d.expiry && d.expiry.months,
          (d, v) => { d.expiry = { months: v }; }, { label: t('program.months') })}
      </fieldset>
    </div>

    <fieldset class="card" data-path="redeem">
      <legend>${t('program.redeem')}</legend>
      <${GroupError} error=${err('redeem')} />
      <div class="row">
        ${int('redeem.point_value', (d) => d.redeem && d.redeem.point_value,
          (d, v) => { d.redeem = d.redeem || {}; d.redeem.point_value = v; }, { label: t('program.pointValue') })}
        ${int('redeem.max_order_pct', (d) => d.redeem && d.redeem.max_order_pct,
          (d, v) => { d.redeem = d.redeem || {}; d.redeem.max_order_pct = v; }, { label: t('program.maxOrderPct') })}
      </div>
    </fieldset>

    <fieldset class="card" data-path="rewards">
      <legend>${t('program.rewards')}</legend>
      <${GroupError} error=${err('rewards')} />
      ${!rewards.length && html`<p class="muted">${t('program.noRewards')}</p>`}
      ${rewards.map((r, i) => {
        const p = `rewards[${i}]`;
        const setNullable = (k) => (d, v) => { d.rewards[i][k] = v; };
        return html`<div class="item" data-path=${p} key=${i}>
          <${GroupError} error=${err(p)} />
          <div class="row">
            <${Field} label=${t('program.rewardId')} path=${`${p}.reward_id`} value=${r.reward_id} error=${err(`${p}.reward_id`)}
              onInput=${(v) => edit((d) => { d.rewards[i].reward_id = v; })} autocomplete="off" />
            <${Field} label=${t('program.rewardName')} path=${`${p}.name`} value=${r.name} error=${err(`${p}.name`)}
              onInput=${(v) => edit((d) => { d.rewards[i].name = v; })} autocomplete="off" />
            <${SelectField} label=${t('program.rewardKind')} path=${`${p}.kind`} value=${r.kind} error=${err(`${p}.kind`)}
              options=${REWARD_KINDS.map((k) => ({ value: k, label: t(`program.rkind.${k}`) }))}
              onChange=${(k) => edit((d) => { d.rewards[i].kind = k; })} />
            ${int(`${p}.cost_points`, (d) => d.rewards[i].cost_points, setNullable('cost_points'), { label: t('program.cost') })}
            ${r.kind !== 'gift' && int(`${p}.value`, (d) => d.rewards[i].value, setNullable('value'), { label: t('program.value') })}
            ${r.kind === 'free_units' && html`<${Field} label=${t('program.sku')} path=${`${p}.sku`} value=${r.sku || ''}
              error=${err(`${p}.sku`)} onInput=${(v) => edit((d) => { d.rewards[i].sku = v.trim() || undefined; })} />`}
            ${int(`${p}.stock`, (d) => d.rewards[i].stock, setNullable('stock'), { label: t('program.stock') })}
            ${int(`${p}.valid_days`, (d) => d.rewards[i].valid_days, setNullable('valid_days'), { label: t('program.validDays') })}
          </div>
          <button type="button" class="danger small" onClick=${() => edit((d) => {
            d.rewards.splice(i, 1);
            if (!d.rewards.length) delete d.rewards;
          })}>${t('program.removeReward', { id: r.reward_id || i + 1 })}</button>
        </div>`;
      })}
      <button type="button" onClick=${() => edit((d) => {
        d.rewards = d.rewards || [];
        d.rewards.push({ reward_id: '', name: '', kind: 'gift', cost_points: 0 });
      })}>${t('program.addReward')}</button>
    </fieldset>

    <div class="save-bar">
      ${dirty && html`<span class="muted">${t('program.unsaved')}</span>`}
      <button type="submit" class="primary" disabled=${busy} data-testid="program-save">
        ${busy ? t('common.saving') : t('program.save')}</button>
    </div>
  </form>`;
}

function ProgramLoader() {
  const state = useLoader(() => loadShopDef(true), []);
  return html`<h1>${t('program.title')}</h1>
    <${Loaded} state=${state}>${(def) => html`<${ProgramForm} def=${def} onSaved=${(next) => state.setData(next)} />`}</${Loaded}>`;
}

export function ProgramPage() {
  // The server refuses the writes anyway; this spares a cashier a form they cannot save.
  return can('program') ? html`<${ProgramLoader} />` : html`<${Forbidden} />`;
}
