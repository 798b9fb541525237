"""The article pipeline as one plain function: extract -> language -> topics -> figures.

Spiders, ``newsmon analyze`` and the benchmarks all go through :func:`analyze_page`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from monitor.article.extract import extract_article
from monitor.article.figures import extract_figures
from monitor.article.language import article_language
from monitor.article.topics import TopicModel

SUMMARY_CHARS = 300


@dataclass
class Analysis:
    title: str
    text: str
    author: str | None
    published: datetime | None
    language: str
    relevant: bool
    score: float
    topics: list[str]
    matched_terms: dict[str, list[str]]
    figures: list[dict[str, Any]]
    places: list[str] = field(default_factory=list)
    canonical: str | None = None  # the page's own rel=canonical, if any

    def summary(self, chars: int = SUMMARY_CHARS) -> str:
        return summarize(self.text, chars)

    def to_json(self) -> dict[str, Any]:
        """What ``newsmon analyze`` prints (contract fields first)."""
        return {
            "title": self.title,
            "text": self.text,
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "topics": self.topics,
            "relevant": self.relevant,
            "figures": self.figures,
            "score": round(self.score, 3),
            "matched_terms": self.matched_terms,
            "places": self.places,
            "author": self.author,
            "canonical_url": self.canonical,
        }


def summarize(text: str, chars: int = SUMMARY_CHARS) -> str:
    """The opening of the text cut at a word boundary, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    cut = flat[:chars].rsplit(" ", 1)[0].rstrip(",;:—-–")
    return cut + "…"


_default_model: TopicModel | None = None


def _model() -> TopicModel:
    global _default_model
    if _default_model is None:
        _default_model = TopicModel()
    return _default_model


def analyze_page(html: str | bytes, url: str | None = None, content_type: str = "", *,
                 topics: TopicModel | None = None, language_hint: str | None = None,
                 min_text_chars: int = 200, max_bytes: int = 5_000_000,
                 rules: Sequence[str] | None = None) -> Analysis:
    """Run the whole pipeline on one page. Raises ``NotAnArticle`` with a reason.

    ``rules``: the site's page quirks; None = looked up from the URL (monitor.article.textrules)."""
    page = extract_article(html, url, content_type, min_text_chars=min_text_chars,
                           max_bytes=max_bytes, rules=rules)
    language = article_language(page.text, title=page.title, url=url,
                                html_lang=page.html_lang, hint=language_hint)
    match = (topics or _model()).score(page.title, page.text, language)
    figures = extract_figures(page.text, language)
    return Analysis(title=page.title, text=page.text, author=page.author,
                    published=page.published, language=language, relevant=match.relevant,
                    score=match.score, topics=match.topics, matched_terms=match.matched_terms,
                    figures=figures, places=match.places, canonical=page.canonical)
