"""``newsmon sites discover URL``: from any page of a site, the ``[[sites]]`` entries that crawl it.

From the page (or its edition's front page) it finds the feeds (advertised ones, then the
usual paths of the CMS the page looks built with), the sitemaps (robots.txt ``Sitemap:``
lines, else the usual names; an index's news or post maps), the listing sections (menu links)
and the front pages of the other language editions. Every URL they list that could be an
article is grouped by its shape (spiders.urlshapes); from each group a few pages are fetched
and judged (extraction and monitor.article.pagekind). The groups whose pages are articles give
the article pattern, and the documents that list those URLs give the entry: one entry per
language edition. A loose pattern (slugs without an id or a date, or a group with a page that
was no article) adds the ``markup-articles`` quirk, so the crawl keeps only pages whose markup
says article.

Fetching reuses ``newsmon sites check``'s prober (robots.txt obeyed on every hop, the crawl's
user agent, ``crawl.resolve``), with ``crawl.download_delay`` between requests.
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from monitor.article.extract import NotAnArticle, decode_html, extract_article
from monitor.article.language import detect_language, url_language
from monitor.article.pagekind import judge, url_says_not_article
from monitor.config.settings import Config
from monitor.crawl.healing import homepage
from monitor.crawl.sitecheck import Prober
from monitor.crawl.siteentry import DiscoveryError, Proposal, Sample
from spiders import discovery, sourcefind, urlshapes
from spiders.pagers import next_page

log = logging.getLogger(__name__)

MAX_FEED_PROBES = 6  # unadvertised feed paths tried per front page
MAX_SITEMAP_PROBES = 6
MAX_CHILD_MAPS = 3
MAX_SECTIONS = 8
MAX_EDITIONS = 4
MAX_GROUPS = 10  # URL shapes tried per edition
SAMPLES = 3  # pages fetched per URL shape
MAX_LISTINGS = 5  # start_urls of one entry
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass
class Document:
    kind: str  # feed | sitemap | listing
    url: str
    links: list[str] = field(default_factory=list)
    follow: str | None = None  # sitemap-follow word, when an index mixes maps
    quirks: set[str] = field(default_factory=set)  # amp-duplicate, sitemap-loc-doubled-host

    def add(self, urls: list[str]) -> None:
        """Links as the crawl will fetch them: /amp/ copies as their articles, doubled-host
        sitemap locs repaired (each noted as the quirk that does it in the crawl)."""
        for url in urls:
            fixed = discovery.repair_doubled_host(url)
            if fixed != url:
                self.quirks.add("sitemap-loc-doubled-host")
            plain = discovery.drop_amp(fixed)
            if plain != fixed:
                self.quirks.add("amp-duplicate")
            if plain not in self.links:
                self.links.append(plain)


@dataclass
class _Group:
    edition: tuple[str, str]
    urls: list[str]
    samples: list[Sample] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return sum(1 for s in self.samples if s.ok)

    @property
    def accepted(self) -> bool:
        fetched = [s for s in self.samples if s.fetched]
        return self.articles >= 1 and 3 * self.articles >= 2 * len(fetched)

    @property
    def loose(self) -> bool:
        weak = urlshapes.strength(urlshapes.shape(self.urls[0])) != "strong"
        return weak or any(s.fetched and not s.ok for s in self.samples)


class _Finder:
    def __init__(self, config: Config) -> None:
        self.prober = Prober(config)
        self.delay = float(config["crawl.download_delay"])
        self.min_chars = int(config["crawl.min_text_chars"])
        self.depth = int(config["crawl.listing_depth"])
        self._last = 0.0
        self.pages: dict[str, tuple[int, bytes, str, str]] = {}  # url -> status, body, url, error

    def get(self, url: str) -> tuple[bytes | None, str, str]:
        """(body or None, final URL, error) of one fetch; each URL fetched once."""
        if url not in self.pages:
            wait = self._last + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            got = self.prober.fetch(quote(url, safe=_URL_SAFE))  # IRIs: Cyrillic slugs
            self._last = time.monotonic()
            self.pages[url] = (got.status, got.body, got.url, got.error or f"HTTP {got.status}")
        status, body, final, error = self.pages[url]
        return (body if status == 200 else None), final, error

    # -- documents -------------------------------------------------------------------------
    def feeds(self, homes: dict[str, str], cms: str) -> list[Document]:
        """Every advertised feed; else the CMS's and generic paths until one answers."""
        found: list[Document] = []
        for root, html in homes.items():
            have, tried = False, 0
            for url in sourcefind.feed_candidates(html, root, cms):
                advertised = _advertised(url, html)
                if not advertised and (have or tried >= MAX_FEED_PROBES):
                    continue
                tried += not advertised
                body, final, _ = self.get(url)
                feed = discovery.parse_feed(body, final) if body else None
                if feed is not None and feed.valid and feed.entries:
                    found.append(_doc("feed", url, [e.url for e in feed.entries]))
                    have = True
        return _unique(found)

    def sitemaps(self, base: str) -> list[Document]:
        _, robots, _ = self.prober.robots(base)
        listed = sourcefind.robots_sitemaps(robots.body.decode("utf-8", "replace"), base) \
            if robots.status == 200 else []
        found = [d for d in (self.sitemap(u) for u in listed[:MAX_SITEMAP_PROBES]) if d]
        for url in [] if found else sourcefind.sitemap_candidates(base)[:MAX_SITEMAP_PROBES]:
            doc = self.sitemap(url)
            if doc is not None:
                return [doc]
        return found

    def sitemap(self, url: str) -> Document | None:
        body, final, _ = self.get(url)
        parsed = discovery.parse_sitemap(body, final) if body else None
        if parsed is None or not parsed.valid:
            return None
        doc = _doc("sitemap", url, [e.url for e in parsed.entries])
        children = sorted((c for c in parsed.sitemaps if sourcefind.child_rank(c)),
                          key=lambda c: -sourcefind.child_rank(c))
        for child in children[:MAX_CHILD_MAPS]:
            child_body, child_final, _ = self.get(child)
            child_map = discovery.parse_sitemap(child_body, child_final) if child_body else None
            if child_map is not None and child_map.valid:
                doc.add([e.url for e in child_map.entries])
        doc.follow = sourcefind.child_word(parsed.sitemaps)
        return doc if doc.links else None

    def listings(self, homes: dict[str, str]) -> list[Document]:
        docs = [self.listing(root, html) for root, html in homes.items()]
        sections = [u for root, html in homes.items()
                    for u in sourcefind.section_candidates(html, root)]
        for url in list(dict.fromkeys(sections))[:MAX_SECTIONS]:
            body, final, _ = self.get(url)
            if body is not None:
                docs.append(self.listing(url, decode_html(body), final))
        return docs

    def listing(self, url: str, html: str, final: str | None = None) -> Document:
        """A listing page and its next pages, to the crawl's listing depth."""
        doc = _doc("listing", url, sourcefind.page_links(html, final or url))
        page_url = final or url
        for number in range(1, self.depth + 1):
            nxt = next_page(html, page_url, root=final or url, page=number)
            if nxt is None:
                break
            body, page_url, _ = self.get(nxt)
            if body is None:
                break
            html = decode_html(body)
            doc.add(sourcefind.page_links(html, page_url))
        return doc

    # -- judging pages ---------------------------------------------------------------------
    def sample(self, url: str) -> Sample:
        body, final, error = self.get(url)
        if body is None:
            return Sample(url, False, error, fetched=False)
        try:
            page = extract_article(body, final, min_text_chars=self.min_chars)
        except NotAnArticle as exc:
            return Sample(url, False, f"not an article: {exc.reason}")
        verdict = judge(decode_html(body), final, text=page.text,
                        published=page.published is not None)
        if not verdict.article:
            return Sample(url, False, f"not an article: {verdict.reason}")
        date = page.published.isoformat() if page.published else "no date"
        return Sample(url, True, f"{page.title[:60]!r}, {date}, {len(page.text)} chars "
                                 f"({verdict.reason})", language=detect_language(page.text))


def _doc(kind: str, url: str, links: list[str]) -> Document:
    doc = Document(kind, url)
    doc.add(links)
    return doc


def _advertised(url: str, html: str) -> bool:
    return url in html or urlsplit(url).path in html


def _unique(docs: list[Document]) -> list[Document]:
    seen: dict[tuple[str, ...], Document] = {}
    for doc in docs:
        seen.setdefault(tuple(sorted(doc.links)), doc)  # /feed/ and /rss/: one WordPress feed
    return list(seen.values())


def _candidates(docs: list[Document], domain: str) -> list[str]:
    urls: dict[str, None] = {}
    for doc in docs:
        for url in doc.links:
            if sourcefind.site_domain(url) != domain or url_says_not_article(url):
                continue
            if doc.kind != "listing" or urlshapes.looks_like_article(url):
                urls[url] = None
    return list(urls)


def _groups(urls: list[str]) -> list[_Group]:
    grouped: dict[tuple[tuple[str, str], tuple[str, ...]], list[str]] = defaultdict(list)
    for url in urls:
        grouped[(sourcefind.edition_key(url), urlshapes.group_key(url))].append(url)
    groups = [_Group(edition, members) for (edition, _), members in grouped.items()]
    return sorted(groups, key=lambda g: -len(g.urls))


def _spread(urls: list[str], n: int) -> list[str]:
    if len(urls) <= n:
        return urls
    step = (len(urls) - 1) / (n - 1)
    return [urls[round(i * step)] for i in range(n)]


def _entry_documents(docs: list[Document], pattern: re.Pattern[str]) -> tuple[
        list[Document], list[str]]:
    """The documents an entry needs and the article URLs they list: every feed and sitemap
    listing a matching URL; listing pages, best first, while they add URLs."""
    chosen: list[Document] = []
    found: dict[str, None] = {}
    for doc in docs:
        if doc.kind != "listing" and any(pattern.search(u) for u in doc.links):
            chosen.append(doc)
            found.update((u, None) for u in doc.links if pattern.search(u))
    listings = sorted((d for d in docs if d.kind == "listing"),
                      key=lambda d: -sum(1 for u in d.links if pattern.search(u)))
    for doc in listings:
        new = [u for u in doc.links if pattern.search(u) and u not in found]
        if new and sum(d.kind == "listing" for d in chosen) < MAX_LISTINGS:
            chosen.append(doc)
            found.update((u, None) for u in new)
    return chosen, list(found)


def _proposal(edition: tuple[str, str], groups: list[_Group], docs: list[Document],
              name: str) -> Proposal | None:
    accepted = [g for g in groups if g.edition == edition and g.accepted]
    if not accepted:
        return None
    pattern = urlshapes.infer_pattern(u for g in accepted for u in g.urls)
    chosen, articles = _entry_documents(docs, re.compile(pattern))
    samples = [s for g in groups if g.edition == edition for s in g.samples]
    host, prefix = edition
    language = url_language(f"https://{host}/{prefix}/") or next(
        (s.language for s in samples if s.ok and s.language), None)
    follow = [f"sitemap-follow:{d.follow}" for d in chosen if d.kind == "sitemap" and d.follow]
    follow += [q for d in chosen for q in d.quirks]
    loose = ["markup-articles"] if any(g.loose for g in accepted) else []
    return Proposal(name=name, language=language, article_pattern=pattern,
                    feeds=[d.url for d in chosen if d.kind == "feed"],
                    sitemaps=[d.url for d in chosen if d.kind == "sitemap"],
                    start_urls=[d.url for d in chosen if d.kind == "listing"],
                    quirks=sorted(set(follow)) + loose, articles=articles, samples=samples)


def _check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DiscoveryError(f"not an http(s) URL: {url!r}")
    return url.strip()


def discover_site(config: Config, url: str, name: str | None = None) -> list[Proposal]:
    """The entries (one per language edition) that crawl the site of ``url``, each checked
    on sample pages; DiscoveryError (one line) when the site cannot be reached or has no
    article to find."""
    finder = _Finder(config)
    start = _check_url(url)
    body, final, error = finder.get(start)
    if body is None and sourcefind.edition_root(start) != start:
        body, final, error = finder.get(sourcefind.edition_root(start))
    if body is None:
        raise DiscoveryError(f"cannot read {start}: {error}")
    homes = _homes(finder, decode_html(body), final)
    cms = sourcefind.detect_cms(next(iter(homes.values())))
    docs = (finder.feeds(homes, cms) + finder.sitemaps(final) + finder.listings(homes))
    groups = _groups(_candidates(docs, sourcefind.site_domain(final)))
    tried: dict[tuple[str, str], int] = defaultdict(int)
    for group in groups:
        if tried[group.edition] < MAX_GROUPS:
            tried[group.edition] += 1
            group.samples = [finder.sample(u) for u in _spread(group.urls, SAMPLES)]
    editions = list(dict.fromkeys(g.edition for g in groups if g.accepted))
    proposals = [p for e in editions if (p := _proposal(e, groups, docs, ""))]
    if not proposals:
        raise DiscoveryError(f"{start}: no articles found ({_tally(docs, groups)})")
    _name(proposals, editions, name or _default_name(final))
    for proposal in proposals:
        proposal.notes = [f"discovered from {start}" + (f" ({cms} site)" if cms else ""),
                          _tally(docs, groups)]
    return proposals


def _homes(finder: _Finder, html: str, base: str) -> dict[str, str]:
    """Front page HTML by URL: the page given, and the other language editions' fronts."""
    homes = {base: html}
    queue = sourcefind.edition_roots(html, base)
    while queue and len(homes) <= MAX_EDITIONS:
        body, final, _ = finder.get(queue.pop(0))
        if body is not None and final not in homes:
            homes[final] = decode_html(body)
            queue += [r for r in sourcefind.edition_roots(homes[final], final)
                      if r not in homes and r not in queue]
    return homes


def _tally(docs: list[Document], groups: list[_Group]) -> str:
    kinds: dict[str, int] = defaultdict(int)
    for doc in docs:
        kinds[doc.kind] += 1
    tried = sum(1 for g in groups if g.samples)
    return (f"{kinds['feed']} feeds, {kinds['sitemap']} sitemaps, {kinds['listing']} listing "
            f"pages read; {tried} URL shapes tried")


def _default_name(url: str) -> str:
    label = sourcefind.site_domain(url).split(".")[0]
    return re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-") or "site"


def _name(proposals: list[Proposal], editions: list[tuple[str, str]], base: str) -> None:
    """``base`` for a single edition; ``base-LANG`` (or ``base-HOSTLABEL``) for several."""
    if len(proposals) == 1:
        proposals[0].name = base
        return
    taken: set[str] = set()
    for proposal, (host, prefix) in zip(proposals, editions, strict=False):
        tag = proposal.language or prefix or host.split(".")[0]
        if tag in taken:
            tag = f"{host.split('.')[0]}-{tag}"
        taken.add(tag)
        proposal.name = f"{base}-{re.sub(r'[^a-z0-9_-]+', '-', tag.lower())}"


def _homepage_of(config: Config, name: str) -> str | None:
    from monitor.config.sources import load_registry

    known = {s.name: s.homepage for s in load_registry()}
    return known.get(name) or homepage(config.site(name))


def propose_fixes(config: Config, names: list[str]) -> dict[str, str]:
    """For each named (broken) site: the entry discovery proposes from its homepage, as TOML
    under the site's own name, or one line saying why there is none."""
    out: dict[str, str] = {}
    for name in names:
        site = config.site(name)
        home = _homepage_of(config, name)
        if home is None:
            out[name] = "# no homepage known to discover from\n"
            continue
        try:
            proposals = discover_site(config, home, name)
        except DiscoveryError as exc:
            out[name] = f"# none found: {exc}\n"
            continue
        mine = next((p for p in proposals if p.language == site.language), proposals[0])
        mine.name = name
        out[name] = mine.toml()
    return out


__all__ = ["DiscoveryError", "Proposal", "discover_site", "propose_fixes"]
