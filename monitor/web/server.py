"""Serving the web app with waitress (a pure-Python WSGI server, a few threads): in the
foreground for `newsmon serve`, or in a background thread of the daemon ([web] enabled)."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

from sqlalchemy import Engine
from waitress.server import create_server
from waitress.wasyncore import close_all

from monitor.config.settings import Config, ConfigError
from monitor.web.app import create_app
from monitor.web.context import EXTENSION
from monitor.web.security import check_bind
from storage.webqueries import open_read_only

log = logging.getLogger(__name__)
THREADS = 4
STOP_SECONDS = 5.0


@dataclass
class WebServer:
    """A listening server: its URL, and how to run and stop it."""

    url: str
    server: Any
    engine: Engine
    thread: threading.Thread | None = None

    def run(self) -> None:
        """Serve until the server is closed, SIGINT or SIGTERM."""
        self.server.run()

    def start_background(self) -> WebServer:
        self.thread = threading.Thread(target=self.run, name="newsmon-web", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Let the requests in flight finish, then close the sockets from the serving thread
        itself: closed from here, they vanish under its select() (EBADF), and a request
        finishing meanwhile wakes it through a closed pipe."""
        self.server.task_dispatcher.shutdown(timeout=STOP_SECONDS)
        if self.thread is not None and self.thread.is_alive():
            sockets = self.server._map  # waitress's socket map; the loop ends when it is empty
            self.server.trigger.pull_trigger(lambda: close_all(sockets))
            self.thread.join(STOP_SECONDS)
        else:
            self.server.close()
        self.engine.dispose()


def listen(config: Config, host: str | None = None, port: int | None = None) -> WebServer:
    """Open the database read only and listen on host:port (the config's by default; port 0
    picks a free one). ConfigError (one line) when the address is refused or taken."""
    host = host or config["web.host"]
    port = config["web.port"] if port is None else port
    check_bind(config, host)
    engine, sessions = open_read_only(config.database_url)
    app = create_app(config, sessions, host)
    app.extensions[EXTENSION].health.start()
    try:
        server = create_server(app, host=host, port=port, threads=THREADS, ident="newsmon",
                               clear_untrusted_proxy_headers=True)
    except (OSError, ValueError) as exc:
        engine.dispose()
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"web: cannot listen on {host}:{port}: {reason}") from None
    shown = f"[{host}]" if ":" in host else host
    return WebServer(url=f"http://{shown}:{server.effective_port}/", server=server, engine=engine)


def serve(config: Config, host: str | None = None, port: int | None = None,
          ready: Callable[[str], None] | None = None) -> int:
    """`newsmon serve`: listen, tell ``ready`` the URL, serve until SIGTERM or SIGINT."""
    web = listen(config, host, port)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if ready is not None:
            ready(web.url)
        log.info("web app on %s (read only)", web.url)
        web.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
        web.stop()
    return 0


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    # waitress stops its loop cleanly on KeyboardInterrupt.
    raise KeyboardInterrupt
