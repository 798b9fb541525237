"""Figures: money, jobs, area and counts parsed to exact values, each with its sentence."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from monitor.article.figures import extract_figures, parse_number, split_sentences

LABELLED = Path(__file__).parent / "fixtures" / "labelled" / "figures.tsv"


@pytest.mark.parametrize(("text", "kind", "value", "unit"), [
    ("Стоимость — 123 млрд тенге.", "money", 123e9, "KZT"),
    ("Құны 1,2 трлн теңге.", "money", 1.2e12, "KZT"),
    ("Вложат $543,5 млн.", "money", 543.5e6, "USD"),
    ("Выделено 185 миллиард тенге.", "money", 185e9, "KZT"),
    ("Бөлінді 2,5млрд теңге.", "money", 2.5e9, "KZT"),
    ("Привлекли $475 млн.", "money", 475e6, "USD"),
    ("Кредит 80 млн евро.", "money", 80e6, "EUR"),
    ("Вложат 3 млрд рублей.", "money", 3e9, "RUB"),
    ("Жобаның құны 8 миллиард 100 миллион теңге.", "money", 8.1e9, "KZT"),
    ("Смета — 3 млрд 600 млн тенге.", "money", 3.6e9, "KZT"),
    ("Вложат $1 млрд 250 млн.", "money", 1.25e9, "USD"),
    ("Создадут 3 000 рабочих мест.", "jobs", 3000, "jobs"),
    ("Ашылады 1 175 жұмыс орны.", "jobs", 1175, "jobs"),
    ("Құрылды 13 мыңға жуық жаңа жұмыс орны.", "jobs", 13000, "jobs"),
    ("Будет около 13 тысяч рабочих мест.", "jobs", 13000, "jobs"),
    ("Займёт 1 700 гектар.", "area", 1700, "ha"),
    ("Орналасқан 100 гектар аумақта.", "area", 100, "ha"),
    ("Облыста 82 жоба бар.", "count", 82, "projects"),
    ("Реализуют 18 инвестиционных проектов.", "count", 18, "projects"),
    ("Елде 14 индустриалды аймақ бар.", "count", 14, "zones"),
])
def test_examples_parse_to_exact_values(text: str, kind: str, value: float, unit: str) -> None:
    figures = extract_figures(text)
    assert [(f["kind"], f["unit"]) for f in figures] == [(kind, unit)]
    assert figures[0]["value"] == pytest.approx(value, rel=1e-12)
    assert figures[0]["currency"] == (unit if kind == "money" else None)


def test_each_figure_keeps_its_own_sentence_and_raw_text() -> None:
    text = ("В области запустили завод. Его стоимость — 45 млрд тенге.\n"
            "Там будут работать 2 500 человек, создано 2 500 рабочих мест.")
    figures = extract_figures(text, "ru")
    assert [f["kind"] for f in figures] == ["money", "jobs"]
    assert figures[0]["sentence"] == "Его стоимость — 45 млрд тенге."
    assert figures[0]["raw"] == "45 млрд тенге"
    assert figures[1]["sentence"].startswith("Там будут работать")
    assert set(figures[0]) == {"kind", "value", "unit", "currency", "raw", "sentence"}


def test_two_separate_sums_stay_two() -> None:
    figures = extract_figures("В 2025 году выделят 3 млрд тенге, в 2026 году — 600 млн тенге.")
    assert [f["value"] for f in figures] == [3e9, 600e6]
    # Same scale twice is not one sum: only the part with the currency is a figure.
    odd = extract_figures("Было 5 млн 300 млн тенге.")
    assert [(f["value"], f["raw"]) for f in odd] == [(300e6, "300 млн тенге")]


@pytest.mark.parametrize("text", [
    "Рост составил 12 % к 2023 году.", "Встреча прошла 15 марта в 10:00.",
    "Команда забила 3 гола.", "", "Без чисел вовсе.",
])
def test_numbers_that_are_not_figures_are_left_alone(text: str) -> None:
    assert extract_figures(text) == []


def test_numbers_and_sentences() -> None:
    assert parse_number("1 175") == 1175 and parse_number("543,5") == 543.5
    assert parse_number("15\u00a0000\u00a0000") == 15_000_000
    assert split_sentences("Объём 5 млн. тенге выделен. Второе предложение.") == [
        "Объём 5 млн. тенге выделен.", "Второе предложение."]


def test_precision_and_recall_on_our_labelled_set() -> None:
    expected: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            sentence, kind, value, unit = line.split("\t")
            expected[sentence]  # noqa: B018 - a sentence with no figure still counts
            if kind != "-":
                expected[sentence].append((kind, float(value), unit))
    assert sum(len(v) for v in expected.values()) >= 80
    tp = fp = fn = 0
    for sentence, want in expected.items():
        left = list(want)
        for f in extract_figures(sentence):
            got = (f["kind"], f["value"], f["unit"])
            if got in left:
                left.remove(got)
                tp += 1
            else:
                fp += 1
        fn += len(left)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95
