"""Numbers as Russian, Kazakh and Uzbek news write them, read one way for the whole crawler.

The key figures of an article (figures.py) and the same-story number keys (storyfeatures.py)
must read "8,4 млрд", "8 400 млн", "8,4 mlrd" and "8 миллиард 400 миллион" to the same value:
a spelling that one of them knows and the other does not is a figure lost on one side or two
versions of one story that no longer agree. So the digit groups, the scale words and the
joining of a sum written in two parts live here, once.

Thousands are separated by a space, a no-break, narrow no-break or thin space ("1 175",
"15\u00a0000"), decimals by a comma or a point ("543,5", "1.2"). Scale words are Russian
abbreviations (with or without their dot) and inflected words, Kazakh words with their
suffixes ("мыңға"), the Uzbek, Kyrgyz, Tatar and Ukrainian thousand ("минг", "миң", "мең",
"тис."), the Ukrainian "мільйон"/"мільярд", the Belarusian "мільён", the Yakut and Buryat words
(«мөлүйүөн», «сая», «мянга»), Turkish «milyon», «milyar», «bin», Tajik «ҳазор», and the Latin
spellings of Uzbek, Kazakh (2021 alphabet) and English news ("mlrd",
"ming", "myñ", "billion"). Numbers in words are read by numwords.py; a sum may join parts
read either way (two_part_sum takes values too).
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
    (r"трлн\.?|триллион\w*|трильйон\w*|трillion|trillion\w*|trln", 1e12),
    (r"млрд\.?|миллиард\w*|мільярд\w*|milliard\w*|billion\w*|mlrd|bn|тэрбум\w*|"
     r"milyar\w*", 1e9),
    # Yakut «мөлүйүөн» (abbreviated «мөл.»), Buryat «сая» (only alone: the Kazakh «саябақ» is
    # a park).
    (r"млн\.?|миллион\w*|мільйон\w*|мільён\w*|million\w*|milyon\w*|mln|мөлүйүөн\w*|"
     r"мөл\.|сая(?![^\W\d_])", 1e6),
    # "тыс" before "тысяч", "тис" before "тисяч"; Uzbek "минг", Kyrgyz "миң", Tatar and
    # Bashkir "мең", Kazakh Latin "myñ", Yakut "тыһыынча", Buryat "мянга".
    # Turkish «bin» only as a whole word; Tajik «ҳазор».
    (r"тыс\.?|тысяч\w*|тис\.?|тисяч\w*|мың\w*|минг\w*|миң\w*|мең\w*|ming\w*|myñ\w*|"
     r"thousand\w*|тыһыынча\w*|мянга\w*|bin(?![^\W\d_])|ҳазор\w*", 1e3),
)
# Any scale word, to embed in a larger pattern (no capturing group).
SCALE = "|".join(f"(?:{rx})" for rx, _ in SCALES)
# English one-letter abbreviations ("$5 m", "5 k jobs"): only worth matching where a currency
# or a unit follows (figures.py); alone, a Latin "m" is as likely metres ("500 m" in Uzbek).
LETTER_SCALE = r"m(?!\w)|k(?!\w)"
_LETTER_FACTORS = {"m": 1e6, "k": 1e3}

_SCALE_RES = tuple((re.compile(rx, re.IGNORECASE), factor) for rx, factor in SCALES)
_SEPARATOR_RE = re.compile(SEPARATOR)


def parse_number(raw: str) -> float:
    """The value of a number matched by NUMBER: '1 175' -> 1175.0, '543,5' -> 543.5."""
    return float(_SEPARATOR_RE.sub("", raw).replace(",", "."))


def scale_factor(word: str | None) -> float:
    """The factor of a scale word matched by SCALE or LETTER_SCALE ("млрд." -> 1e9, "мыңға"
    -> 1e3, "m" -> 1e6); 1.0 for none or an unknown word, so that a number without a scale
    keeps its own value."""
    if not word:
        return 1.0
    if word.lower() in _LETTER_FACTORS:
        return _LETTER_FACTORS[word.lower()]
    return next((factor for rx, factor in _SCALE_RES if rx.fullmatch(word)), 1.0)


def two_part_sum(big: str | float, big_scale: str | None, small: str | float,
                 small_scale: str | None) -> float | None:
    """One sum written in two parts, larger scale first: "8 миллиард" + "100 миллион" -> 8.1e9
    (the other version writes "8,1 млрд"). A part is a number as written or a value already
    read (a number in words, numwords.py). None when the first scale is not the larger
    ("5 млн 300 млн", "600 млн 3 млрд"): those are two numbers, not one."""
    big_factor, small_factor = scale_factor(big_scale), scale_factor(small_scale)
    if big_factor <= small_factor:
        return None
    return _read(big) * big_factor + _read(small) * small_factor


def _read(part: str | float) -> float:
    return parse_number(part) if isinstance(part, str) else part
