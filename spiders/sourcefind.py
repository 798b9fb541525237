"""Where a site keeps its news: feeds, sitemaps, sections and language editions, from its pages.

Plain functions over a homepage's HTML and a robots.txt body; fetching is the caller's job
(``monitor.crawl.discover`` for ``newsmon sites discover``, the spider when it falls back to
the homepage). Candidates come best first: what the page itself advertises (``<link
rel=alternate>``, robots.txt ``Sitemap:`` lines), then the usual paths of the CMS the page
looks built with (WordPress, 1C-Bitrix, Drupal, DataLife Engine, Joomla), then generic names.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from lxml import html as lxml_html
from lxml.etree import ParserError

from monitor.article.language import url_language
from monitor.article.pagekind import url_says_not_article
from spiders.urlshapes import looks_like_article

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/feed+json", "text/xml", "application/xml")
# Markup fingerprints of the CMSs Kazakh outlets run, and each one's feed paths.
CMS_MARKS: dict[str, tuple[str, ...]] = {
    "wordpress": ("/wp-content/", "/wp-includes/", "wordpress"),
    "bitrix": ("/bitrix/", "bx.setjsinfo", "bitrix_sessid", "1c-bitrix"),
    "drupal": ("drupal-settings-json", "/sites/default/files/", "data-drupal", "drupal"),
    "dle": ("dle_root", "/engine/classes/", "datalife engine", "/templates/default/js"),
    "joomla": ("/media/jui/", "joomla!", "/components/com_content/"),
    "nextjs": ("__next_data__", "/_next/static/"),
    "nuxt": ("__nuxt__", "/_nuxt/"),
}
CMS_FEEDS: dict[str, tuple[str, ...]] = {
    "wordpress": ("feed/", "rss/"),
    "bitrix": ("rss/", "bitrix/rss.php", "rss.xml"),
    "drupal": ("rss.xml", "node/feed"),
    "dle": ("rss.xml", "engine/rss.php"),
    "joomla": ("?format=feed&type=rss", "index.php?format=feed&type=rss"),
}
GENERIC_FEEDS = ("rss.xml", "rss/", "feed/", "feed.xml", "news.rss", "rss/news.xml",
                 "atom.xml", "index.rss")
SITEMAP_NAMES = ("sitemap.xml", "sitemap_index.xml", "sitemap-index.xml", "sitemap.news.xml",
                 "news-sitemap.xml", "sitemap-news.xml", "wp-sitemap.xml", "sitemap.xml.gz")
# Child maps of an index worth reading for articles, and those never worth it.
CHILD_GOOD = ("news", "post", "article", "material", "publication", "novost", "zhanal")
CHILD_BAD = ("tag", "categor", "author", "user", "page", "image", "video", "taxonom", "term",
             "rubric", "section", "static")
_SECTION_WORDS = re.compile(r"news|novost|lenta|zhanal|jangal|economy|ekonom|biznes|business|"
                            r"finans|region|society|obshchestvo|qogam|kogam|last|latest|all",
                            re.I)
_MENU_BOX = re.compile(r"nav|menu|header|rubric|categor", re.I)
MAX_SECTIONS = 12


def _tree(html: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.fromstring(html or "<html></html>")
    except (ParserError, ValueError):
        return None


def detect_cms(html: str) -> str:
    """The CMS the page looks built with ("wordpress", "bitrix", ...), or ""."""
    low = html.lower()
    generator = re.search(r'<meta[^>]+name=["\']generator["\'][^>]*content=["\']([^"\']+)',
                          low)
    for cms, marks in CMS_MARKS.items():
        if generator and any(m in generator.group(1) for m in marks[-1:]):
            return cms
    scores = {cms: sum(low.count(m) for m in marks[:-1] or marks)
              for cms, marks in CMS_MARKS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] else ""


def edition_root(url: str) -> str:
    """The front page of the edition a URL belongs to: scheme://host/ plus a language
    segment (/ru/, /kz/) when the path starts with one."""
    parts = urlsplit(url)
    first = next((s for s in parts.path.split("/") if s), "")
    prefix = f"{first}/" if first and url_language(f"//x/{first}/") else ""
    return f"{parts.scheme}://{parts.netloc}/{prefix}"


def edition_key(url: str) -> tuple[str, str]:
    """(host, language segment) of the edition a URL belongs to."""
    root = urlsplit(edition_root(url))
    return (root.hostname or "").removeprefix("www."), root.path.strip("/")


def site_domain(url: str) -> str:
    """The registrable part of a host, roughly: 'kaz.tengrinews.kz' -> 'tengrinews.kz'."""
    host = (urlsplit(url).hostname or "").lower()
    labels = host.split(".")
    return ".".join(labels[-3:]) if len(labels) > 2 and labels[-2] in (
        "com", "org", "gov", "edu", "co") else ".".join(labels[-2:])


def feed_candidates(html: str, base: str, cms: str = "") -> list[str]:
    """Feed URLs to try: advertised ones first, then RSS-looking links, then the usual paths
    of the CMS and generic names, under the edition root."""
    tree = _tree(html)
    out: dict[str, None] = {}
    if tree is not None:
        for link in tree.iter("link"):
            rel = (link.get("rel") or "").lower().split()
            kind = (link.get("type") or "").lower()
            if "alternate" in rel and kind in FEED_TYPES and link.get("href"):
                out[urljoin(base, link.get("href", "").strip())] = None
        for a in tree.iter("a"):
            href = (a.get("href") or "").strip()
            if re.search(r"(?:^|/)(?:rss|feed|atom)(?:[./?_-]|$)", href, re.I):
                out[urljoin(base, href)] = None
    root = edition_root(base)
    for path in (*CMS_FEEDS.get(cms, ()), *GENERIC_FEEDS):
        out[urljoin(root, path)] = None
    return [u for u in out if urlsplit(u).scheme in ("http", "https")]


def robots_sitemaps(text: str, base: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, absolute."""
    found = re.findall(r"^\s*sitemap\s*:\s*(\S+)", text, re.I | re.M)
    return list(dict.fromkeys(urljoin(base, u) for u in found))


def sitemap_candidates(base: str) -> list[str]:
    root = edition_root(base)
    origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}/"
    return list(dict.fromkeys(urljoin(r, name) for name in SITEMAP_NAMES
                              for r in (origin, root)))


def child_rank(url: str) -> int:
    """How promising a child map of a sitemap index is: 2 news/posts, 1 unknown, 0 never."""
    parts = urlsplit(url)
    values = " ".join(v for _, v in parse_qsl(parts.query))  # ?type=articles&page=1
    name = f"{parts.path.rsplit('/', 1)[-1]} {values}".lower()
    if any(w in name for w in CHILD_BAD):
        return 0
    return 2 if any(w in name for w in CHILD_GOOD) else 1


def child_word(urls: list[str]) -> str | None:
    """The word of the promising children (for a ``sitemap-follow`` quirk) when the index
    also holds maps that are not worth reading, else None."""
    good = [u for u in urls if child_rank(u) == 2]
    if not good or len(good) == len(urls):
        return None
    names = [urlsplit(u).path.rsplit("/", 1)[-1].lower() for u in good]
    return next((w for w in CHILD_GOOD if all(w in n for n in names)), None)


def _links(tree: lxml_html.HtmlElement, base: str) -> list[tuple[str, str, bool]]:
    """(URL, text, in a menu box) of a page's links."""
    out = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        menu, node = False, a.getparent()
        while node is not None and not menu:
            menu = node.tag in ("nav", "header") or bool(_MENU_BOX.search(
                f"{node.get('class', '')} {node.get('id', '')}"))
            node = node.getparent()
        out.append((urldefrag(urljoin(base, href))[0], " ".join(a.text_content().split()), menu))
    return out


def page_links(html: str, base: str) -> list[str]:
    tree = _tree(html)
    return list(dict.fromkeys(u for u, _, _ in _links(tree, base))) if tree is not None else []


def _section_like(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if parts.netloc.lower() != urlsplit(base).netloc.lower() or looks_like_article(url):
        return False
    reason = url_says_not_article(url)
    if reason and reason not in ("category page", "rubric page", "section page"):
        return False
    depth = len([s for s in parts.path.split("/") if s])
    return 0 < depth <= 3 and not re.search(r"\.(jpe?g|png|pdf|xml|rss)$", parts.path, re.I)


def section_candidates(html: str, base: str) -> list[str]:
    """Menu links that may be listing sections, most promising first: in a menu, named like
    news or the economy, shallow; the edition's front page itself is not one."""
    tree = _tree(html)
    if tree is None:
        return []
    scored: dict[str, int] = {}
    root = edition_root(base).rstrip("/")
    for url, text, menu in _links(tree, base):
        if url.rstrip("/") in (root, base.rstrip("/")) or not _section_like(url, base):
            continue
        lang = url_language(url)
        if lang and lang != url_language(base) and edition_root(url) != edition_root(base):
            continue  # another language edition: discovered as its own entry
        score = 2 * menu + 2 * bool(_SECTION_WORDS.search(url + " " + text))
        score -= len([s for s in urlsplit(url).path.split("/") if s])
        scored[url] = max(score, scored.get(url, score))
    ranked = sorted(scored, key=lambda u: -scored[u])
    return ranked[:MAX_SECTIONS]


def edition_roots(html: str, base: str) -> list[str]:
    """Front pages of the site's other language editions: hreflang alternates and
    language-switcher links (/kz/, /ru/, kaz. subdomains) on the same site."""
    tree = _tree(html)
    if tree is None:
        return []
    found: dict[str, None] = {}
    for link in tree.iter("link"):
        if link.get("hreflang") and "alternate" in (link.get("rel") or "").lower():
            found[edition_root(urljoin(base, link.get("href", "")))] = None
    for url, _, _ in _links(tree, base):
        parts = urlsplit(url)
        short_path = len([s for s in parts.path.split("/") if s]) <= 1
        if short_path and url_language(url) and site_domain(url) == site_domain(base):
            found[edition_root(url)] = None
    mine = edition_root(base)
    return [u for u in found if u != mine and site_domain(u) == site_domain(base)]


__all__ = ["child_rank", "child_word", "detect_cms", "edition_key", "edition_root",
           "edition_roots", "feed_candidates", "page_links", "robots_sitemaps",
           "section_candidates", "site_domain", "sitemap_candidates"]
