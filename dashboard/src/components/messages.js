// The one aria-live region: every page's errors and confirmations go through it, so
// screen readers hear them and tests find them in one place.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.js';

let current = null;
let seq = 0;
const listeners = new Set();

function emit() { for (const fn of listeners) fn(current); }

export function notify(kind, text) {
  current = { kind, text, id: ++seq };
  emit();
}
export const notifySuccess = (text) => notify('success', text);
export function notifyError(err) { notify('error', errorText(err)); }
export function clearMessage() {
  if (current) { current = null; emit(); }
}

export function errorText(err) {
  if (!err) return '';
  if (typeof err === 'string') return err;
  if (err.status === 0) return t('common.network');
  if (err.status === 403) return t('common.forbidden');
  return err.message || t('common.error');
}

export function MessageRegion() {
  const [msg, setMsg] = useState(current);
  useEffect(() => {
    listeners.add(setMsg);
    return () => listeners.delete(setMsg);
  }, []);
  const cls = msg ? `message message-${msg.kind}` : 'message';
  return html`<div class=${cls} data-testid="message" role="status" aria-live="polite" aria-atomic="true">
    ${msg && html`<span key=${msg.id}>${msg.text}</span>`}
  </div>`;
}
