"""Article extraction: decoding, metadata, dates, boilerplate cleanup and skip reasons.

clean_text shapes are in test_textclean.py, date strings in test_dates.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from monitor.article import cleanup as textclean
from monitor.article import dates, extract
from monitor.article.extract import NotAnArticle, decode_html, extract_article
from monitor.config.langcodes import normalize_lang
from tests.test_textclean import assert_no_boilerplate

PAGES = Path(__file__).parent / "fixtures" / "pages"
PLUS5 = timezone(timedelta(hours=5))


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# ------------------------------------------------------------------ whole articles


def test_russian_article_keeps_body_and_drops_page_furniture() -> None:
    art = extract_article(page("ru_economy.html"), "https://vestnik.example.kz/ekonomika/12345",
                          "text/html; charset=utf-8")
    text = art.text
    assert text.startswith("В индустриальной зоне «Оңтүстік» Шымкента начал работу завод")
    assert text.endswith("сократить импорт кровельных материалов в регион примерно на треть.")
    # sentences that merely mention a photo or a dollar amount are body text
    assert "Фото с церемонии открытия опубликованы на официальном сайте акимата" in text
    assert "оценивается в USD 50 тысяч" in text
    assert_no_boilerplate(text)
    for gone in ("Популярное", "Тенге укрепился", "10234", "Читайте также",
                 "логистический центр", "Все права защищены", "Главная", "пресс-служба",
                 "594.5", "zavod-880x528"):
        assert gone not in text
    assert len(text.split("\n")) == 6
    assert art.title == "В Шымкенте запустили завод по выпуску кровельной стали"
    assert art.published == datetime(2025, 10, 24, 11, 20, tzinfo=PLUS5)
    assert art.author == "Арман Сейткали"
    assert art.html_lang == "ru"
    assert art.canonical == "https://vestnik.example.kz/ekonomika/12345-zavod-krovelnoy-stali"


def test_kazakh_article_with_nominative_date_and_kz_lang() -> None:
    art = extract_article(page("kk_economy.html"), "https://onir.example.kz/kk/news/7788?utm=x")
    text = art.text
    assert text.startswith("Түркістан облысының Сайрам ауданындағы индустриалды аймақта")
    assert text.endswith("оң әсер ететінін айтты.")
    assert_no_boilerplate(text)
    for gone in ("Тағы оқыңыз", "Шымкентте жаңа құрылыс", "баспасөз қызметі", "Басты бет",
                 "USD", "құқықтар қорғалған"):
        assert gone not in text
    assert len(text.split("\n")) == 4
    assert art.title == "Түркістанда жаңа тоқыма фабрикасы ашылды"
    assert art.published == datetime(2025, 12, 9, tzinfo=PLUS5)
    assert art.html_lang == "kk"
    assert art.canonical == "https://onir.example.kz/kk/news/7788"


def test_date_under_the_headline_wins_over_sidebar_dates() -> None:
    art = extract_article(page("ru_nominative_date.html"))
    assert art.published == datetime(2025, 8, 15, 13, 51, tzinfo=PLUS5)
    assert art.published.utcoffset() == timedelta(hours=5)
    assert art.text.endswith("Приём заявок на второй транш продлится до конца октября.")


# ------------------------------------------------------------------ encodings

SUGAR_FIRST = "Сахарные заводы области Жетысу по итогам сезона переработали 780 тысяч тонн"
SUGAR_LAST = "появится в Коксуском районе к осени будущего года."


@pytest.mark.parametrize(("name", "content_type"), [
    ("ru_cp1251.html", "text/html; charset=windows-1251"),
    ("ru_cp1251.html", "text/html"),
    ("ru_cp1251_nometa.html", ""),
    ("ru_cp1251_nometa.html", "text/html; charset=utf-8"),  # the server lies
    ("ru_cp1251_nometa.html", "text/html; charset=ISO-8859-1"),  # a server default
    ("ru_utf8_labelled_cp1251.html", "text/html; charset=windows-1251"),
    ("ru_koi8.html", ""),
])
def test_cyrillic_pages_decode_whatever_the_label(name: str, content_type: str) -> None:
    art = extract_article(page(name), "https://x.example.kz/n/1", content_type)
    assert art.title == "Аграрии Жетысу увеличили экспорт сахара"
    assert art.text.startswith(SUGAR_FIRST)
    assert art.text.endswith(SUGAR_LAST)


def test_decode_html_evidence_order() -> None:
    text = "<p>Индустриальная зона</p>"
    assert decode_html(b"\xef\xbb\xbf" + text.encode()) == text
    assert decode_html(text.encode("utf-16")) == text
    assert decode_html(text.encode(), "text/html; charset=windows-1251") == text
    assert decode_html(text.encode("cp1251")) == text
    assert decode_html(text.encode("koi8-r")) == text
    meta = '<meta charset="koi8-r"><p>Экспорт зерна вырос</p>'
    assert decode_html(meta.encode("koi8-r"), "text/html") == meta
    # a Western page without a charset stays Western
    assert decode_html("<p>Café société à Paris</p>".encode("cp1252")) == \
        "<p>Café société à Paris</p>"
    # undecodable junk never raises
    assert isinstance(decode_html(b"\x81\x98\xff\xfe\xfa" * 10, "charset=bogus"), str)


# ------------------------------------------------------------------ languages


@pytest.mark.parametrize(("raw", "iso"), [
    ("ru-RU", "ru"), ("kz", "kk"), ("kaz", "kk"), ("KK_kz", "kk"), ("en", "en"),
    ("", None), (None, None), ("x-default", None),
    # languages without an ISO 639-1 code keep their ISO 639-3 code; 639-2 spellings map
    ("sah-RU", "sah"), ("bua", "bua"), ("xal_RU", "xal"), ("tat", "tt"), ("bak", "ba"),
    ("bxr", "bua"), ("zxx", None), ("abc", None),
])
def test_normalize_lang(raw: str | None, iso: str | None) -> None:
    assert normalize_lang(raw) == iso


# ------------------------------------------------------------------ skip reasons


@pytest.mark.parametrize(("name", "content_type", "kwargs", "reason"), [
    ("ru_economy.html", "text/html", {"max_bytes": 1000}, "too_large"),
    ("document.pdf", "text/html", {}, "binary"),
    ("image.png", "text/html; charset=utf-8", {}, "binary"),
    ("document.pdf", "application/pdf", {}, "not_html"),
    ("image.png", "image/png", {}, "not_html"),
    ("empty.html", "text/html", {}, "empty"),
    ("no_title.html", "text/html", {}, "no_title"),
    ("too_short.html", "text/html", {}, "too_short"),
    ("kk_economy.html", "text/html", {"min_text_chars": 5000}, "too_short"),
])
def test_skip_reasons(name: str, content_type: str, kwargs: dict[str, int], reason: str) -> None:
    with pytest.raises(NotAnArticle) as caught:
        extract_article(page(name), "https://x.example.kz/n/2", content_type, **kwargs)
    assert caught.value.reason == reason


def test_str_input_is_accepted_and_checked() -> None:
    html = page("kk_economy.html").decode("utf-8")
    assert extract_article(html).title == "Түркістанда жаңа тоқыма фабрикасы ашылды"
    with pytest.raises(NotAnArticle) as caught:
        extract_article("\x00\x01" + html)
    assert caught.value.reason == "binary"


def test_relative_canonical_without_page_url_is_dropped_and_control_bytes_are_binary() -> None:
    art = extract_article(page("ru_economy.html"))  # canonical is relative, no URL given
    assert art.canonical is None
    with pytest.raises(NotAnArticle) as caught:
        extract_article(bytes(range(1, 32)) * 100, "https://x.example.kz/f", "text/html")
    assert caught.value.reason == "binary"


def test_split_modules_are_re_exported_from_extract() -> None:
    # callers import these from monitor.article.extract
    assert extract.clean_text is textclean.clean_text
    assert extract.parse_text_date is dates.parse_text_date
    assert extract.parse_iso is dates.parse_iso
    assert extract.ALMATY is dates.ALMATY


# ------------------------------------------------------------------ pages written for issue 13

_NAV = "".join(f'<li><a href="/n/{i}">Новость номер {i} о событиях в регионе сегодня</a></li>'
               for i in range(12))
PARAS = [
    "В Актюбинской области построят завод по выпуску труб стоимостью 62 млрд тенге, на нём "
    "будут работать 700 человек.",
    "Запуск первой очереди намечен на 2027 год, сообщили в управлении индустриального "
    "развития региона.",
    "Инвестор уже получил земельный участок в индустриальной зоне и начал подготовку площадки "
    "к строительству.",
    "На заводе будут выпускать бесшовные трубы для нефтегазовой отрасли, часть продукции "
    "пойдёт на экспорт.",
    "В акимате отметили, что проект включён в карту индустриализации и получит меры "
    "государственной поддержки.",
]


def _page(body: str, head: str = "", top: str = "") -> str:
    return (f"<html><head><title>Трубный завод - Вести Степи</title>{head}</head><body>"
            f"<header>{top}<ul>{_NAV}</ul></header><main><article>"
            f"<h1>В Актюбинской области построят трубный завод</h1>{body}</article></main>"
            f"<footer><ul>{_NAV}</ul></footer></body></html>")


def _p(*indexes: int) -> str:
    return "".join(f"<p>{PARAS[i]}</p>" for i in indexes)


@pytest.mark.parametrize("body", [
    # favor_precision drops a boxed block (style border), a block named *-bottom and the
    # article's own <header>: 2 of the 5 paragraphs each time
    f'<div class="text">{_p(0, 1)}<div style="border-left: 3px solid #ccc">{_p(2, 3)}</div>'
    f'{_p(4)}</div>',
    f'<div class="text">{_p(0, 1, 2)}</div><div class="text-bottom">{_p(3, 4)}</div>',
    f'<header>{_p(0, 1)}</header><div class="text">{_p(2, 3, 4)}</div>',
])
def test_paragraphs_the_precision_pass_drops_are_kept(body: str) -> None:
    text = extract_article(_page(body), "https://vesti.example.kz/news/1").text
    assert text.split("\n") == PARAS


def test_the_recall_pass_adds_no_furniture() -> None:
    body = (f'<div class="text">{_p(0, 1, 2, 3, 4)}</div><div class="share">Поделиться</div>'
            '<div class="bottom"><p>Подписывайтесь на наш Telegram-канал</p></div>')
    text = extract_article(_page(body), "https://vesti.example.kz/news/1").text
    assert text.split("\n") == PARAS


def test_a_logo_h1_and_a_header_date_of_today_do_not_date_the_article() -> None:
    html = ('<html><head><title>Трубный завод построят в Актобе</title>'
            '<meta property="og:title" content="Трубный завод построят в Актобе"></head><body>'
            '<div class="topbar">Сегодня: 20 февраля 2026</div><h1>Вести Степи</h1>'
            f'<ul>{_NAV}</ul><div class="news"><h2>Трубный завод построят в Актобе</h2>'
            f'<div class="date">14 февраля 2026, 10:05</div>{_p(0, 1, 2)}</div></body></html>')
    art = extract_article(html, "https://vesti.example.kz/news/1")
    assert art.published is not None and art.published.date().isoformat() == "2026-02-14"


def test_the_articles_own_time_element_beats_the_headers() -> None:
    body = f'<time datetime="2026-02-14T10:05:00+05:00">14.02.2026</time>{_p(0, 1, 2)}'
    top = '<time datetime="2026-02-20T08:00:00+05:00">20.02.2026</time>'
    art = extract_article(_page(body, top=top), "https://vesti.example.kz/news/1")
    assert art.published is not None and art.published.date().isoformat() == "2026-02-14"


BRIEF = ("Акимат Актюбинской области подписал с инвестором меморандум о строительстве "
         "трубного завода за 62 млрд тенге.")  # a wire brief of about 100-200 characters


@pytest.mark.parametrize("head", [
    '<meta property="og:type" content="article">',
    '<script type="application/ld+json">{"@type": "NewsArticle", '
    '"datePublished": "2026-02-14T10:05:00+05:00"}</script>',
    '<meta property="article:published_time" content="2026-02-14T10:05:00+05:00">',
])
def test_a_brief_on_a_clear_article_page_is_news(head: str) -> None:
    assert 100 <= len(BRIEF) < 200
    art = extract_article(_page(f"<p>{BRIEF}</p>", head=head), "https://vesti.example.kz/n/1")
    assert art.text == BRIEF


def test_a_brief_without_article_signs_and_a_listing_stay_too_short() -> None:
    bare = f"<html><body><div>{BRIEF}</div></body></html>"
    # a section page: its own blurb as long as a brief, over a list of teasers
    listing = ('<html><head><meta property="og:type" content="article"></head><body><h1>'
               f'Новости</h1><p>{BRIEF}</p>' + "".join(
                   f'<article><h2><a href="/n/{i}">Заголовок новости {i}</a></h2></article>'
                   for i in range(8)) + "</body></html>")
    for html in (bare, listing):
        with pytest.raises(NotAnArticle) as caught:
            extract_article(html, "https://vesti.example.kz/n/1")
        assert caught.value.reason in ("too_short", "no_title")
    with pytest.raises(NotAnArticle):  # a short text is still short below the brief bar
        extract_article(_page("<p>Акимат подписал меморандум.</p>",
                              head='<meta property="og:type" content="article">'),
                        "https://vesti.example.kz/n/1")
