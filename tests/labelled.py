"""Readers of the labelled relevance sets (tests/fixtures/labelled/relevance*.tsv) shared by
the relevance tests: one row a line, ``label<TAB>lang<TAB>title<TAB>text``, '#' comments."""

from __future__ import annotations

from pathlib import Path

from monitor.article.topics import TopicModel


def relevance_rows(path: Path) -> list[tuple[bool, str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, lang, title, text = line.split("\t")
            rows.append((label == "1", lang, title, text))
    return rows


def precision_recall(model: TopicModel, rows: list[tuple[bool, str, str, str]]
                     ) -> tuple[float, float]:
    tp = fp = fn = 0
    for label, lang, title, text in rows:
        got = model.score(title, text, lang).relevant
        tp += got and label
        fp += got and not label
        fn += label and not got
    return tp / (tp + fp), tp / (tp + fn)
