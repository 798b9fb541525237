"""Per-site page rules: the text side of the registry's quirks (see monitor.config.sources.QUIRKS).

A rule is a quirk string, ``kind:argument``. :data:`TEXT_RULES` maps each kind that changes
extracted text to what it does; :func:`date_from_rules` reads a ``date-format`` date. Rules
for a page come from the built-in source whose article pattern matches the page URL
(:func:`rules_for_url`), so extraction needs no site name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import datetime

from monitor.article.dates import ALMATY

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
PAGE_RULE_KINDS = (*TEXT_RULES, "date-format")


def split_rule(rule: str) -> tuple[str, str]:
    kind, _, arg = rule.partition(":")
    return kind, arg


def apply_text_rules(text: str, rules: Sequence[str]) -> str:
    """The body with the site's line rules applied (stop markers first: they cut the tail)."""
    lines = text.split("\n")
    ordered = sorted(rules, key=lambda r: split_rule(r)[0] != "stop-marker")
    for rule in ordered:
        kind, arg = split_rule(rule)
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


def date_from_rules(text: str, rules: Sequence[str]) -> datetime | None:
    """The first date in ``text`` written in a ``date-format`` rule's format (Almaty time)."""
    for rule in rules:
        kind, fmt = split_rule(rule)
        if kind != "date-format" or not fmt:
            continue
        for match in _format_regex(fmt).finditer(text):
            try:
                found = datetime.strptime(" ".join(match.group(0).split()), fmt)
            except ValueError:
                continue
            return found.replace(tzinfo=ALMATY)
    return None


@functools.cache
def _registry_rules() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    from monitor.config.sources import load_registry  # the registry imports config, not extraction

    out = []
    for source in load_registry():
        rules = tuple(q for q in source.quirks if split_rule(q)[0] in PAGE_RULE_KINDS)
        if rules and source.site.article_pattern:
            out.append((re.compile(source.site.article_pattern), rules))
    return tuple(out)


def rules_for_url(url: str | None) -> tuple[str, ...]:
    """Page rules of the built-in source whose article pattern matches ``url`` (else none)."""
    if not url:
        return ()
    for pattern, rules in _registry_rules():
        if pattern.search(url):
            return rules
    return ()


__all__ = ["PAGE_RULE_KINDS", "TEXT_RULES", "apply_text_rules", "date_from_rules",
           "rules_for_url"]
