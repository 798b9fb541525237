"""The term syntax shared by topics and the gazetteers: one term -> one compiled regex.

A term is one or more words. A word ending in ``*`` is a stem and matches any ending; a word
without it matches its usual inflected forms (Russian case endings, Kazakh suffixes); short
words and abbreviations (СЭЗ, АЭА) match as written, optionally with a hyphenated suffix
(СЭЗ-ге); a word ending in ``=`` matches exactly as written (кафе=, whose inflected pattern
would also match кафедра and кафель). Kazakh voices a final қ/к/п before a vowel suffix
(аймақ -> аймағы), so a stem ending in one of them also matches its voiced pair. Words of a
multi-word term must follow each other, with at most one other word between them
(индустриальной экономической зоны).
Uzbek Latin writes its o' and g' with any of ' ʻ ‘ ’ `: :func:`fold_quotes` turns them into
``'`` in the text, and terms are written with ``'``.
Kazakh in the Latin alphabets (2018, 2021) and transliterations write ы as ı or y, і as i, у as
w or u, ұ as ū: :func:`fold_latin` turns ı / y / ý into i and w / ū into u, in the text and in
the terms alike, so that one spelling of a term matches them all (Atyrau, Atıraw, Atirau).
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"ʻ": "'", "‘": "'", "’": "'", "`": "'", "ʼ": "'", "′": "'"})


def fold_quotes(text: str) -> str:
    """One apostrophe for Uzbek Latin (Qozogʻiston, Qozog‘iston -> Qozog'iston); same length."""
    return text.translate(_QUOTES)


_LATIN = str.maketrans({"ı": "i", "y": "i", "ý": "i", "İ": "I", "Y": "I", "Ý": "I",
                        "w": "u", "W": "U", "ū": "u", "Ū": "U"})


def fold_latin(text: str) -> str:
    """Kazakh Latin variants folded (Qarağandı, Qaragandy -> Qarağandi); same length, Cyrillic
    and case untouched."""
    return text.translate(_LATIN)


def fold_text(text: str) -> str:
    """:func:`fold_quotes` and :func:`fold_latin`: what the matchers of places and topics see."""
    return fold_latin(fold_quotes(text))


_VOICED = {"қ": "[қғ]", "к": "[кг]", "п": "[пб]", "Қ": "[Ққ]", "К": "[Кк]", "П": "[Пп]"}
_RU_ENDING_RE = re.compile(r"[аяоеёыиуюйь]{1,2}$")
# Between two words of a term: spaces, hyphens, quotes, at most one other word.
_GAP = r"[\s\-–—«»\"'(),]+(?:[\w\-]+[\s\-–—«»\"'(),]+)?"


def _stem_pattern(stem: str) -> str:
    """A stem and any ending; a final қ/к/п may be voiced before the ending."""
    if len(stem) > 3 and stem[-1] in _VOICED:
        return re.escape(stem[:-1]) + _VOICED[stem[-1]] + r"\w*"
    return re.escape(stem) + r"\w*"


def word_pattern(word: str, inflect: bool = True) -> str:
    """The regex for one word of a term (see the module doc for the rules)."""
    if word.endswith("*"):
        return _stem_pattern(word[:-1])
    if word.endswith("="):
        return re.escape(word[:-1]) + r"(?:-\w+)?(?!\w)"
    if not inflect or len(word) <= 3 or word.isupper() or not word.isalpha():
        # Abbreviations and short words: as written, plus a hyphenated suffix (СЭЗ-ге).
        return re.escape(word) + r"(?:-\w+)?(?!\w)"
    stem = _RU_ENDING_RE.sub("", word)
    if len(stem) < 3:
        stem = word
    return _stem_pattern(stem)[:-3] + r"\w{0,6}(?!\w)"


def term_regex(term: str, flags: int = re.IGNORECASE, inflect: bool = True) -> re.Pattern[str]:
    """The compiled regex of a term; ``inflect=False`` matches words without * as written.

    ``a|b`` lists spellings of one term (кәсіпорын*|кәсіпорн*): whichever matches, it counts once.
    """
    return re.compile(term_pattern(term, inflect), flags)


def term_pattern(term: str, inflect: bool = True) -> str:
    """The source of :func:`term_regex` (the gazetteers join many of them into one regex)."""
    spellings = [spelling.split() for spelling in term.split("|")]
    if not all(spellings):
        raise ValueError(f"empty term or spelling in {term!r}")
    bodies = [_bounded(_GAP.join(word_pattern(w, inflect) for w in words))
              for words in spellings]
    return bodies[0] if len(bodies) == 1 else "(?:" + "|".join(bodies) + ")"


def _bounded(body: str) -> str:
    """A word boundary before the body. A literal first letter lets the regex engine scan for
    it (or, for spellings joined by |, for the set of their first letters) quickly; the
    boundary is then checked behind it."""
    if body[0].isalnum():
        return body[0] + r"(?<!\w.)" + body[1:]
    return r"(?<!\w)" + body
