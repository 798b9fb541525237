"""Residual boilerplate cleanup: the line shapes trafilatura leaves on Kazakh news pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.article.cleanup import clean_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


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
