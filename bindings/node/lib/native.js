'use strict';

// Finds libloyalty, binds its C ABI through koffi, and owns the rules for crossing it: which strings
// are library-owned and must be freed, and when loyalty_last_error() may be read.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');
const { errorFor, LibraryNotFound, LibraryVersionMismatch } = require('./errors');

const PACKAGE_DIR = path.resolve(__dirname, '..');
const SYSTEM_NAME = 'libloyalty.so.0';

// Opaque so that koffi hands back the handles as pointer values and never tries to read through them.
koffi.opaque('loyalty_engine');
koffi.opaque('loyalty_server');

// The C ABI, one prototype per function, copied from include/loyalty/loyalty.h. Two deliberate departures:
// - Every `char **out` is declared `void **`: a `char *` result would be copied into a JS string by koffi and
//   the library's allocation leaked. As `void *` it comes back as an address that takeString() decodes and
//   then frees with loyalty_free.
// - The const char * results (version, status name, last error) are static or thread-owned storage that
//   must never be freed, so koffi's automatic copy is exactly right for them.
const FUNCTIONS = Object.freeze({
  loyalty_version: 'const char *loyalty_version(void)',
  loyalty_status_name: 'const char *loyalty_status_name(int status)',
  loyalty_last_error: 'const char *loyalty_last_error(void)',
  loyalty_last_error_json: 'const char *loyalty_last_error_json(void)',
  loyalty_free: 'void loyalty_free(void *p)',
  loyalty_open: 'int loyalty_open(const char *config_json, _Out_ loyalty_engine **out)',
  loyalty_close: 'void loyalty_close(loyalty_engine *engine)',
  loyalty_put_shop: 'int loyalty_put_shop(loyalty_engine *e, const char *shop_json)',
  loyalty_get_shop: 'int loyalty_get_shop(loyalty_engine *e, const char *shop_id, _Out_ void **shop_json)',
  loyalty_patch_shop:
    'int loyalty_patch_shop(loyalty_engine *e, const char *shop_id, const char *patch_json, _Out_ void **shop_json)',
  loyalty_record_order:
    'int loyalty_record_order(loyalty_engine *e, const char *shop_id, const char *order_json, _Out_ void **result_json)',
  loyalty_upsert_customer:
    'int loyalty_upsert_customer(loyalty_engine *e, const char *shop_id, const char *customer_json, _Out_ void **result_json)',
  loyalty_get_member:
    'int loyalty_get_member(loyalty_engine *e, const char *shop_id, const char *query_json, _Out_ void **member_json)',
  loyalty_get_balance:
    'int loyalty_get_balance(loyalty_engine *e, const char *shop_id, const char *member_id, _Out_ int64_t *available, _Out_ int64_t *pending)',
  loyalty_list_transactions:
    'int loyalty_list_transactions(loyalty_engine *e, const char *shop_id, const char *query_json, _Out_ void **result_json)',
  loyalty_adjust_points:
    'int loyalty_adjust_points(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_redeem_points:
    'int loyalty_redeem_points(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_quote:
    'int loyalty_quote(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_set_tier:
    'int loyalty_set_tier(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **member_json)',
  loyalty_set_group:
    'int loyalty_set_group(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **member_json)',
  loyalty_claim_reward:
    'int loyalty_claim_reward(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_list_events:
    'int loyalty_list_events(loyalty_engine *e, const char *shop_id, const char *query_json, _Out_ void **result_json)',
  loyalty_replay_events:
    'int loyalty_replay_events(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_export_member:
    'int loyalty_export_member(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_erase_member:
    'int loyalty_erase_member(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_play_game:
    'int loyalty_play_game(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_list_plays:
    'int loyalty_list_plays(loyalty_engine *e, const char *shop_id, const char *query_json, _Out_ void **result_json)',
  loyalty_game_status:
    'int loyalty_game_status(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_list_grants:
    'int loyalty_list_grants(loyalty_engine *e, const char *shop_id, const char *query_json, _Out_ void **result_json)',
  loyalty_use_grant:
    'int loyalty_use_grant(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **grant_json)',
  loyalty_void_grant:
    'int loyalty_void_grant(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **grant_json)',
  loyalty_pay_with_points:
    'int loyalty_pay_with_points(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_settle_period:
    'int loyalty_settle_period(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **report_json)',
  loyalty_leaderboard:
    'int loyalty_leaderboard(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **result_json)',
  loyalty_report:
    'int loyalty_report(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **report_json)',
  loyalty_run_maintenance:
    'int loyalty_run_maintenance(loyalty_engine *e, int64_t now_unix_seconds, _Out_ void **report_json)',
  loyalty_get_stats: 'int loyalty_get_stats(loyalty_engine *e, _Out_ void **stats_json)',
  loyalty_check_storage: 'int loyalty_check_storage(loyalty_engine *e)',
  loyalty_get_sync_status: 'int loyalty_get_sync_status(loyalty_engine *e, const char *shop_id, _Out_ void **status_json)',
  loyalty_start_sync: 'int loyalty_start_sync(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **status_json)',
  loyalty_add_staff: 'int loyalty_add_staff(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **staff_json)',
  loyalty_list_staff: 'int loyalty_list_staff(loyalty_engine *e, const char *shop_id, _Out_ void **staff_json)',
  loyalty_remove_staff: 'int loyalty_remove_staff(loyalty_engine *e, const char *shop_id, const char *username)',
  loyalty_reset_staff_password:
    'int loyalty_reset_staff_password(loyalty_engine *e, const char *shop_id, const char *request_json, _Out_ void **staff_json)',
  loyalty_ingest_webhook:
    'int loyalty_ingest_webhook(loyalty_engine *e, const char *platform, const char *shop_id, const char *headers_json, const uint8_t *body, size_t body_len, _Out_ void **result_json)',
  loyalty_haravan_handshake:
    'int loyalty_haravan_handshake(loyalty_engine *e, const char *shop_id, const char *mode, const char *verify_token, const char *challenge, _Out_ void **response_body)',
  loyalty_list_quarantine:
    'int loyalty_list_quarantine(loyalty_engine *e, const char *query_json, _Out_ void **result_json)',
  loyalty_replay_quarantine:
    'int loyalty_replay_quarantine(loyalty_engine *e, int64_t quarantine_id, _Out_ void **result_json)',
  loyalty_dismiss_quarantine:
    'int loyalty_dismiss_quarantine(loyalty_engine *e, int64_t quarantine_id, const char *reason)',
  loyalty_server_start:
    'int loyalty_server_start(loyalty_engine *e, const char *server_json, _Out_ loyalty_server **out)',
  loyalty_server_port: 'int loyalty_server_port(loyalty_server *s)',
  loyalty_server_reload: 'int loyalty_server_reload(loyalty_server *s)',
  loyalty_server_reconfigure: 'int loyalty_server_reconfigure(loyalty_server *s, const char *config_json)',
  loyalty_server_stop: 'void loyalty_server_stop(loyalty_server *s)',
});

// Where to look, in order. An explicit LOYALTY_LIBRARY is the only candidate when set: falling back to some
// other copy would hide the misconfiguration and could pair this process with the wrong version.
function candidates(env = process.env) {
  if (env.LOYALTY_LIBRARY) return [{ path: env.LOYALTY_LIBRARY, via: 'LOYALTY_LIBRARY' }];
  const list = [];
  for (const name of ['libloyalty.so', SYSTEM_NAME]) {
    const local = path.join(PACKAGE_DIR, name);
    if (fs.existsSync(local)) list.push({ path: local, via: 'next to the package' });
  }
  // A bare soname goes to the dynamic loader: LD_LIBRARY_PATH, the ld.so cache, the default directories.
  list.push({ path: SYSTEM_NAME, via: 'system loader' });
  return list;
}

function openLibrary(list) {
  const failures = [];
  for (const candidate of list) {
    try {
      return { lib: koffi.load(candidate.path), path: candidate.path };
    } catch (err) {
      failures.push(`  ${candidate.path} (${candidate.via}): ${err.message}`);
    }
  }
  throw new LibraryNotFound(
    `libloyalty could not be loaded; set LOYALTY_LIBRARY to the path of libloyalty.so. Tried:\n${failures.join('\n')}`);
}

function symbolName(prototype) {
  return /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(prototype)[1];
}

// Binds every function of `table` or fails naming the first one the library lacks, with the library's own
// version, so that "old libloyalty.so on the loader path" is obvious from the message alone.
function bind(lib, libraryPath, table = FUNCTIONS) {
  let version = null;
  try {
    version = lib.func(FUNCTIONS.loyalty_version)();
  } catch { /* reported below, through loyalty_version being the first missing symbol */ }
  const fns = {};
  for (const [name, prototype] of Object.entries(table)) {
    if (symbolName(prototype) !== name) throw new Error(`binding table: ${name} is declared as ${prototype}`);
    try {
      fns[name] = lib.func(prototype);
    } catch (err) {
      // Anything but an absent symbol is a mistake in the table itself, not the library's fault.
      if (!/cannot find function/i.test(err.message)) throw err;
      const which = version === null ? 'a library without loyalty_version, so not libloyalty'
        : `libloyalty ${version}`;
      throw new LibraryVersionMismatch(
        `${libraryPath} (${which}) does not export ${name}, which this binding needs; ` +
        'install the libloyalty that matches this package, or point LOYALTY_LIBRARY at it',
        { symbol: name, libraryVersion: version, libraryPath }, { cause: err });
    }
  }
  return { fns, version };
}

function loadLibrary({ env = process.env, table = FUNCTIONS } = {}) {
  const { lib, path: libraryPath } = openLibrary(candidates(env));
  const { fns, version } = bind(lib, libraryPath, table);
  return { lib, fns, version, path: libraryPath };
}

let loaded = null;

// Loaded on first use rather than at require time, so that Status, the error classes and the types stay
// usable (and a LibraryNotFound is catchable) in a process that has no library yet.
function native() {
  loaded ??= loadLibrary();
  return loaded;
}

// The message must be read before anything else touches the library on this thread: even loyalty_free
// is a call into it, and the header only keeps last_error valid until the next one.
function fail(fns, status) {
  return errorFor(status, fns.loyalty_last_error(), fns.loyalty_last_error_json());
}

// Copies a library-owned string and frees it, whatever happens while decoding.
function takeString(fns, ptr) {
  if (ptr === null || ptr === undefined || ptr === 0n || ptr === 0) return null;
  try {
    return koffi.decode.string(ptr);
  } finally {
    fns.loyalty_free(ptr);
  }
}

// Calls a function whose last parameter is a `char **` result, returning the decoded text.
function callForString(fns, fn, args) {
  const out = [null];
  const status = fn(...args, out);
  if (status !== 0) {
    const err = fail(fns, status);
    // The header says *out is NULL on failure; freeing anyway costs nothing if a future version differs.
    takeString(fns, out[0]);
    throw err;
  }
  return takeString(fns, out[0]);
}

module.exports = { FUNCTIONS, PACKAGE_DIR, candidates, loadLibrary, native, fail, takeString, callForString };
