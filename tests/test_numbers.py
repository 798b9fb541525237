"""numbers.py: the one reading of numbers and scale words shared by figures and story keys."""

from __future__ import annotations

import re

import pytest

from monitor.article.numbers import (
    LETTER_SCALE,
    NUMBER,
    SCALE,
    parse_number,
    scale_factor,
    two_part_sum,
)
from monitor.article.numwords import WORD_NUMBER, words_value

_NUMBER_RE = re.compile(NUMBER)
_SCALE_RE = re.compile(rf"(?:{SCALE})(?!\w)", re.IGNORECASE)


@pytest.mark.parametrize(("text", "value"), [
    ("1 175", 1175.0),  # space
    ("15\u00a0000\u00a0000", 15_000_000.0),  # no-break space
    ("2\u202f500", 2500.0),  # narrow no-break space
    ("3\u2009400\u2009000", 3_400_000.0),  # thin space
    ("543,5", 543.5),  # decimal comma
    ("1.2", 1.2),  # decimal point
    ("1 234,75", 1234.75),
    ("2025", 2025.0),
])
def test_a_written_number_is_read_whole(text: str, value: float) -> None:
    match = _NUMBER_RE.search(f"итого {text} тенге")
    assert match is not None and match.group(0) == text
    assert parse_number(match.group(0)) == value


def test_no_match_starts_inside_a_number_or_splits_a_digit_group() -> None:
    # "1 2345" is not a thousands group: the 1 stands alone, the rest is another number.
    assert _NUMBER_RE.findall("1 2345") == ["1", "2345"]
    assert _NUMBER_RE.findall("12.5.2024") == ["12.5"]


@pytest.mark.parametrize(("word", "factor"), [
    # Russian: abbreviations with or without their dot, inflected words.
    ("трлн", 1e12), ("триллиона", 1e12), ("млрд.", 1e9), ("миллиардов", 1e9),
    ("млн", 1e6), ("миллиона", 1e6), ("тыс.", 1e3), ("тысячи", 1e3),
    # Kazakh: words with their suffixes.
    ("триллион", 1e12), ("миллиард", 1e9), ("миллионға", 1e6), ("мың", 1e3),
    ("мыңға", 1e3),
    # Latin: Uzbek and English spellings.
    ("trln", 1e12), ("trillion", 1e12), ("трillion", 1e12), ("mlrd", 1e9),
    ("milliard", 1e9), ("billion", 1e9), ("bn", 1e9), ("mln", 1e6), ("million", 1e6),
    ("ming", 1e3), ("thousand", 1e3), ("MLN", 1e6),
    # Uzbek Cyrillic, Kyrgyz, Tatar/Bashkir, Kazakh Latin thousands; Ukrainian scales.
    ("минг", 1e3), ("мингдан", 1e3), ("миң", 1e3), ("мең", 1e3), ("myñ", 1e3),
    ("тис.", 1e3), ("тисяч", 1e3), ("мільйонів", 1e6), ("мільярди", 1e9),
    ("трильйон", 1e12),
])
def test_every_scale_word_is_matched_and_resolved(word: str, factor: float) -> None:
    assert _SCALE_RE.fullmatch(word), word
    assert scale_factor(word) == factor


def test_no_scale_word_keeps_the_value() -> None:
    assert scale_factor(None) == scale_factor("") == scale_factor("тонн") == 1.0


def test_english_letter_scales_resolve() -> None:
    # "$5m", "5 k jobs": matched by LETTER_SCALE only where a currency or a unit follows.
    assert re.fullmatch(LETTER_SCALE, "m") and not re.match(LETTER_SCALE, "m2")
    assert scale_factor("m") == 1e6 and scale_factor("K") == 1e3


@pytest.mark.parametrize(("parts", "total"), [
    (("8", "миллиард", "100", "миллион"), 8.1e9),  # Kazakh
    (("3", "млрд", "600", "млн"), 3.6e9),  # Russian
    (("2", "mlrd", "450", "mln"), 2.45e9),  # Uzbek
    (("1,5", "млн", "200", "тыс"), 1.7e6),
])
def test_a_sum_written_in_two_parts(parts: tuple[str, str, str, str], total: float) -> None:
    assert two_part_sum(*parts) == pytest.approx(total)


def test_a_part_may_be_a_value_already_read() -> None:
    # «два миллиарда пятьсот миллионов»: the words are read by numwords.py.
    assert two_part_sum(2.0, "миллиарда", 500.0, "миллионов") == pytest.approx(2.5e9)
    assert two_part_sum(3.0, "тысячи", 200.0, None) == pytest.approx(3200)


def test_two_parts_that_are_not_one_sum() -> None:
    assert two_part_sum("600", "млн", "3", "млрд") is None  # smaller scale first
    assert two_part_sum("5", "млн", "300", "млн") is None  # the same scale twice


_WORDS_RE = re.compile(WORD_NUMBER, re.IGNORECASE)


@pytest.mark.parametrize(("text", "language", "value"), [
    ("девять", "ru", 9.0), ("двадцать пять", "ru", 25.0), ("триста сорок два", "ru", 342.0),
    ("полтора", "ru", 1.5), ("полутора", "ru", 1.5), ("два с половиной", "ru", 2.5),
    ("пол", "ru", 0.5),  # «полмиллиарда»: the scale word is glued on
    ("екі", "kk", 2.0), ("екі жүз елу", "kk", 250.0), ("бір жарым", "kk", 1.5),
    ("он бес", "kk", 15.0), ("жүз", "kk", 100.0),
    ("уч", "uz", 3.0), ("тўрт юз", "uz", 400.0), ("бир ярим", "uz", 1.5),
    ("bir yarim", "uz", 1.5), ("to‘qqiz", "uz", 9.0), ("o’n ikki", "uz", 12.0),
    ("ikki yuz ellik", "uz", 250.0),
    ("двадцать пять", "", 25.0), ("екі", "", 2.0),  # unknown language: any of the three
])
def test_numbers_in_words(text: str, language: str, value: float) -> None:
    match = _WORDS_RE.search(f"итого {text} миллиард")
    assert match is not None and match.group(0) == text
    assert words_value(match.group(0), language) == value


@pytest.mark.parametrize(("text", "language"), [
    ("он", "ru"),  # the Russian «он» is "he", the Kazakh «он» ten
    ("он", ""), ("бес", ""),  # unknown language: not read as numbers
    ("двадцать", "kk"), ("екі", "ru"), ("bir", "kk"),
])
def test_a_number_word_of_another_language_is_no_number(text: str, language: str) -> None:
    assert words_value(text, language) is None


def test_number_words_stand_alone() -> None:
    # Inside a longer word («сторона», «онда», «пятьсоттысячный») there is no number.
    assert _WORDS_RE.findall("сторона онда пятница бесконечно полка") == []
