'use strict';

// The loyalty engine for Node.js: libloyalty's C ABI through koffi, with objects in and out and errors as
// exceptions. Every call is synchronous; see README.md for what that means for a server's event loop.

const fs = require('node:fs');
const errors = require('./lib/errors');
const json = require('./lib/json');
const { native, fail, callForString } = require('./lib/native');

const { Status, LoyaltyError } = errors;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Passing a NUL inside a C string would cut it short without a word: "shop\0other" would address "shop".
function cString(value, what) {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${typeof value}`);
  if (value.includes('\0')) throw new RangeError(`${what} must not contain NUL characters`);
  return value;
}

function jsonText(value, what) {
  if (typeof value === 'string') return cString(value, what);
  if (value === null || typeof value !== 'object') throw new TypeError(`${what} must be an object or a JSON string`);
  return json.stringify(value);
}

// koffi turns an out-of-range integer into an undefined C value, so int64 arguments are checked here.
function int64(value, what) {
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`${what} is outside the int64 range`);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer (a BigInt beyond 2^53)`);
    return value;
  }
  throw new TypeError(`${what} must be a number or a bigint, got ${typeof value}`);
}

// Webhook headers arrive in several shapes: a plain object (node:http, with arrays for repeated headers),
// a fetch Headers or a Map. The library wants one JSON object of strings.
function headersText(headers) {
  if (typeof headers === 'string') return cString(headers, 'headers');
  if (headers === null || typeof headers !== 'object') throw new TypeError('headers must be an object or a JSON string');
  const entries = typeof headers.entries === 'function' && !Array.isArray(headers)
    ? Array.from(headers.entries()) : Object.entries(headers);
  const flat = {};
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return JSON.stringify(flat);
}

// A zero-length Buffer may reach C as NULL, which the library refuses as a NULL argument; a one-byte backing
// store with length 0 says "empty body" instead.
const EMPTY = Buffer.alloc(1);

function bodyBytes(body) {
  let bytes;
  if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
  else if (Buffer.isBuffer(body)) bytes = body;
  else if (ArrayBuffer.isView(body)) bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  else if (body instanceof ArrayBuffer) bytes = Buffer.from(body);
  else throw new TypeError('body must be a Buffer, a Uint8Array or a string');
  return bytes.length === 0 ? { ptr: EMPTY, length: 0 } : { ptr: bytes, length: bytes.length };
}

function unixSeconds(now) {
  if (now === undefined) return Math.floor(Date.now() / 1000);
  if (now instanceof Date) {
    const ms = now.getTime();
    if (Number.isNaN(ms)) throw new RangeError('now is an invalid Date');
    return Math.floor(ms / 1000);
  }
  return int64(now, 'now');
}

function parsed(text) {
  return text === null ? null : json.parse(text);
}

const ATTACH = Symbol('attach');

class Engine {
  #fns;
  #handle;
  #owner;
  #libraryPath;
  #servers = new Set();

  /**
   * Opens an engine. `config` is the engine document ({"storage": "sqlite:PATH"}, ...) as an object or a
   * JSON string; loyaltyd's own keys may share it.
   */
  constructor(config, attach) {
    const { fns, path } = native();
    this.#fns = fns;
    this.#libraryPath = path;
    if (config === ATTACH) {
      this.#handle = attach;
      this.#owner = false;
      return;
    }
    const out = [null];
    const status = fns.loyalty_open(jsonText(config, 'config'), out);
    if (status !== 0) throw fail(fns, status);
    this.#handle = out[0];
    this.#owner = true;
  }

  /**
   * What another worker_thread of this process needs to use this engine: the native address and the
   * library it belongs to. Structured-cloneable, so it can go through postMessage or workerData.
   */
  share() {
    return { address: this.#h(), library: this.#libraryPath };
  }

  /**
   * An Engine over a handle from share(), in another worker_thread of the same process. It does not own the
   * engine: its close() only forgets the handle, and the owner must not close before every attached user
   * has stopped.
   */
  static attach(shared) {
    if (!shared || typeof shared.address !== 'bigint' || shared.address === 0n)
      throw new TypeError('attach() takes the object that engine.share() returned');
    const { path } = native();
    // A handle only means something to the copy of the library that made it.
    if (!sameFile(path, shared.library))
      throw new LoyaltyError(`the engine belongs to ${shared.library}, but this thread loaded ${path}`, undefined);
    return new Engine(ATTACH, shared.address);
  }

  get closed() {
    return this.#handle === null;
  }

  /** Stops this engine's servers, then flushes and releases the store. Safe to call twice. */
  close() {
    if (this.#handle === null) return;
    for (const server of [...this.#servers]) server.stop();
    const handle = this.#handle;
    this.#handle = null;
    if (this.#owner) this.#fns.loyalty_close(handle);
  }

  #h() {
    if (this.#handle === null) {
      const err = new Error('the engine is closed');
      err.code = 'ERR_LOYALTY_CLOSED';
      throw err;
    }
    return this.#handle;
  }

  #call(name, ...args) {
    return parsed(callForString(this.#fns, this.#fns[name], [this.#h(), ...args]));
  }

  #check(status) {
    if (status !== 0) throw fail(this.#fns, status);
  }

  putShop(shop) {
    this.#check(this.#fns.loyalty_put_shop(this.#h(), jsonText(shop, 'shop')));
  }

  patchShop(shopId, patch) {
    return this.#call('loyalty_patch_shop', cString(shopId, 'shopId'), jsonText(patch, 'patch'));
  }

  getShop(shopId) {
    return this.#call('loyalty_get_shop', cString(shopId, 'shopId'));
  }

  recordOrder(shopId, order) {
    return this.#call('loyalty_record_order', cString(shopId, 'shopId'), jsonText(order, 'order'));
  }

  upsertCustomer(shopId, customer) {
    return this.#call('loyalty_upsert_customer', cString(shopId, 'shopId'), jsonText(customer, 'customer'));
  }

  getMember(shopId, query) {
    return this.#call('loyalty_get_member', cString(shopId, 'shopId'), jsonText(query, 'query'));
  }

  getBalance(shopId, memberId) {
    const available = [null];
    const pending = [null];
    this.#check(this.#fns.loyalty_get_balance(this.#h(), cString(shopId, 'shopId'), cString(memberId, 'memberId'),
      available, pending));
    // koffi already yields a Number when the int64 fits exactly and a BigInt otherwise: the same rule as
    // the JSON results.
    return { available: available[0], pending: pending[0] };
  }

  listTransactions(shopId, query) {
    return this.#call('loyalty_list_transactions', cString(shopId, 'shopId'), jsonText(query, 'query'));
  }

  adjustPoints(shopId, request) {
    return this.#call('loyalty_adjust_points', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  redeemPoints(shopId, request) {
    return this.#call('loyalty_redeem_points', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  quote(shopId, request) {
    return this.#call('loyalty_quote', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  setTier(shopId, request) {
    return this.#call('loyalty_set_tier', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  setGroup(shopId, request) {
    return this.#call('loyalty_set_group', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  claimReward(shopId, request) {
    return this.#call('loyalty_claim_reward', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  listEvents(shopId, query = {}) {
    return this.#call('loyalty_list_events', cString(shopId, 'shopId'), jsonText(query, 'query'));
  }

  replayEvents(shopId, request) {
    return this.#call('loyalty_replay_events', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  exportMember(shopId, request) {
    return this.#call('loyalty_export_member', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  eraseMember(shopId, request) {
    return this.#call('loyalty_erase_member', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  playGame(shopId, request) {
    return this.#call('loyalty_play_game', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  listPlays(shopId, query = {}) {
    return this.#call('loyalty_list_plays', cString(shopId, 'shopId'), jsonText(query, 'query'));
  }

  gameStatus(shopId, request) {
    return this.#call('loyalty_game_status', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  listGrants(shopId, query = {}) {
    return this.#call('loyalty_list_grants', cString(shopId, 'shopId'), jsonText(query, 'query'));
  }

  useGrant(shopId, request) {
    return this.#call('loyalty_use_grant', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  voidGrant(shopId, request) {
    return this.#call('loyalty_void_grant', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  payWithPoints(shopId, request) {
    return this.#call('loyalty_pay_with_points', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  settlePeriod(shopId, request) {
    return this.#call('loyalty_settle_period', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  leaderboard(shopId, request) {
    return this.#call('loyalty_leaderboard', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  report(shopId, request) {
    return this.#call('loyalty_report', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  runMaintenance(now) {
    return this.#call('loyalty_run_maintenance', unixSeconds(now));
  }

  getStats() {
    return this.#call('loyalty_get_stats');
  }

  getSyncStatus(shopId) {
    return this.#call('loyalty_get_sync_status', cString(shopId, 'shopId'));
  }

  startSync(shopId, request) {
    return this.#call('loyalty_start_sync', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  addStaff(shopId, request) {
    return this.#call('loyalty_add_staff', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  listStaff(shopId) {
    return this.#call('loyalty_list_staff', cString(shopId, 'shopId'));
  }

  removeStaff(shopId, username) {
    this.#check(this.#fns.loyalty_remove_staff(this.#h(), cString(shopId, 'shopId'), cString(username, 'username')));
  }

  resetStaffPassword(shopId, request) {
    return this.#call('loyalty_reset_staff_password', cString(shopId, 'shopId'), jsonText(request, 'request'));
  }

  checkStorage() {
    this.#check(this.#fns.loyalty_check_storage(this.#h()));
  }

  ingestWebhook(platform, shopId, headers, body) {
    const bytes = bodyBytes(body);
    // Haravan's single app URL carries no shop in its path: null lets the engine find the shop by org_id.
    const shop = shopId === null || shopId === undefined ? null : cString(shopId, 'shopId');
    return this.#call('loyalty_ingest_webhook', cString(platform, 'platform'), shop,
      headersText(headers), bytes.ptr, bytes.length);
  }

  haravanHandshake(shopId, mode, verifyToken, challenge) {
    const h = this.#h();
    return callForString(this.#fns, this.#fns.loyalty_haravan_handshake, [h, cString(shopId, 'shopId'),
      cString(mode, 'mode'), cString(verifyToken, 'verifyToken'), cString(challenge, 'challenge')]);
  }

  listQuarantine(query = {}) {
    return this.#call('loyalty_list_quarantine', jsonText(query, 'query'));
  }

  replayQuarantine(quarantineId) {
    return this.#call('loyalty_replay_quarantine', int64(quarantineId, 'quarantineId'));
  }

  dismissQuarantine(quarantineId, reason) {
    this.#check(this.#fns.loyalty_dismiss_quarantine(this.#h(), int64(quarantineId, 'quarantineId'),
      cString(reason, 'reason')));
  }

  /** Starts loyaltyd's HTTP(S) server inside this process; it runs on the library's own threads. */
  startServer(config) {
    const out = [null];
    this.#check(this.#fns.loyalty_server_start(this.#h(), jsonText(config, 'config'), out));
    const server = new Server(this.#fns, out[0], () => this.#servers.delete(server));
    this.#servers.add(server);
    return server;
  }
}

class Server {
  #fns;
  #handle;
  #forget;

  /** @internal Engine.startServer() makes these. */
  constructor(fns, handle, forget) {
    this.#fns = fns;
    this.#handle = handle;
    this.#forget = forget;
    this.port = fns.loyalty_server_port(handle);
  }

  get stopped() {
    return this.#handle === null;
  }

  /** Reads the TLS certificate and key again (loyalty_server_reload): new connections use them, open ones keep theirs. */
  reload() {
    const status = this.#fns.loyalty_server_reload(this.#live());
    if (status !== 0) throw fail(this.#fns, status);
  }

  /**
   * Applies a configuration read again (loyalty_server_reconfigure): limits, access_log, log_level, the TLS
   * files, and seeds not stored yet. A bad document changes nothing.
   */
  reconfigure(config) {
    const status = this.#fns.loyalty_server_reconfigure(this.#live(), jsonText(config, 'config'));
    if (status !== 0) throw fail(this.#fns, status);
  }

  #live() {
    if (this.#handle === null) {
      const err = new Error('the server is stopped');
      err.code = 'ERR_LOYALTY_CLOSED';
      throw err;
    }
    return this.#handle;
  }

  /** Drains requests in flight (up to limits.drain_timeout_ms) and closes every connection. Safe to call twice. */
  stop() {
    if (this.#handle === null) return;
    const handle = this.#handle;
    this.#handle = null;
    this.#forget();
    this.#fns.loyalty_server_stop(handle);
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Engine.prototype[Symbol.dispose] = function dispose() { this.close(); };
  Server.prototype[Symbol.dispose] = function dispose() { this.stop(); };
}

function sameFile(a, b) {
  if (a === b) return true;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/** The loaded library's version, "MAJOR.MINOR.PATCH". */
function version() {
  return native().version;
}

/** The library's lower-case name for a status ("insufficient_points"), as the HTTP API and CLI use it. */
function statusName(status) {
  if (!Number.isInteger(status)) throw new TypeError('status must be an integer');
  // Beyond a C int koffi would pass an undefined value; every such number is unknown anyway.
  if (status < -(2 ** 31) || status >= 2 ** 31) return 'unknown';
  return native().fns.loyalty_status_name(status);
}

module.exports = {
  Engine,
  Server,
  version,
  statusName,
  Status,
  LoyaltyError,
  InvalidArgument: errors.InvalidArgument,
  NotFound: errors.NotFound,
  Conflict: errors.Conflict,
  InsufficientPoints: errors.InsufficientPoints,
  Unauthenticated: errors.Unauthenticated,
  StorageError: errors.StorageError,
  InternalError: errors.InternalError,
  LibraryNotFound: errors.LibraryNotFound,
  LibraryVersionMismatch: errors.LibraryVersionMismatch,
};
