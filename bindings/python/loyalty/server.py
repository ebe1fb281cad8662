"""The HTTPS server (what loyaltyd runs) inside this Python process."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Optional

from .errors import Status, error_for

if TYPE_CHECKING:
    from .engine import Engine, JSONDocument

__all__ = ["Server"]


class Server:
    """A running ``loyalty_server``; get one from :meth:`loyalty.Engine.start_server`.

    Use it as a context manager or call :meth:`stop`. Stopping stops accepting, lets requests in flight
    finish (up to ``limits.drain_timeout_ms``) and closes every connection. The server keeps its engine
    alive, and closing the engine stops the server first: the C library requires that the engine outlive
    it. :meth:`stop` is idempotent and may be called from any thread.
    """

    def __init__(self) -> None:
        raise TypeError("use Engine.start_server() to start a server")

    @classmethod
    def _adopt(cls, engine: "Engine", handle: Any) -> "Server":
        self = cls.__new__(cls)
        self._engine = engine  # strong reference: the engine must outlive the server
        self._lib = engine._lib
        self._lock = threading.Lock()
        self._handle: Optional[Any] = handle
        self._port = int(self._lib.loyalty_server_port(handle))
        return self

    @property
    def port(self) -> int:
        """The bound TCP port (the one chosen by the system when the configuration said ``0``)."""
        return self._port

    @property
    def running(self) -> bool:
        """Whether :meth:`stop` has not been called yet."""
        return getattr(self, "_handle", None) is not None

    def reload(self) -> None:
        """Reads the TLS certificate and key again from their files (``loyalty_server_reload``).

        Connections made from then on use them; open ones keep theirs. Raises :class:`InvalidArgument`
        when they cannot be used (the ones in use stay), or once the server is stopped. A server without
        TLS has nothing to read.
        """
        with self._lock:
            if self._handle is None:
                raise error_for(Status.INVALID_ARGUMENT, "the server is stopped")
            rc = self._lib.loyalty_server_reload(self._handle)
            if rc != Status.OK:
                raise error_for(rc, self._lib.last_error(), self._lib.last_error_json())

    def reconfigure(self, server_config: "JSONDocument") -> None:
        """Applies a configuration document read again (``loyalty_server_reconfigure``; loyaltyd on SIGHUP).

        ``limits``, ``access_log`` and ``log_level`` apply to new connections (open ones after the request they await); the TLS
        certificate and key are read from the files ``listen.tls`` names; seeds in ``shops`` not stored yet
        are stored. The rest takes effect at the next start. Raises :class:`InvalidArgument`, changing
        nothing, for a bad document or TLS switched on or off, or once the server is stopped.
        """
        from .engine import _encode_json

        with self._lock:
            if self._handle is None:
                raise error_for(Status.INVALID_ARGUMENT, "the server is stopped")
            rc = self._lib.loyalty_server_reconfigure(self._handle, _encode_json(server_config, "server_config"))
            if rc != Status.OK:
                raise error_for(rc, self._lib.last_error(), self._lib.last_error_json())

    def stop(self) -> None:
        """Drains and stops the server; returns when it is down. Idempotent."""
        lock = getattr(self, "_lock", None)
        if lock is None:
            return
        with lock:
            handle, self._handle = self._handle, None
            if handle is None:
                return
            self._lib.loyalty_server_stop(handle)
        self._engine._forget_server(self)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def __del__(self) -> None:
        try:
            self.stop()
        except Exception:  # at interpreter exit the modules stop() needs may already be gone
            pass

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<loyalty.Server port={getattr(self, '_port', None)} {state}>"
