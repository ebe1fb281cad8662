// #/staff "Nhân viên" (owners): list, add, change a password, remove (GET/POST/DELETE S/staff).
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { del, get, post, shopPath } from '../api.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { can, getSession, zone } from '../session.js';
import { Field, SelectField, SubmitButton, useBusy } from '../components/forms.js';
import { notify, notifyError, notifySuccess } from '../components/messages.js';
import { Forbidden, Loaded, useLoader } from '../components/status.js';
import { TableWrap } from '../components/table.js';

const ROLES = ['owner', 'cashier', 'viewer'];
const staffPath = (u) => shopPath(`/staff/${encodeURIComponent(u)}`);

function AddForm({ onDone }) {
  const [f, setF] = useState({ username: '', role: 'cashier', password: '' });
  const [errors, setErrors] = useState({});
  const { busy, run } = useBusy();
  async function onSubmit(e) {
    e.preventDefault();
    const errs = {};
    if (!f.username.trim()) errs.username = t('form.required', { f: t('staff.username') });
    if (!f.password) errs.password = t('form.required', { f: t('staff.password') });
    setErrors(errs);
    if (Object.keys(errs).length) { notify('error', Object.values(errs).join('. ')); return; }
    await run(async () => {
      try {
        await post(shopPath('/staff'), { username: f.username.trim(), role: f.role, password: f.password });
        notifySuccess(t('staff.added', { u: f.username.trim() }));
        setF({ username: '', role: 'cashier', password: '' });
        onDone();
      } catch (err) { notifyError(err); }
    });
  }
  return html`<form class="card" onSubmit=${onSubmit} novalidate>
    <h2>${t('staff.add')}</h2>
    <div class="row">
      <${Field} label=${t('staff.username')} name="username" value=${f.username} error=${errors.username}
        onInput=${(v) => setF({ ...f, username: v })} autocomplete="off" />
      <${SelectField} label=${t('staff.role')} name="role" value=${f.role}
        options=${ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} onChange=${(v) => setF({ ...f, role: v })} />
      <${Field} label=${t('staff.password')} name="password" type="password" value=${f.password} error=${errors.password}
        onInput=${(v) => setF({ ...f, password: v })} autocomplete="new-password" />
    </div>
    <${SubmitButton} busy=${busy} label=${t('staff.add')} />
  </form>`;
}

function Row({ s, onChanged }) {
  const [mode, setMode] = useState(null); // 'password' | 'remove'
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const { busy, run } = useBusy();
  const me = getSession().username === s.username;
  const z = zone();

  async function changePassword(e) {
    e.preventDefault();
    if (!password) { setError(t('form.required', { f: t('staff.password') })); return; }
    setError('');
    await run(async () => {
      try {
        await post(`${staffPath(s.username)}/password`, { password });
        notifySuccess(t('staff.passwordChanged', { u: s.username }));
        setPassword('');
        setMode(null);
      } catch (err) { notifyError(err); }
    });
  }
  const remove = () => run(async () => {
    try {
      await del(staffPath(s.username));
      notifySuccess(t('staff.removed', { u: s.username }));
      onChanged();
    } catch (err) { notifyError(err); }
  });

  return html`<tr>
    <td>${s.username} ${me && html`<span class="muted small">${t('staff.you')}</span>`}</td>
    <td>${t(`role.${s.role}`)}</td>
    <td class="nowrap">${formatDateTime(s.created_at, z)}</td>
    <td class="nowrap">${s.last_login_at ? formatDateTime(s.last_login_at, z) : t('staff.never')}</td>
    <td class="row-actions">
      ${mode === null && html`
        <button type="button" class="small" onClick=${() => setMode('password')}>${t('staff.changePassword')}</button>
        <button type="button" class="small danger" onClick=${() => setMode('remove')}>${t('staff.remove')}</button>`}
      ${mode === 'password' && html`<form onSubmit=${changePassword} novalidate class="inline-form">
        <${Field} label=${t('staff.newPassword', { u: s.username })} type="password" name="new_password" value=${password}
          onInput=${setPassword} error=${error} autocomplete="new-password" />
        <button type="submit" class="primary small" disabled=${busy}>${t('common.save')}</button>
        <button type="button" class="small" onClick=${() => setMode(null)}>${t('common.cancel')}</button>
      </form>`}
      ${mode === 'remove' && html`<div class="confirm" role="group" aria-label=${t('staff.confirmRemove', { u: s.username })}>
        <p>${t('staff.confirmRemove', { u: s.username })}</p>
        <button type="button" class="danger small" disabled=${busy} onClick=${remove}>${t('common.confirm')}</button>
        <button type="button" class="small" onClick=${() => setMode(null)}>${t('common.cancel')}</button>
      </div>`}
    </td>
  </tr>`;
}

function StaffList() {
  const state = useLoader(() => get(shopPath('/staff')), []);
  return html`<h1>${t('staff.title')}</h1>
    <${Loaded} state=${state}>${(d) => html`
      <section class="card">
        ${(d.staff || []).length === 0 ? html`<p class="muted">${t('staff.none')}</p>` : html`<${TableWrap} label=${t('staff.title')}>
          <table>
            <thead><tr>
              <th scope="col">${t('staff.username')}</th><th scope="col">${t('staff.role')}</th>
              <th scope="col">${t('staff.created')}</th><th scope="col">${t('staff.lastLogin')}</th>
              <th scope="col"><span class="sr-only">${t('member.actions')}</span></th>
            </tr></thead>
            <tbody>${d.staff.map((s) => html`<${Row} key=${s.username} s=${s} onChanged=${state.reload} />`)}</tbody>
          </table>
        </${TableWrap}>`}
      </section>
      <${AddForm} onDone=${state.reload} />`}</${Loaded}>`;
}

export function StaffPage() {
  return can('staff') ? html`<${StaffList} />` : html`<${Forbidden} />`;
}
