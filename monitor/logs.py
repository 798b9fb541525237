"""Log files and the stderr handler, shared by the daemon and a manual ``newsmon crawl``.

Nothing happens at import: each function attaches its handler to the root logger when called,
once per process (handlers are told apart by name, so calling twice adds nothing).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import Any

from monitor.config.errors import ConfigError

LOG_BYTES, LOG_BACKUPS = 5_000_000, 5
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
FILE_HANDLER = "newsmon-file"
STDERR_HANDLER = "newsmon-stderr"
CHILD_LOGGER = "monitor.crawl.child"  # the crawl child's own lines, relayed by the parent


class VerbatimFormatter(logging.Formatter):
    """Formats records as usual, except lines that arrive already formatted (the crawl
    child's Scrapy log, relayed with ``extra={"verbatim": True}``): those are written as they
    are, so the file does not get a second timestamp and level in front of Scrapy's."""

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "verbatim", False):
            return record.getMessage()
        return super().format(record)


class CurrentStderr:
    """A stream that writes to whatever ``sys.stderr`` is at the moment: a live display
    (rich's Live) swaps it to print log lines above itself, and a handler holding the
    original stream would write through the display."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return sys.stderr.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys.stderr, name)


def add_file_log(path: Path, level: int = logging.INFO) -> Path:
    """Append the root logger's records of ``level`` and up to the rotating file ``path``
    (once per process and path). ConfigError, one line, when it cannot be written."""
    root = logging.getLogger()
    _lower_root_level(level)
    name = f"{FILE_HANDLER}:{path}"
    if any(h.name == name for h in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError as exc:  # a file where the folder should be, no permission
        raise ConfigError(f"cannot write the log {path}: {exc.strerror or exc}") from None
    handler.set_name(name)
    handler.setLevel(level)
    handler.setFormatter(VerbatimFormatter(FILE_FORMAT))
    root.addHandler(handler)
    return path


def add_stderr_log(fmt: str = FILE_FORMAT, level: int = logging.NOTSET) -> logging.Handler:
    """The root logger's handler for the user's stderr (once per process: an existing one,
    ours or logging.basicConfig's, is kept and returned). The root logger's level, set by the
    caller, decides what reaches it unless ``level`` is given."""
    root = logging.getLogger()
    for handler in root.handlers:
        if handler.name == STDERR_HANDLER or getattr(handler, "stream", None) is sys.stderr:
            return handler
    handler = logging.StreamHandler(CurrentStderr())  # type: ignore[arg-type]
    handler.set_name(STDERR_HANDLER)
    handler.setLevel(level)
    handler.setFormatter(VerbatimFormatter(fmt))
    root.addHandler(handler)
    return handler


def _lower_root_level(level: int) -> None:
    """Let records of ``level`` reach the handlers; each handler filters on its own level
    (the stderr one may show warnings only while the file takes INFO)."""
    root = logging.getLogger()
    root.setLevel(min(root.level or level, level) if root.handlers else level)
