// "Đơn 500.000 ₫ của khách hạng Gold được N điểm", from POST S/quote with
// {"amount", "tier"} (a guest quoted on that level). The server's number is shown
// while nothing in earn/tiers/rules is unsaved; while those are being edited, or for
// a level not saved yet, the page computes the documented arithmetic on the values
// being edited and marks the number as an estimate. A server whose quote refuses
// `tier` (older than the dashboard) is asked for the first level only.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { post, shopPath } from '../api.js';
import { formatPoints, formatVnd, parseInteger, todayIn } from '../format.js';
import { t, tParts } from '../i18n.js';
import { zone } from '../session.js';
import { estimateEarn, prune } from '../program-model.js';
import { NumberField, SelectField } from './forms.js';
import { errorText } from './messages.js';

function same(a, b, keys) {
  return keys.every((k) => JSON.stringify(prune(a && a[k])) === JSON.stringify(prune(b && b[k])));
}

export function ProgramPreview({ saved, draft, savedVersion }) {
  const levels = (draft.tiers && draft.tiers.levels) || [];
  const [amountText, setAmountText] = useState('500000');
  const [tier, setTier] = useState(levels[0] ? levels[0].name : '');
  const [quote, setQuote] = useState({ data: null, error: null });
  const amount = parseInteger(amountText);
  const validAmount = typeof amount === 'number' && amount >= 0;

  const tierName = levels.some((l) => l.name === tier) ? tier : (levels[0] ? levels[0].name : '');
  const savedLevels = (saved.tiers && saved.tiers.levels) || [];
  const firstSaved = savedLevels[0] ? savedLevels[0].name : '';
  const askTier = savedLevels.some((l) => l.name === tierName) ? tierName : '';

  useEffect(() => {
    if (!validAmount) return undefined;
    let stale = false;
    const id = setTimeout(async () => {
      let forTier = askTier || firstSaved;
      try {
        let q;
        try {
          q = await post(shopPath('/quote'), askTier ? { amount, tier: askTier } : { amount });
        } catch (error) {
          if (!(askTier && error.status === 400 && /tier/.test(error.message))) throw error;
          forTier = firstSaved;
          q = await post(shopPath('/quote'), { amount });
        }
        if (!stale) setQuote({ data: q, forTier, error: null });
      } catch (error) {
        if (!stale) setQuote({ data: null, error });
      }
    }, 250);
    return () => { stale = true; clearTimeout(id); };
  }, [amount, askTier, savedVersion]);

  const exact = Boolean(quote.data && quote.data.earn && (!levels.length || quote.forTier === tierName)
    && same(saved, draft, ['earn', 'tiers', 'rules']));
  let points = null;
  if (validAmount) {
    points = exact ? quote.data.earn.points : estimateEarn(draft, amount, tierName, todayIn(zone()));
  }

  const num = html`<strong id="preview-points" data-testid="preview-points">${points == null ? '—' : formatPoints(points)}</strong>`;
  const parts = { amount: html`<strong>${validAmount ? formatVnd(amount) : '—'}</strong>`, tier: html`<strong>${tierName}</strong>`, points: num };

  return html`<section class="card preview" aria-labelledby="preview-title">
    <h2 id="preview-title">${t('preview.title')}</h2>
    <div class="row">
      <${NumberField} label=${t('preview.amount')} name="preview_amount" value=${amountText} onInput=${setAmountText} />
      ${levels.length > 0 && html`<${SelectField} label=${t('preview.tier')} name="preview_tier" value=${tierName}
        onChange=${setTier} options=${levels.map((l) => ({ value: l.name, label: l.name || '—' }))} />`}
    </div>
    <p class="preview-sentence" aria-live="polite">
      ${exact ? '' : '≈ '}${tParts(levels.length ? 'preview.sentence' : 'preview.sentenceNoTier', parts)}
    </p>
    <p class="muted small">${exact ? t('preview.exact') : t('preview.estimated')}</p>
    ${quote.error && html`<p class="muted small">${errorText(quote.error)}</p>`}
  </section>`;
}
