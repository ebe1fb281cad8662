// Hash routes: #/members?q=0912 keeps the search in the address, so back and
// forward replay it and a link can be shared.

export function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/';
  const qAt = raw.indexOf('?');
  const pathPart = qAt >= 0 ? raw.slice(0, qAt) : raw;
  const query = Object.fromEntries(new URLSearchParams(qAt >= 0 ? raw.slice(qAt + 1) : ''));
  const segs = pathPart.split('/').filter(Boolean).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  let page = 'notfound';
  const params = {};
  if (segs.length === 0) page = 'overview';
  else if (segs[0] === 'login' && segs.length === 1) page = 'login';
  else if (segs[0] === 'members' && segs.length === 1) page = 'members';
  else if (segs[0] === 'members' && segs.length === 2) { page = 'member'; params.id = segs[1]; }
  else if (segs.length === 1 && ['program', 'distributors', 'games', 'segments', 'reports', 'connections', 'staff'].includes(segs[0])) page = segs[0];
  return { page, params, query, path: pathPart };
}

export function hashFor(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path, query) {
  location.hash = hashFor(path, query);
}

export function memberHref(id) {
  return `#/members/${encodeURIComponent(id)}`;
}
