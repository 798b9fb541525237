"""Numbers as Russian, Kazakh and Uzbek news write them, read one way for the whole crawler.

The key figures of an article (figures.py) and the same-story number keys (storyfeatures.py)
must read "8,4 млрд", "8 400 млн", "8,4 mlrd" and "8 миллиард 400 миллион" to the same value:
a spelling that one of them knows and the other does not is a figure lost on one side or two
versions of one story that no longer agree. So the digit groups, the scale words and the
joining of a sum written in two parts live here, once.

Thousands are separated by a space, a no-break, narrow no-break or thin space ("1 175",
"15\u00a0000"), decimals by a comma or a point ("543,5", "1.2"). Scale words are Russian
abbreviations (with or without their dot) and inflected words, Kazakh words with their
suffixes ("мыңға") and the Latin spellings of Uzbek and English news ("mlrd", "ming",
"billion").
"""

from __future__ import annotations

import re

SEPARATOR = r"[ \u00a0\u202f\u2009]"
# A number as written, to embed in a larger pattern (no capturing group): digit groups or
# plain digits, an optional decimal part; never the middle or the tail of a longer number.
NUMBER = rf"(?<![\d.,])(?:\d{{1,3}}(?:{SEPARATOR}\d{{3}})+|\d+)(?:[.,]\d+)?(?!\d)"

# Larger scale first; the order of the spellings inside one scale matters only where one is a
# prefix of another ("тыс" before "тысяч"). "трillion" (Cyrillic "тр", Latin rest) is a
# mixed-script spelling that figures.py has always accepted.
SCALES: tuple[tuple[str, float], ...] = (
    (r"трлн\.?|триллион\w*|трillion|trillion\w*|trln", 1e12),
    (r"млрд\.?|миллиард\w*|milliard\w*|billion\w*|mlrd|bn", 1e9),
    (r"млн\.?|миллион\w*|million\w*|mln", 1e6),
    (r"тыс\.?|тысяч\w*|мың\w*|ming\w*|thousand\w*", 1e3),
)
# Any scale word, to embed in a larger pattern (no capturing group).
SCALE = "|".join(f"(?:{rx})" for rx, _ in SCALES)
# English one-letter abbreviations ("$5 m", "5 k jobs"): only worth matching where a currency
# or a unit follows (figures.py); alone, a Latin "m" is as likely metres ("500 m" in Uzbek).
# scale_factor() does not resolve them (1.0): the look-ahead cannot match a word on its own.
LETTER_SCALE = r"m(?=\s)|k(?=\s)"

_SCALE_RES = tuple((re.compile(rx, re.IGNORECASE), factor) for rx, factor in SCALES)
_SEPARATOR_RE = re.compile(SEPARATOR)


def parse_number(raw: str) -> float:
    """The value of a number matched by NUMBER: '1 175' -> 1175.0, '543,5' -> 543.5."""
    return float(_SEPARATOR_RE.sub("", raw).replace(",", "."))


def scale_factor(word: str | None) -> float:
    """The factor of a scale word matched by SCALE ("млрд." -> 1e9, "мыңға" -> 1e3); 1.0 for
    none or an unknown word, so that a number without a scale keeps its own value."""
    if not word:
        return 1.0
    return next((factor for rx, factor in _SCALE_RES if rx.fullmatch(word)), 1.0)


def two_part_sum(big: str, big_scale: str | None, small: str,
                 small_scale: str | None) -> float | None:
    """One sum written in two parts, larger scale first: "8 миллиард" + "100 миллион" -> 8.1e9
    (the other version writes "8,1 млрд"). None when the first scale is not the larger
    ("5 млн 300 млн", "600 млн 3 млрд"): those are two numbers, not one."""
    big_factor, small_factor = scale_factor(big_scale), scale_factor(small_scale)
    if big_factor <= small_factor:
        return None
    return parse_number(big) * big_factor + parse_number(small) * small_factor
