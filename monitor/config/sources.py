"""The registry of built-in news sources: ``sources.toml`` is data, this module reads it.

Each ``[[sources]]`` table holds the crawl keys of one site, exactly as
:data:`monitor.config.settings.SITE_KEYS` defines them, plus registry-only metadata (see
:data:`META_KEYS`). One language edition of an outlet is one entry, so each edition has its
own article pattern, schedule and health.

``python -m monitor.config.sources > docs/sources.md`` regenerates the documentation table.
"""

from __future__ import annotations

import functools
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.config.errors import ConfigError
from monitor.config.profile import QUIRKS
from monitor.config.tables import SITE_KEYS, SiteConfig, on_domains, parse_site

REGISTRY_PATH = Path(__file__).with_name("sources.toml")

# Registry-only keys: what each means. Crawl keys are monitor.config.settings.SITE_KEYS.
META_KEYS: dict[str, str] = {
    "title": "display name of this edition (required)",
    "outlet": "id shared by the language editions of one outlet (required)",
    "homepage": "the edition's front page (required)",
    "languages": "languages expected on its pages; default [language]",
    "confidence": "level word (see CONFIDENCE_LEVELS), then ': ' and what is and is not known",
    "evidence": "research evidence keys (E1..E14, P = stored copy of the site's page)",
    "unverified_feeds": "feed URLs only seen in lists: documented, never crawled",
    "unverified_sitemaps": "sitemap URLs inferred by analogy: documented, never crawled",
    "needs_browser": "pages or API need JavaScript or a browser token (entry must be disabled)",
    "disabled_reason": "why enabled = false (required when disabled)",
    "examples": "article URLs the article_pattern must match",
    "non_examples": "listing, tag or section URLs the article_pattern must not match",
    "examples_verified": "true: examples are verbatim from evidence; false: built from the scheme",
    "notes": "anything else a maintainer should know",
}

# Confidence levels, most to least sure. "blocked" = known unreachable for a plain crawler.
CONFIDENCE_LEVELS = ("verified-from-source", "partly-verified", "inferred", "blocked")

@dataclass(frozen=True)
class Source:
    """One registry entry: the crawl config plus what we know about the site."""

    site: SiteConfig
    title: str
    outlet: str
    homepage: str
    languages: tuple[str, ...]
    confidence: str
    evidence: tuple[str, ...] = ()
    unverified_feeds: tuple[str, ...] = ()
    unverified_sitemaps: tuple[str, ...] = ()
    needs_browser: bool = False
    disabled_reason: str | None = None
    examples: tuple[str, ...] = ()
    non_examples: tuple[str, ...] = ()
    examples_verified: bool = False
    notes: str = ""

    @property
    def name(self) -> str:
        return self.site.name

    @property
    def enabled(self) -> bool:
        return self.site.enabled

    @property
    def confidence_level(self) -> str:
        return self.confidence.split(":", 1)[0].strip()

    @property
    def quirks(self) -> tuple[str, ...]:
        return self.site.quirks

    @property
    def selectors(self) -> tuple[tuple[str, str], ...]:
        return self.site.selectors

    def quirk_args(self, kind: str) -> list[str]:
        """Arguments of every quirk of this kind ('' for a quirk without argument)."""
        out = []
        for quirk in self.site.quirks:
            name, _, arg = quirk.partition(":")
            if name == kind:
                out.append(arg)
        return out


def _strs(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}.{key} must be a list of non-empty strings")
    return tuple(value)


def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ConfigError(f"{where}.{key} must be a non-empty string")
    return value


def _flag(raw: Mapping[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}.{key} must be true or false")
    return value


def _urls(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    urls = _strs(raw, key, where)
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"{where}.{key}: {url!r} is not an http(s) URL")
    return urls


def _check_consistency(source: Source, where: str) -> None:
    site = source.site
    if site.enabled and source.disabled_reason:
        raise ConfigError(f"{where}: disabled_reason given but the entry is enabled")
    if not site.enabled and not source.disabled_reason:
        raise ConfigError(f"{where}: a disabled entry must give disabled_reason")
    if source.needs_browser and site.enabled:
        raise ConfigError(f"{where}: needs_browser entries must be disabled")
    if site.enabled and not site.article_pattern:
        raise ConfigError(f"{where}: an enabled entry needs an article_pattern")
    if site.article_pattern and not source.examples:
        raise ConfigError(f"{where}: an article_pattern needs examples")
    if source.confidence_level not in CONFIDENCE_LEVELS:
        raise ConfigError(f"{where}.confidence must start with one of "
                          f"{', '.join(CONFIDENCE_LEVELS)}")
    if site.language and site.language not in source.languages:
        raise ConfigError(f"{where}: language {site.language!r} is not in languages")
    # non_examples may name another edition's host on purpose (the pattern must reject it)
    for url in source.examples:
        if not on_domains(url, site.allowed_domains):
            raise ConfigError(f"{where}: example {url!r} is outside allowed_domains")


def parse_source(raw: Mapping[str, Any], where: str) -> Source:
    """Validate one ``[[sources]]`` table; errors are one line naming ``where``."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(raw) - set(SITE_KEYS) - set(META_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    site = parse_site({k: v for k, v in raw.items() if k in SITE_KEYS}, where)
    where = f"{where} ({site.name})"
    languages = _strs(raw, "languages", where) or ((site.language,) if site.language else ())
    source = Source(
        site=site, title=_text(raw, "title", where), outlet=_text(raw, "outlet", where),
        homepage=_urls({"homepage": [_text(raw, "homepage", where)]}, "homepage", where)[0],
        languages=languages, confidence=_text(raw, "confidence", where),
        evidence=_strs(raw, "evidence", where),
        unverified_feeds=_urls(raw, "unverified_feeds", where),
        unverified_sitemaps=_urls(raw, "unverified_sitemaps", where),
        needs_browser=_flag(raw, "needs_browser", where),
        disabled_reason=_text(raw, "disabled_reason", where, required=False) or None,
        examples=_urls(raw, "examples", where), non_examples=_urls(raw, "non_examples", where),
        examples_verified=_flag(raw, "examples_verified", where),
        notes=_text(raw, "notes", where, required=False),
    )
    _check_consistency(source, where)
    return source


def load_registry(path: str | Path | None = None) -> list[Source]:
    """Read and validate the registry (default: the built-in ``sources.toml``)."""
    path = Path(path) if path is not None else REGISTRY_PATH
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: registry file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"sources"})
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r}")
    raw = data.get("sources", [])
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: sources must be an array of tables ([[sources]])")
    sources = [parse_source(entry, f"{path}: sources[{i}]") for i, entry in enumerate(raw)]
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise ConfigError(f"{path}: source name {source.name!r} is used twice")
        seen.add(source.name)
    return sources


@functools.cache
def builtin_sites() -> tuple[SiteConfig, ...]:
    """Crawl configs of every built-in source, disabled ones included (enabled=False)."""
    return tuple(s.site for s in load_registry())


def _count(urls: tuple[str, ...], kind: str) -> str:
    return f"{len(urls)} {kind}{'' if len(urls) == 1 else 's'}"


def _discovery(source: Source) -> str:
    site = source.site
    parts = [_count(urls, kind) for kind, urls in (
        ("sitemap", site.sitemaps), ("listing", site.start_urls), ("feed", site.feeds)) if urls]
    extra = [_count(urls, kind) for kind, urls in (
        ("feed", source.unverified_feeds), ("sitemap", source.unverified_sitemaps)) if urls]
    text = ", ".join(parts)
    if extra:
        text += f" (+ unverified: {', '.join(extra)})"
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(sources: list[Source]) -> str:
    """docs/sources.md: one table row per source, then the quirk keys."""
    enabled = sum(s.enabled for s in sources)
    lines = [
        "# Built-in news sources",
        "",
        "Generated from `monitor/config/sources.toml` by",
        "`python -m monitor.config.sources > docs/sources.md`;",
        "do not edit by hand (a test keeps the two in sync).",
        "",
        f"{len(sources)} sources, {enabled} enabled. Discovery counts only crawled URLs;",
        "unverified feeds and sitemaps are recorded in the registry but never crawled.",
        "",
        "| Name | Outlet | Region | Languages | Discovery | Confidence | Enabled |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in sources:
        state = "yes" if s.enabled else f"no: {s.disabled_reason}"
        lines.append("| " + " | ".join(_cell(c) for c in (
            f"`{s.name}`", s.title, s.site.region or "", ", ".join(s.languages),
            _discovery(s), s.confidence_level, state)) + " |")
    lines += ["", "## Quirk keys", "", "| Quirk | Argument | What code must do | Sources |",
              "|---|---|---|---|"]
    for kind, (takes_arg, meaning) in QUIRKS.items():
        users = ", ".join(f"`{s.name}`" for s in sources if s.quirk_args(kind)) or "none"
        lines.append(f"| `{kind}` | {'yes' if takes_arg else 'no'} | {_cell(meaning)} "
                     f"| {users} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    try:
        sys.stdout.write(render_markdown(load_registry()))
    except ConfigError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["CONFIDENCE_LEVELS", "META_KEYS", "REGISTRY_PATH", "Source",
           "builtin_sites", "load_registry", "parse_source", "render_markdown"]
