"""A site's selectors and page quirks (monitor.config.profile) on article pages: each one
changes the result when set, and leaves today's result when unset or matching nothing.

The pages are written here: a regional site whose <h1> is its logo, whose body block sits
next to a teaser of another story, and whose lead and byline are outside the body block."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from monitor.article.analysis import analyze_page
from monitor.article.extract import extract_article
from monitor.article.selectors import body_document, select, with_lead
from monitor.article.topics import find_places
from monitor.config.profile import SiteProfile, build_profile

PLUS5 = timezone(timedelta(hours=5))
URL = "https://vesti.example.kz/ekonomika/4512"

LEAD = ("Новое предприятие в индустриальной зоне даст городу сорок рабочих мест и заменит "
        "привозную воду на прилавках региона.")
BODY_1 = ("Цех построили за восемь месяцев на участке индустриальной зоны «Оңтүстік». Линия "
          "выпускает до двенадцати тысяч бутылок в час, воду берут из собственной скважины.")
BODY_2 = ("Инвестор вложил в проект около двух миллиардов тенге, часть оборудования закуплена "
          "в Турции. Продукцию будут поставлять в магазины Туркестанской области и Алматы.")
TEASER = ("Фермеры Сарыагашского района начали сев хлопчатника на площади свыше десяти тысяч "
          "гектаров, сообщили в управлении сельского хозяйства. Семена закупили заранее.")
TEASER_2 = ("Весенне-полевые работы в районе планируют завершить к середине мая, техника "
            "готова на девяносто процентов, топливо выделено по сниженной цене.")
HEADLINE = "В Туркестане открыли цех по розливу минеральной воды"
BYLINE = "Айгуль   Серикова,\n   Шымкент"


def page(*, headline: str = HEADLINE, stamp: str = "4 марта 2025, 10:15",
         stamp_attrs: str = "", popular: str = "24 октября 2025, 09:00",
         description: str = "", lead: str = LEAD) -> str:
    """The article page: logo <h1>, headline in h2.headline, a 'popular' line with another
    date, the date in span.stamp, byline, lead outside the body, then a teaser <article>."""
    meta = f'<meta property="og:description" content="{description}">' if description else ""
    return f"""<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Вести Туркестана</title>{meta}</head>
<body>
<header><h1 class="logo"><a href="/">Вести Туркестана</a></h1>
<nav><a href="/">Главная</a> <a href="/ekonomika">Экономика</a></nav></header>
<div class="popular">Популярное: {popular} — тарифы на воду пересмотрят</div>
<h2 class="headline">{headline}</h2>
<div class="meta"><span class="stamp" {stamp_attrs}>{stamp}</span>
<div class="podpis">{BYLINE}</div></div>
<div class="lead">{lead}</div>
<div class="news-body"><p>{BODY_1}</p>
<p>{BODY_2}</p></div>
<article class="card"><p>{TEASER}</p>
<p>{TEASER_2}</p></article>
<footer>© 2025 Вести Туркестана</footer>
</body></html>"""


def profile(*quirks: str, **selectors: str) -> SiteProfile:
    return build_profile("t", quirks=list(quirks), selectors=list(selectors.items()))


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n")]


# ------------------------------------------------------------------ body


def test_body_selector_extracts_the_block_alone() -> None:
    art = extract_article(page(), URL, profile=profile(body="div.news-body"))
    assert lines(art.text) == [BODY_1, BODY_2]


def test_without_body_selector_the_whole_page_is_extracted() -> None:
    text = " ".join(extract_article(page(), URL).text.split())
    assert BODY_1 in text
    assert TEASER in text  # the teaser of another story gets in: what the selector fixes


@pytest.mark.parametrize("css", ["div.nothing-here", "div.popular", "div[", "p:nth-child(x)"])
def test_body_selector_that_misses_falls_back_to_the_whole_page(css: str) -> None:
    # no match, a block too short for min_text_chars, and CSS that is not valid: never raise
    art = extract_article(page(), URL, profile=profile(body=css))
    assert art.text == extract_article(page(), URL).text


def test_body_block_keeps_head_and_copies_nested_matches_once() -> None:
    tree = _tree(page())
    doc = body_document(tree, "div.news-body, div.news-body p", 100)
    assert doc is not None
    assert doc.get("lang") == "ru"
    assert doc.findtext(".//title") == "Вести Туркестана"
    assert len(doc.findall(".//p")) == 2
    assert body_document(tree, "div.news-body", 10_000) is None  # not enough text
    assert select(tree, None) == [] and select(tree, "a[") == []


# ------------------------------------------------------------------ title


def test_title_selector_beats_the_logo_h1() -> None:
    assert extract_article(page(), URL).title == "Вести Туркестана"  # today: the logo
    art = extract_article(page(), URL, profile=profile(title="h2.headline"))
    assert art.title == HEADLINE


def test_title_selector_text_keeps_the_site_suffix_stripping() -> None:
    html = page(headline=f"{HEADLINE}\n  - vesti.example.kz")
    art = extract_article(html, URL, profile=profile(title="h2.headline"))
    assert art.title == HEADLINE


def test_title_selector_matching_nothing_keeps_todays_title() -> None:
    art = extract_article(page(), URL, profile=profile(title="h2.no-such-class"))
    assert art.title == "Вести Туркестана"


# ------------------------------------------------------------------ date


def test_date_selector_text_beats_the_first_date_in_the_page() -> None:
    # today: the first date under the headline area is the 'popular' line's
    assert extract_article(page(), URL).published == datetime(2025, 10, 24, 9, 0, tzinfo=PLUS5)
    art = extract_article(page(), URL, profile=profile(date="span.stamp"))
    assert art.published == datetime(2025, 3, 4, 10, 15, tzinfo=PLUS5)


@pytest.mark.parametrize("attr", ["datetime", "content"])
def test_date_selector_reads_the_iso_attribute_first(attr: str) -> None:
    html = page(stamp="вчера", stamp_attrs=f'{attr}="2025-03-04T10:15:00+05:00"')
    art = extract_article(html, URL, profile=profile(date="span.stamp"))
    assert art.published == datetime(2025, 3, 4, 10, 15, tzinfo=PLUS5)


def test_date_selector_text_in_the_sites_own_format() -> None:
    html = page(stamp="04/03/2025 10:15", popular="01/02/2025 08:00")
    fmt = "date-format:%d/%m/%Y %H:%M"
    # the format alone takes the first such date on the page
    alone = extract_article(html, URL, profile=profile(fmt))
    assert alone.published == datetime(2025, 2, 1, 8, 0, tzinfo=PLUS5)
    art = extract_article(html, URL, profile=profile(fmt, date="span.stamp"))
    assert art.published == datetime(2025, 3, 4, 10, 15, tzinfo=PLUS5)


def test_date_selector_prefers_the_sites_format_to_a_generic_reading() -> None:
    # read generically, '04.03.2025 · 10:15' is the day at midnight: the format has the time
    html = page(stamp="04.03.2025 · 10:15")
    art = extract_article(html, URL, profile=profile("date-format:%d.%m.%Y · %H:%M",
                                                     date="span.stamp"))
    assert art.published == datetime(2025, 3, 4, 10, 15, tzinfo=PLUS5)
    generic = extract_article(html, URL, profile=profile(date="span.stamp"))
    assert generic.published == datetime(2025, 3, 4, 0, 0, tzinfo=PLUS5)


def test_date_selector_without_a_date_keeps_the_guess() -> None:
    today = extract_article(page(), URL).published
    for css in ("span.nothing", "div.podpis"):  # no match; a match with no date in it
        assert extract_article(page(), URL, profile=profile(date=css)).published == today


# ------------------------------------------------------------------ author


def test_author_selector_gives_the_squeezed_byline() -> None:
    assert extract_article(page(), URL).author is None
    art = extract_article(page(), URL, profile=profile(author="div.podpis"))
    assert art.author == "Айгуль Серикова, Шымкент"
    missing = extract_article(page(), URL, profile=profile(author="span.avtor"))
    assert missing.author is None


# ------------------------------------------------------------------ lead


def test_separate_lead_is_put_before_the_body() -> None:
    art = extract_article(page(), URL, profile=profile(
        "lead-in-separate-block", body="div.news-body", lead="div.lead"))
    assert lines(art.text) == [LEAD, BODY_1, BODY_2]


def test_lead_is_not_added_without_the_quirk() -> None:
    art = extract_article(page(), URL, profile=profile(body="div.news-body", lead="div.lead"))
    assert lines(art.text) == [BODY_1, BODY_2]


def test_lead_falls_back_to_the_page_description() -> None:
    description = "Сорок рабочих мест и своя минеральная вода: в Туркестане заработал новый цех."
    html = page(description=description)
    quirk = "lead-in-separate-block"
    for lead_css in ({}, {"lead": "div.no-lead"}):
        art = extract_article(html, URL, profile=profile(quirk, body="div.news-body", **lead_css))
        assert lines(art.text) == [description, BODY_1, BODY_2]


def test_lead_already_in_the_body_or_too_short_is_not_added() -> None:
    quirk = "lead-in-separate-block"
    for html in (page(lead=BODY_1.replace(" ", "\n  ")),  # same words, other spacing
                 page(lead="Коротко о главном"),  # a kicker, not a lead
                 page(lead="", description=BODY_1[:90] + "…")):  # a cut copy of the opening
        art = extract_article(html, URL, profile=profile(quirk, body="div.news-body",
                                                         lead="div.lead"))
        assert lines(art.text) == [BODY_1, BODY_2]


def test_with_lead_on_plain_text() -> None:
    assert with_lead("Тело статьи.", None) == "Тело статьи."
    assert with_lead("Тело статьи.", LEAD) == f"{LEAD}\nТело статьи."
    assert with_lead(f"{LEAD}\nТело статьи.", LEAD.upper()) == f"{LEAD}\nТело статьи."


# ------------------------------------------------------------------ region from the byline


def test_find_places_reads_the_byline_city() -> None:
    assert find_places("Айгуль Серикова, Шымкент") == ["Шымкент"]


def test_region_from_byline_puts_the_byline_place_first() -> None:
    selectors = {"body": "div.news-body", "author": "div.podpis"}
    plain = analyze_page(page(), URL, profile=profile(**selectors))
    assert "Шымкент" not in plain.places and plain.places  # the text names other places
    art = analyze_page(page(), URL, profile=profile("region-from-byline", **selectors))
    assert art.places == ["Шымкент", *plain.places]
    assert art.score == plain.score  # where the correspondent sits is not a topic match


def test_region_from_byline_names_each_place_once() -> None:
    html = page().replace(BYLINE, "Ержан Омаров, Алматы")
    selectors = {"body": "div.news-body", "author": "div.podpis"}
    plain = analyze_page(html, URL, profile=profile(**selectors))
    assert "Алматы" in plain.places and plain.places[0] != "Алматы"
    art = analyze_page(html, URL, profile=profile("region-from-byline", **selectors))
    assert art.places[0] == "Алматы"
    assert sorted(art.places) == sorted(plain.places)


def test_region_from_byline_without_an_author_changes_nothing() -> None:
    quirk_only = analyze_page(page(), URL, profile=profile("region-from-byline",
                                                           body="div.news-body"))
    assert quirk_only.author is None
    assert quirk_only.places == analyze_page(page(), URL,
                                             profile=profile(body="div.news-body")).places


def _tree(html: str) -> HtmlElement:
    tree = load_html(html)
    assert tree is not None
    return tree
