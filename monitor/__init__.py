"""newsmon: a news monitor for the regional economy of Kazakhstan."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def analyze(html: str | bytes, url: str | None = None) -> dict[str, Any]:
    """Run the whole article pipeline on one page; what ``newsmon analyze`` prints."""
    from monitor.article.analysis import analyze_page
    from monitor.config.settings import load_config

    site = load_config(data={}, environ={}).site_for_url(url)  # a built-in source's quirks
    return analyze_page(html, url, profile=site.profile if site else None).to_json()
