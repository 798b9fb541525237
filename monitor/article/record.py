"""One analysed page in the form the store takes: its URL forms, what the page says, and the
signatures that find its reprints and its story. Built in the extraction workers, so the
crawl process only looks up and writes."""

from __future__ import annotations

from monitor.article.fingerprints import fingerprint
from monitor.article.storyfeatures import features, hashed
from monitor.article.types import Analysis, ArticleRecord
from monitor.article.urls import article_canonical_url, canonical_url


def prepare(site: str, url: str, analysis: Analysis) -> ArticleRecord:
    """The CPU-bound part of storing, as a pure function of the analysed page."""
    return ArticleRecord(
        site=site, url=url, canonical_url=article_canonical_url(url, analysis.canonical),
        link_canonical=canonical_url(url), analysis=analysis,
        fingerprint=fingerprint(analysis.text),
        features=hashed(features(analysis.title, analysis.text, analysis.language)))
