"""The [[sites]] and [[topics]] tables of the config: their keys, types and validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from monitor.config.errors import ConfigError
from monitor.config.langcodes import normalize_lang
from monitor.config.profile import SiteProfile, build_profile, check_quirks, parse_selectors

SITE_KEYS: dict[str, str] = {
    "name": "unique name, [a-z0-9_-]",
    "feeds": "RSS or Atom feed URLs",
    "sitemaps": "sitemap, sitemap index or news sitemap URLs",
    "start_urls": "listing pages whose article links are followed",
    "article_pattern": "regex an article URL must match (search, not full match)",
    "allowed_domains": "domains requests may go to; derived from the URLs when absent",
    "language": "language hint (ISO 639-1); the tag still comes from the text",
    "region": "region of Kazakhstan the outlet covers, or national",
    "enabled": "crawl this site (default true)",
    "crawl_every_minutes": "per-site override of schedule.crawl_every_minutes",
    "next_page": "CSS selector of the listing's next-page link (default: rel=next, common pagers)",
    "exclude_pattern": "regex; matching URLs are never fetched (paid sections, video, tags)",
    "quirks": "site behaviours, 'kind' or 'kind:argument' (monitor/config/profile.py QUIRKS)",
    "selectors": "CSS selectors of the site's pages: title, date, body, lead, author, listing",
}

TOPIC_KEYS: dict[str, str] = {
    "name": "topic name; the same name as a built-in topic replaces it",
    "terms": "words or phrases; a trailing * matches any ending; a|b: spellings of one term",
    "weight": "score each distinct matched term adds (default 1.0; negative takes score away)",
}

_NAME_RE = re.compile(r"^[a-z0-9_-]+$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class SiteConfig:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_pattern: str = ""
    allowed_domains: tuple[str, ...] = ()
    language: str | None = None
    region: str | None = None
    enabled: bool = True
    crawl_every_minutes: int | None = None
    next_page: str | None = None
    exclude_pattern: str | None = None
    quirks: tuple[str, ...] = ()
    selectors: tuple[tuple[str, str], ...] = ()

    @property
    def article_re(self) -> re.Pattern[str]:
        return re.compile(self.article_pattern)

    def allows(self, url: str) -> bool:
        """Is ``url`` on this site's domains (any when none are set)?"""
        return not self.allowed_domains or on_domains(url, self.allowed_domains)

    @property
    def profile(self) -> SiteProfile:
        """The typed form of this site's quirks and selectors."""
        return build_profile(self.name, self.quirks, self.selectors)

    def to_dict(self) -> dict[str, Any]:
        """Plain TOML/JSON-able form (what a crawl subprocess receives)."""
        out: dict[str, Any] = {}
        for key in SITE_KEYS:
            value = getattr(self, key)
            if value is None or (key in ("quirks", "selectors") and not value):
                continue
            if key == "selectors":
                value = dict(value)
            out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class TopicConfig:
    name: str
    terms: tuple[str, ...]
    weight: float = 1.0


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _check_url(url: str, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL")


def _check_table(raw: Any, keys: Mapping[str, str], where: str) -> None:
    """A [[sites]] or [[topics]] entry must be a table holding only declared keys."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(raw) - set(keys))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")


def _optional_regex(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    """``raw[key]`` if absent or a string that compiles as a regex; ConfigError otherwise."""
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}.{key} must be a string")
    try:
        re.compile(value)
    except re.error as exc:
        raise ConfigError(f"{where}.{key} is not a valid regex: {exc}") from None
    return value


def parse_site(raw: Mapping[str, Any], where: str) -> SiteConfig:
    """Validate one [[sites]] table; ``where`` names the file and index for messages."""
    _check_table(raw, SITE_KEYS, where)
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ConfigError(f"{where}.name must match [a-z0-9_-]+, got {name!r}")
    where = f"{where} ({name})"
    lists = {k: _str_list(raw.get(k, []), f"{where}.{k}")
             for k in ("feeds", "sitemaps", "start_urls", "allowed_domains")}
    if not (lists["feeds"] or lists["sitemaps"] or lists["start_urls"]):
        raise ConfigError(f"{where}: needs at least one of feeds, sitemaps, start_urls")
    for key in ("feeds", "sitemaps", "start_urls"):
        for url in lists[key]:
            _check_url(url, f"{where}.{key}")
    pattern = _optional_regex(raw, "article_pattern", where) or ""
    domains = lists["allowed_domains"] or _derive_domains(
        lists["feeds"] + lists["sitemaps"] + lists["start_urls"])
    language = raw.get("language")
    if language is not None and (not isinstance(language, str) or not _LANG_RE.match(language)):
        raise ConfigError(f"{where}.language must be an ISO 639-1 code, got {language!r}")
    if language is not None:
        language = normalize_lang(language) or language  # 'kz', 'kaz' -> 'kk
    region = raw.get("region")
    if region is not None and not isinstance(region, str):
        raise ConfigError(f"{where}.region must be a string")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where}.enabled must be true or false")
    every = raw.get("crawl_every_minutes")
    if every is not None and (not isinstance(every, int) or isinstance(every, bool) or every < 1):
        raise ConfigError(f"{where}.crawl_every_minutes must be a positive integer")
    next_page = raw.get("next_page")
    if next_page is not None and not isinstance(next_page, str):
        raise ConfigError(f"{where}.next_page must be a CSS selector string")
    exclude = _optional_regex(raw, "exclude_pattern", where)
    quirks = _str_list(raw.get("quirks", []), f"{where}.quirks")
    check_quirks(quirks, where)
    selectors = parse_selectors(raw.get("selectors", {}), where)
    return SiteConfig(name=name, feeds=lists["feeds"], sitemaps=lists["sitemaps"],
                      start_urls=lists["start_urls"], article_pattern=pattern,
                      allowed_domains=domains, language=language, region=region,
                      enabled=enabled, crawl_every_minutes=every, next_page=next_page,
                      exclude_pattern=exclude, quirks=quirks, selectors=selectors)


def on_domains(url: str, domains: tuple[str, ...] | list[str]) -> bool:
    """Is the host of ``url`` (or ``url`` itself when it is a bare host) one of ``domains``
    or a subdomain of one? The one domain test of the project."""
    host = (urlsplit(url).hostname or "") if "/" in url else url
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def _derive_domains(urls: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        if host.startswith("www."):
            host = host[4:]
        if host:
            seen[host] = None
    return tuple(seen)


def parse_topic(raw: Mapping[str, Any], where: str) -> TopicConfig:
    _check_table(raw, TOPIC_KEYS, where)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}.name must be a non-empty string")
    terms = _str_list(raw.get("terms", []), f"{where}.terms")
    if not terms:
        raise ConfigError(f"{where}.terms must list at least one term")
    for term in terms:
        if not all(spelling.split() for spelling in term.split("|")):
            raise ConfigError(f"{where}.terms: {term!r} has an empty term or spelling")
    weight = raw.get("weight", 1.0)
    if not isinstance(weight, int | float) or isinstance(weight, bool):
        raise ConfigError(f"{where}.weight must be a number")
    return TopicConfig(name=name, terms=terms, weight=float(weight))
