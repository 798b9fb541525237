"""The pure parts of discovery: pagers, article-ness, URL shapes and where sites keep sources."""

from __future__ import annotations

import re

import pytest

from monitor.article.pagekind import judge
from spiders import sourcefind
from spiders.pagers import next_page
from spiders.urlshapes import infer_pattern, looks_like_article

L = "http://s.kz/news/"


@pytest.mark.parametrize(("url", "html", "expected"), [
    # rel=next, on an <a> too
    (L, '<a rel="next" href="/news/more">x</a>', "http://s.kz/news/more"),
    # pager words in Russian, Kazakh and English, and arrows
    (L, '<div class="pagination"><a href="/news/page2.html">Далее</a></div>',
     "http://s.kz/news/page2.html"),
    (L, '<a href="/news/?PAGEN_1=2">Следующая »</a>', "http://s.kz/news/?PAGEN_1=2"),
    (L, '<a href="/news/page-2">Вперёд</a>', "http://s.kz/news/page-2"),
    (L, '<a href="/news/?start=20">Ещё</a>', "http://s.kz/news/?start=20"),
    (L, '<a href="/news/?p=2">Келесі</a>', "http://s.kz/news/?p=2"),
    (L, '<a href="/news/page/2/">Әрі қарай</a>', "http://s.kz/news/page/2/"),
    (L, '<a href="/news/?offset=30">Next</a>', "http://s.kz/news/?offset=30"),
    (L, '<nav class="pager"><a href="/news/?page=1">→</a></nav>', "http://s.kz/news/?page=1"),
    # pager classes: WordPress, 1C-Bitrix, Drupal, DLE
    (L, '<a class="next page-numbers" href="/news/page/2/">2</a>', "http://s.kz/news/page/2/"),
    (L, '<a class="modern-page-next" href="/news/?PAGEN_2=2">След.</a>',
     "http://s.kz/news/?PAGEN_2=2"),
    (L, '<li class="pager__item--next"><a href="/news/?page=1">›</a></li>',
     "http://s.kz/news/?page=1"),
    (L, '<span class="pnext"><a href="/news/page/2/">x</a></span>', "http://s.kz/news/page/2/"),
    # the page numbered one more, and URL shapes alone
    ("http://s.kz/news/page3.html", '<a href="/news/page2.html">2</a><a href="/news/page4.html">'
     "4</a>", "http://s.kz/news/page4.html"),
    ("http://s.kz/news/?start=20", '<a href="/news/?start=0">1</a><a href="/news/?start=40">3</a>',
     "http://s.kz/news/?start=40"),
    # a "Далее" under every teaser leads to articles, not to the next page
    (L, '<a href="/n/1">Далее</a><a href="/n/2">Далее</a>', None),
    # never out of the section, never the page itself
    (L, '<a href="/sport/page/2/">Далее</a>', None),
    (L, '<a href="http://other.kz/news/page/2/">Next</a>', None),
    ("http://s.kz/news/page/2/", '<a href="/news/page/2/">Далее</a>', None),
])
def test_next_page_styles(url: str, html: str, expected: str | None) -> None:
    assert next_page(html, url, root="http://s.kz/news/") == expected


ARTICLE = """<html><head><title>{t}</title>{head}</head><body><h1>{t}</h1>
<time datetime="2025-08-15T10:00:00+05:00">15.08.2025</time>{body}</body></html>"""
TEXT = "".join(f"<p>Абзац номер {i}: в Туркестанской области построят новый завод, "
               "инвестор вложит миллиарды тенге и создаст рабочие места.</p>" for i in range(6))


@pytest.mark.parametrize(("url", "head", "body", "article", "reason"), [
    ("https://s.kz/a/1", '<meta property="og:type" content="article">', "", True, "og:type"),
    ("https://s.kz/a/1", '<script type="application/ld+json">{"@graph": [{"@type": '
     '"ReportageNewsArticle"}]}</script>', "", True, "json-ld"),
    ("https://s.kz/a/1", "", '<div itemprop="articleBody">x</div>', True, "articleBody"),
    ("https://s.kz/a/1", "", TEXT, True, "dated title"),
    ("https://s.kz/a/1", "", "<p>Коротко.</p>", False, "long body"),
    # listing, tag, author and search pages, even with article markup or a loose pattern
    ("https://s.kz/tag/zavod-v-shymkente/", '<meta property="og:type" content="article">',
     TEXT, False, "tag page"),
    ("https://s.kz/author/aidar-s/", "", TEXT, False, "author page"),
    ("https://s.kz/news?s=zavod", "", TEXT, False, "search page"),
    ("https://s.kz/list-of-news", '<script type="application/ld+json">{"@type": '
     '"CollectionPage"}</script>', TEXT, False, "collectionpage"),
    ("https://s.kz/list-of-news", "", "".join(
        f'<article><a href="/a/{i}">Длинный заголовок новости номер {i} о заводе</a></article>'
        for i in range(9)), False, "teasers"),
])
def test_article_by_markup(url: str, head: str, body: str, article: bool, reason: str) -> None:
    verdict = judge(ARTICLE.format(t="Завод построят в Шымкенте", head=head, body=body), url)
    assert verdict.article is article
    assert reason.lower() in verdict.reason.lower()


def test_infer_pattern_covers_the_shapes_and_rejects_sections() -> None:
    urls = ["https://t.kz/kazakhstan_news/zavod-v-shymkente-578501/",
            "https://t.kz/business_news/kurs-dollara-upal-578502/",
            "https://www.t.kz/2025/08/15/novaya-liniya/", "https://t.kz/?p=43279"]
    pattern = re.compile(infer_pattern(urls))
    assert all(pattern.search(u) for u in urls)
    assert pattern.search("https://t.kz/world_news/drugaya-novost-600000/")
    assert pattern.search("https://t.kz/2026/01/02/eshche-odna/")
    for other in ("https://t.kz/kazakhstan_news/", "https://t.kz/tag/zavod/",
                  "https://t.kz/", "https://other.kz/kazakhstan_news/x-578501/"):
        assert not pattern.search(other), other
    assert looks_like_article("https://d.kz/economy/820-zauyt-salynady.html")
    assert not looks_like_article("https://d.kz/economy/")
    assert not looks_like_article("https://d.kz/tags/zauyt-salynady-2025/")
    assert not looks_like_article("https://d.kz/uploads/foto-2025-123.jpg")


def test_where_sites_keep_their_sources() -> None:
    home = ('<html><head><meta name="generator" content="WordPress 6.5">'
            '<link rel="alternate" type="application/rss+xml" href="/ru/feed/"></head><body>'
            '<nav><a href="/ru/economy/">Экономика</a><a href="/kz/">Қаз</a>'
            '<a href="/ru/about/">О нас</a><a href="/ru/tag/x/">x</a></nav>'
            '<a href="https://kaz.s.kz/">kk</a></body></html>')
    base = "https://s.kz/ru/"
    assert sourcefind.detect_cms(home) == "wordpress"
    feeds = sourcefind.feed_candidates(home, base, "wordpress")
    assert feeds[0] == "https://s.kz/ru/feed/" and "https://s.kz/ru/rss/" in feeds
    assert sourcefind.section_candidates(home, base) == ["https://s.kz/ru/economy/"]
    assert set(sourcefind.edition_roots(home, base)) == {"https://s.kz/kz/", "https://kaz.s.kz/"}
    robots = "User-agent: *\nSitemap: https://s.kz/news.xml\nsitemap: /map.xml\n"
    assert sourcefind.robots_sitemaps(robots, base) == ["https://s.kz/news.xml",
                                                        "https://s.kz/map.xml"]
    children = ["https://s.kz/post-sitemap.xml", "https://s.kz/category-sitemap.xml",
                "https://s.kz/sitemap.xml?type=articles&page=1"]
    assert [sourcefind.child_rank(c) for c in children] == [2, 0, 2]
    assert sourcefind.edition_key("https://www.s.kz/kz/news/1") == ("s.kz", "kz")
