"""Finding and loading ``libloyalty``, and the one table of the C functions this binding calls.

Every C function appears exactly once in :data:`FUNCTIONS` with its argument and return types; nothing
else in the package declares a prototype. Results the library allocates (``char **out``) are declared as
``c_void_p`` out-parameters so that ctypes never converts them to ``bytes`` behind our back: the caller
copies the text and hands the very same pointer to ``loyalty_free``.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from ctypes import POINTER, c_char_p, c_int, c_int64, c_size_t, c_void_p
from typing import Any, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from .errors import LibraryNotFound, LibraryVersionMismatch

__all__ = ["Function", "FUNCTIONS", "Library", "load", "get", "ABI_MAJOR", "ENV_VAR"]

#: The major version (soname) of the C ABI this binding was written against.
ABI_MAJOR = 0
#: Environment variable naming the library file to load, ahead of every other place.
ENV_VAR = "LOYALTY_LIBRARY"


class EngineStruct(ctypes.Structure):
    """Opaque ``loyalty_engine``; only pointers to it exist."""


class ServerStruct(ctypes.Structure):
    """Opaque ``loyalty_server``; only pointers to it exist."""


# Distinct pointer types, so ctypes refuses an engine where a server is expected and vice versa.
EnginePtr = POINTER(EngineStruct)
ServerPtr = POINTER(ServerStruct)
OutText = POINTER(c_void_p)  # char **: the library's allocation, freed with loyalty_free


class Function(NamedTuple):
    """One C function: its symbol, argument types and return type."""

    name: str
    argtypes: Tuple[Any, ...]
    restype: Any


FUNCTIONS: Tuple[Function, ...] = (
    # Static strings (never freed), so c_char_p's conversion to bytes is safe here.
    Function("loyalty_version", (), c_char_p),
    Function("loyalty_status_name", (c_int,), c_char_p),
    Function("loyalty_last_error", (), c_char_p),
    Function("loyalty_last_error_json", (), c_char_p),
    Function("loyalty_free", (c_void_p,), None),
    Function("loyalty_open", (c_char_p, POINTER(EnginePtr)), c_int),
    Function("loyalty_close", (EnginePtr,), None),
    Function("loyalty_put_shop", (EnginePtr, c_char_p), c_int),
    Function("loyalty_get_shop", (EnginePtr, c_char_p, OutText), c_int),
    Function("loyalty_patch_shop", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_record_order", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_upsert_customer", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_get_member", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_get_balance", (EnginePtr, c_char_p, c_char_p, POINTER(c_int64), POINTER(c_int64)), c_int),
    Function("loyalty_list_transactions", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_adjust_points", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_redeem_points", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_run_maintenance", (EnginePtr, c_int64, OutText), c_int),
    Function("loyalty_quote", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_set_tier", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_set_group", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_claim_reward", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_list_events", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_replay_events", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_export_member", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_erase_member", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_play_game", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_list_plays", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_game_status", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_list_grants", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_use_grant", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_void_grant", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_pay_with_points", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_settle_period", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_leaderboard", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_report", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_get_stats", (EnginePtr, OutText), c_int),
    Function("loyalty_check_storage", (EnginePtr,), c_int),
    Function("loyalty_get_sync_status", (EnginePtr, c_char_p, OutText), c_int),
    Function("loyalty_start_sync", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_add_staff", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_list_staff", (EnginePtr, c_char_p, OutText), c_int),
    Function("loyalty_remove_staff", (EnginePtr, c_char_p, c_char_p), c_int),
    Function("loyalty_reset_staff_password", (EnginePtr, c_char_p, c_char_p, OutText), c_int),
    # body is declared c_char_p but passed with its length: embedded NUL bytes are fine.
    Function("loyalty_ingest_webhook", (EnginePtr, c_char_p, c_char_p, c_char_p, c_char_p, c_size_t, OutText), c_int),
    Function("loyalty_haravan_handshake", (EnginePtr, c_char_p, c_char_p, c_char_p, c_char_p, OutText), c_int),
    Function("loyalty_list_quarantine", (EnginePtr, c_char_p, OutText), c_int),
    Function("loyalty_replay_quarantine", (EnginePtr, c_int64, OutText), c_int),
    Function("loyalty_dismiss_quarantine", (EnginePtr, c_int64, c_char_p), c_int),
    Function("loyalty_server_start", (EnginePtr, c_char_p, POINTER(ServerPtr)), c_int),
    Function("loyalty_server_port", (ServerPtr,), c_int),
    Function("loyalty_server_reload", (ServerPtr,), c_int),
    Function("loyalty_server_reconfigure", (ServerPtr, c_char_p), c_int),
    Function("loyalty_server_stop", (ServerPtr,), None),
)


class Library:
    """A loaded ``libloyalty`` with every function of :data:`FUNCTIONS` bound as an attribute."""

    def __init__(self, cdll: ctypes.CDLL, path: str, functions: Iterable[Function] = FUNCTIONS) -> None:
        self.cdll = cdll
        self.path = path
        version = self._version(cdll)
        if version is None:
            raise LibraryVersionMismatch(
                f"library version mismatch: {path} has no function loyalty_version; is it libloyalty?",
                symbol="loyalty_version", library_version="unknown", path=path)
        self.version = version
        major = self.version.split(".", 1)[0]
        if major != str(ABI_MAJOR):
            raise LibraryVersionMismatch(
                f"library version mismatch: {path} is libloyalty {self.version}, this binding needs "
                f"{ABI_MAJOR}.x", symbol=None, library_version=self.version, path=path)
        for fn in functions:
            try:
                c_function = getattr(cdll, fn.name)
            except AttributeError:
                raise LibraryVersionMismatch(
                    f"library version mismatch: {path} (libloyalty {self.version}) has no function "
                    f"{fn.name}; this binding needs a newer library",
                    symbol=fn.name, library_version=self.version, path=path) from None
            c_function.argtypes = list(fn.argtypes)
            c_function.restype = fn.restype
            setattr(self, fn.name, c_function)

    @staticmethod
    def _version(cdll: ctypes.CDLL) -> Optional[str]:
        # Read before the table is bound, so that a mismatch can name the version it found.
        try:
            fn = cdll.loyalty_version
        except AttributeError:
            return None
        fn.argtypes = []
        fn.restype = c_char_p
        raw = fn()
        return raw.decode("utf-8", "replace") if raw else "unknown"

    def last_error(self) -> str:
        """This thread's message for its last failed call (empty after a success)."""
        raw = self.loyalty_last_error()  # type: ignore[attr-defined]
        return raw.decode("utf-8", "replace") if raw else ""

    def last_error_json(self) -> str:
        """This thread's last failure as the library's JSON document (``{"code": "ok", ...}`` after a success)."""
        raw = self.loyalty_last_error_json()  # type: ignore[attr-defined]
        return raw.decode("utf-8", "replace") if raw else ""

    def take_text(self, pointer: c_void_p) -> Optional[str]:
        """Copies a library-allocated string and frees it; ``None`` for a NULL pointer."""
        address = pointer.value
        if not address:
            return None
        try:
            return ctypes.string_at(address).decode("utf-8")
        finally:
            self.loyalty_free(address)  # type: ignore[attr-defined]
            pointer.value = None

    def __repr__(self) -> str:
        return f"<loyalty library {self.version} at {self.path!r}>"


def _file_names() -> List[str]:
    if sys.platform == "win32":
        return ["loyalty.dll", "libloyalty.dll"]
    if sys.platform == "darwin":
        return [f"libloyalty.{ABI_MAJOR}.dylib", "libloyalty.dylib"]
    return [f"libloyalty.so.{ABI_MAJOR}", "libloyalty.so"]


def candidates() -> List[Tuple[str, str]]:
    """Where to look, in order, as ``(how it was found, path or name for the loader)``."""
    found: List[Tuple[str, str]] = []
    package_dir = os.path.dirname(os.path.abspath(__file__))
    for directory in (package_dir, os.path.dirname(package_dir)):
        for name in _file_names():
            path = os.path.join(directory, name)
            if os.path.exists(path):
                found.append(("next to the package", path))
    # The soname first: it is what the library was linked as and honours LD_LIBRARY_PATH.
    found.append(("system loader", _file_names()[0]))
    located = ctypes.util.find_library("loyalty")
    if located:
        found.append(("system loader (find_library)", located))
    return found


def _open(path: str) -> ctypes.CDLL:
    # ctypes.CDLL, not PyDLL: calls release the GIL, so other Python threads run while the library works.
    return ctypes.CDLL(path)


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", c_char_p), ("dli_fbase", c_void_p), ("dli_sname", c_char_p), ("dli_saddr", c_void_p)]


def _loaded_file(cdll: ctypes.CDLL, name: str) -> str:
    """The file the system loader chose for a bare ``name``, else ``name`` itself.

    So that :func:`loyalty.library_path` names a file that another process (or ``$LOYALTY_LIBRARY``) can
    load, whichever ``LD_LIBRARY_PATH`` it runs with.
    """
    if os.sep in name:
        return name
    try:
        dladdr = ctypes.CDLL(None).dladdr
        symbol = ctypes.cast(cdll.loyalty_version, c_void_p)
    except (AttributeError, OSError):
        return name
    dladdr.argtypes = [c_void_p, POINTER(_DlInfo)]
    dladdr.restype = c_int
    info = _DlInfo()
    if not dladdr(symbol, ctypes.byref(info)) or not info.dli_fname:
        return name
    return os.fsdecode(info.dli_fname)


def load(path: Optional[str] = None, functions: Sequence[Function] = FUNCTIONS) -> Library:
    """Loads the library and binds ``functions``.

    ``path`` (or else ``$LOYALTY_LIBRARY``) names the file to load and nothing else is tried; without
    either, the places of :func:`candidates` are tried in order.

    Raises:
        LibraryNotFound: nothing could be loaded.
        LibraryVersionMismatch: the library lacks one of ``functions`` or has another ABI major.
    """
    explicit = path or os.environ.get(ENV_VAR) or None
    if explicit:
        source = "the path given" if path else f"${ENV_VAR}"
        if not os.path.exists(explicit):
            raise LibraryNotFound(f"libloyalty not found: {source} names {explicit!r}, which does not exist")
        try:
            cdll = _open(explicit)
        except OSError as e:
            raise LibraryNotFound(f"libloyalty could not be loaded from {explicit!r} ({source}): {e}") from e
        return Library(cdll, explicit, functions)

    tried: List[str] = []
    for how, where in candidates():
        try:
            cdll = _open(where)
        except OSError as e:
            tried.append(f"{where} ({how}): {e}")
            continue
        return Library(cdll, _loaded_file(cdll, where), functions)
    raise LibraryNotFound(
        f"libloyalty not found; set ${ENV_VAR} to the path of libloyalty.so, or put it next to the "
        f"package or on the loader's path. Tried: " + "; ".join(tried))


_lock = threading.Lock()
_library: Optional[Library] = None


def get() -> Library:
    """The process's library, loaded on first use (so ``import loyalty`` never fails for lack of it)."""
    global _library
    if _library is None:
        with _lock:
            if _library is None:
                _library = load()
    return _library
