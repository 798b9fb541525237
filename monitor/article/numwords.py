"""Numbers written in words, from one to nine hundred and ninety-nine, with halves.

News write a round sum in words as often as in digits: «девять миллионов рублей», «полтора
миллиарда», «екі миллиард теңге», «уч миллиард», «bir yarim milliard». The scale word that
follows («миллиард», «мың», «ming») is read by numbers.py, as it is after digits; this module
reads only the words before it, so that «три тысячи двести» is a sum in two parts (3 тысячи
+ 200) that numbers.two_part_sum joins, like «3 тыс. 200».

Russian hundreds are one word («двести»); Kazakh and Uzbek multiply «жүз»/«юз»/«yuz»
(«екі жүз» = 200). A half is «с половиной» (Russian), «жарым» (Kazakh), «ярим»/«yarim» (Uzbek)
after the whole part, or «полтора», «жарты» on its own. A word that is a number in one
language and something else in another (Kazakh «он» = 10, Russian «он» = he) is only read as a
number in its own language: WORDS_BY_LANGUAGE, and words_value(raw, language). Besides
Russian, Kazakh and Uzbek, the tables hold Kyrgyz, Tatar and Bashkir, Yakut, Buryat («хоёр
зуун» = 200), Ukrainian and English; a text of unknown language is read with the first three.
"""

from __future__ import annotations

import re

from monitor.article.terms import trie_pattern

HALF = 0.5
HUNDRED = 100.0
# Uzbek Latin writes o‘ and g‘ with any of these apostrophes; they are folded to "'".
_APOSTROPHES = "‘’ʻ`'"

_RU = {
    **dict.fromkeys(("один", "одна", "одно", "одного", "одной", "одну", "одним"), 1.0),
    **dict.fromkeys(("два", "две", "двух", "двум"), 2.0),
    **dict.fromkeys(("три", "трёх", "трех", "трём", "трем"), 3.0),
    **dict.fromkeys(("четыре", "четырёх", "четырех"), 4.0),
    "пять": 5.0, "пяти": 5.0, "шесть": 6.0, "шести": 6.0, "семь": 7.0, "семи": 7.0,
    "восемь": 8.0, "восьми": 8.0, "девять": 9.0, "девяти": 9.0, "десять": 10.0,
    "десяти": 10.0, "одиннадцать": 11.0, "двенадцать": 12.0, "тринадцать": 13.0,
    "четырнадцать": 14.0, "пятнадцать": 15.0, "шестнадцать": 16.0, "семнадцать": 17.0,
    "восемнадцать": 18.0, "девятнадцать": 19.0,
    "двадцать": 20.0, "двадцати": 20.0, "тридцать": 30.0, "тридцати": 30.0, "сорок": 40.0,
    "сорока": 40.0, "пятьдесят": 50.0, "пятидесяти": 50.0, "шестьдесят": 60.0,
    "шестидесяти": 60.0, "семьдесят": 70.0, "семидесяти": 70.0, "восемьдесят": 80.0,
    "восьмидесяти": 80.0, "девяносто": 90.0, "девяноста": 90.0,
    "сто": 100.0, "ста": 100.0, "двести": 200.0, "двухсот": 200.0, "триста": 300.0,
    "трёхсот": 300.0, "трехсот": 300.0, "четыреста": 400.0, "четырёхсот": 400.0,
    "четырехсот": 400.0, "пятьсот": 500.0, "пятисот": 500.0, "шестьсот": 600.0,
    "шестисот": 600.0, "семьсот": 700.0, "семисот": 700.0, "восемьсот": 800.0,
    "восьмисот": 800.0, "девятьсот": 900.0, "девятисот": 900.0,
    "полтора": 1.5, "полторы": 1.5, "полутора": 1.5, "полтораста": 150.0,
    "с половиной": HALF, "пол": HALF,
}
_KK = {
    "бір": 1.0, "екі": 2.0, "үш": 3.0, "төрт": 4.0, "бес": 5.0, "алты": 6.0, "жеті": 7.0,
    "сегіз": 8.0, "тоғыз": 9.0, "он": 10.0, "жиырма": 20.0, "отыз": 30.0, "қырық": 40.0,
    "елу": 50.0, "алпыс": 60.0, "жетпіс": 70.0, "сексен": 80.0, "тоқсан": 90.0,
    "жүз": HUNDRED, "жарым": HALF, "жарты": HALF,
}
_UZ = {
    "бир": 1.0, "икки": 2.0, "уч": 3.0, "тўрт": 4.0, "беш": 5.0, "олти": 6.0, "етти": 7.0,
    "саккиз": 8.0, "тўққиз": 9.0, "ўн": 10.0, "йигирма": 20.0, "ўттиз": 30.0, "қирқ": 40.0,
    "эллик": 50.0, "олтмиш": 60.0, "етмиш": 70.0, "саксон": 80.0, "тўқсон": 90.0,
    "юз": HUNDRED, "ярим": HALF,
    "bir": 1.0, "ikki": 2.0, "uch": 3.0, "to'rt": 4.0, "besh": 5.0, "olti": 6.0,
    "yetti": 7.0, "sakkiz": 8.0, "to'qqiz": 9.0, "o'n": 10.0, "yigirma": 20.0,
    "o'ttiz": 30.0, "qirq": 40.0, "ellik": 50.0, "oltmish": 60.0, "yetmish": 70.0,
    "sakson": 80.0, "to'qson": 90.0, "yuz": HUNDRED, "yarim": HALF,
}
# The Turkic and Mongolic languages of Russia and Kyrgyz: «дүрт миллиард тәңкә», «өс
# миллиард һум», «хоёр зуун сая түхэриг». Read only in their own language («ун», «алта»,
# «табан» are other words elsewhere).
_TT_BA = {
    "бер": 1.0, "ике": 2.0, "өч": 3.0, "өс": 3.0, "дүрт": 4.0, "биш": 5.0, "алты": 6.0,
    "җиде": 7.0, "ете": 7.0, "сигез": 8.0, "һигеҙ": 8.0, "тугыз": 9.0, "туғыҙ": 9.0,
    "ун": 10.0, "егерме": 20.0, "утыз": 30.0, "утыҙ": 30.0, "кырык": 40.0, "ҡырҡ": 40.0,
    "илле": 50.0, "алтмыш": 60.0, "җитмеш": 70.0, "етмеш": 70.0, "сиксән": 80.0,
    "һикһән": 80.0, "туксан": 90.0, "туҡһан": 90.0, "йөз": HUNDRED, "йөҙ": HUNDRED,
    "ярым": HALF,
}
_KY = {
    "бир": 1.0, "эки": 2.0, "үч": 3.0, "төрт": 4.0, "беш": 5.0, "алты": 6.0, "жети": 7.0,
    "сегиз": 8.0, "тогуз": 9.0, "он": 10.0, "жыйырма": 20.0, "отуз": 30.0, "кырк": 40.0,
    "элүү": 50.0, "алтымыш": 60.0, "жетимиш": 70.0, "сексен": 80.0, "токсон": 90.0,
    "жүз": HUNDRED, "жарым": HALF,
}
_SAH = {
    "биир": 1.0, "икки": 2.0, "үс": 3.0, "түөрт": 4.0, "биэс": 5.0, "алта": 6.0,
    "сэттэ": 7.0, "аҕыс": 8.0, "тоҕус": 9.0, "уон": 10.0, "сүүрбэ": 20.0, "отут": 30.0,
    "сүүс": HUNDRED, "аҥаар": HALF,
}
_BUA = {
    "нэгэ": 1.0, "нэгэн": 1.0, "хоёр": 2.0, "гурба": 3.0, "гурбан": 3.0, "дүрбэ": 4.0,
    "дүрбэн": 4.0, "таба": 5.0, "табан": 5.0, "зургаа": 6.0, "зургаан": 6.0, "долоо": 7.0,
    "долоон": 7.0, "найма": 8.0, "найман": 8.0, "юһэ": 9.0, "юһэн": 9.0, "арба": 10.0,
    "арбан": 10.0, "хорин": 20.0, "гушан": 30.0, "дүшэн": 40.0, "табин": 50.0,
    "жаран": 60.0, "далан": 70.0, "наян": 80.0, "ерэн": 90.0, "зуу": HUNDRED,
    "зуун": HUNDRED, "хахад": HALF,
}
_EN = {
    "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "twenty": 20.0, "thirty": 30.0,
    "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0, "eighty": 80.0,
    "ninety": 90.0, "hundred": HUNDRED, "half": HALF,
}
_UK = {
    "один": 1.0, "одна": 1.0, "два": 2.0, "дві": 2.0, "три": 3.0, "чотири": 4.0,
    "п'ять": 5.0, "шість": 6.0, "сім": 7.0, "вісім": 8.0, "дев'ять": 9.0, "десять": 10.0,
    "двадцять": 20.0, "тридцять": 30.0, "сорок": 40.0, "п'ятдесят": 50.0, "сто": 100.0,
    "двісті": 200.0, "триста": 300.0, "п'ятсот": 500.0, "півтора": 1.5, "півтори": 1.5,
}
WORDS_BY_LANGUAGE: dict[str, dict[str, float]] = {
    "ru": _RU, "kk": _KK, "uz": _UZ, "tt": _TT_BA, "ba": _TT_BA, "ky": _KY, "sah": _SAH,
    "bua": _BUA, "en": _EN, "uk": _UK,
}
_OURS = {**_KK, **_UZ, **_RU}
_ALL = {**_TT_BA, **_KY, **_SAH, **_BUA, **_EN, **_UK, **_OURS}
# In a text of unknown language, words that are more often something else: Kazakh «он» (10)
# is the Russian «он» (he), «бес» (5) a Russian noun.
# Words of the other languages are not read there either.
_UNKNOWN = {w: v for w, v in _OURS.items() if w not in {"он", "бес"}}


def _char(ch: str) -> str:
    if ch == "'":
        return f"[{_APOSTROPHES}]"
    return r"\s+" if ch == " " else re.escape(ch)


# "пол" is only a half glued to its scale word («полмиллиарда»); every other word ends there.
_WORD = (rf"(?:пол(?=миллиард|миллион|триллион)|{trie_pattern(_ALL, _char)}"
         r"(?![^\W\d_]))")
# A number in words, to embed in a larger pattern (no capturing group): one to five words.
WORD_NUMBER = rf"(?<![^\W\d_]){_WORD}(?:\s+{_WORD}){{0,4}}"
_WORD_RE = re.compile(_WORD, re.IGNORECASE)


def _fold(word: str) -> str:
    low = re.sub(r"\s+", " ", word.lower())
    return re.sub(f"[{_APOSTROPHES}]", "'", low)


def words_value(raw: str, language: str = "") -> float | None:
    """The value of a number in words matched by WORD_NUMBER: «двадцать пять» -> 25.0, «екі
    жүз елу» -> 250.0, «bir yarim» -> 1.5; None when a word is not a number word of
    ``language`` (any of ru, kk, uz when the language is not one of them, but for the words
    that are more often something else)."""
    table = WORDS_BY_LANGUAGE.get(language, _UNKNOWN)
    total = 0.0
    for word in (_fold(m.group(0)) for m in _WORD_RE.finditer(raw)):
        value = table.get(word)
        if value is None:
            return None
        if value == HUNDRED and 0 < total < 10:
            total *= HUNDRED  # Kazakh and Uzbek: «екі жүз» = 2 x 100
        else:
            total += value
    return total or None
