// One place that talks to loyaltyd: adds the CSRF header to writes, turns error
// bodies into ApiError, and sends the browser to the login page on a 401.

export class ApiError extends Error {
  constructor(status, error) {
    super((error && error.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (error && error.code) || (status === 0 ? 'network' : 'http');
    this.detail = error || {};
    this.retryAfter = error && error.retry_after != null ? Number(error.retry_after) : null;
  }
  get forbidden() { return this.status === 403; }
}

let csrfToken = '';
let onUnauthorized = () => {};

export function setCsrfToken(token) { csrfToken = token || ''; }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

let shopId = '';
export function setShop(id) { shopId = id || ''; }
// S in the API description: every shop route hangs off it.
export function shopPath(rest = '') {
  return `/api/v1/shops/${encodeURIComponent(shopId)}${rest}`;
}

// encodeURIComponent rather than URLSearchParams: a typed "+84..." must reach the
// server as %2B, and a space as %20, whatever the server makes of a bare "+".
export function query(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

// options.auth401 = false lets the login call see its own 401 (wrong password)
// instead of being bounced to the page it is already on.
export async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'network', message: '' });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const error = (data && data.error) || { code: 'http', message: text.slice(0, 200) || `HTTP ${res.status}` };
    if (error.retry_after == null && res.headers.get('Retry-After')) {
      error.retry_after = Number(res.headers.get('Retry-After'));
    }
    const err = new ApiError(res.status, error);
    if (res.status === 401 && options.auth401 !== false) onUnauthorized(err);
    throw err;
  }
  return data;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body === undefined ? {} : body, options);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

// crypto.randomUUID exists only in secure contexts; a plain-HTTP test setup still
// needs keys that do not collide.
export function newIdempotencyKey() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
