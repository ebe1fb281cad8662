// #/login: username and password; the server sets the session cookie.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { login } from '../session.js';
import { Field, SubmitButton, useBusy } from '../components/forms.js';
import { LangButton } from '../components/layout.js';
import { MessageRegion, notify, errorText, clearMessage } from '../components/messages.js';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [waitUntil, setWaitUntil] = useState(0);
  const [, tick] = useState(0);
  const { busy, run } = useBusy();

  const secondsLeft = Math.max(0, Math.ceil((waitUntil - Date.now()) / 1000));
  // Count the throttle down in the message so the person knows when to try again.
  useEffect(() => {
    if (!secondsLeft) return undefined;
    const id = setTimeout(() => {
      const left = Math.max(0, Math.ceil((waitUntil - Date.now()) / 1000));
      if (left) notify('error', t('login.retry', { n: left }));
      else clearMessage();
      tick((n) => n + 1);
    }, 1000);
    return () => clearTimeout(id);
  });

  async function onSubmit(e) {
    e.preventDefault();
    await run(async () => {
      try {
        await login(username.trim(), password);
        clearMessage();
        location.hash = '#/';
      } catch (err) {
        if (err.status === 429) {
          const n = Number.isFinite(err.retryAfter) && err.retryAfter > 0 ? err.retryAfter : 60;
          setWaitUntil(Date.now() + n * 1000);
          notify('error', t('login.retry', { n }));
        } else if (err.status === 401) {
          notify('error', t('login.wrong'));
        } else {
          notify('error', errorText(err));
        }
      }
    });
  }

  return html`<main id="main" class="login">
    <div class="login-top"><${LangButton} /></div>
    <form class="card login-card" onSubmit=${onSubmit} data-testid="login-form" novalidate>
      <h1>${t('login.title')}</h1>
      <p class="muted">${t('app.title')}</p>
      <${MessageRegion} />
      <${Field} label=${t('login.username')} name="username" value=${username} onInput=${setUsername}
        autocomplete="username" required />
      <${Field} label=${t('login.password')} name="password" type="password" value=${password} onInput=${setPassword}
        autocomplete="current-password" required />
      <${SubmitButton} busy=${busy || secondsLeft > 0} label=${t('login.submit')}
        busyLabel=${secondsLeft > 0 ? t('login.retry', { n: secondsLeft }) : t('common.sending')} />
    </form>
  </main>`;
}
