"""Is this article the same event as that one? Features that survive rewriting and translation.

A reprint repeats the text (fingerprints.py finds it). A rewrite or a translation repeats
the facts: the numbers (investment, jobs, hectares, dates), the names of people, companies
and places, and often the shape of the headline. Each article gets a small set of weighted
*keys* built from those facts in a language-neutral spelling:

- ``n:8.4e+09`` a number with its scale word resolved ("8,4 млрд", "8,4 mlrd", "8 400 млн");
- ``w:mhm`` a capitalised name reduced to the first consonants of a Latin skeleton, so that
  Махамбетов, Махамбетовтың and Maxambetov agree, as do Кушеров / Көшеров / Kusherov and
  Туркестанская / Түркістан / Turkiston (Kazakh and Uzbek letters folded to one consonant
  alphabet, vowels dropped, suffixes cut by the prefix); a gazetteer place gives the
  skeleton of its canonical name (Chimkent -> Шымкент) at a low weight.

Keys are stored per article (storage.models.StoryKey) so that candidates are an indexed
lookup; :func:`similarity` then scores a candidate with a logistic model over
:func:`pair_features`: key overlap, headline keys and their mismatch, large-number agreement
and, in the same language, rarity-weighted stem overlap of headline and text.
"""

from __future__ import annotations

import hashlib
import math
import re
from functools import lru_cache

from monitor.article.numbers import NUMBER, SCALE, parse_number, scale_factor, two_part_sum
from monitor.article.topics import FOREIGN_RX, PLACES_RX
from monitor.article.types import StoryFeatures
from monitor.article.wordrarity import zipf_ru  # rare shared words count more

# Consonants kept of a name: 3 lets Кентау / Kentov agree; 4 separates more surnames.
NAME_CONSONANTS = 3
PLACE_WEIGHT = 0.3
BIG_NUMBER_WEIGHT = 1.5  # sums and thousands: the weight that marks a key as a large number
MAX_KEYS = 24  # per article: the heaviest keys; bounds the stored rows and the lookup
# Logistic weights of pair_features and the bias: fitted by bench/stories.py --fit on our
# pairs (kind-balanced, L2), rounded.
_WEIGHTS = (3.32, 2.29, -0.66, 0.7, 0.98, 0.51, -1.66, 2.14)
_BIAS = -3.54
# Same story at or above this score. Chosen on tests/fixtures/story_pairs (our own pairs),
# never on the evaluation set: see bench/stories.py.
STORY_THRESHOLD = 0.5

# A number and the scale word right after it ("8,4 млрд", "24 мың"), read by numbers.py.
_NUMBER_RE = re.compile(rf"(?P<num>{NUMBER})(?:\s*(?P<scale>{SCALE})(?!\w))?", re.IGNORECASE)

_WORD_RE = re.compile(r"[^\W\d_][^\W\d_'ʻ’‘`-]*(?:['ʻ’‘`][^\W\d_]+)*")
# Before a sentence-initial word: nothing, or a sentence end and opening quotes/dashes.
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?…:;\n])[\s«\"“„(—–-]*$")

# Cyrillic (Russian, Kazakh, Uzbek) and Latin letters to one consonant alphabet; vowels and
# signs map to "" (dropped). Digraphs of Latin spellings are folded before single letters.
_CYR = {
    "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "ж": "j", "з": "z", "к": "k",
    "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "п": "p", "р": "r", "с": "s",
    "т": "t", "ф": "f", "х": "h", "һ": "h", "ҳ": "h", "ц": "c", "ч": "c", "ш": "s",
    "щ": "s", "ў": "", "ə": "",
}
_LATIN_DIGRAPHS = (("sh", "s"), ("ch", "c"), ("zh", "j"), ("kh", "h"), ("ts", "c"),
                   ("g'", "g"), ("gʻ", "g"), ("g’", "g"), ("ng", "n"))
_LATIN = {"x": "h", "q": "k", "w": "", "y": "", "c": "c"}
_VOWELS = set("аеёиоуыэюяәөұүіьъйaeiou'ʻ’‘`")

_RUSSIAN_WORD = re.compile(r"[а-яё-]+")
# Function words that are no evidence in a headline or text comparison.
_STOP = frozenset("""
в во на и по за для от из с со к ко о об у при под над до после что как это его ее их
также этого году года будет будут более около который которые которая был была были
және мен бен пен да де бойынша үшін туралы деп бұл осы жылы жыл
va bilan uchun bo'yicha haqida bu yil yilda
""".split())


def skeleton(word: str) -> str:
    """Latin consonant skeleton of a name: Көшеров, Кушеров, Kusherov -> "ksrv"."""
    low = word.lower().replace("ё", "е")
    for digraph, single in _LATIN_DIGRAPHS:
        low = low.replace(digraph, single)
    out: list[str] = []
    for ch in low:
        if ch in _VOWELS:
            continue
        mapped = _CYR.get(ch, _LATIN.get(ch, ch if "a" <= ch <= "z" else ""))
        if mapped and (not out or out[-1] != mapped):
            out.append(mapped)
    return "".join(out)


def _number_value(match: re.Match[str]) -> float:
    return parse_number(match["num"]) * scale_factor(match["scale"])


def _number_key(match: re.Match[str], small: bool = False,
                value: float | None = None) -> tuple[str, float] | None:
    """The key of a number; ``value`` overrides the match's own (a sum written in two parts)."""
    num, scale = match["num"], match["scale"]
    frac = "," in num or "." in num  # a decimal part: thousands are separated by spaces
    value = _number_value(match) if value is None else value
    if value < 10 and not scale and not (small and value >= 1):
        return None  # small counts are often spelled out in the other version
    if not scale and not frac and 1900 <= value <= 2100:
        return f"y:{int(value)}", 0.3  # a year: shared by most news of the season
    weight = BIG_NUMBER_WEIGHT if scale or value >= 1000 or frac else (
        1.0 if value >= 100 else 0.5)
    return f"n:{value:.3g}", weight


def number_keys(text: str, small: bool = False) -> dict[str, float]:
    """Number keys; ``small``: also 1-9 (a headline's "8 ноября" is what tells it apart)."""
    keys: dict[str, float] = {}
    matches = list(_NUMBER_RE.finditer(text))
    i = 0
    while i < len(matches):
        match = matches[i]
        following = matches[i + 1] if i + 1 < len(matches) else None
        total = _two_part(match, following, text) if following is not None else None
        if total is not None:
            # "8 миллиард 100 миллион" is one sum, as "8,1 млрд" in the other version.
            found = _number_key(match, small, total)
            i += 2
        else:
            found = _number_key(match, small)
            i += 1
        if found:
            keys[found[0]] = max(keys.get(found[0], 0.0), found[1])
    return keys


def _two_part(match: re.Match[str], following: re.Match[str], text: str) -> float | None:
    """The sum when ``following`` is the smaller part of one sum written in two, "3 млрд 600
    млн": both have a scale word and only space between them; else None."""
    if not (match["scale"] and following["scale"]) or text[match.end():following.start()].strip():
        return None
    return two_part_sum(match["num"], match["scale"], following["num"], following["scale"])


def _place_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every gazetteer place, Kazakhstan's and foreign."""
    spans = []
    for rx, names in (PLACES_RX, FOREIGN_RX):
        spans += [(m.start(), m.end(), names[int(m.lastgroup[1:])])
                  for m in rx.finditer(text) if m.lastgroup]
    return spans


def name_keys(text: str, initial_names: frozenset[str] = frozenset()) -> dict[str, float]:
    """Skeleton keys of names. A gazetteer place gives the skeleton of its canonical name
    (Chimkent -> Шымкент -> "smk") with a low weight: a shared city is weak evidence. Other
    capitalised words count unless they open a sentence (grammar, not names); short words
    with two capitals are legal forms (ТОО, ЖШС, MChJ) and are skipped."""
    keys: dict[str, float] = {}
    spans = _place_spans(text)
    for _, _, name in spans:
        skel = skeleton(name.split()[0])[:NAME_CONSONANTS]
        if len(skel) >= 2:
            keys["w:" + skel] = PLACE_WEIGHT
    in_places = {i for a, b, _ in spans for i in range(a, b)}  # a few dozen characters
    for match in _WORD_RE.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or len(word) < 4 or (
                len(word) <= 5 and sum(c.isupper() for c in word) > 1):
            continue
        if match.start() in in_places:
            continue
        if (_SENTENCE_START_RE.search(text, max(0, match.start() - 4), match.start())
                and word.lower()[:5] not in initial_names):
            continue
        skel = skeleton(word)[:NAME_CONSONANTS]
        if len(skel) >= 3:
            keys["w:" + skel] = max(keys.get("w:" + skel, 0.0), 1.0)
    return keys


def _names_at_starts(text: str) -> frozenset[str]:
    """Five-letter stems of the capitalised words that also stand capitalised inside a
    sentence: a headline's first word is then a name (Путин, Кентау), not grammar."""
    found = set()
    for match in _WORD_RE.finditer(text):
        word = match.group(0)
        if (word[0].isupper() and len(word) >= 4
                and not _SENTENCE_START_RE.search(text, max(0, match.start() - 4),
                                                  match.start())):
            found.add(word.lower()[:5])
    return frozenset(found)


def stems(text: str) -> dict[str, float]:
    """Five-letter stems of the words, each weighted by its rarity (word frequency lists for
    Russian; a flat weight where the language has none: Kazakh, Uzbek)."""
    out: dict[str, float] = {}
    for word in re.findall(r"[^\W\d_]{3,}", text.lower().replace("ё", "е")):
        if word in _STOP:
            continue
        weight = rarity(word)
        stem = word[:5]
        if weight > out.get(stem, 0.0):
            out[stem] = weight
    return out


@lru_cache(maxsize=200_000)
def rarity(word: str) -> float:
    """6.5 minus the Zipf frequency (wordfreq, Russian): 0.3 for the commonest words, 6.5 for
    words the list does not know; 3.0 for words outside the Russian alphabet."""
    if not _RUSSIAN_WORD.fullmatch(word):
        return 3.0
    return max(0.3, 6.5 - zipf_ru(word))


def features(title: str, text: str, language: str = "") -> StoryFeatures:
    """The keys of an article: numbers, names and places of its headline and text."""
    initial = _names_at_starts(f"{title}\n{text}")
    title_part = {**number_keys(title, small=True), **name_keys(title, initial)}
    keys: dict[str, float] = {}
    for part in (number_keys(text), name_keys(text, initial)):
        for key, weight in part.items():
            keys[key] = max(keys.get(key, 0.0), weight)
    rest = sorted((kv for kv in keys.items() if kv[0] not in title_part),
                  key=lambda kv: (-kv[1], kv[0]))
    # Headline keys first: they are what the mismatch test reads.
    kept = dict(list(title_part.items()) + rest[:max(0, MAX_KEYS - len(title_part))])
    for key in title_part:
        kept[key] = max(kept[key], keys.get(key, 0.0))
    return StoryFeatures(language=language, keys=kept, title_keys=frozenset(title_part),
                         title_stems=stems(title), text_stems=stems(f"{title}\n{text}"))


def key_hash(key: str) -> int:
    """Signed 64-bit hash of a key (a BIGINT column; compact at millions of rows)."""
    value = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")
    return value - (1 << 64) if value >= 1 << 63 else value


def weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    shared = sum(min(a[k], b[k]) for k in a.keys() & b.keys())
    union = sum(a.values()) + sum(b.values()) - shared
    return shared / union if union > 0 else 0.0


def title_mismatch(a: StoryFeatures, b: StoryFeatures) -> float:
    """Share of one headline's names and numbers that the other article never mentions (the
    larger of both directions): "погода на 8 ноября" is not "погода на 18 ноября"."""
    worst = 0.0
    for x, y in ((a, b), (b, a)):
        if x.title_keys:
            worst = max(worst, len(x.title_keys - y.keys.keys()) / len(x.title_keys))
    return worst


def key_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Shared key weight over the smaller side's weight (at least 4: a text with two keys
    does not match everything that shares them)."""
    shared = sum(min(a[k], b[k]) for k in a.keys() & b.keys())
    return shared / max(4.0, min(sum(a.values()), sum(b.values())))


def pair_features(a: StoryFeatures, b: StoryFeatures) -> tuple[float, ...]:
    """The evidence of one pair, each 0..1: key overlap, strong shared keys (names, large
    numbers), headline keys; same language only: headline and text stem Jaccard."""
    shared = a.keys.keys() & b.keys.keys()
    strong = sum(min(a.keys[k], b.keys[k]) for k in shared if min(a.keys[k], b.keys[k]) >= 1)
    title_keys = len(a.title_keys & b.title_keys) / max(
        2, min(len(a.title_keys), len(b.title_keys)))
    same_language = bool(a.language) and a.language == b.language
    title = weighted_jaccard(a.title_stems, b.title_stems) if same_language else 0.0
    text = weighted_jaccard(a.text_stems, b.text_stems) if same_language else 0.0
    return (key_overlap(a.keys, b.keys), min(1.0, strong / 5), min(1.0, title_keys),
            title, text, float(same_language), title_mismatch(a, b), number_agreement(a, b))


def number_agreement(a: StoryFeatures, b: StoryFeatures) -> float:
    """Shared large numbers (sums, thousands: the weight-1.5 keys) over the fewer side's;
    0.5 when either has none. Two plants in one zone on one day differ here first."""
    big_a = {k for k, w in a.keys.items() if w >= BIG_NUMBER_WEIGHT}
    big_b = {k for k, w in b.keys.items() if w >= BIG_NUMBER_WEIGHT}
    if not big_a or not big_b:
        return 0.5
    return len(big_a & big_b) / min(len(big_a), len(big_b))


def similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """0..1: how surely two articles report the same event (a logistic score whose weights
    were fitted on our own labelled pairs, tests/fixtures/story_pairs)."""
    z = _BIAS + sum(w * f for w, f in zip(_WEIGHTS, pair_features(a, b), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def same_story(a: StoryFeatures, b: StoryFeatures, threshold: float = STORY_THRESHOLD) -> bool:
    return similarity(a, b) >= threshold


def hashed(feats: StoryFeatures) -> StoryFeatures:
    """The same features with keys replaced by str(key_hash(key)): the form they take when
    read back from the database (storage.models.StoryKey)."""
    return StoryFeatures(
        language=feats.language,
        keys={str(key_hash(k)): w for k, w in feats.keys.items()},
        title_keys=frozenset(str(key_hash(k)) for k in feats.title_keys),
        title_stems=feats.title_stems, text_stems=feats.text_stems)
