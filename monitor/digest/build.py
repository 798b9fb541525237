"""The daily digest: select the relevant articles of one local day, group them into stories,
render them as Markdown, HTML, JSON or Atom.

Reads only: everything comes from ``storage.articles``; nothing here writes to the database.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from monitor.article.types import summarize
from monitor.config.settings import Config
from monitor.health import site_warnings
from storage.articles import list_articles
from storage.models import Article

log = logging.getLogger(__name__)

FORMATS = ("md", "html", "json", "atom")
MAX_FIGURES = 5
_TEMPLATES = Path(__file__).with_name("templates")
_FIGURE_ORDER = {"money": 0, "jobs": 1, "area": 2, "count": 3}


@dataclass
class DigestArticle:
    url: str
    site: str
    title: str
    language: str
    published: str | None  # ISO 8601 in the digest's time zone
    summary: str
    id: int | None = None  # the stored article (the web app links to it; not in to_json)


@dataclass
class DigestStory:
    story_id: int | None
    title: str
    languages: list[str]
    articles: list[DigestArticle]
    figures: list[dict[str, Any]]
    score: float = 0.0
    topics: list[str] = field(default_factory=list)  # of any of its articles
    places: list[str] = field(default_factory=list)  # places of Kazakhstan named


@dataclass
class Digest:
    date: date
    timezone: str
    stories: list[DigestStory] = field(default_factory=list)
    # Filled by the daemon's health check (silent sources); rendered at the end of each format.
    warnings: list[str] = field(default_factory=list)
    generated: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def article_count(self) -> int:
        return sum(len(s.articles) for s in self.stories)

    def to_json(self) -> dict[str, Any]:
        """The contract's shape: date, timezone, stories (+ warnings)."""
        stories = []
        for story in self.stories:
            item = asdict(story)
            item.pop("score")
            for article in item["articles"]:
                article.pop("id")
            stories.append(item)
        return {"date": self.date.isoformat(), "timezone": self.timezone, "stories": stories,
                "warnings": list(self.warnings)}


# --- selection -------------------------------------------------------------------------------

def build_digest(session: Session, day: date, config: Config,
                 warnings: list[str] | None = None) -> Digest:
    """The relevant articles first seen on ``day`` (local to schedule.timezone), one entry per
    story, stories with most articles first. ``warnings``: the sources' warnings when the
    caller has them already (the web app keeps them a minute), else they are read here."""
    tz = config.timezone
    articles = list_articles(session, day=day, tz=tz, relevant=True)
    groups: dict[tuple[str, int], list[Article]] = {}
    for article in articles:
        # An article without a story (should not happen) still gets its own entry.
        key = ("s", article.story_id) if article.story_id is not None else ("a", article.id)
        groups.setdefault(key, []).append(article)
    languages = list(config["digest.languages"])
    chars = int(config["digest.summary_chars"])
    stories = [_story(group, languages, chars, tz) for group in groups.values()]
    stories.sort(key=lambda s: (-len(s.articles), -s.score, s.story_id or 0))
    log.debug("digest %s: %s relevant articles in %s stories", day, len(articles), len(stories))
    if warnings is None:
        warnings = site_warnings(session, config)
    return Digest(date=day, timezone=str(config["schedule.timezone"]), stories=stories,
                  warnings=list(warnings))


def _original_order(article: Article) -> tuple[bool, datetime, datetime, int]:
    # Originals before reprints; then the earliest published (a rewrite or translation that
    # was crawled first does not head the story); then the first seen.
    published = article.published or article.first_seen
    return (article.duplicate_of is not None, published, article.first_seen, article.id)


def best_title(articles: list[Article], languages: list[str]) -> str:
    """The headline of a story: the preferred language first, then the earliest published
    original."""
    def rank(article: Article) -> tuple[int, tuple[bool, datetime, datetime, int]]:
        lang = languages.index(article.language) if article.language in languages else len(
            languages)
        return (lang, _original_order(article))

    return min(articles, key=rank).title


def _story(group: list[Article], languages: list[str], chars: int, tz: Any) -> DigestStory:
    ordered = sorted(group, key=_original_order)
    return DigestStory(
        story_id=ordered[0].story_id,
        title=best_title(ordered, languages),
        languages=sorted({a.language for a in ordered}),
        articles=[_article(a, chars, tz) for a in ordered],
        figures=merge_figures([a.figures or [] for a in ordered]),
        score=max(float(a.score or 0.0) for a in ordered),
        topics=_union(a.topics for a in ordered),
        places=_union(a.places for a in ordered),
    )


def _union(lists: Any) -> list[str]:
    """The items of ``lists`` (lists or None), each once, in order of appearance."""
    return list(dict.fromkeys(str(item) for items in lists for item in items or ()))


def _article(article: Article, chars: int, tz: Any) -> DigestArticle:
    published = article.published.astimezone(tz).isoformat() if article.published else None
    return DigestArticle(url=article.url, site=article.site, title=article.title,
                         language=article.language, published=published,
                         summary=summarize(article.text, chars), id=article.id)


def merge_figures(lists: list[list[dict[str, Any]]], limit: int = MAX_FIGURES
                  ) -> list[dict[str, Any]]:
    """The key figures of a story: deduped by kind+value+currency, money first."""
    seen: set[tuple[Any, Any, Any]] = set()
    merged: list[dict[str, Any]] = []
    for figures in lists:
        for figure in figures:
            key = (figure.get("kind"), figure.get("value"), figure.get("currency"))
            if key in seen:
                continue
            seen.add(key)
            merged.append(figure)
    # sorted() is stable: within a kind, the order of appearance is kept.
    merged = sorted(merged, key=lambda f: _FIGURE_ORDER.get(str(f.get("kind")), 9))
    return merged[:limit]


def figure_label(figure: dict[str, Any]) -> str:
    """A short human form of one figure: the text as written, else value and unit."""
    raw = str(figure.get("raw") or "").strip()
    if raw:
        return raw
    value = figure.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    unit = figure.get("currency") or figure.get("unit") or ""
    return f"{value} {unit}".strip()


# --- rendering -------------------------------------------------------------------------------

_env: Environment | None = None


def _environment() -> Environment:
    global _env
    if _env is None:
        _env = Environment(
            loader=FileSystemLoader(str(_TEMPLATES)),
            # Titles and summaries come from web pages: HTML and Atom escape everything.
            autoescape=select_autoescape(enabled_extensions=("html", "xml"),
                                         default_for_string=False, default=False),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        _env.filters["figure"] = figure_label
        _env.filters["md"] = _md_inline
    return _env


def _md_inline(text: str) -> str:
    """One line of Markdown: no newlines, and brackets that would break a link escaped."""
    flat = " ".join(str(text).split())
    for char in "\\[]<>":
        flat = flat.replace(char, "\\" + char)
    return flat


def render(digest: Digest, fmt: str) -> str:
    """The digest as text in ``fmt``: md, html, json or atom."""
    if fmt == "json":
        return json.dumps(digest.to_json(), ensure_ascii=False, indent=2) + "\n"
    templates = {"md": "digest.md", "html": "digest.html", "atom": "digest.atom.xml"}
    if fmt not in templates:
        raise ValueError(f"unknown digest format {fmt!r} (choose from {', '.join(FORMATS)})")
    template = _environment().get_template(templates[fmt])
    return template.render(digest=digest, stories=digest.stories, warnings=digest.warnings,
                           updated=_atom_time(digest.generated))


def _atom_time(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
