"""The language tag of a text (ISO 639-1), right for Kazakh and Russian."""

from __future__ import annotations


def detect_language(text: str) -> str:
    raise NotImplementedError


def article_language(text: str, title: str = "", url: str | None = None,
                     html_lang: str | None = None, hint: str | None = None) -> str:
    """The tag of an article: the text decides; URL/lang attribute/site hint break ties."""
    raise NotImplementedError
