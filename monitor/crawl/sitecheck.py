"""``newsmon sites check [NAME...]``: probe each source live and say what works.

Per site: robots.txt (may our user agent fetch an article URL?), every feed, sitemap and
listing page (reachable? parseable? how many URLs match the article pattern?) and one article
(does it extract: title, date, body length?). Plain urllib with a short timeout, the crawl's
user agent and ``crawl.resolve``; redirects are followed by hand so a mapped host stays mapped.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from protego import Protego

from monitor.article.extract import NotAnArticle, decode_html, extract_article
from monitor.config.profile import SiteProfile
from monitor.config.settings import Config, SiteConfig
from spiders import discovery
from spiders.middlewares import parse_resolve, resolve_url

log = logging.getLogger(__name__)

MAX_TIMEOUT = 10.0  # a check never waits longer than this for one answer
MAX_BYTES = 10_000_000
MAX_REDIRECTS = 3
MAX_CHILD_SITEMAPS = 2  # of a sitemap index, checked for article URLs


@dataclass
class CheckRow:
    site: str
    probe: str  # robots | feed | sitemap | listing | article
    url: str
    ok: bool
    detail: str
    warning: bool = False  # ok, but worth a look (an article without a date)


@dataclass
class _Fetched:
    status: int
    body: bytes
    url: str  # after redirects
    error: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # followed by hand, through crawl.resolve


class Prober:
    def __init__(self, config: Config) -> None:
        self.mapping = parse_resolve(config["crawl.resolve"])
        self.agent = str(config["crawl.user_agent"])
        self.timeout = min(float(config["crawl.timeout_seconds"]), MAX_TIMEOUT)
        self.opener = urllib.request.build_opener(_NoRedirect)
        self.obey_robots = bool(config["crawl.obey_robots"])
        self.rules: dict[str, tuple[_Fetched, Protego | None]] = {}  # robots.txt per origin

    def robots(self, url: str) -> tuple[str, _Fetched, Protego | None]:
        """(robots.txt URL, its fetch, its rules) for the origin of ``url``, fetched once."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        if robots_url not in self.rules:
            got = self._follow(robots_url)
            rules = Protego.parse(got.body.decode("utf-8", "replace")) \
                if got.status == 200 else None
            self.rules[robots_url] = (got, rules)
        got, rules = self.rules[robots_url]
        return robots_url, got, rules

    def allowed(self, url: str) -> bool:
        """May our user agent fetch ``url``? As the crawl decides (Scrapy's robots.txt
        middleware): by the rules when robots.txt was read; without rules (4xx, or it could
        not be fetched) everything is allowed, and the fetch itself says what is wrong."""
        if not self.obey_robots:
            return True
        _, _, rules = self.robots(url)
        return rules is None or bool(rules.can_fetch(url, self.agent))

    def fetch(self, url: str) -> _Fetched:
        """``url`` with redirects followed, every hop only when robots.txt allows it."""
        if not self.allowed(url):
            return _Fetched(0, b"", url, "robots.txt forbids it: not fetched")
        return self._follow(url, check=True)

    def _follow(self, url: str, check: bool = False) -> _Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            got = self._once(url)
            location = got.error.removeprefix("redirect:") if got.error.startswith(
                "redirect:") else ""
            if not location:
                return got
            url = urljoin(url, location)
            if check and not self.allowed(url):
                return _Fetched(0, b"", url, f"redirected to {url}, which robots.txt forbids")
        return _Fetched(0, b"", url, "too many redirects")

    def _once(self, url: str) -> _Fetched:
        headers = {"User-Agent": self.agent}
        target = url
        resolved = resolve_url(url, self.mapping)
        if resolved is not None:
            target, headers["Host"] = resolved
        request = urllib.request.Request(target, headers=headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                return _Fetched(answer.status, answer.read(MAX_BYTES), url)
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400 and exc.headers.get("Location"):
                return _Fetched(exc.code, b"", url, "redirect:" + exc.headers["Location"])
            return _Fetched(exc.code, b"", url, f"HTTP {exc.code}")
        except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections
            reason = getattr(exc, "reason", exc)
            return _Fetched(0, b"", url, f"{type(exc).__name__}: {reason}"[:120])


def _matching(urls: Sequence[str], site: SiteConfig, profile: SiteProfile) -> list[str]:
    """What the crawl would fetch: pattern matches, minus excluded and paid URLs."""
    pattern = re.compile(site.article_pattern) if site.article_pattern else None
    exclude = re.compile(site.exclude_pattern) if site.exclude_pattern else None
    return [u for u in dict.fromkeys(urls)
            if urlsplit(u).scheme in ("http", "https")
            and (pattern is None or pattern.search(u)) and not (exclude and exclude.search(u))
            and profile.skip_reason(u) is None]


class _SiteCheck:
    def __init__(self, prober: Prober, site: SiteConfig) -> None:
        self.prober = prober
        self.site = site
        self.profile = site.profile
        self.rows: list[CheckRow] = []
        self.found: list[str] = []  # article URLs, in discovery order

    def row(self, probe: str, url: str, ok: bool, detail: str, warning: bool = False) -> None:
        self.rows.append(CheckRow(self.site.name, probe, url, ok, detail, warning))

    def document(self, probe: str, url: str) -> bytes | None:
        got = self.prober.fetch(url)
        if got.status != 200:
            self.row(probe, url, False, got.error or f"HTTP {got.status}")
            return None
        return got.body

    def count(self, probe: str, url: str, urls: list[str]) -> None:
        urls = [discovery.fix_url(self.profile, discovery.fix_loc(self.profile, u)) for u in urls]
        matching = _matching(urls, self.site, self.profile)
        self.found += matching
        ok = bool(matching)
        detail = f"{len(matching)} article URLs of {len(urls)} links" if ok else (
            f"no URL matches article_pattern ({len(urls)} links)" if urls else "nothing parsed")
        self.row(probe, url, ok, detail)

    def feed(self, url: str) -> None:
        body = self.document("feed", url)
        if body is None:
            return
        feed = discovery.parse_feed(body, url)
        if not feed.valid:  # an error page with 200: the crawl fails it too
            self.row("feed", url, False, str(feed.problem))
            return
        self.count("feed", url, [e.url for e in feed.entries])

    def sitemap(self, url: str) -> None:
        body = self.document("sitemap", url)
        if body is None:
            return
        parsed = discovery.parse_sitemap(body, url, MAX_BYTES)
        if not parsed.valid:
            self.row("sitemap", url, False, str(parsed.problem))
            return
        urls = [e.url for e in parsed.entries]
        children = [c for c in (discovery.fix_loc(self.profile, u) for u in parsed.sitemaps)
                    if self.profile.follows(c)]
        for child in children[:MAX_CHILD_SITEMAPS]:
            child_body = self.document("sitemap", child)
            if child_body is None:
                continue
            child_map = discovery.parse_sitemap(child_body, child, MAX_BYTES)
            if not child_map.valid:  # a row of its own, like an HTTP error
                self.row("sitemap", child, False, str(child_map.problem))
            urls += [e.url for e in child_map.entries]
        self.count("sitemap", url, urls)

    def listing(self, url: str) -> None:
        body = self.document("listing", url)
        if body is not None:
            self.count("listing", url, discovery.listing_links(decode_html(body), url))

    def robots(self) -> None:
        sample = self.found[0] if self.found else next(iter(
            (*self.site.start_urls, *self.site.sitemaps, *self.site.feeds)), "")
        if not sample:
            return
        url, got, rules = self.prober.robots(sample)
        if rules is not None:
            allowed = [u for u in self.found if rules.can_fetch(u, self.prober.agent)]
            ok = bool(allowed) or not self.found
            detail = (f"allows {len(allowed)} of {len(self.found)} article URLs found"
                      if self.found else "read")
            self.row("robots", url, ok, detail)
        elif 400 <= got.status < 500:
            self.row("robots", url, True, f"HTTP {got.status}: no rules, all allowed")
        else:
            self.row("robots", url, False, got.error or f"HTTP {got.status}")

    def article(self) -> None:
        if not self.found:
            self.row("article", "", False, "no article URL found to try")
            return
        url = next((u for u in self.found if self.prober.allowed(u)), None)
        if url is None:
            self.row("article", self.found[0], False, "robots.txt forbids every article URL found")
            return
        body = self.document("article", url)
        if body is None:
            return
        try:
            page = extract_article(body, url, profile=self.profile)
        except NotAnArticle as exc:
            self.row("article", url, False, f"does not extract: {exc}")
            return
        # A missing date is a warning: the article is still stored (first seen counts).
        date = page.published.isoformat() if page.published else "no date found"
        self.row("article", url, True,
                 f"title {page.title[:50]!r}, {date}, body {len(page.text)} chars",
                 warning=page.published is None)

    def run(self) -> list[CheckRow]:
        for url in self.site.feeds:
            self.feed(url)
        for url in self.site.sitemaps if self.profile.use_sitemaps else ():
            self.sitemap(url)
        for url in self.site.start_urls:
            self.listing(url)
        self.robots()
        self.article()
        return self.rows


def check_sites(config: Config, names: Sequence[str] | None = None) -> list[CheckRow]:
    """Probe the named sites (default: all enabled); one row per robots / document / article.

    Unknown names raise ConfigError."""
    sites = [config.site(n) for n in names] if names else config.enabled_sites()
    prober = Prober(config)
    rows: list[CheckRow] = []
    for site in sites:
        log.info("checking %s", site.name)
        rows += _SiteCheck(prober, site).run()
    return rows


def site_verdicts(rows: Sequence[CheckRow]) -> dict[str, bool]:
    """Site name -> True when every probe of it was OK."""
    verdicts: dict[str, bool] = {}
    for row in rows:
        verdicts[row.site] = verdicts.get(row.site, True) and row.ok
    return verdicts


def broken_reason(rows: Sequence[CheckRow], site: str) -> str:
    """One line: why ``site`` is BROKEN (its first failed probe, and how many more failed)."""
    failed = [r for r in rows if r.site == site and not r.ok]
    if not failed:
        return ""
    first = failed[0]
    more = f" (+{len(failed) - 1} more)" if len(failed) > 1 else ""
    return f"{first.probe} {first.url or ''}: {first.detail}".replace("  ", " ") + more


def render_table(rows: Sequence[CheckRow]) -> str:
    """A plain-text table: per site a verdict line, then its probes with OK / BROKEN and why."""
    lines: list[str] = []
    for site, ok in site_verdicts(rows).items():
        lines.append(f"{site}: OK" if ok else f"{site}: BROKEN: {broken_reason(rows, site)}")
        for row in (r for r in rows if r.site == site):
            state = ("WARN" if row.warning else "OK") if row.ok else "BROKEN"
            lines.append(f"  {state:<6}  {row.probe:<7}  {row.url or '-'}  {row.detail}")
    return "\n".join(lines) + ("\n" if lines else "")


__all__ = ["CheckRow", "broken_reason", "check_sites", "render_table", "site_verdicts"]
