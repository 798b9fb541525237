"""What the digest, story and article pages show, as JSON-ready dicts: the JSON API returns
them as they are, the HTML pages render them. Reads only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from monitor.article.types import summarize
from monitor.config.settings import Config
from monitor.digest.build import DigestStory, build_digest, figure_label, merge_figures
from storage.models import Article
from storage.webqueries import get_article, get_story

SUMMARY_CHARS = 300


@dataclass(frozen=True)
class DigestFilters:
    region: str | None = None
    language: str | None = None
    topic: str | None = None
    site: str | None = None


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None: a stored URL is never turned
    into a javascript: or data: link."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _iso(moment: datetime | None, config: Config) -> str | None:
    return moment.astimezone(config.timezone).isoformat() if moment else None


def _figures(figures: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**figure, "label": figure_label(figure)} for figure in figures]


def _union(lists: Iterable[Iterable[Any] | None]) -> list[str]:
    return list(dict.fromkeys(str(item) for items in lists for item in items or ()))


# --- digest ----------------------------------------------------------------------------------

def digest_page(session: Session, config: Config, day: date, filters: DigestFilters,
                warnings: list[str]) -> dict[str, Any]:
    """The digest of ``day``: every story (its sites, languages, figures, places, topics),
    the ones that pass ``filters``, and the values each filter can take."""
    digest = build_digest(session, day, config, warnings=warnings)
    regions = {site.name: site.region for site in config.sites if site.region}
    stories = [_digest_story(story, regions) for story in digest.stories]
    today = datetime.now(config.timezone).date()
    return {
        "date": day.isoformat(),
        "timezone": digest.timezone,
        "today": today.isoformat(),
        "previous": (day - timedelta(days=1)).isoformat(),
        "next": (day + timedelta(days=1)).isoformat() if day < today else None,
        "filters": asdict(filters),
        "options": _options(stories),
        "total_stories": len(stories),
        "stories": [story for story in stories if _passes(story, filters)],
        "warnings": list(digest.warnings),
    }


def _digest_story(story: DigestStory, regions: dict[str, str]) -> dict[str, Any]:
    sites = _union([[a.site] for a in story.articles])
    return {
        "story_id": story.story_id,
        "title": story.title,
        "languages": list(story.languages),
        "sites": sites,
        "regions": _union([[regions[s]] for s in sites if s in regions]),
        "places": list(story.places),
        "topics": list(story.topics),
        "figures": _figures(story.figures),
        "articles": [{"id": a.id, "url": safe_link(a.url), "site": a.site, "title": a.title,
                      "language": a.language, "published": a.published, "summary": a.summary}
                     for a in story.articles],
    }


def _passes(story: dict[str, Any], filters: DigestFilters) -> bool:
    if filters.language and filters.language not in story["languages"]:
        return False
    if filters.site and filters.site not in story["sites"]:
        return False
    if filters.topic and filters.topic not in story["topics"]:
        return False
    # A region: the outlet covers it, or the story names it.
    return not filters.region or filters.region in story["regions"] + story["places"]


def _options(stories: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {
        "region": sorted({r for s in stories for r in s["regions"] + s["places"]}),
        "language": sorted({lang for s in stories for lang in s["languages"]}),
        "topic": sorted({t for s in stories for t in s["topics"]}),
        "site": sorted({site for s in stories for site in s["sites"]}),
    }


# --- story -----------------------------------------------------------------------------------

def story_page(session: Session, config: Config, story_id: int) -> dict[str, Any] | None:
    """A story with all its articles (reprints too) and their timeline; None if unknown."""
    found = get_story(session, story_id)
    if found is None:
        return None
    story, articles = found
    timeline = sorted(articles, key=_when)
    start = _when(timeline[0]) if timeline else None
    return {
        "story_id": story.id,
        "title": story.title,
        "first_seen": _iso(story.first_seen, config),
        "languages": sorted({a.language for a in articles}),
        "sites": _union([[a.site] for a in articles]),
        "places": _union(a.places for a in articles),
        "topics": _union(a.topics for a in articles),
        "figures": _figures(merge_figures([a.figures or [] for a in timeline])),
        "articles": [_story_article(a, config, start) for a in timeline],
    }


def _when(article: Article) -> datetime:
    return article.published or article.first_seen


def _story_article(article: Article, config: Config, start: datetime | None) -> dict[str, Any]:
    hours = (_when(article) - start).total_seconds() / 3600 if start else 0.0
    return {
        "id": article.id, "url": safe_link(article.url), "site": article.site,
        "title": article.title, "language": article.language,
        "published": _iso(article.published, config),
        "first_seen": _iso(article.first_seen, config),
        "when": _iso(_when(article), config), "hours_after_first": round(hours, 1),
        "relevant": bool(article.relevant), "duplicate_of": article.duplicate_of,
        "summary": summarize(article.text, SUMMARY_CHARS),
    }


# --- article ---------------------------------------------------------------------------------

def article_page(session: Session, config: Config, article_id: int) -> dict[str, Any] | None:
    """One article: the cleaned text, why it was kept (matched terms, score), figures,
    places, its story and the link to the original; None if unknown."""
    article = get_article(session, article_id)
    if article is None:
        return None
    return {
        "id": article.id,
        "url": safe_link(article.url),
        "canonical_url": article.canonical_url,
        "site": article.site,
        "title": article.title,
        "author": article.author,
        "language": article.language,
        "published": _iso(article.published, config),
        "first_seen": _iso(article.first_seen, config),
        "relevant": bool(article.relevant),
        "score": round(float(article.score or 0.0), 3),
        "topics": list(article.topics or []),
        "matched_terms": {str(k): list(v) for k, v in (article.matched_terms or {}).items()},
        "figures": _figures(article.figures or []),
        "places": list(article.places or []),
        "story_id": article.story_id,
        "duplicate_of": article.duplicate_of,
        "text": article.text,
    }
