"""The article pipeline as one plain function: extract -> language -> topics -> figures.

Spiders, ``newsmon analyze`` and the benchmarks all go through :func:`analyze_page`.
"""

from __future__ import annotations

from monitor.article.extract import extract_article
from monitor.article.figures import extract_figures
from monitor.article.language import article_language, load_models
from monitor.article.topics import TopicModel, find_places
from monitor.article.types import SUMMARY_CHARS, Analysis, summarize
from monitor.article.wordrarity import load as load_word_rarity
from monitor.config.profile import SiteProfile

__all__ = ["SUMMARY_CHARS", "Analysis", "analyze_page", "preload", "summarize"]

_default_model: TopicModel | None = None


def _model() -> TopicModel:
    global _default_model
    if _default_model is None:
        _default_model = TopicModel()
    return _default_model


def preload() -> None:
    """Load every model a page may need now (language identifiers, the Russian word list,
    the built-in topics): a process that forks its extraction workers after this shares
    those pages with all of them instead of each loading its own copy."""
    load_models()
    load_word_rarity()
    _model()


def analyze_page(html: str | bytes, url: str | None = None, content_type: str = "", *,
                 topics: TopicModel | None = None, language_hint: str | None = None,
                 min_text_chars: int = 200, max_bytes: int = 5_000_000,
                 profile: SiteProfile | None = None) -> Analysis:
    """Run the whole pipeline on one page. Raises ``NotAnArticle`` with a reason.

    ``profile``: the site's quirks and selectors (monitor.config.profile); None = none."""
    page = extract_article(html, url, content_type, min_text_chars=min_text_chars,
                           max_bytes=max_bytes, profile=profile)
    language = article_language(page.text, title=page.title, url=url,
                                html_lang=page.html_lang, hint=language_hint)
    match = (topics or _model()).score(page.title, page.text, language)
    figures = extract_figures(page.text, language)
    places = match.places
    if profile is not None and profile.region_from_byline:
        places = byline_places(page.author, places)
    return Analysis(title=page.title, text=page.text, author=page.author,
                    published=page.published, language=language, relevant=match.relevant,
                    score=match.score, topics=match.topics, matched_terms=match.matched_terms,
                    figures=figures, places=places, canonical=page.canonical,
                    model_probability=match.model_probability)


def byline_places(author: str | None, places: list[str]) -> list[str]:
    """region-from-byline: the places named in the byline ('Айгуль Серикова, Шымкент'), then
    those of the text, once each. The byline says where the correspondent reports from, so
    its places come first; they do not change the relevance score."""
    if not author:
        return places
    return list(dict.fromkeys([*find_places(author), *places]))
