"""Same-story features: transliteration skeletons, numbers, headline checks, labelled pairs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from monitor.article import samestory
from monitor.article import storyfeatures as sm
from tests import story_texts as t

PAIRS = Path(__file__).parent / "fixtures" / "story_pairs"


@pytest.mark.parametrize("spellings", [
    ("Кушеров", "Көшеров", "Kusherov", "Кушерова"),
    ("Туркестанская", "Түркістан", "Turkiston", "Туркестан"),
    ("Махамбетов", "Махамбетовтың", "Maxambetov", "Makhambetov"),
    ("Жамбылской", "Жамбыл", "Jambil", "Zhambyl"),
    ("Қызылорда", "Кызылорда", "Qiziloʻrda", "Kyzylorda"),
])
def test_spellings_of_one_name_share_a_skeleton(spellings: tuple[str, ...]) -> None:
    skeletons = {sm.skeleton(s)[:sm.NAME_CONSONANTS] for s in spellings}
    assert len(skeletons) == 1, skeletons


def test_different_names_have_different_skeletons() -> None:
    names = ["Кушеров", "Махамбетов", "Жумабеков", "Оспанов", "Тараз", "Павлодар"]
    assert len({sm.skeleton(n)[:sm.NAME_CONSONANTS] for n in names}) == len(names)


@pytest.mark.parametrize("text", ["8,4 млрд тенге", "8,4 mlrd tenge", "8 400 млн тенге",
                                  "8,4 миллиарда тенге", "8.4 млрд теңге"])
def test_one_sum_in_any_spelling_is_one_key(text: str) -> None:
    assert sm.number_keys(text) == {"n:8.4e+09": sm.BIG_NUMBER_WEIGHT}


def test_number_keys_scale_years_and_small_counts() -> None:
    keys = sm.number_keys("24 тысячи тонн, 24 мың тонна, 350 рабочих мест, 3 завода, в 2025 году")
    assert keys == {"n:2.4e+04": 1.5, "n:350": 1.0, "y:2025": 0.3}
    assert sm.number_keys("на 8 ноября", small=True) == {"n:8": 0.5}


def test_a_sum_in_two_parts_is_one_key() -> None:
    kk = sm.number_keys("Жобаның құны 8 миллиард 100 миллион теңге.")
    assert kk == sm.number_keys("Стоимость проекта 8,1 млрд тенге.") == {"n:8.1e+09": 1.5}
    # Two sums in a row, or a smaller scale first, stay apart.
    assert set(sm.number_keys("3 млрд и 600 млн")) == {"n:3e+09", "n:6e+08"}
    assert set(sm.number_keys("600 млн 3 млрд")) == {"n:3e+09", "n:6e+08"}


def test_name_keys_skip_sentence_starts_and_legal_forms() -> None:
    keys = sm.name_keys("Строительство ведёт ТОО «Асар Полимер». Аким Ерлан Кушеров доволен.")
    assert set(keys) == {"w:plm", "w:rln", "w:ksr"}  # not Строительство, ТОО, Аким, Асар
    # a gazetteer place gives its canonical skeleton at a low weight, even when it opens
    assert sm.name_keys("Chimkent shahrida")["w:smk"] == sm.PLACE_WEIGHT
    assert sm.name_keys("В Шымкенте")["w:smk"] == sm.PLACE_WEIGHT


def test_headline_number_mismatch_lowers_the_score() -> None:
    text = ("Синоптики обещают в Павлодаре мокрый снег и ветер до 15 метров в секунду. "
            "Температура ночью опустится до минус 12 градусов.")
    a = sm.features("Погода в Павлодаре на 8 ноября", text, "ru")
    b = sm.features("Погода в Павлодаре на 18 ноября", text, "ru")
    same = sm.features("Погода в Павлодаре на 8 ноября", text, "ru")
    assert sm.title_mismatch(a, b) == 0.5 and sm.title_mismatch(a, same) == 0.0
    assert sm.similarity(a, b) < sm.similarity(a, same)


def _features(title: str, text: str, language: str = "ru") -> sm.StoryFeatures:
    return sm.features(title, text, language)


@pytest.mark.parametrize(("title", "text", "language"), [
    (t.REPRINT_TITLE, t.REPRINT_TEXT, "ru"),
    (t.REWRITE_TITLE, t.REWRITE_TEXT, "ru"),
    (t.KK_SAME_TITLE, t.KK_SAME_TEXT, "kk"),
    (t.KK_FOLLOWUP_TITLE, t.KK_FOLLOWUP_TEXT, "kk"),
])
def test_same_event_is_same_story(title: str, text: str, language: str) -> None:
    original = _features(t.ORIGINAL_TITLE, t.ORIGINAL_TEXT)
    assert sm.same_story(original, _features(title, text, language))


@pytest.mark.parametrize(("title", "text", "language"), [
    (t.SAME_DAY_TITLE, t.SAME_DAY_TEXT, "ru"),
    (t.OTHER_TITLE, t.OTHER_TEXT, "ru"),
    (t.KK_TITLE, t.KK_TEXT, "kk"),
])
def test_other_event_is_another_story(title: str, text: str, language: str) -> None:
    original = _features(t.ORIGINAL_TITLE, t.ORIGINAL_TEXT)
    assert not sm.same_story(original, _features(title, text, language))


def test_hashed_features_score_like_plain_ones() -> None:
    a = _features(t.ORIGINAL_TITLE, t.ORIGINAL_TEXT)
    b = _features(t.KK_SAME_TITLE, t.KK_SAME_TEXT, "kk")
    assert sm.similarity(sm.hashed(a), sm.hashed(b)) == pytest.approx(sm.similarity(a, b))


def _labelled_pairs() -> list[tuple[str, bool, bool]]:
    docs: dict[str, sm.StoryFeatures] = {}
    for name in ("articles.tsv", "handwritten_ru.tsv", "handwritten_xl.tsv"):
        with open(PAIRS / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                docs[row["id"]] = _features(row["title"], row["text"], row["language"])
    with open(PAIRS / "pairs.tsv", encoding="utf-8", newline="") as f:
        return [(r["kind"], sm.same_story(docs[r["first"]], docs[r["second"]]),
                 r["same_story"] == "1") for r in csv.DictReader(f, delimiter="\t")]


def _f1(got: list[tuple[bool, bool]]) -> float:
    tp = sum(p and y for p, y in got)
    precision = tp / max(1, sum(p for p, _ in got))
    recall = tp / max(1, sum(y for _, y in got))
    return 2 * precision * recall / (precision + recall) if tp else 0.0


# Cross-language pairs are the target (>= 0.9); the hand-written Russian rewrites share
# fewest facts (sums spelled out, names dropped) and sit at about 0.9. The hand-written
# translations (ru-kk-hand, ru-uz-hand) are all decided right today: the minimum is that.
@pytest.mark.parametrize(("kind", "minimum"), [("ru-kk", 0.9), ("ru-uz", 0.9),
                                               ("ru-ru-rewrite", 0.9), ("ru-ru-hand", 0.85),
                                               ("ru-kk-hand", 0.95), ("ru-uz-hand", 0.95),
                                               ("all", 0.9)])
def test_our_labelled_pairs_reach_their_f1(kind: str, minimum: float) -> None:
    got = [(p, y) for k, p, y in _labelled_pairs() if kind in (k, "all")]
    least = 10 if kind.endswith("-hand") else 20  # ru-uz-hand: 10 events, 10 twins
    assert sum(y for _, y in got) >= least and sum(not y for _, y in got) >= least
    assert _f1(got) >= minimum


def test_the_stems_remembered_at_storing_are_those_a_candidate_would_compute() -> None:
    title = "В Таразе запустили завод по выпуску плитки"
    text = "Компания «Тараз Керамика» вложила 4 млрд тенге, создано 120 рабочих мест."
    samestory.remember(987_654, title, text, sm.hashed(sm.features(title, text, "ru")))
    cached = samestory._STEMS_CACHE[(987_654, hash((title, text)))]
    assert cached == (sm.stems(title), sm.stems(f"{title}\n{text}"))
    # Another text under the same id (another database in this process) is not taken for it.
    assert (987_654, hash((title, "другой текст"))) not in samestory._STEMS_CACHE
