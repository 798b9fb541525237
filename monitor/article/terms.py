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
w or u, ұ as ū; the 2018 alphabet writes ә ғ ң ө ү у as á ǵ ń ó ú ý: :func:`fold_latin` turns
ı / y into i, w / ū / ý into u and the acute letters into the 2021 ones, in the text and in
the terms alike, so that one spelling of a term matches them all (Atyrau, Atıraw, Atirau).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# str.translate looks every character up in its table (about 0.1 ms for an article); the
# characters folded are rare in Cyrillic text, so a regex finds them and only they are replaced.
_QUOTE_MAP = {"ʻ": "'", "‘": "'", "’": "'", "`": "'", "ʼ": "'", "′": "'"}
_QUOTE_RE = re.compile("[" + "".join(_QUOTE_MAP) + "]")


def fold_quotes(text: str) -> str:
    """One apostrophe for Uzbek Latin (Qozogʻiston, Qozog‘iston -> Qozog'iston); same length."""
    return _QUOTE_RE.sub(_replace_quote, text)


def _replace_quote(m: re.Match[str]) -> str:
    return _QUOTE_MAP[m.group()]


# The 2018 alphabet's acute letters (á ǵ ń ó ú, ý for у) become the 2021 ones (ä ğ ñ ö ü, u).
_LATIN_MAP = {"ı": "i", "y": "i", "İ": "I", "Y": "I",
              "w": "u", "W": "U", "ū": "u", "Ū": "U", "ý": "u", "Ý": "U",
              "á": "ä", "Á": "Ä", "ǵ": "ğ", "Ǵ": "Ğ", "ń": "ñ", "Ń": "Ñ", "ó": "ö", "Ó": "Ö",
              "ú": "ü", "Ú": "Ü"}
_LATIN_RE = re.compile("[" + "".join(_LATIN_MAP) + "]")


def fold_latin(text: str) -> str:
    """Kazakh Latin variants folded (Qarağandı, Qaragandy -> Qarağandi); same length, Cyrillic
    and case untouched."""
    return _LATIN_RE.sub(_replace_latin, text)


def _replace_latin(m: re.Match[str]) -> str:
    return _LATIN_MAP[m.group()]


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


def term_prefixes(term: str, inflect: bool = True) -> frozenset[str]:
    """The letters every match of :func:`term_regex` starts with, one per spelling: a match
    starts a word (see _bounded) with them. Empty when a spelling's pattern starts with
    anything but a word character; a matcher that skips the term when no word of the text
    starts with one of them then never skips it."""
    prefixes = set()
    for spelling in term.split("|"):
        first = spelling.split()[0]
        prefix = _literal_start(first, inflect)
        if not prefix:
            return frozenset()
        prefixes.add(prefix)
    return frozenset(prefixes)


def _literal_start(word: str, inflect: bool) -> str:
    """The word characters :func:`word_pattern` writes literally before anything else."""
    if word.endswith("*"):
        stem = word[:-1]
    elif word.endswith("=") or not inflect or len(word) <= 3 or word.isupper() or (
            not word.isalpha()):
        stem = word.rstrip("=")
    else:
        stem = _RU_ENDING_RE.sub("", word)
        if len(stem) < 3:
            stem = word
    if len(stem) > 3 and stem[-1] in _VOICED:
        stem = stem[:-1]  # voiced or not: either letter may follow
    literal = re.match(r"\w*", stem)
    return literal.group() if literal else ""


def _bounded(body: str) -> str:
    """A word boundary before the body. A literal first letter lets the regex engine scan for
    it (or, for spellings joined by |, for the set of their first letters) quickly; the
    boundary is then checked behind it."""
    if body[0].isalnum():
        return body[0] + r"(?<!\w.)" + body[1:]
    return r"(?<!\w)" + body


_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """One pattern for many words, as a trie ("сорок(?:а)?"): the engine follows the text
    down one path instead of trying every word at each position. ``char`` writes one
    character of a word as a pattern. Greedy: at a position it matches the longest word."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branch(root, char)


def _branch(node: _Trie, char: Callable[[str], str]) -> str:
    alternatives = [char(ch) + _branch(child, char) for ch, child in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    if len(alternatives) == 1 and "" not in node:
        return alternatives[0]
    body = f"(?:{'|'.join(alternatives)})"
    return f"{body}?" if "" in node else body


class PrefixFinder:
    """Which of many word beginnings occur in a text, in one pass (a trie regex anchored at
    word starts). A text that has none of a term's :func:`term_prefixes` cannot match it."""

    def __init__(self, prefixes: Iterable[str]) -> None:
        known = sorted(set(prefixes))
        self._rx = re.compile(r"(?<!\w)" + trie_pattern(known)) if known else None
        # The longest beginning found at a position implies every shorter one it starts with.
        self._implied = {p: frozenset(q for q in known if p.startswith(q)) for p in known}

    def present(self, text: str) -> frozenset[str]:
        if self._rx is None:
            return frozenset()
        found = {m.group() for m in self._rx.finditer(text)}
        return frozenset().union(*(self._implied[p] for p in found))

