"""Search words -> the stems whose forms they stand for (Russian and Kazakh), for full-text
search: a reader types one form of a word (индустриальной, аймақтарында) and expects every
form (индустриальная, аймағы). The stored text is indexed word by word as written; a query
word becomes one or more stems, each matched as a word prefix.

Russian: a word loses its inflectional ending (case, number, gender; -ого, -ыми, -ая ...).
Kazakh: a word loses its chain of suffixes, last first (case, possessive, plural:
аймақ-тар-ы-нда). A final қ/к/п voices to ғ/г/б before a vowel suffix (аймақ -> аймағы),
so a stem ending in either of a pair also stands for the other. Stems are never shorter than
four letters (three for short words), so a suffix-like ending of a short word stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_STEM = 4
MAX_WORDS = 8  # words of one query; more make a slow query and are never needed
_WORD_RE = re.compile(r"[^\W_]+(?:['ʻʼ’][^\W_]+)?", re.UNICODE)
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_VOICING = {"қ": "ғ", "ғ": "қ", "к": "г", "г": "к", "п": "б", "б": "п"}

# Russian inflectional endings of nouns and adjectives, longest first (an ending is tried
# only if the stem left is long enough).
_RU_ENDINGS = tuple(sorted({
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ые", "ие",
    "ой", "ей", "ий", "ый", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ых",
    "их", "ым", "им", "ию", "ия", "ии", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
}, key=len, reverse=True))

# Kazakh suffixes (case, possessive, plural, the locative-attributive -ғы/-гі), longest first.
# A word sheds them one by one from the end.
_KK_SUFFIXES = tuple(sorted({
    # plural
    "лар", "лер", "дар", "дер", "тар", "тер",
    # genitive, accusative, dative, locative, ablative, instrumental
    "ның", "нің", "дың", "дің", "тың", "тің", "ны", "ні", "ды", "ді", "ты", "ті",
    "ға", "ге", "қа", "ке", "на", "не", "а", "е",
    "да", "де", "та", "те", "нда", "нде",
    "дан", "ден", "тан", "тен", "нан", "нен", "ндан", "нден",
    "мен", "бен", "пен",
    # possessive 1st/2nd person plural; the locative-attributive -дағы (облыстағы)
    "ымыз", "іміз", "ңыз", "ңіз", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
}, key=len, reverse=True))
# The 3rd person possessive: -сы/-сі after a vowel (жобасы), -ы/-і after a consonant
# (аймағы). A stem seldom ends in ы/і, so облысы is облыс-ы, not облы-сы.
_KK_POSSESSIVE = (("сы", True), ("сі", True), ("ы", False), ("і", False))
_STEM_VOWELS = frozenset("аәеёиоөуұүэюя")
_KK_CHAIN_MAX = 4
_KK_PLURALS = ("лар", "лер", "дар", "дер", "тар", "тер")


@dataclass(frozen=True)
class QueryWord:
    """One word of a search: as typed (lower case) and the stems that stand for its forms."""

    word: str
    stems: tuple[str, ...]


def normalize(text: str) -> str:
    """Lower case, ё as е (Russian writes both; the index folds them too)."""
    return text.lower().replace("ё", "е")


def query_words(query: str) -> list[QueryWord]:
    """The words of a search query (at most MAX_WORDS, duplicates dropped), each with its
    stems. Punctuation and operators are not syntax: they separate words."""
    out: list[QueryWord] = []
    seen: set[str] = set()
    for match in _WORD_RE.finditer(normalize(query)):
        word = match.group(0)
        if word in seen:
            continue
        seen.add(word)
        out.append(QueryWord(word, word_stems(word)))
        if len(out) == MAX_WORDS:
            break
    return out


def word_stems(word: str) -> tuple[str, ...]:
    """The stems (word prefixes) that together find the forms of ``word``."""
    word = normalize(word)
    if len(word) <= MIN_STEM or not word.isalpha():
        return (word,)
    if _looks_kazakh(word):
        return _with_voicing(_kazakh_stem(word))
    return (_russian_stem(word),)


def _looks_kazakh(word: str) -> bool:
    # A Kazakh letter, a plural suffix (зауыттар) or a chain of two or more Kazakh suffixes
    # (мектептерде), which Russian endings do not make.
    if _KAZAKH_LETTERS & set(word):
        return True
    if word.endswith(_KK_PLURALS) and len(word) - 3 >= MIN_STEM:
        return True
    return _kazakh_chain_length(word) >= 2


def _kazakh_chain_length(word: str) -> int:
    count = 0
    while count < _KK_CHAIN_MAX:
        shorter = _strip_kazakh(word)
        if shorter == word:
            break
        word, count = shorter, count + 1
    return count


def _kazakh_stem(word: str) -> str:
    for _ in range(_KK_CHAIN_MAX):
        shorter = _strip_kazakh(word)
        if shorter == word:
            break
        word = shorter
    return word


def _strip_kazakh(word: str) -> str:
    shorter = _strip_one(word, _KK_SUFFIXES)
    if shorter != word:
        return shorter
    for suffix, after_vowel in _KK_POSSESSIVE:
        rest = word[: -len(suffix)]
        if (word.endswith(suffix) and len(rest) >= MIN_STEM
                and (rest[-1] in _STEM_VOWELS) == after_vowel):
            return rest
    return word


def _russian_stem(word: str) -> str:
    return _strip_one(word, _RU_ENDINGS)


def _strip_one(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _with_voicing(stem: str) -> tuple[str, ...]:
    last = stem[-1]
    if last in _VOICING and len(stem) > MIN_STEM - 1:
        return (stem, stem[:-1] + _VOICING[last])
    return (stem,)
