"""newsmon: a news monitor for the regional economy of Kazakhstan."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def analyze(html: str | bytes, url: str | None = None) -> dict[str, Any]:
    """Run the whole article pipeline on one page; what ``newsmon analyze`` prints."""
    from monitor.article.analysis import analyze_page

    return analyze_page(html, url).to_json()
