"""Extraction benchmark: body token-F1 and date accuracy, trafilatura alone vs extract_article.

    python bench/extraction.py [--eval-dir ../shared/eval/extraction]

Reads the shared evaluation pages at run time (never copied into the project) and prints a
markdown table; exits 0 without output rows when the folder is absent. All four sets:
scrapinghub (body F1, and its Russian subset), htmldate-cyrillic (date accuracy), fundus-ru
(body F1 against the paragraph gold), trafilatura-ru (share of the must-contain snippets found
and must-not-contain snippets absent). The residue row counts, over the bodies of every page of
the four sets, the lines that are site furniture (RESIDUE: calls to subscribe, read-also lines,
"write to the author", copyright and reprint notices, donation details, crumbs, share lines,
advertising markers, channel promos, contact calls, source and photo credits, disclaimers,
rubric tags); 0 is the target.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from htmldate import find_date

from monitor.article.extract import NotAnArticle, extract_article

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"
_TOKEN = re.compile(r"\w+")
# Whole-line furniture that must not be left in a body (matched case-insensitively at the start
# of a line, or as the whole line).
RESIDUE = re.compile(
    r"^(?:Подписывайтесь|Подпишитесь|Подписаться|Присоединяйтесь|Читайте нас|Subscribe"
    r"|Follow us|Читайте (?:также|ещ[её]|материал)|Тағы оқыңыз|Оқи отырыңыз|Шунингдек ўқинг"
    r"|Batafsil:|Написать автору|Авторға жазу|Нашли ошибку|©|Copyright|Поддержать редакцию"
    r"|Поддержите редакцию|IBAN|Главная\s*[/»›>]|Басты бет\s*[/»›>]|Поделиться|Бөлісу"
    r"|Share\b|На правах рекламы|Реклама$|Жарнама$|Advertisement$"
    # channel promos, contact calls, credits, disclaimers, rubric tags (monitor.article.furniture)
    r"|Наш канал|Мы в (?:Telegram|Instagram|Facebook|YouTube|Дзен|VK)|Telegram kanalimiz"
    r"|Биз Телеграмда|Есть информация\?|Реклама:\s*\+|Источник:|По материалам [A-ZА-ЯЁ«]"
    r"|Дереккөз:|Манба:|Manba:|Суретті түсірген|Сурат:|Сурат муаллифи|Foto:"
    r"|Не является индивидуальной инвестиционной|Материал носит информационный"
    r"|Вам может быть интересно|Читать далее|Ulashing$"
    # issue 13 round 4: comment counters, byline labels, share words in ky/uk (residue.py)
    r"|Комментарии\s*\(\d+\)$|Пікірлер\s*\(\d+\)$|Izohlar\s*\(\d+\)$|Автор:\s*Редакция$"
    r"|Бөлүшүү$|Поділитися$|Jarnama$"
    # issue 13 round 7: counters, reading time, credits of the region's languages, read-also
    # without a colon, interview credits, share and save calls (monitor.article.widgets)
    r"|Просмотров:\s*[\d ]+$|Қаралым(?: саны)?:\s*[\d ]+$|Время чтения:|Оқу уақыты:|Mənbə:"
    r"|Kaynak:|Çeşme:|Акс:|Гэрэл зураг:|Ўқинг:|Сондай-ақ оқыңыз|Беседовал[аи]? |Перевод:"
    r"|Сұхбаттасқан:|Abone olun$|Paylaş$|Мубодила кунед$|Сақтап қойыңыз|Написать в редакцию:"
    r"|Авторға жазу:|Спорт$|Экономика$|Погода / )"
    r"|.*(?:жазылыңыз|obuna bo\S?ling|обуна бўлинг|все права защищены|all rights reserved"
    r"|сілтеме міндетті|ссылка (?:на [^.]{0,40})?обязательна|может не совпадать с (?:позицией"
    r"|мнением) редакции|сәйкес келмеуі мүмкін|тавсияси эмас|tavsiyasi emas"
    r"| · (?:все новости|подписка|Бөлісу|Фото)|ctrl\s*\+\s*enter|используем (?:файлы )?cookie"
    r"|we use cookies|курсы валют обновляются|App Store \| Google Play|включите уведомления"
    r"|хабарламаларды қосыңыз|дўстларингизга улашинг|сохраните, чтобы не потерять)\W*$", re.I)


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-tokens F1, as in scrapinghub/article-extraction-benchmark."""
    pred, ref = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(gold.lower()))
    common = sum((pred & ref).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def _ours(html: bytes, url: str) -> str:
    try:
        return extract_article(html, url, min_text_chars=0).text
    except NotAnArticle:
        return ""


def _trafilatura(html: bytes, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def _body_rows(folder: Path, ids: set[str] | None = None) -> list[tuple[str, float, float]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    systems: list[tuple[str, Callable[[bytes, str], str]]] = [
        ("trafilatura.extract (defaults)", _trafilatura), ("extract_article", _ours)]
    pages = {key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
             for key in truth if ids is None or key in ids}
    for name, system in systems:
        started = time.perf_counter()
        scores = [token_f1(system(html, truth[key]["url"]), truth[key]["articleBody"])
                  for key, html in pages.items()]
        elapsed = (time.perf_counter() - started) / max(len(pages), 1) * 1000
        rows.append((name, sum(scores) / max(len(scores), 1), elapsed))
    return rows


def _fundus_pages(folder: Path) -> list[tuple[bytes, str, str]]:
    """(html, url, gold body) of each fundus page: summary and section paragraphs."""
    pages = []
    for gold_file in sorted(folder.glob("*/*.json")):
        meta = json.loads((gold_file.parent / "meta.info").read_text(encoding="utf-8"))
        for name, info in meta.items():
            if not name.startswith(gold_file.stem):
                continue
            gold = next(iter(json.loads(gold_file.read_text(encoding="utf-8")).values()))
            parts = list(gold["body"].get("summary", []))
            for section in gold["body"]["sections"]:
                parts += section.get("headline", []) + section.get("paragraphs", [])
            html = gzip.decompress((gold_file.parent / name).read_bytes())
            pages.append((html, info["url"], "\n".join(parts)))
    return pages


def _fundus_rows(folder: Path) -> list[tuple[str, float, float]]:
    pages = _fundus_pages(folder)
    rows = []
    for name, system in (("trafilatura.extract (defaults)", _trafilatura),
                         ("extract_article", _ours)):
        started = time.perf_counter()
        scores = [token_f1(system(html, url), gold) for html, url, gold in pages]
        elapsed = (time.perf_counter() - started) / max(len(pages), 1) * 1000
        rows.append((name, sum(scores) / max(len(scores), 1), elapsed))
    return rows


def _snippet_rows(folder: Path) -> list[tuple[str, float, float]]:
    """Share of trafilatura's must-contain snippets present and must-not snippets absent."""
    rows = []
    for name, system in (("trafilatura.extract (defaults)", _trafilatura),
                         ("extract_article", _ours)):
        hits = total = 0
        started = time.perf_counter()
        for gold_file in sorted(folder.glob("evaldata.*.json")):
            for url, item in json.loads(gold_file.read_text(encoding="utf-8")).items():
                text = system((folder / item["file"]).read_bytes(), url)
                hits += sum(s in text for s in item["with"])
                hits += sum(s not in text for s in item["without"])
                total += len(item["with"]) + len(item["without"])
        elapsed = (time.perf_counter() - started) / max(total, 1) * 1000
        rows.append((name, hits / max(total, 1), elapsed))
    return rows


def _all_pages(root: Path) -> list[tuple[bytes, str]]:
    pages: list[tuple[bytes, str]] = []
    hub = root / "scrapinghub"
    if hub.is_dir():
        truth = json.loads((hub / "ground-truth.json").read_text(encoding="utf-8"))
        pages += [(gzip.decompress((hub / "html" / f"{key}.html.gz").read_bytes()), item["url"])
                  for key, item in truth.items()]
    dates = root / "htmldate-cyrillic" / "dates.json"
    if dates.is_file():
        pages += [((dates.parent / "html" / item["file"]).read_bytes(), url)
                  for url, item in json.loads(dates.read_text(encoding="utf-8")).items()]
    if (root / "fundus-ru").is_dir():
        pages += [(html, url) for html, url, _ in _fundus_pages(root / "fundus-ru")]
    for gold_file in sorted((root / "trafilatura-ru").glob("evaldata.*.json")):
        pages += [((gold_file.parent / item["file"]).read_bytes(), url)
                  for url, item in json.loads(gold_file.read_text(encoding="utf-8")).items()]
    return pages


def residue_lines(root: Path) -> tuple[int, int, list[str]]:
    """(furniture lines left, pages, the first few of them) over every page of the sets."""
    pages = _all_pages(root)
    found = [line for html, url in pages for line in _ours(html, url).split("\n")
             if RESIDUE.match(line.strip())]
    return len(found), len(pages), found[:10]


def _date_rows(folder: Path) -> list[tuple[str, float, float]]:
    gold = json.loads((folder / "dates.json").read_text(encoding="utf-8"))
    pages = {url: ((folder / "html" / item["file"]).read_bytes(), item["date"])
             for url, item in gold.items()}

    def ours(html: bytes, url: str) -> str | None:
        try:
            published = extract_article(html, url, min_text_chars=0).published
        except NotAnArticle:
            return None
        return published.date().isoformat() if published else None

    def htmldate(html: bytes, url: str) -> str | None:
        return find_date(html.decode("utf-8", "replace"), url=url, original_date=True)

    rows = []
    for name, system in (("htmldate.find_date (original_date)", htmldate),
                         ("extract_article", ours)):
        started = time.perf_counter()
        hits = sum(system(html, url) == day for url, (html, day) in pages.items())
        elapsed = (time.perf_counter() - started) / max(len(pages), 1) * 1000
        rows.append((name, hits / max(len(pages), 1), elapsed))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    root: Path = args.eval_dir
    if not root.is_dir():
        print(f"skipped: {root} not found")
        return 0
    print("| set | system | score | ms/page |\n|---|---|---|---|")
    sets = [("scrapinghub body F1", root / "scrapinghub", _body_rows),
            ("htmldate-cyrillic date accuracy", root / "htmldate-cyrillic", _date_rows)]
    for label, folder, measure in sets:
        if not folder.is_dir():
            continue
        for name, score, ms in measure(folder):
            print(f"| {label} | {name} | {score:.3f} | {ms:.0f} |")
    for label, folder, measure in (
            ("fundus-ru body F1", root / "fundus-ru", _fundus_rows),
            ("trafilatura-ru snippets right", root / "trafilatura-ru", _snippet_rows)):
        if folder.is_dir():
            for name, score, ms in measure(folder):
                print(f"| {label} | {name} | {score:.3f} | {ms:.0f} |")
    russian = root / "scrapinghub" / "ground-truth.russian-subset.json"
    if russian.is_file():
        ids = set(json.loads(russian.read_text(encoding="utf-8")))
        for name, score, ms in _body_rows(root / "scrapinghub", ids):
            print(f"| scrapinghub Russian subset ({len(ids)}) body F1 | {name} | {score:.3f} "
                  f"| {ms:.0f} |")
    left, pages, examples = residue_lines(root)
    print(f"| residue lines left in bodies ({pages} pages) | extract_article | {left} | |")
    for line in examples:
        print(f"<!-- residue: {line[:80]} -->")
    return 0


if __name__ == "__main__":
    sys.exit(main())
