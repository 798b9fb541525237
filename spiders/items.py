"""RawPage: the only thing spiders yield. Everything about the article is decided later."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawPage:
    url: str  # the URL as discovered (feed link, sitemap loc, listing href)
    final_url: str  # after redirects
    site: str  # SiteConfig.name
    status: int
    body: bytes
    content_type: str = ""  # the Content-Type header as served, "" when absent
    via: str = ""  # "feed" | "sitemap" | "listing": how the URL was found
    hints: dict[str, str] = field(default_factory=dict)
    # hints from discovery: "title", "published" (ISO 8601) from a feed item or news sitemap,
    # "language" from the site entry
