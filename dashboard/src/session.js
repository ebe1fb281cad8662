// The signed-in staff member, shared by every page. Roles only hide controls; the
// server checks every call anyway.
import { get, post, setCsrfToken, setShop } from './api.js';

let session = null;
const listeners = new Set();

function set(next) {
  session = next;
  setCsrfToken(next ? next.csrf_token : '');
  setShop(next ? next.shop_id : '');
  for (const fn of listeners) fn(session);
}

export function getSession() { return session; }
export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export async function loadSession() {
  try {
    set(await get('/admin/api/session', { auth401: false }));
  } catch (err) {
    if (err.status !== 401) throw err;
    set(null);
  }
  return session;
}

export async function login(username, password) {
  set(await post('/admin/api/login', { username, password }, { auth401: false }));
  return session;
}

export async function logout() {
  try {
    await post('/admin/api/logout', undefined, { auth401: false });
  } finally {
    set(null);
  }
}

export function clearSession() { set(null); }

const abilities = {
  owner: new Set(['read', 'redeem', 'claim', 'use_grant', 'adjust', 'program', 'staff', 'settle', 'quarantine']),
  cashier: new Set(['read', 'redeem', 'claim', 'use_grant']),
  viewer: new Set(['read']),
};

export function can(action, s = session) {
  return Boolean(s && abilities[s.role] && abilities[s.role].has(action));
}

export function zone() {
  return (session && session.zone) || 'Asia/Ho_Chi_Minh';
}
