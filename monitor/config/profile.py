"""One site's behaviour, resolved once: the typed form of its ``quirks`` and ``selectors``.

A ``[[sites]]`` entry (user config or the built-in registry) may list quirks, ``kind`` or
``kind:argument`` strings, and CSS selectors seen on the site's pages. :func:`build_profile`
turns them into one :class:`SiteProfile`; the spider reads its discovery and fetch fields,
the extraction workers its page fields. Every kind in :data:`QUIRKS` has code behind it; an
unknown kind, a missing or stray argument and a selector that is not valid CSS are config
errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError

from monitor.config.errors import ConfigError

# Quirk kind -> (takes an argument, what the code does). Where each acts:
# spiders/news.py (discovery and fetch), monitor/article/extract.py and textrules.py (pages).
QUIRKS: dict[str, tuple[bool, str]] = {
    "sitemap-loc-doubled-host": (False, "repair <loc> values like 'https://a.kzhttps://b.kz/x': "
                                        "keep the text from the last 'http' on"),
    "sitemap-follow": (True, "in a sitemap index follow only child maps whose loc contains "
                             "the argument"),
    "sitemap-frozen": (False, "the site's sitemaps exist but stopped updating: not used for "
                              "discovery"),
    "page-url": (True, "listing page n is the URL template with {n} (n >= 2); used when "
                       "no next-page link is found"),
    "ajax-pagination": (True, "more listing items come from the URL template ({n} = page); "
                              "the response is JSON wrapping HTML: links are taken from its "
                              "HTML strings"),
    "sponsored-section": (True, "URLs whose path contains this are paid or PR pieces: never "
                                "fetched, counted as skipped 'paid'"),
    "amp-duplicate": (False, "/amp/ copies of articles exist: article links are fetched "
                             "without the /amp segment"),
    "slow-responses": (False, "responses can hang: a short timeout and one retry for this "
                              "site's requests"),
    "geo-filtered": (False, "may time out from outside Kazakhstan: timeouts are counted as "
                            "skipped 'geo_timeout', not as errors or a site failure"),
    "date-format": (True, "the visible date has this strptime format (local time, UTC+5)"),
    "stop-marker": (True, "cut the body at the first line starting with this text"),
    "drop-line-prefix": (True, "drop body lines starting with this text"),
    "drop-line-contains": (True, "drop body lines containing this text"),
    "lead-in-separate-block": (False, "the lead is outside the body block: the 'lead' selector's "
                                      "text (else the page description) is put before the body "
                                      "when the body lacks it"),
    "markup-articles": (False, "the article pattern is loose (slugs without an id or a date): "
                               "a fetched page is kept only when its markup says article "
                               "(og:type, JSON-LD, articleBody, a dated title over a long "
                               "body), else skipped 'not_article'"),
    "region-from-byline": (False, "the byline names the correspondent's region: a place named "
                                  "in the author line is added to the article's places"),
}
URL_TEMPLATE_KINDS = ("page-url", "ajax-pagination")
LINE_RULE_KINDS = ("stop-marker", "drop-line-prefix", "drop-line-contains")

# Selector name -> what it picks (CSS, checked when the config is read).
SELECTORS: dict[str, str] = {
    "title": "the headline element (beats <title> and a logo in <h1>)",
    "date": "the publication date: its datetime or content attribute, else its text",
    "body": "the article body; extraction runs on it alone when it holds enough text",
    "lead": "the lead paragraph when it sits outside the body (see lead-in-separate-block)",
    "author": "the byline",
    "listing": "on listing pages, the elements whose links are articles",
}


@dataclass(frozen=True)
class SiteProfile:
    """Everything a site's quirks and selectors change, typed; the default changes nothing."""

    name: str = ""
    # discovery (spiders/news.py)
    repair_doubled_host: bool = False
    sitemap_follow: tuple[str, ...] = ()
    use_sitemaps: bool = True
    page_templates: tuple[str, ...] = ()
    ajax_templates: tuple[str, ...] = ()
    paid_paths: tuple[str, ...] = ()
    drop_amp: bool = False
    # fetching
    slow: bool = False
    geo_filtered: bool = False
    judge_pages: bool = False  # markup-articles: pages are judged by their markup
    # pages (monitor/article)
    line_rules: tuple[tuple[str, str], ...] = ()  # (kind, argument), in registry order
    date_formats: tuple[str, ...] = ()
    lead_separate: bool = False
    region_from_byline: bool = False
    selectors: tuple[tuple[str, str], ...] = ()

    def selector(self, name: str) -> str | None:
        return next((css for key, css in self.selectors if key == name), None)

    def follows(self, child_sitemap: str) -> bool:
        """sitemap-follow: is this child map of an index one to read?"""
        return not self.sitemap_follow or any(p in child_sitemap for p in self.sitemap_follow)

    def skip_reason(self, url: str) -> str | None:
        """sponsored-section: 'paid' for a URL in a paid section, else None."""
        path = urlsplit(url).path
        return "paid" if any(part in path for part in self.paid_paths) else None

    def page_url(self, listing_root: str, page: int) -> str | None:
        """page-url: page ``page`` of the listing started at ``listing_root``."""
        return _template_for(self.page_templates, listing_root, page)

    def ajax_url(self, listing_root: str, page: int) -> str | None:
        """ajax-pagination: the JSON request for page ``page`` of the listing."""
        return _template_for(self.ajax_templates, listing_root, page)


def _template_for(templates: tuple[str, ...], listing_root: str, page: int) -> str | None:
    root = urlsplit(listing_root)
    for template in templates:
        parts = urlsplit(template)
        same_host = (parts.hostname or "") == (root.hostname or "")
        if same_host and parts.path.rstrip("/").startswith(root.path.rstrip("/")):
            return template.replace("{n}", str(page))
    return None


def split_quirk(quirk: str) -> tuple[str, str]:
    kind, _, arg = quirk.partition(":")
    return kind, arg


def check_quirks(quirks: Iterable[str], where: str) -> None:
    """ConfigError (one line) for an unknown kind or a wrong argument."""
    for quirk in quirks:
        kind, arg = split_quirk(quirk)
        if kind not in QUIRKS:
            raise ConfigError(f"{where}.quirks: unknown quirk {kind!r}")
        takes_arg = QUIRKS[kind][0]
        if takes_arg != bool(arg):
            need = "needs" if takes_arg else "takes no"
            raise ConfigError(f"{where}.quirks: {kind!r} {need} ':argument'")
        if kind in URL_TEMPLATE_KINDS and (
                "{n}" not in arg or not arg.startswith(("http://", "https://"))):
            raise ConfigError(f"{where}.quirks: {kind!r} needs a URL template with {{n}}")


def parse_selectors(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """A ``selectors`` table -> ((name, css), ...); ConfigError for bad names or CSS."""
    if not isinstance(value, Mapping) or not all(
            isinstance(v, str) and v.strip() for v in value.values()):
        raise ConfigError(f"{where}.selectors must be a table of non-empty strings")
    unknown = sorted(set(value) - set(SELECTORS))
    if unknown:
        raise ConfigError(f"{where}.selectors: unknown key {unknown[0]!r}")
    for name, css in value.items():
        try:
            GenericTranslator().css_to_xpath(css)
        except SelectorError as exc:
            raise ConfigError(f"{where}.selectors.{name}: not a CSS selector ({exc})") from None
    return tuple((name, css) for name, css in value.items())


def build_profile(name: str, quirks: Iterable[str] = (),
                  selectors: Iterable[tuple[str, str]] = ()) -> SiteProfile:
    """The profile of a site from its (already validated) quirks and selectors."""
    args: dict[str, list[str]] = {}
    line_rules: list[tuple[str, str]] = []
    for quirk in quirks:
        kind, arg = split_quirk(quirk)
        args.setdefault(kind, []).append(arg)
        if kind in LINE_RULE_KINDS:
            line_rules.append((kind, arg))
    return SiteProfile(
        name=name,
        repair_doubled_host="sitemap-loc-doubled-host" in args,
        sitemap_follow=tuple(args.get("sitemap-follow", ())),
        use_sitemaps="sitemap-frozen" not in args,
        page_templates=tuple(args.get("page-url", ())),
        ajax_templates=tuple(args.get("ajax-pagination", ())),
        paid_paths=tuple(args.get("sponsored-section", ())),
        drop_amp="amp-duplicate" in args,
        slow="slow-responses" in args,
        geo_filtered="geo-filtered" in args,
        judge_pages="markup-articles" in args,
        line_rules=tuple(line_rules),
        date_formats=tuple(args.get("date-format", ())),
        lead_separate="lead-in-separate-block" in args,
        region_from_byline="region-from-byline" in args,
        selectors=tuple(selectors),
    )


__all__ = ["QUIRKS", "SELECTORS", "SiteProfile", "build_profile", "check_quirks",
           "parse_selectors", "split_quirk"]
