// Labelled inputs and the idempotent-submit helper used by every write form.
import { html } from 'htm/preact';
import { useRef, useState } from 'preact/hooks';
import { newIdempotencyKey } from '../api.js';
import { t } from '../i18n.js';

let uid = 0;
export function useId(prefix = 'f') {
  const ref = useRef(null);
  if (ref.current === null) ref.current = `${prefix}-${++uid}`;
  return ref.current;
}

// `error` is shown under the input and tied to it with aria-describedby.
export function Field({ label, value, onInput, type = 'text', error, hint, path, testid, name,
  inputmode, required, autocomplete, placeholder, class: cls, min, max, disabled }) {
  const id = useId('in');
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const described = [error ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return html`<div class=${`field ${cls || ''}`}>
    <label for=${id}>${label}</label>
    <input id=${id} name=${name} type=${type} value=${value ?? ''} data-path=${path} data-testid=${testid}
      inputmode=${inputmode} required=${required} autocomplete=${autocomplete} placeholder=${placeholder}
      min=${min} max=${max} disabled=${disabled}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${described}
      onInput=${(e) => onInput && onInput(e.currentTarget.value)} />
    ${hint && html`<small id=${hintId} class="hint">${hint}</small>`}
    ${error && html`<small id=${errId} class="field-error">${error}</small>`}
  </div>`;
}

export function NumberField(props) {
  return html`<${Field} inputmode="numeric" autocomplete="off" ...${props} />`;
}

export function SelectField({ label, value, onChange, options, error, path, testid, name, class: cls }) {
  const id = useId('sel');
  const errId = `${id}-err`;
  return html`<div class=${`field ${cls || ''}`}>
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} data-path=${path} data-testid=${testid}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? errId : undefined}
      onChange=${(e) => onChange(e.currentTarget.value)}>
      ${options.map((o) => html`<option value=${o.value} selected=${o.value === value}>${o.label}</option>`)}
    </select>
    ${error && html`<small id=${errId} class="field-error">${error}</small>`}
  </div>`;
}

// A write that must not happen twice: the key is made when the form appears and
// kept through failures and retries, so a double click or a retry after a timeout
// replays the first call on the server instead of posting again. Only a success
// makes a new key, for the next, different operation.
export function useIdempotentSubmit(send) {
  const [key, setKey] = useState(() => newIdempotencyKey());
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  async function submit(...args) {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setBusy(true);
    try {
      const result = await send(key, ...args);
      setKey(newIdempotencyKey());
      return result;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  return { key, busy, submit };
}

// For writes that need no idempotency key, still refuse a second click in flight.
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  async function run(fn) {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setBusy(true);
    try { return await fn(); } finally { inFlight.current = false; setBusy(false); }
  }
  return { busy, run };
}

export function SubmitButton({ busy, label, testid, busyLabel, class: cls }) {
  return html`<button type="submit" class=${cls || 'primary'} disabled=${busy} aria-busy=${busy ? 'true' : undefined}
    data-testid=${testid}>${busy ? (busyLabel || t('common.sending')) : label}</button>`;
}
