// Loading, failure and no-permission states shared by every page.
import { html } from 'htm/preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { errorText } from './messages.js';

export function Forbidden() {
  return html`<section class="forbidden" data-testid="forbidden">
    <h1>${t('common.forbidden')}</h1>
    <p>${t('common.forbiddenHint')}</p>
  </section>`;
}

export function Loading() {
  return html`<p class="muted" aria-busy="true">${t('common.loading')}</p>`;
}

export function LoadError({ error, onRetry }) {
  if (error && error.status === 403) return html`<${Forbidden} />`;
  return html`<div class="load-error" role="alert">
    <p>${errorText(error)}</p>
    ${onRetry && html`<button type="button" onClick=${onRetry}>${t('common.retry')}</button>`}
  </div>`;
}

// Runs an async loader when deps change; answers from a superseded run are dropped
// so a fast typist never sees an older search win.
export function useLoader(loader, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const run = useRef(0);
  const load = useCallback(async () => {
    const id = ++run.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const data = await loader();
      if (id === run.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (id === run.current) setState({ data: null, error, loading: false });
    }
  }, deps);
  useEffect(() => { load(); }, [load]);
  const setData = useCallback((fn) => setState((s) => ({ ...s, data: typeof fn === 'function' ? fn(s.data) : fn })), []);
  return { ...state, reload: load, setData };
}

// Renders the page body only once its data is there.
export function Loaded({ state, children }) {
  if (state.error) return html`<${LoadError} error=${state.error} onRetry=${state.reload} />`;
  if (!state.data) return html`<${Loading} />`;
  return typeof children === 'function' ? children(state.data) : children;
}
