"""The built-in source registry: it loads, covers the required outlets, and its patterns hold."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from monitor.config.profile import QUIRKS
from monitor.config.settings import ConfigError, SiteConfig, parse_site
from monitor.config.sources import Source, builtin_sites, load_registry, render_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "sources.md"
SOURCES = load_registry()
BY_NAME = {s.name: s for s in SOURCES}

# Outlets issue 6 names, with the language editions each must have (enabled).
REQUIRED: dict[str, set[str]] = {
    "kazinform": {"ru", "kk", "uz", "en"}, "tengrinews": {"ru", "kk"}, "kazpravda": {"ru"},
    "egemen": {"kk"}, "zakon": {"ru"}, "nur": {"ru"}, "informburo": {"ru"}, "kursiv": {"ru"},
    "kapital": {"ru"}, "inbusiness": {"ru"}, "khabar": {"ru"}, "24kz": {"ru"}, "baq": {"kk"},
    "liter": {"ru"}, "vlast": {"ru"}, "sputnik": {"ru"}, "turkystan": {"kk"},
    "otyrar-tv": {"ru"}, "ulysmedia": {"ru"}, "ortcom": {"ru"},
}

WITH_PATTERN = [s for s in SOURCES if s.site.article_pattern]


def test_registry_has_enough_enabled_sources() -> None:
    enabled = [s for s in SOURCES if s.enabled]
    assert len(enabled) >= 20
    assert len(SOURCES) == len(BY_NAME)
    assert all(re.fullmatch(r"[a-z0-9_-]+", s.name) for s in SOURCES)


@pytest.mark.parametrize("outlet", sorted(REQUIRED))
def test_required_outlet_editions_present(outlet: str) -> None:
    languages = {s.site.language for s in SOURCES if s.outlet == outlet and s.enabled}
    assert REQUIRED[outlet] <= languages, f"{outlet}: missing {REQUIRED[outlet] - languages}"


@pytest.mark.parametrize("region", ["Turkestan", "Shymkent", "Zhetysu"])
def test_each_target_region_has_an_enabled_outlet(region: str) -> None:
    assert any(s.enabled and s.site.region == region for s in SOURCES)


def test_regions_are_national_or_named() -> None:
    for source in SOURCES:
        region = source.site.region
        assert region == "national" or (region and region[0].isupper()), source.name


@pytest.mark.parametrize("source", WITH_PATTERN, ids=lambda s: s.name)
def test_article_pattern_matches_examples_both_ways(source: Source) -> None:
    pattern = source.site.article_re
    assert source.examples and source.non_examples
    for url in source.examples:
        assert pattern.search(url), f"{source.name}: should match {url}"
        if source.site.exclude_pattern:
            assert not re.search(source.site.exclude_pattern, url), url
    for url in source.non_examples:
        assert not pattern.search(url), f"{source.name}: should not match {url}"


@pytest.mark.parametrize("source", WITH_PATTERN, ids=lambda s: s.name)
def test_article_pattern_escapes_host_dots(source: Source) -> None:
    # An unescaped '.' would accept look-alike hosts such as 'wwwxinform.kz'.
    for url in source.examples:
        host = urlsplit(url).hostname or ""
        for i, char in enumerate(host):
            if char == ".":
                fake = url.replace(host, host[:i] + "x" + host[i + 1:], 1)
                assert not source.site.article_re.search(fake), f"{source.name}: {fake}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_discovery_urls_are_crawlable_and_not_articles(source: Source) -> None:
    site = source.site
    crawled = site.feeds + site.sitemaps + site.start_urls
    assert crawled
    assert not set(crawled) & set(source.unverified_feeds + source.unverified_sitemaps)
    for url in crawled:
        host = urlsplit(url).hostname or ""
        assert any(host == d or host.endswith("." + d) for d in site.allowed_domains), url
        if site.article_pattern:
            assert not site.article_re.search(url), f"{source.name}: {url} looks like an article"


def test_disabled_sources_say_why_and_browser_ones_are_disabled() -> None:
    disabled = [s for s in SOURCES if not s.enabled]
    assert disabled
    assert all(s.disabled_reason for s in disabled)
    browser = [s for s in SOURCES if s.needs_browser]
    assert {s.outlet for s in browser} >= {"govkz", "kaztag"}
    assert all(not s.enabled for s in browser)


def test_quirks_are_recorded_as_data() -> None:
    tengri = BY_NAME["tengrinews-ru"]
    assert "sitemap-news" in tengri.quirk_args("sitemap-follow")
    assert tengri.quirk_args("sitemap-loc-doubled-host") == [""]
    assert BY_NAME["kazinform-ru"].quirk_args("lead-in-separate-block") == [""]
    assert BY_NAME["informburo-ru"].quirk_args("sponsored-section") == ["/special/"]
    used = {q.partition(":")[0] for s in SOURCES for q in s.quirks}
    assert used <= set(QUIRKS)


def test_builtin_sites_round_trip_through_config() -> None:
    sites = builtin_sites()
    assert [s.name for s in sites] == [s.name for s in SOURCES]
    assert all(isinstance(s, SiteConfig) for s in sites)
    for i, site in enumerate(sites):
        assert parse_site(site.to_dict(), f"sites[{i}]") == site
    assert not BY_NAME["govkz-shymkent"].site.enabled


def test_docs_in_sync_with_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(SOURCES), (
        "regenerate: python -m monitor.config.sources > docs/sources.md")


def test_markdown_lists_every_source_and_why_disabled() -> None:
    text = render_markdown(SOURCES)
    for source in SOURCES:
        assert f"`{source.name}`" in text
    assert "no: HTTP 403 to every request" in text
    row = "| `tengrinews-ru` | Tengrinews (ru) | national | ru | 1 sitemap, 1 listing, 1 feed"
    assert row in text


GOOD = """
[[sources]]
name = "demo"
title = "Demo"
outlet = "demo"
homepage = "https://demo.kz/"
language = "ru"
start_urls = ["https://demo.kz/news"]
article_pattern = '/news/\\d+'
examples = ["https://demo.kz/news/12"]
confidence = "inferred: test entry"
"""


@pytest.mark.parametrize(("extra", "message"), [
    ('colour = "red"\n', "sources[0]: unknown key 'colour'"),
    ("enabled = false\n", "(demo): a disabled entry must give disabled_reason"),
    ('needs_browser = true\n', "(demo): needs_browser entries must be disabled"),
    ('quirks = ["teleport"]\n', "(demo).quirks: unknown quirk 'teleport'"),
    ('quirks = ["page-url:https://demo.kz/news"]\n', "needs a URL template with {n}"),
    ('quirks = ["amp-duplicate:yes"]\n', "'amp-duplicate' takes no ':argument'"),
    ('selectors = { headline = "h1" }\n', "(demo).selectors: unknown key 'headline'"),
    ('unverified_feeds = ["ftp://demo.kz/rss"]\n', "is not an http(s) URL"),
])
def test_validation_errors_name_file_and_entry(
        tmp_path: Path, extra: str, message: str) -> None:
    body = GOOD.replace('confidence = "inferred: test entry"',
                        'confidence = "inferred: test entry"\n' + extra)
    path = tmp_path / "sources.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_registry(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_validation_rejects_duplicates_and_foreign_examples(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(ConfigError, match="source name 'demo' is used twice"):
        load_registry(path)
    path.write_text(GOOD.replace('examples = ["https://demo.kz/news/12"]',
                                 'examples = ["https://other.kz/news/12"]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="outside allowed_domains"):
        load_registry(path)
    path.write_text(GOOD.replace('confidence = "inferred', 'confidence = "certain'),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="confidence must start with one of"):
        load_registry(path)
