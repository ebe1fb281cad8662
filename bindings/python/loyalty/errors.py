"""Status codes and the exceptions they become.

Every failing C call returns a status from ``enum loyalty_status``; the binding raises the
matching subclass of :class:`LoyaltyError`, carrying the library's own message (read from
``loyalty_last_error()`` on the calling thread, right after the failed call) and the facts the
library reports as data (``loyalty_last_error_json()``): the quarantine id of a delivery kept for
replay, the available and requested points of an ``INSUFFICIENT_POINTS``.
"""
from __future__ import annotations

import enum
import json
from typing import Any, Dict, Optional, Union

__all__ = [
    "Status",
    "LoyaltyError",
    "InvalidArgument",
    "NotFound",
    "Conflict",
    "InsufficientPoints",
    "Unauthenticated",
    "StorageError",
    "InternalError",
    "EngineClosed",
    "LibraryNotFound",
    "LibraryVersionMismatch",
]


class Status(enum.IntEnum):
    """``enum loyalty_status`` from ``loyalty/loyalty.h`` (the tests check the values match)."""

    OK = 0
    INVALID_ARGUMENT = 1
    NOT_FOUND = 2
    CONFLICT = 3
    INSUFFICIENT_POINTS = 4
    UNAUTHENTICATED = 5
    STORAGE = 6
    INTERNAL = 7


class LoyaltyError(Exception):
    """Base class of every error this package raises.

    Attributes:
        status: the :class:`Status` the C call returned, or ``None`` for errors the binding
            raises itself before reaching the library (library not found, version mismatch).
        message: the library's message (``loyalty_last_error()``), or the binding's own. It may be
            reworded between releases: act on ``code`` and the fields below, never on the text.
        details: the library's error document (``loyalty_last_error_json()``), ``{}`` when none.
        quarantine_id: the id under which :meth:`Engine.ingest_webhook` kept an authenticated but
            unreadable delivery for replay, else ``None``.
        available, requested: on :class:`InsufficientPoints`, the member's available points and
            the points the call needed, else ``None``.
    """

    status: Optional[Union[Status, int]]
    message: str

    def __init__(self, message: str, status: Optional[Union[Status, int]] = None,
                 details: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.details: Dict[str, Any] = dict(details or {})
        self.quarantine_id: Optional[int] = _integer(self.details.get("quarantine_id"))
        self.available: Optional[int] = _integer(self.details.get("available"))
        self.requested: Optional[int] = _integer(self.details.get("requested"))

    @property
    def code(self) -> Optional[str]:
        """The status's lower-case name (``"insufficient_points"``), as the HTTP API and CLI spell it."""
        if isinstance(self.status, Status):
            return self.status.name.lower()
        return None if self.status is None else "unknown"

    def __repr__(self) -> str:
        status = self.status.name if isinstance(self.status, Status) else self.status
        return f"{type(self).__name__}({self.message!r}, status={status})"


class InvalidArgument(LoyaltyError):
    """Malformed JSON, a missing or out-of-range field, or an unreadable webhook delivery
    (then ``quarantine_id`` is set)."""

    def __init__(self, message: str, status: Optional[Union[Status, int]] = Status.INVALID_ARGUMENT,
                 details: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(message, status, details)


class NotFound(LoyaltyError):
    """Unknown shop, member, order, platform or quarantined delivery."""


class Conflict(LoyaltyError):
    """An idempotency key reused with a different request, or a quarantined delivery already resolved."""


class InsufficientPoints(LoyaltyError):
    """A redemption or debit larger than the available balance (``available`` and ``requested`` say by how much)."""


class Unauthenticated(LoyaltyError):
    """A webhook signature or a handshake token that does not verify."""


class StorageError(LoyaltyError):
    """The store failed or is unavailable; nothing was changed and the call is safe to retry."""


class InternalError(LoyaltyError):
    """A bug in the library: please report it with the message."""


class EngineClosed(InvalidArgument):
    """A method was called on an :class:`Engine` after :meth:`Engine.close`.

    Raised by the binding itself, which never hands the library a closed handle; its status is
    ``INVALID_ARGUMENT``, what the library answers for a NULL engine.
    """


class LibraryNotFound(LoyaltyError):
    """``libloyalty`` could not be found or loaded; the message lists every place tried."""


class LibraryVersionMismatch(LoyaltyError):
    """The loaded ``libloyalty`` lacks a function this binding needs (it is older), or has another ABI major.

    Attributes:
        symbol: the missing C function, or ``None`` when the major version differs.
        library_version: the loaded library's ``loyalty_version()``.
        path: where the library was loaded from.
    """

    def __init__(self, message: str, *, symbol: Optional[str], library_version: str, path: str) -> None:
        super().__init__(message)
        self.symbol = symbol
        self.library_version = library_version
        self.path = path


_BY_STATUS = {
    Status.INVALID_ARGUMENT: InvalidArgument,
    Status.NOT_FOUND: NotFound,
    Status.CONFLICT: Conflict,
    Status.INSUFFICIENT_POINTS: InsufficientPoints,
    Status.UNAUTHENTICATED: Unauthenticated,
    Status.STORAGE: StorageError,
    Status.INTERNAL: InternalError,
}


def _integer(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _details(document: Optional[str]) -> Dict[str, Any]:
    # A document that does not parse (a library older than the field) leaves the fields unset
    # rather than hiding the failure being reported.
    if not document:
        return {}
    try:
        parsed = json.loads(document)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def error_for(status: int, message: str, document: Optional[str] = None) -> LoyaltyError:
    """The exception for a failed call's status, message and error document."""
    details = _details(document)
    try:
        known = Status(status)
    except ValueError:
        # A newer library may add statuses; keep the raw number rather than guess.
        return LoyaltyError(message or f"status {status}", status, details)
    cls = _BY_STATUS.get(known, LoyaltyError)
    return cls(message or known.name.lower(), known, details)
