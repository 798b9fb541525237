"""The sources' health (monitor.health.site_status), kept while no crawl run changes.

Reading it costs a few queries per configured site (about a second for the 62 built-in ones
at 100,000 articles), and it changes only when a crawl runs. So the app keeps the last
reading: a request finding it checked longer than MAX_AGE ago still gets it at once, and one
background thread checks whether any crawl run started, progressed or finished since (one
indexed query); only then, or after MAX_UNCHANGED, does it read the health anew (stale while
revalidating). Only the very first reading after start is waited for, and the server starts
it before the first request comes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from monitor.config.settings import Config
from monitor.health import SiteStatus, site_status
from storage.webqueries import runs_version

log = logging.getLogger(__name__)
MAX_AGE = 60.0  # seconds before a reading is checked against the crawl runs
MAX_UNCHANGED = 600.0  # ... and read anew even so (the day and week counts move with time)


class HealthCache:
    def __init__(self, config: Config, sessions: sessionmaker[Session],
                 read: Callable[[Session, Config], list[SiteStatus]] = site_status) -> None:
        self._config = config
        self._sessions = sessions
        self._read = read
        self._lock = threading.Lock()
        self._value: list[SiteStatus] | None = None
        self._read_at = 0.0
        self._checked_at = 0.0
        self._refreshing = False
        self._version: tuple[Any, ...] | None = None

    def get(self) -> list[SiteStatus]:
        """The latest reading: waited for only when there is none yet."""
        with self._lock:
            value, age = self._value, time.monotonic() - self._checked_at
            stale = value is not None and age > MAX_AGE and not self._refreshing
            if stale:
                self._refreshing = True
        if value is None:
            return self.refresh()
        if stale:
            threading.Thread(target=self._refresh_quietly, name="newsmon-web-health",
                             daemon=True).start()
        return value

    def warnings(self) -> list[str]:
        return [w for status in self.get() if status.enabled for w in status.warnings]

    def refresh(self, *, if_changed: bool = False) -> list[SiteStatus]:
        """Read the health (with ``if_changed``: only when a crawl run changed since the
        last reading, or that reading is older than MAX_UNCHANGED)."""
        try:
            with self._sessions() as session:
                version = runs_version(session)
                now = time.monotonic()
                value, read_at = self._value, self._read_at
                if (value is None or not if_changed or version != self._version
                        or now - read_at > MAX_UNCHANGED):
                    value, read_at = self._read(session, self._config), now
            with self._lock:
                self._value, self._version = value, version
                self._read_at, self._checked_at = read_at, now
            return value
        finally:
            with self._lock:
                self._refreshing = False

    def start(self) -> None:
        """Read in the background now, so that the first request finds a reading."""
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True
        threading.Thread(target=self._refresh_quietly, name="newsmon-web-health",
                         daemon=True).start()

    def _refresh_quietly(self) -> None:
        try:
            self.refresh(if_changed=True)
        except Exception:  # a failed reading keeps the last one; the next request retries
            log.exception("web: reading the sources' health failed")
