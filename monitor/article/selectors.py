"""A site's CSS selectors and lead quirk on the page side (monitor.config.profile SELECTORS).

Pure functions of a parsed page: what the ``title``, ``date``, ``author`` and ``lead``
selectors pick, the small document that extraction runs on when the ``body`` selector holds
enough text, and the lead put before a body that lacks it. A selector never raises here: one
that matches nothing, or cannot be used, reads as absent and extraction goes on as without it.
"""

from __future__ import annotations

import functools
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime

from cssselect import HTMLTranslator, SelectorError
from lxml.etree import XPath, XPathError
from lxml.html import Element, HtmlElement

from monitor.article.dates import parse_iso, parse_text_date
from monitor.article.textrules import date_from_formats
from monitor.config.profile import SiteProfile

# Shorter than this, a lead is a kicker or a rubric, not a paragraph worth adding.
MIN_LEAD_CHARS = 40
_ELLIPSIS = ("…", "...")


@dataclass(frozen=True)
class Selected:
    """What the site's selectors read on one page; None where a selector is unset or empty."""

    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    lead: str | None = None


@functools.lru_cache(maxsize=256)
def _compiled(css: str) -> XPath | None:
    # Config checks the CSS already; a profile built in code may not have been checked.
    try:
        return XPath(HTMLTranslator().css_to_xpath(css))
    except (SelectorError, XPathError):
        return None


def select(tree: HtmlElement, css: str | None) -> list[HtmlElement]:
    """The elements ``css`` matches, in document order; [] when unset or unusable."""
    xpath = _compiled(css) if css else None
    if xpath is None:
        return []
    try:
        found = xpath(tree)
    except XPathError:
        return []
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


def flat_text(value: str) -> str:
    """Every run of whitespace, newlines included, -> one space."""
    return " ".join(value.split())


def selected_text(tree: HtmlElement, css: str | None) -> str | None:
    """The whitespace-squeezed text of the first match that has any."""
    texts = (flat_text(el.text_content()) for el in select(tree, css))
    return next((text for text in texts if text), None)


def selected_date(tree: HtmlElement, css: str | None,
                  formats: tuple[str, ...] = ()) -> datetime | None:
    """The date of the first match that gives one: its ISO datetime / content attribute,
    else its text in one of the site's date formats, else in words or digits.

    The site's format goes before the generic reading: '01.08.2025 · 09:25' read generically
    gives the day without its time."""
    for el in select(tree, css):
        text = flat_text(el.text_content())
        found = (parse_iso(el.get("datetime")) or parse_iso(el.get("content"))
                 or date_from_formats(text, formats) or parse_text_date(text))
        if found:
            return found
    return None


def read_selected(tree: HtmlElement, profile: SiteProfile) -> Selected:
    """The page fields the profile's selectors name (the lead only with its quirk)."""
    return Selected(
        title=selected_text(tree, profile.selector("title")),
        published=selected_date(tree, profile.selector("date"), profile.date_formats),
        author=selected_text(tree, profile.selector("author")),
        lead=selected_text(tree, profile.selector("lead")) if profile.lead_separate else None,
    )


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    # 'div.text, div.text p' matches a block and its paragraphs: copy each text once
    chosen = set(elements)
    return [el for el in elements if not any(a in chosen for a in el.iterancestors())]


def body_document(tree: HtmlElement, css: str | None, min_chars: int) -> HtmlElement | None:
    """A page of the ``body`` matches alone under a copy of the page's <head> and <html>
    attributes (its language and metas stay in view of trafilatura), or None when they hold
    fewer than ``min_chars`` characters of text."""
    blocks = _outermost(select(tree, css))
    if not blocks or sum(len(flat_text(el.text_content())) for el in blocks) < max(min_chars, 1):
        return None
    root = Element("html", dict(tree.attrib))  # keeps <html lang>
    head = tree.find("head")
    if head is not None:
        root.append(deepcopy(head))
    body = Element("body")
    root.append(body)
    for block in blocks:
        copied = deepcopy(block)
        copied.tail = None  # the text after the block in the page is not part of it
        body.append(copied)
    return root


def _comparable(text: str) -> str:
    return flat_text(text).casefold()


def with_lead(body: str, lead: str | None) -> str:
    """The body with ``lead`` as its first paragraph, unless the body already holds it.

    A description cut short with an ellipsis counts as held when the body holds its opening."""
    lead = flat_text(lead or "")
    if len(lead) < MIN_LEAD_CHARS:
        return body
    probe = _comparable(lead)
    for mark in _ELLIPSIS:
        probe = probe.removesuffix(mark).rstrip()
    if probe in _comparable(body):
        return body
    return f"{lead}\n{body}" if body else lead


__all__ = ["MIN_LEAD_CHARS", "Selected", "body_document", "flat_text", "read_selected", "select",
           "selected_date", "selected_text", "with_lead"]
