"""The search page: a query's words -> stems of their Russian and Kazakh forms -> one page of
matching articles, each with a snippet around its first match (as text segments, so that the
page marks the matches without ever treating article text as HTML)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from monitor.article.wordforms import query_words
from monitor.config.settings import Config
from monitor.web.params import Paging
from monitor.web.views import safe_link
from storage.articles import day_bounds
from storage.search import SearchFilters, SearchHit, search_articles

SNIPPET_CHARS = 260
_LEAD_CHARS = 80  # text shown before the first match


@dataclass(frozen=True)
class SearchRequest:
    query: str
    language: str | None = None
    site: str | None = None
    relevant: bool = False
    since: date | None = None  # first seen on or after this local day
    until: date | None = None  # ... on or before


def search_page(session: Session, config: Config, request: SearchRequest,
                paging: Paging) -> dict[str, Any]:
    words = query_words(request.query)
    groups = [list(word.stems) for word in words]
    result = search_articles(session, groups, _filters(request, config),
                             offset=paging.offset, limit=paging.size)
    highlight = _highlighter(groups)
    pages = max(1, -(-result.total // paging.size))
    return {
        "query": request.query,
        "words": [{"word": w.word, "stems": list(w.stems)} for w in words],
        "filters": {"language": request.language, "site": request.site,
                    "relevant": request.relevant,
                    "from": request.since.isoformat() if request.since else None,
                    "to": request.until.isoformat() if request.until else None},
        "page": paging.page, "size": paging.size, "pages": pages,
        "total": result.total, "more": result.more,
        "hits": [_hit(hit, highlight, config) for hit in result.hits],
        "options": {"site": [site.name for site in config.sites],
                    "language": sorted({*config["digest.languages"], "ky"})},
    }


def _filters(request: SearchRequest, config: Config) -> SearchFilters:
    tz = config.timezone
    return SearchFilters(
        language=request.language, site=request.site,
        relevant=True if request.relevant else None,
        since=day_bounds(request.since, tz)[0] if request.since else None,
        until=day_bounds(request.until, tz)[1] if request.until else None)


def _hit(hit: SearchHit, highlight: re.Pattern[str] | None, config: Config) -> dict[str, Any]:
    tz = config.timezone
    return {
        "id": hit.id, "url": safe_link(hit.url), "site": hit.site, "title": hit.title,
        "language": hit.language,
        "published": hit.published.astimezone(tz).isoformat() if hit.published else None,
        "first_seen": hit.first_seen.astimezone(tz).isoformat(),
        "relevant": bool(hit.relevant), "story_id": hit.story_id,
        "snippet": snippet(hit.text, highlight),
    }


def _highlighter(groups: list[list[str]]) -> re.Pattern[str] | None:
    """Words beginning with any stem (ё and е alike), for marking the snippet."""
    stems = sorted({s for group in groups for s in group}, key=len, reverse=True)
    if not stems:
        return None
    alternatives = "|".join(re.escape(s).replace("е", "[её]") for s in stems)
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def snippet(text: str, highlight: re.Pattern[str] | None) -> list[dict[str, Any]]:
    """About SNIPPET_CHARS of ``text`` around its first match, as segments
    ``{"text": ..., "match": bool}``."""
    flat = " ".join(text.split())
    first = highlight.search(flat) if highlight else None
    start = 0
    if first and first.start() > _LEAD_CHARS:
        start = flat.find(" ", first.start() - _LEAD_CHARS) + 1
    window = flat[start:start + SNIPPET_CHARS]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS < len(flat) else ""
    segments: list[dict[str, Any]] = []
    position = 0
    for match in highlight.finditer(window) if highlight else ():
        segments.append({"text": window[position:match.start()], "match": False})
        segments.append({"text": match.group(0), "match": True})
        position = match.end()
    segments.append({"text": window[position:], "match": False})
    segments[0]["text"] = prefix + segments[0]["text"]
    segments[-1]["text"] += suffix
    return [s for s in segments if s["text"]]
