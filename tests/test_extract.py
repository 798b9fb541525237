"""Article extraction: decoding, metadata, dates, boilerplate cleanup and skip reasons."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from monitor.extract import (
    NotAnArticle,
    clean_text,
    decode_html,
    extract_article,
    normalize_lang,
    parse_text_date,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PLUS5 = timezone(timedelta(hours=5))


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def assert_no_boilerplate(text: str) -> None:
    """The residual shapes that real Kazakh news pages leave in trafilatura's output."""
    for line in text.split("\n"):
        assert line.strip(), "empty line between paragraphs"
        assert line == line.strip()
        assert not re.fullmatch(r"[-–—\s]*", line), line
        assert not re.fullmatch(r"[\d\s.,]+", line), f"bare counter: {line}"
        assert not re.match(r"(USD|EUR|RUB)\b\s*:?\s*[\d.]*$", line), line
        assert not re.fullmatch(r"[\d.]+ / [\d.]+", line), line
        assert not line.startswith(("#", "![", "Фото:", "Фото пресс", "Сурет:")), line
        assert not re.match(r"\d{1,2}\W", line), f"numbered popular item: {line}"


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


# ------------------------------------------------------------------ dates, languages


@pytest.mark.parametrize(("written", "expected"), [
    ("13:51, 15 Август 2025", datetime(2025, 8, 15, 13, 51, tzinfo=PLUS5)),
    ("09 Желтоқсан 2025 | GMT +5", datetime(2025, 12, 9, tzinfo=PLUS5)),
    ("Опубликовано 24 октября 2025 г. в 10:15", datetime(2025, 10, 24, 10, 15, tzinfo=PLUS5)),
    ("2025 жылғы 3 наурыз", datetime(2025, 3, 3, tzinfo=PLUS5)),
    ("02 мая 2025 18:40", datetime(2025, 5, 2, 18, 40, tzinfo=PLUS5)),
    ("15.08.2025, 09:05", datetime(2025, 8, 15, 9, 5, tzinfo=PLUS5)),
    ("1 Мамыр 2025 | GMT +6", datetime(2025, 5, 1, tzinfo=timezone(timedelta(hours=6)))),
])
def test_parse_text_date(written: str, expected: datetime) -> None:
    assert parse_text_date(f"Главная / Экономика {written} Просмотры: 120") == expected


def test_parse_text_date_rejects_non_dates() -> None:
    assert parse_text_date("версия 1.2.2025.3, 40 мая 2025") is None


@pytest.mark.parametrize(("raw", "iso"), [
    ("ru-RU", "ru"), ("kz", "kk"), ("kaz", "kk"), ("KK_kz", "kk"), ("en", "en"),
    ("", None), (None, None), ("x-default", None),
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


# ------------------------------------------------------------------ clean_text shapes

BODY_1 = ("В Актюбинской области построят завод по выпуску бесшовных труб стоимостью "
          "62 млрд тенге, на нём будут работать 700 человек.")
BODY_2 = ("Запуск первой очереди намечен на 2027 год, сообщили в управлении "
          "индустриально-инновационного развития региона.")


def test_clean_text_drops_popular_list_and_currency_ticker() -> None:
    raw = "\n".join([
        BODY_1, "", BODY_2, "Пресс-служба акима Актюбинской области",
        "-", "1🚗 В Актобе закрыли на ремонт путепровод", "-", "4821", "-", "2", "-", "-",
        "2 В городе открыли новый сквер", "-", "3310", "-", "0", "-", "17", "-",
        "USD:", "510.1 / 514.1", "EUR:", "594.5 / 599.5", "RUB 6.39", "USD 510.1 EUR 594.5",
    ])
    assert clean_text(raw) == "\n".join([BODY_1, BODY_2, "Пресс-служба акима Актюбинской области"])


def test_clean_text_drops_credits_hashtags_images_and_tags() -> None:
    raw = "\n".join([
        "![](https://example.kz/uploads/2025/03/truby-880x528.jpg)", "Экономика,Промышленность",
        BODY_1, "Фото: акимат Актюбинской области", "   ", "\u00a0", "Фото пресс-службы облакимата",
        BODY_2, "Сурет: облыс әкімдігі", "Фото:", "#промышленность #Индустриальная зона",
    ])
    assert clean_text(raw) == f"{BODY_1}\n{BODY_2}"


def test_clean_text_keeps_sentences_that_mention_photos_money_and_tags() -> None:
    kept = [
        "Фото и видео с места стройки жители публикуют в соцсетях каждый день.",
        "USD 1 стоил на бирже 512 тенге, что на 3 тенге больше, чем неделей ранее.",
        "Хэштег #чистыйгород набрал тысячи публикаций.",
        "Компании «Алтын, Темір, Мыс» получили участки в индустриальной зоне.",
    ]
    raw = "\n".join([BODY_1, *kept, BODY_2])
    assert clean_text(raw) == "\n".join([BODY_1, *kept, BODY_2])


@pytest.mark.parametrize("head", ["Related", "Читайте также:", "Похожие новости",
                                  "Самое читаемое", "Новости партнеров", "Тағы оқыңыз"])
def test_clean_text_cuts_trailing_blocks(head: str) -> None:
    teasers = ["Аким области провёл совещание с инвесторами по вопросам развития туризма "
               "и пообещал помочь им с землёй.", "В Таразе открыли новый мост."]
    raw = "\n".join([BODY_1, BODY_2, BODY_1, head, *teasers])
    assert clean_text(raw) == "\n".join([BODY_1, BODY_2, BODY_1])


def test_clean_text_leading_blocks_and_inline_read_also() -> None:
    raw = "\n".join([
        "Get In Touch", "Заголовок статьи о новом заводе", "Заголовок статьи о новом заводе",
        "Популярное", "Курс тенге на сегодня", "Погода на выходные", BODY_1,
        "Читайте также: Где в Казахстане построят новые заводы", BODY_2,
    ])
    assert clean_text(raw) == "\n".join(["Заголовок статьи о новом заводе", BODY_1, BODY_2])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds absent")
def test_clean_text_on_real_seed_shapes() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        raw = seed.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        assert_no_boilerplate(cleaned)
        for marker in ("Get In Touch", "Related", "Китай,Строительство"):
            assert marker not in cleaned.split("\n"), seed.name
        # every long paragraph of the seed survives untouched
        for line in raw.split("\n"):
            if len(line.strip()) >= 150:
                assert " ".join(line.split()) in cleaned, (seed.name, line[:60])


def test_relative_canonical_without_page_url_is_dropped_and_control_bytes_are_binary() -> None:
    art = extract_article(page("ru_economy.html"))  # canonical is relative, no URL given
    assert art.canonical is None
    with pytest.raises(NotAnArticle) as caught:
        extract_article(bytes(range(1, 32)) * 100, "https://x.example.kz/f", "text/html")
    assert caught.value.reason == "binary"
