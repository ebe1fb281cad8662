"""Python binding for libloyalty, the loyalty engine (points, tiers, rewards) for Sapo, KiotViet and Haravan.

Standard library only: the shared library is loaded with :mod:`ctypes` on first use, from
``$LOYALTY_LIBRARY``, else next to this package, else through the system loader.

::

    import loyalty

    with loyalty.Engine({"storage": "sqlite:loyalty.db"}) as engine:
        engine.put_shop({"shop_id": "demo", "earn": {"spend_per_point": 10000}})
        engine.record_order("demo", {"order_id": "A-1", "status": "paid", "amount": 1130000,
                                     "customer": {"platform": "pos", "customer_id": "C-1",
                                                  "phone": "0912345678"}})
        member = engine.get_member("demo", {"phone": "0912345678"})

Errors are subclasses of :class:`LoyaltyError`. An engine may be shared by many threads; see
:class:`Engine` and ``README.md`` for threads and ownership.
"""
from __future__ import annotations

from .engine import Balance, Engine, JSONDocument, status_name, version
from .errors import (
    Conflict,
    EngineClosed,
    InsufficientPoints,
    InternalError,
    InvalidArgument,
    LibraryNotFound,
    LibraryVersionMismatch,
    LoyaltyError,
    NotFound,
    Status,
    StorageError,
    Unauthenticated,
)
from .server import Server

__all__ = [
    "Engine",
    "Server",
    "Balance",
    "JSONDocument",
    "Status",
    "version",
    "status_name",
    "library_path",
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


def library_path() -> str:
    """Where the loaded ``libloyalty`` came from (loads it if needed): useful when debugging which one is used."""
    from . import _library

    return _library.get().path
