"""A site's page rules (monitor.config.profile): the line rules that cut or drop body lines,
and the site's own visible date format. Pure functions of the text and the profile."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import datetime

from monitor.config.settings import ALMATY

LineRule = Callable[[list[str], str], list[str]]


def _drop_prefix(lines: list[str], arg: str) -> list[str]:
    return [ln for ln in lines if not ln.lstrip().startswith(arg)]


def _drop_contains(lines: list[str], arg: str) -> list[str]:
    return [ln for ln in lines if arg not in ln]


def _stop_at(lines: list[str], arg: str) -> list[str]:
    for i, line in enumerate(lines):
        if i and line.lstrip().startswith(arg):  # never cut the whole text at its first line
            return lines[:i]
    return lines


# Quirk kind -> what it does to the body's lines.
TEXT_RULES: dict[str, LineRule] = {
    "drop-line-prefix": _drop_prefix,
    "drop-line-contains": _drop_contains,
    "stop-marker": _stop_at,
}


def apply_text_rules(text: str, rules: Sequence[tuple[str, str]]) -> str:
    """The body with the site's (kind, argument) line rules applied; stop markers first:
    they cut the tail."""
    lines = text.split("\n")
    for kind, arg in sorted(rules, key=lambda rule: rule[0] != "stop-marker"):
        action = TEXT_RULES.get(kind)
        if action is not None and arg:
            lines = action(lines, arg)
    return "\n".join(lines).strip()


_STRPTIME_PARTS = {"%d": r"\d{1,2}", "%m": r"\d{1,2}", "%Y": r"20\d\d", "%y": r"\d\d",
                   "%H": r"\d{1,2}", "%M": r"\d\d", "%S": r"\d\d"}


@functools.cache
def _format_regex(fmt: str) -> re.Pattern[str]:
    pattern = ""
    for token in re.split(r"(%[a-zA-Z])", fmt):
        pattern += _STRPTIME_PARTS.get(token, re.escape(token))
    return re.compile(r"(?<!\d)" + pattern.replace(r"\ ", r"\s+") + r"(?!\d)")


def date_from_formats(text: str, formats: Sequence[str]) -> datetime | None:
    """The first date in ``text`` written in one of the site's strptime ``formats``
    (local Almaty time)."""
    for fmt in formats:
        for match in _format_regex(fmt).finditer(text):
            try:
                found = datetime.strptime(" ".join(match.group(0).split()), fmt)
            except ValueError:
                continue
            return found.replace(tzinfo=ALMATY)
    return None


__all__ = ["TEXT_RULES", "apply_text_rules", "date_from_formats"]
