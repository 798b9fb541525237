"""HTML page -> clean article text and metadata (trafilatura + residual-boilerplate cleanup)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class NotAnArticle(Exception):
    """The page is not an article; ``reason`` is a short key counted in the crawl summary
    (too_large, binary, not_html, no_title, too_short, empty)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class Extracted:
    title: str
    text: str  # clean body, paragraphs separated by "\n"
    published: datetime | None  # timezone-aware (Asia/Almaty assumed when the page has none)
    author: str | None
    html_lang: str | None  # <html lang> / og:locale, normalised to ISO 639-1
    canonical: str | None  # <link rel=canonical> / og:url, absolute
    description: str | None = None


def decode_html(body: bytes, content_type: str = "") -> str:
    raise NotImplementedError


def clean_text(text: str) -> str:
    raise NotImplementedError


def extract_article(html: str | bytes, url: str | None = None, content_type: str = "", *,
                    min_text_chars: int = 200, max_bytes: int = 5_000_000) -> Extracted:
    raise NotImplementedError
