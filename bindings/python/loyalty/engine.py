"""The :class:`Engine`: one open ``loyalty_engine`` and a method per C function."""
from __future__ import annotations

import json
import threading
import time
from ctypes import byref, c_int64, c_void_p
from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, NamedTuple, Optional, Set, Tuple, Union

from . import _library
from .errors import EngineClosed, LoyaltyError, Status, error_for

if TYPE_CHECKING:
    from .server import Server

__all__ = ["Engine", "Balance", "JSONDocument", "version", "status_name"]

#: A JSON document argument: a dict (encoded for you) or text that already is JSON.
JSONDocument = Union[Mapping[str, Any], str, bytes]


class Balance(NamedTuple):
    """A member's points: ``available`` to redeem, and ``pending`` (earned, not yet available)."""

    available: int
    pending: int


def version() -> str:
    """The loaded library's version, ``"MAJOR.MINOR.PATCH"`` (loads the library if needed)."""
    return _library.get().version


def status_name(code: int) -> str:
    """The library's lower-case name of a status (``"not_found"``; ``"unknown"`` for other numbers)."""
    raw = _library.get().loyalty_status_name(int(code))  # type: ignore[attr-defined]
    return raw.decode("ascii") if raw else "unknown"


def _encode_json(doc: JSONDocument, what: str) -> bytes:
    if isinstance(doc, bytes):
        return doc
    if isinstance(doc, str):
        return doc.encode("utf-8")
    if isinstance(doc, Mapping):
        # allow_nan=False: NaN/Infinity are not JSON, and money and points are integers anyway.
        return json.dumps(dict(doc), ensure_ascii=False, allow_nan=False).encode("utf-8")
    raise TypeError(f"{what} must be a dict or a JSON string, not {type(doc).__name__}")


def _encode_text(value: str, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    # The C side reads up to the first NUL: refuse rather than silently pass a truncated id.
    if "\0" in value:
        raise ValueError(f"{what} contains a NUL character")
    return value.encode("utf-8")


def _encode_headers(headers: Union[Mapping[str, str], Iterable[Tuple[str, str]], str, bytes]) -> bytes:
    if isinstance(headers, (str, bytes)):
        return _encode_json(headers, "headers")
    # Accepts dicts and header containers with .items() (http.client / email.message, WSGI-style pairs);
    # the library matches names case-insensitively, so their spelling is kept as given.
    pairs = headers.items() if hasattr(headers, "items") else headers
    return json.dumps({str(k): str(v) for k, v in pairs}, ensure_ascii=False).encode("utf-8")


def _storage_of(config: JSONDocument) -> Optional[str]:
    try:
        doc = json.loads(config) if isinstance(config, (str, bytes)) else config
        storage = doc.get("storage")
        return storage if isinstance(storage, str) else None
    except Exception:  # only for __repr__; loyalty_open reports a bad config properly
        return None


class Engine:
    """An open loyalty engine (``loyalty_engine``) over its store.

    ::

        with loyalty.Engine({"storage": "sqlite:/var/lib/loyalty.db"}) as engine:
            engine.put_shop({"shop_id": "demo", "earn": {"spend_per_point": 10000}})
            result = engine.record_order("demo", order)

    Arguments that are JSON documents in the C ABI take a ``dict`` (encoded as UTF-8 JSON) or a ``str``
    that already is JSON; results are decoded into ``dict``. Failures raise a subclass of
    :class:`loyalty.LoyaltyError` carrying the library's message; when a call fails nothing was changed.

    Threads: one engine may be used from many threads at once. ctypes releases the GIL for the duration
    of each C call, so calls really run in parallel: writes are serialised inside the engine and share
    disk flushes, reads run side by side. Error messages are per thread and read on the calling thread.

    Lifetime: :meth:`close` (or leaving the ``with`` block) stops every :class:`~loyalty.Server` this
    engine started, then closes the store. Don't close an engine other threads are still using: the
    binding makes that safe (close waits for calls in flight to return, later calls raise
    :class:`loyalty.EngineClosed`) but those calls then fail. ``__del__`` closes a forgotten engine as
    a last resort; close it explicitly.
    """

    # Class-level defaults so __del__ and __repr__ work even when __init__ failed half-way.
    _handle: Optional[Any] = None
    _storage: Optional[str] = None

    def __init__(self, config: JSONDocument) -> None:
        """Opens an engine (``loyalty_open``).

        Args:
            config: ``{"storage": "sqlite:/path/to.db" | "sqlite::memory:", "shops": [...],
                "sqlite": {"synchronous": "full" | "normal", "busy_timeout_ms": 5000}}``; loyaltyd's keys
                may share the document.

        Raises:
            InvalidArgument: the configuration is malformed. StorageError: the store cannot be opened.
            LibraryNotFound, LibraryVersionMismatch: the library cannot be used.
        """
        self._storage = _storage_of(config)
        self._lib = _library.get()
        self._cond = threading.Condition()
        self._close_lock = threading.Lock()
        self._busy = 0
        self._servers: Set["Server"] = set()
        handle = _library.EnginePtr()
        rc = self._lib.loyalty_open(_encode_json(config, "config"), byref(handle))  # type: ignore[attr-defined]
        if rc != Status.OK:
            raise self._failure(rc)
        self._handle = handle

    # ---- plumbing -------------------------------------------------------------------------------

    def _failure(self, rc: int) -> LoyaltyError:
        # Must run right after the failed call, on its thread, before any other call into the library.
        return error_for(rc, self._lib.last_error(), self._lib.last_error_json())

    def _enter(self) -> Any:
        with self._cond:
            if self._handle is None:
                raise EngineClosed("engine is closed")
            self._busy += 1
            return self._handle

    def _leave(self) -> None:
        with self._cond:
            self._busy -= 1
            if self._busy == 0:
                self._cond.notify_all()

    def _status_call(self, function: str, *args: Any) -> None:
        fn = getattr(self._lib, function)
        handle = self._enter()
        try:
            rc = fn(handle, *args)
            if rc != Status.OK:
                raise self._failure(rc)
        finally:
            self._leave()

    def _text_call(self, function: str, *args: Any) -> str:
        fn = getattr(self._lib, function)
        out = c_void_p()
        handle = self._enter()
        try:
            rc = fn(handle, *args, byref(out))
            if rc != Status.OK:
                raise self._failure(rc)
            text = self._lib.take_text(out)
            if text is None:
                raise error_for(Status.INTERNAL, f"{function} succeeded without a result")
            return text
        finally:
            if out.value:  # the header promises NULL on failure; free anyway rather than leak
                self._lib.loyalty_free(out.value)  # type: ignore[attr-defined]
            self._leave()

    def _json_call(self, function: str, *args: Any) -> Dict[str, Any]:
        return json.loads(self._text_call(function, *args))

    # ---- lifetime -------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._handle is None

    def close(self) -> None:
        """Stops the servers this engine started, waits for calls in flight, and closes the store.

        Idempotent. Changes are durable as each call returns, so closing is not needed for durability,
        only to release the store (file handles, the writer thread).
        """
        close_lock = getattr(self, "_close_lock", None)
        if close_lock is None:  # __init__ failed before the engine existed
            return
        with close_lock:
            with self._cond:
                handle = self._handle
                if handle is None:
                    return
                self._handle = None  # new calls now raise EngineClosed
                while self._busy:
                    self._cond.wait()
                servers = list(self._servers)
            # The C servers call the engine from their own threads, so they must stop before it closes.
            for server in servers:
                server.stop()
            self._lib.loyalty_close(handle)  # type: ignore[attr-defined]

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # at interpreter exit the modules close() needs may already be gone
            pass

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<loyalty.Engine storage={self._storage!r} {state}>"

    # ---- shops, orders, members -------------------------------------------------------------------

    def put_shop(self, shop: JSONDocument) -> None:
        """Creates or updates a shop's program (``loyalty_put_shop``), persisted in the store.

        ``shop``: ``{"shop_id", "timezone", "earn": {"spend_per_point"}, "connections": [{"platform",
        "secret" | "secrets", "verify_token"}]}``.
        """
        self._status_call("loyalty_put_shop", _encode_json(shop, "shop"))

    def patch_shop(self, shop_id: str, patch: JSONDocument) -> Dict[str, Any]:
        """Changes a stored shop with a JSON Merge Patch (``loyalty_patch_shop``); returns the shop now
        stored. Secrets sent as ``"***"`` or left out keep their stored values. Raises :class:`NotFound`."""
        return self._json_call("loyalty_patch_shop", _encode_text(shop_id, "shop_id"), _encode_json(patch, "patch"))

    def get_shop(self, shop_id: str) -> Dict[str, Any]:
        """The shop's program as stored (``loyalty_get_shop``). Raises :class:`NotFound`."""
        return self._json_call("loyalty_get_shop", _encode_text(shop_id, "shop_id"))

    def record_order(self, shop_id: str, order: JSONDocument) -> Dict[str, Any]:
        """Records an order in its latest state (``loyalty_record_order``); the ledger follows that state.

        Returns ``{"member_id", "applied", "points_delta", "points": {"available", "pending"}}``;
        ``applied`` is false when the order already was in that state or its version is older.
        """
        return self._json_call("loyalty_record_order", _encode_text(shop_id, "shop_id"),
                               _encode_json(order, "order"))

    def upsert_customer(self, shop_id: str, customer: JSONDocument) -> Dict[str, Any]:
        """Creates or updates a member from a platform customer (``loyalty_upsert_customer``).

        ``customer``: ``{"platform", "customer_id", "phone", "name", "email", "birthday", "group"}``.
        Returns ``{"member_id", "created"}``.
        """
        return self._json_call("loyalty_upsert_customer", _encode_text(shop_id, "shop_id"),
                               _encode_json(customer, "customer"))

    def get_member(self, shop_id: str, query: JSONDocument) -> Dict[str, Any]:
        """A member (``loyalty_get_member``) by ``{"member_id"}``, ``{"phone"}`` or ``{"platform", "customer_id"}``.

        Raises :class:`NotFound` when no member matches.
        """
        return self._json_call("loyalty_get_member", _encode_text(shop_id, "shop_id"),
                               _encode_json(query, "query"))

    def get_balance(self, shop_id: str, member_id: str) -> Balance:
        """A member's points as ``Balance(available, pending)`` (``loyalty_get_balance``)."""
        available, pending = c_int64(), c_int64()
        self._status_call("loyalty_get_balance", _encode_text(shop_id, "shop_id"),
                          _encode_text(member_id, "member_id"), byref(available), byref(pending))
        return Balance(available.value, pending.value)

    def list_transactions(self, shop_id: str, query: JSONDocument) -> Dict[str, Any]:
        """A member's ledger entries, newest first (``loyalty_list_transactions``).

        ``query``: ``{"member_id", "limit" (1..500, default 50), "before" (cursor)}``.
        Returns ``{"transactions": [...], "next_before": id | None}``.
        """
        return self._json_call("loyalty_list_transactions", _encode_text(shop_id, "shop_id"),
                               _encode_json(query, "query"))

    def adjust_points(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Adds or removes points by hand (``loyalty_adjust_points``).

        ``request``: ``{"member_id", "points" (non-zero, may be negative), "idempotency_key", "reason"}``.
        Returns ``{"member_id", "entry", "points"}``. Raises :class:`InsufficientPoints` when a debit
        would take the available balance below zero, :class:`Conflict` when the idempotency key was
        used with a different request (the same request returns the first result again).
        """
        return self._json_call("loyalty_adjust_points", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def redeem_points(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Spends points (``loyalty_redeem_points``).

        ``request``: ``{"member_id", "points" (positive), "idempotency_key", "reason"}``. Returns
        ``{"member_id", "entry", "points"}``. Raises :class:`InsufficientPoints` or :class:`Conflict`
        as :meth:`adjust_points` does.
        """
        return self._json_call("loyalty_redeem_points", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def quote(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """What a basket would earn, its tier discount and what points could pay (``loyalty_quote``).

        ``request``: ``{"member_id"?, "amount", "lines"?, "redeem_points"?, "at"?}``. Writes nothing.
        Returns ``{"member_id", "tier", "discount", "redeem", "earn"}`` (docs/program.md).
        """
        return self._json_call("loyalty_quote", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    def set_tier(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Puts a member on a tier until a time (``loyalty_set_tier``); returns the member.

        ``request``: ``{"member_id", "tier", "until"}``.
        """
        return self._json_call("loyalty_set_tier", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    # ---- customer groups, rewards and checkout (docs/rewards.md) ----------------------------------

    def set_group(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Sets the member's customer group as the shop decides it (``loyalty_set_group``); returns the member.

        ``request``: ``{"member_id", "group"}``; ``"group": None`` hands the group back to the platform.
        """
        return self._json_call("loyalty_set_group", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    def claim_reward(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Claims a catalogue reward for points, issuing a grant (``loyalty_claim_reward``).

        ``request``: ``{"member_id", "reward_id", "idempotency_key"}``. Returns ``{"grant", "points":
        {"available", "pending"}, "replayed"}``. Raises :class:`InsufficientPoints`, :class:`NotFound`
        (member or reward), or :class:`Conflict` (out of stock, not for the member's tier or group, or
        the key used for a different request).
        """
        return self._json_call("loyalty_claim_reward", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def list_events(self, shop_id: str, query: Optional[JSONDocument] = None) -> Dict[str, Any]:
        """The shop's event deliveries, oldest first (``loyalty_list_events``, docs/notifications.md).

        ``query``: ``{"status"?: "pending" | "delivered" | "failed", "limit": 1..500 (50), "after": cursor}``.
        Returns ``{"deliveries": [...], "next_after": id | None, "backlog": {...}}``.
        """
        return self._json_call("loyalty_list_events", _encode_text(shop_id, "shop_id"),
                               _encode_json({} if query is None else query, "query"))

    def replay_events(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Sends delivered or failed deliveries of events ``from``..``to`` again (``loyalty_replay_events``).

        ``request``: ``{"from", "to"?, "only_failed"?}``. Returns ``{"replayed": [...]}``.
        """
        return self._json_call("loyalty_replay_events", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def export_member(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Everything the shop keeps about one member (``loyalty_export_member``, docs/personal-data.md).

        ``request``: ``{"member_id", "actor"?}``; the export is recorded in the audit trail under ``actor``.
        """
        return self._json_call("loyalty_export_member", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def erase_member(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Erases a member's personal data for good; the ledger stays (``loyalty_erase_member``).

        ``request``: ``{"member_id", "actor"?}``. Returns ``{"member_id", "erased_at", "already_erased",
        "removed": {...}}``; erasing again changes nothing.
        """
        return self._json_call("loyalty_erase_member", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def play_game(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Plays an instant-win game, a lucky wheel or scratch card (``loyalty_play_game``, docs/games.md).

        ``request``: ``{"member_id", "game_id", "idempotency_key"}``. Uses a play a paid order earned, else
        buys one with the game's ``cost_points``. Returns the play (``{"play_id", "prize_id", "prize", "odds",
        "draw", ...}``) with ``"grant"``, ``"plays_left"``, ``"points": {"available", "pending"}`` and
        ``"replayed"``. Raises :class:`InsufficientPoints`, :class:`NotFound` (member or game), or
        :class:`Conflict` (the game closed or not for the member's tier or group, nothing left to win today,
        no plays left, or the key used for a different request).
        """
        return self._json_call("loyalty_play_game", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def list_plays(self, shop_id: str, query: Optional[JSONDocument] = None) -> Dict[str, Any]:
        """Plays, oldest first, each with the odds it was drawn from (``loyalty_list_plays``).

        ``query``: ``{"game_id"?, "member_id"?, "limit": 1..500 (50), "after": cursor}``.
        Returns ``{"plays": [...], "next_after": id | None}``.
        """
        return self._json_call("loyalty_list_plays", _encode_text(shop_id, "shop_id"),
                               _encode_json({} if query is None else query, "query"))

    def game_status(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Whether a member can play a game now, and the odds (``loyalty_game_status``); writes nothing.

        ``request``: ``{"game_id", "member_id"}``. Returns ``{"game_id", "name", "kind", "open", "can_play",
        "refusal", "plays_left", "cost_points", "odds"}``.
        """
        return self._json_call("loyalty_game_status", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def list_grants(self, shop_id: str, query: Optional[JSONDocument] = None) -> Dict[str, Any]:
        """Grants, oldest first (``loyalty_list_grants``).

        ``query``: ``{"member_id"?, "status"?, "code"?, "limit": 1..500 (50), "after": cursor}``.
        Returns ``{"grants": [...], "next_after": id | None}``.
        """
        return self._json_call("loyalty_list_grants", _encode_text(shop_id, "shop_id"),
                               _encode_json({} if query is None else query, "query"))

    def use_grant(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Marks a grant used by an order (``loyalty_use_grant``); returns the grant.

        ``request``: ``{"grant_id" | "code", "order_id"}``. Raises :class:`Conflict` when it is voided,
        expired or was used by another order.
        """
        return self._json_call("loyalty_use_grant", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    def void_grant(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Voids an unused grant, returning its points and stock (``loyalty_void_grant``); returns the grant.

        ``request``: ``{"grant_id" | "code", "reason"}``. Raises :class:`Conflict` when it was used.
        """
        return self._json_call("loyalty_void_grant", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    def pay_with_points(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Pays part of an order with points at checkout (``loyalty_pay_with_points``).

        ``request``: ``{"member_id", "order_id", "order_amount", "points", "idempotency_key"}``. Returns
        ``{"payment", "entry", "points", "replayed"}``. The points come back when the order is cancelled
        or fully refunded.
        """
        return self._json_call("loyalty_pay_with_points", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    # ---- distributor programs (docs/distributor.md) -----------------------------------------------

    def settle_period(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """Settles a closed period's volume bonuses, targets and rankings (``loyalty_settle_period``).

        ``request``: ``{"period": "2026-Q4" | "2026-11" | "2026", "program_id"?, "at"?}``. Returns
        ``{"period", "programs": [{"program_id", "kind", "period", "settled_at", "already_settled",
        "standings"}]}``; a program settled before is reported as it was and posts nothing new.
        """
        return self._json_call("loyalty_settle_period", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    def leaderboard(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """A program's standings in its current period, or the one containing ``at`` (``loyalty_leaderboard``).

        ``request``: ``{"program_id", "at"?, "limit": 1..1000 (100)}``. Returns ``{"program_id", "kind",
        "period", "settled_at", "standings"}``. Writes nothing.
        """
        return self._json_call("loyalty_leaderboard", _encode_text(shop_id, "shop_id"),
                               _encode_json(request, "request"))

    # ---- reports (docs/program.md, "Reports") ----------------------------------------------------

    def report(self, shop_id: str, request: JSONDocument) -> Dict[str, Any]:
        """One of the shop's reports, as ``GET /api/v1/shops/{shop}/reports/{report}`` returns it (``loyalty_report``).

        ``request``: ``{"report": "segments" | "cohorts" | "repeat-purchase" | "liability" | "rewards" | "tiers",
        "months": 1..36 (12; not for segments), "limit": 1..100 (10; rewards only)}``. Returns that report's
        document (``loyalty.types.SegmentReport``, ``CohortReport``, ... ``TierReport``). Writes nothing. Raises
        :class:`InvalidArgument` naming the field for a bad request, :class:`NotFound` for an unknown shop.
        """
        return self._json_call("loyalty_report", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    # ---- maintenance and figures -----------------------------------------------------------------

    def run_maintenance(self, now: Optional[int] = None) -> Dict[str, Any]:
        """Runs time-based work and checks the ledger (``loyalty_run_maintenance``).

        ``now``: unix seconds, default the current time. Returns ``{"now", "entries",
        "deliveries_forgotten", "ledger_consistent", "balance_mismatches"}``.
        """
        when = int(time.time()) if now is None else int(now)
        return self._json_call("loyalty_run_maintenance", when)

    def get_stats(self) -> Dict[str, Any]:
        """Cheap monitoring figures (``loyalty_get_stats``): ``{"entries", "quarantine_open"}``."""
        return self._json_call("loyalty_get_stats")

    def get_sync_status(self, shop_id: str) -> Dict[str, Any]:
        """A shop's backfill and reconciliation per connected platform (``loyalty_get_sync_status``)."""
        return self._json_call("loyalty_get_sync_status", _encode_text(shop_id, "shop_id"))

    def start_sync(self, shop_id: str, request: Dict[str, Any]) -> Dict[str, Any]:
        """Starts a backfill or reconciliation a running loyaltyd carries out (``loyalty_start_sync``).

        ``request``: ``{"platform", "mode": "backfill" | "reconcile", "since", "history"}``.
        Returns the sync status.
        """
        return self._json_call("loyalty_start_sync", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    def add_staff(self, shop_id: str, request: Dict[str, Any]) -> Dict[str, Any]:
        """Adds a dashboard staff account (``loyalty_add_staff``).

        ``request``: ``{"username", "role": "owner" | "cashier" | "viewer", "password"}``.
        """
        return self._json_call("loyalty_add_staff", _encode_text(shop_id, "shop_id"), _encode_json(request, "request"))

    def list_staff(self, shop_id: str) -> Dict[str, Any]:
        """The shop's staff accounts, by username (``loyalty_list_staff``): ``{"staff": [...]}``."""
        return self._json_call("loyalty_list_staff", _encode_text(shop_id, "shop_id"))

    def remove_staff(self, shop_id: str, username: str) -> None:
        """Removes a staff account and ends its sessions (``loyalty_remove_staff``)."""
        self._status_call("loyalty_remove_staff", _encode_text(shop_id, "shop_id"), _encode_text(username, "username"))

    def reset_staff_password(self, shop_id: str, request: Dict[str, Any]) -> Dict[str, Any]:
        """A new password, which lifts a sign-in lock and ends the account's sessions
        (``loyalty_reset_staff_password``). ``request``: ``{"username", "password"}``.
        """
        return self._json_call(
            "loyalty_reset_staff_password", _encode_text(shop_id, "shop_id"), _encode_json(request, "request")
        )

    def check_storage(self) -> None:
        """Raises :class:`StorageError` when the store cannot serve calls now (``loyalty_check_storage``).

        On PostgreSQL this asks the server, so it may block for up to the connect timeout.
        """
        self._status_call("loyalty_check_storage")

    # ---- platform webhooks -------------------------------------------------------------------------

    def ingest_webhook(self, platform: str, shop_id: str,
                       headers: Union[Mapping[str, str], Iterable[Tuple[str, str]], str],
                       body: Union[bytes, bytearray, memoryview]) -> Dict[str, Any]:
        """Turns one platform delivery into ledger changes (``loyalty_ingest_webhook``).

        Args:
            platform: ``"haravan"``, ``"sapo"`` or ``"kiotviet"``.
            headers: the request's headers (names matched case-insensitively).
            body: the raw bytes as received; the signature covers exactly them, so pass bytes, never
                re-encoded text.

        Returns ``{"outcome": "applied" | "duplicate" | "stale" | "ignored", "events": [...]}``.

        Raises:
            Unauthenticated: the signature does not verify; nothing was stored.
            NotFound: unknown shop or platform, or the shop has no connection for it.
            InvalidArgument: authenticated but unreadable; the delivery is kept in quarantine and the
                exception's ``quarantine_id`` says under which id.
        """
        if isinstance(body, str):
            raise TypeError("body must be the raw bytes as received (the signature covers them), not str")
        raw = bytes(body)
        return self._json_call("loyalty_ingest_webhook", _encode_text(platform, "platform"),
                               _encode_text(shop_id, "shop_id"), _encode_headers(headers), raw, len(raw))

    def haravan_handshake(self, shop_id: str, mode: str, verify_token: str, challenge: str) -> str:
        """Answers Haravan's subscription handshake (``loyalty_haravan_handshake``): returns the challenge.

        Raises :class:`Unauthenticated` when ``mode`` is not ``"subscribe"`` or the token is not the
        shop's ``verify_token``; :class:`NotFound` when the shop has no Haravan connection.
        """
        return self._text_call("loyalty_haravan_handshake", _encode_text(shop_id, "shop_id"),
                               _encode_text(mode, "mode"), _encode_text(verify_token, "verify_token"),
                               _encode_text(challenge, "challenge"))

    def list_quarantine(self, query: Optional[JSONDocument] = None) -> Dict[str, Any]:
        """Quarantined deliveries, oldest first (``loyalty_list_quarantine``).

        ``query``: ``{"shop_id", "include_resolved": False, "limit": 1..500 (50), "after": cursor}``.
        Returns ``{"deliveries": [...], "next_after": id | None}``.
        """
        return self._json_call("loyalty_list_quarantine", _encode_json({} if query is None else query, "query"))

    def replay_quarantine(self, quarantine_id: int) -> Dict[str, Any]:
        """Applies a quarantined delivery again, without re-checking its signature (``loyalty_replay_quarantine``).

        Returns what :meth:`ingest_webhook` returns. Raises :class:`Conflict` when it is already resolved,
        :class:`InvalidArgument` (it stays quarantined) when it still cannot be applied.
        """
        return self._json_call("loyalty_replay_quarantine", int(quarantine_id))

    def dismiss_quarantine(self, quarantine_id: int, reason: str) -> None:
        """Marks a quarantined delivery resolved without applying it (``loyalty_dismiss_quarantine``)."""
        self._status_call("loyalty_dismiss_quarantine", int(quarantine_id), _encode_text(reason, "reason"))

    # ---- the embedded server -----------------------------------------------------------------------

    def start_server(self, server_config: JSONDocument) -> "Server":
        """Starts the HTTPS server (webhooks, admin API, health) over this engine (``loyalty_server_start``).

        ``server_config`` is loyaltyd's document: ``{"listen": {"address", "port", "tls": {"cert", "key"}},
        "admin_token", "insecure_http", "limits", "threads", ...}``. Returns once listening. The server
        runs on the library's own threads (no Python code runs on them) until :meth:`Server.stop` or
        until this engine closes, which stops it first.
        """
        from .server import Server

        out = _library.ServerPtr()
        handle = self._enter()
        try:
            rc = self._lib.loyalty_server_start(  # type: ignore[attr-defined]
                handle, _encode_json(server_config, "server_config"), byref(out))
            if rc != Status.OK:
                raise self._failure(rc)
            server = Server._adopt(self, out)
            with self._cond:
                self._servers.add(server)
            return server
        finally:
            self._leave()

    def _forget_server(self, server: "Server") -> None:
        with self._cond:
            self._servers.discard(server)
