"""Query parameters of the web app, checked: anything out of shape is a 400 that says which
parameter and why, never a traceback or a silent default."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from werkzeug.exceptions import BadRequest

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
MAX_QUERY_CHARS = 200
MAX_VALUE_CHARS = 100
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT_RE = re.compile(r"\d{1,9}")
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9998, 12, 31)  # the day after still exists (the "next day" link)


class BadParameter(BadRequest):
    """A query parameter or path part out of shape: HTTP 400 with a one-line reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")


def parse_day(value: str, name: str = "date") -> date:
    """A YYYY-MM-DD day (1970..9998)."""
    if not _DATE_RE.fullmatch(value):
        raise BadParameter(name, f"expected YYYY-MM-DD, got {_shown(value)}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"no such day {_shown(value)}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadParameter(name, f"{value} is out of range")
    return day


def optional_day(args: Mapping[str, str], name: str) -> date | None:
    value = args.get(name, "").strip()
    return parse_day(value, name) if value else None


def int_param(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    """A positive integer parameter, at most ``maximum``."""
    value = args.get(name, "").strip()
    if not value:
        return default
    if not _INT_RE.fullmatch(value) or int(value) < 1:
        raise BadParameter(name, f"expected a positive whole number, got {_shown(value)}")
    if int(value) > maximum:
        raise BadParameter(name, f"at most {maximum}, got {value}")
    return int(value)


def text_param(args: Mapping[str, str], name: str,
               limit: int = MAX_VALUE_CHARS) -> str | None:
    """A free-text parameter (a filter value, a query), stripped; None when empty."""
    value = args.get(name, "").strip()
    if len(value) > limit:
        raise BadParameter(name, f"longer than {limit} characters")
    return value or None


def flag_param(args: Mapping[str, str], name: str) -> bool:
    value = args.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise BadParameter(name, f"expected 1 or 0, got {_shown(value)}")


@dataclass(frozen=True)
class Paging:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def paging(args: Mapping[str, str]) -> Paging:
    return Paging(page=int_param(args, "page", 1, MAX_PAGE),
                  size=int_param(args, "size", PAGE_SIZE, MAX_PAGE_SIZE))


def _shown(value: str) -> str:
    """A bad value as it goes back into the message: short and printable."""
    clipped = value if len(value) <= 40 else value[:39] + "…"
    return repr("".join(c if c.isprintable() else "?" for c in clipped))
