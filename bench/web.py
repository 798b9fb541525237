"""Web app benchmark: render time of every page, and search, on a store of 100,000 articles.

    python bench/web.py [--articles 100000] [--backends sqlite,postgres] [--repeat 7]

Fills a fresh database (a temporary SQLite file; a throwaway PostgreSQL database on
127.0.0.1:5432, user postgres, dropped afterwards) with generated articles: our own Russian
and Kazakh sentences put together at random with random numbers, places and names, so no two
texts repeat; 200 days of them over the built-in sites, about a third relevant, grouped into
stories of one to three articles, and crawl runs for the sources page. Loaded in bulk, the
search index rebuilt once afterwards, then ANALYZE. Each page is then asked through the real
Flask app (read-only connection, in process, no network): one warm-up, then ``--repeat``
timed requests; the table shows the median and the slowest, against the budget (150 ms a
page, 200 ms a search). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, insert, text  # noqa: E402

from bench.store import postgres_url  # noqa: E402
from monitor.config.settings import ALMATY, Config, load_config  # noqa: E402
from monitor.web.app import create_app  # noqa: E402
from monitor.web.context import EXTENSION  # noqa: E402
from storage import searchindex  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import Article, CrawlRun, Story  # noqa: E402
from storage.webqueries import open_read_only  # noqa: E402

DAYS = 200
BATCH = 2000
PAGE_BUDGET_MS = 150.0
SEARCH_BUDGET_MS = 200.0

RU = {
    "subject": ["Акимат области", "Частный инвестор", "Компания из Алматы", "Фонд развития",
                "Местный предприниматель", "Иностранная компания", "Госкорпорация",
                "Фермерское хозяйство", "Холдинг", "Министерство промышленности"],
    "verb": ["построит", "запустит", "модернизирует", "расширит", "откроет", "профинансирует",
             "введёт в эксплуатацию", "проектирует", "закупит оборудование для"],
    "object": ["завод по выпуску труб", "тепличный комплекс", "логистический центр",
               "цех переработки молока", "индустриальную зону", "солнечную электростанцию",
               "мясокомбинат", "фабрику одежды", "элеватор", "кирпичный завод",
               "хранилище овощей", "птицефабрику", "завод строительных материалов"],
    "tail": ["в индустриальной зоне", "на окраине города", "в специальной экономической зоне",
             "рядом с железнодорожной станцией", "в промышленном парке", "в сельском округе"],
    "extra": ["Проект создаст {n} рабочих мест.", "Стоимость проекта составит {m} млрд тенге.",
              "Площадь участка {n} гектаров.", "Первая очередь заработает в {y} году.",
              "Мощность предприятия {n} тысяч тонн продукции в год.",
              "Продукцию будут поставлять в соседние регионы и за рубеж.",
              "Субсидии по программе поддержки получат {n} предприятий.",
              "Строители уже подвели к площадке газ, воду и электроэнергию.",
              "В прошлом году на предприятии работали {n} человек.",
              "Синоптики обещают в {place} мокрый снег и ветер до {n} метров в секунду.",
              "Футбольный клуб из {place} сыграл вничью в домашнем матче."],
}
KK = {
    "subject": ["Облыс әкімдігі", "Жеке инвестор", "Алматылық компания", "Даму қоры",
                "Жергілікті кәсіпкер", "Шетелдік компания", "Шаруа қожалығы", "Холдинг"],
    "verb": ["салады", "іске қосады", "жаңғыртады", "кеңейтеді", "ашады", "қаржыландырады"],
    "object": ["құбыр шығаратын зауыт", "жылыжай кешені", "логистикалық орталық",
               "сүт өңдейтін цех", "индустриалды аймақ", "күн электр станциясы",
               "ет комбинаты", "тігін фабрикасы", "астық қоймасы", "кірпіш зауыты",
               "көкөніс қоймасы", "құс фабрикасы"],
    "tail": ["индустриалды аймақта", "қала шетінде", "арнайы экономикалық аймақта",
             "теміржол бекетінің жанында", "өнеркәсіптік паркте", "ауылдық округте"],
    "extra": ["Жоба {n} жаңа жұмыс орнын ашады.", "Жобаның құны {m} млрд теңге.",
              "Жер телімінің аумағы {n} гектар.", "Бірінші кезек {y} жылы іске қосылады.",
              "Кәсіпорынның қуаты жылына {n} мың тонна өнім.",
              "Өнім көрші облыстарға және шетелге жеткізіледі.",
              "Қолдау бағдарламасы бойынша {n} кәсіпорын субсидия алады.",
              "Құрылысшылар алаңға газ, су және электр жеткізді.",
              "{place} қаласында жаңбыр мен қар жауады, жел {n} метрге дейін күшейеді.",
              "{place} футбол клубы үй алаңында тең ойнады."],
}
PLACES = {"ru": ["Шымкенте", "Таразе", "Туркестане", "Актобе", "Караганде", "Павлодаре",
                 "Костанае", "Уральске", "Атырау", "Кызылорде", "Семее", "Кентау"],
          "kk": ["Шымкент", "Тараз", "Түркістан", "Ақтөбе", "Қарағанды", "Павлодар",
                 "Қостанай", "Орал", "Атырау", "Қызылорда", "Семей", "Кентау"]}


def sentence(rng: random.Random, lang: str) -> str:
    words = RU if lang == "ru" else KK
    place = rng.choice(PLACES[lang])
    if rng.random() < 0.45:
        return rng.choice(words["extra"]).format(n=rng.randint(2, 900), m=rng.randint(1, 90),
                                                 y=rng.randint(2026, 2031), place=place)
    if lang == "ru":
        return (f"{rng.choice(words['subject'])} в {place} {rng.choice(words['verb'])} "
                f"{rng.choice(words['object'])} {rng.choice(words['tail'])}.")
    return (f"{rng.choice(words['subject'])} {place} {rng.choice(words['tail'])} "
            f"{rng.choice(words['object'])} {rng.choice(words['verb'])}.")


def article_row(rng: random.Random, i: int, site: str, seen: datetime,
                story_id: int) -> dict[str, Any]:
    lang = "kk" if rng.random() < 0.35 else "ru"
    paragraphs = [f"Номер {i} · " + " ".join(sentence(rng, lang) for _ in range(4))
                  for _ in range(rng.randint(3, 6))]
    text_ = "\n".join(paragraphs)
    title = sentence(rng, lang).rstrip(".")[:140]
    relevant = rng.random() < 0.33
    digest = hashlib.sha256(text_.encode()).hexdigest()
    simhash = int(digest[:15], 16)
    return {
        "url": f"https://{site}.example.kz/news/{i}", "canonical_url":
        f"https://{site}.example.kz/news/{i}", "site": site, "title": title, "author": None,
        "language": lang, "published": seen - timedelta(minutes=rng.randint(5, 300)),
        "first_seen": seen, "relevant": relevant, "score": 3.0 if relevant else 0.5,
        "topics": ["industrial_zones", "regional_economy"] if relevant else [],
        "content_hash": digest, "simhash": simhash, "band0": simhash & 0xFFFF,
        "band1": simhash >> 16 & 0xFFFF, "band2": simhash >> 32 & 0xFFFF,
        "band3": simhash >> 48 & 0x7FFF, "duplicate_of": None, "story_id": story_id,
        "crawl_run_id": None, "sketch_size": 0, "text": text_,
        "matched_terms": {"industrial_zones": ["индустриальн* зон*"]} if relevant else {},
        "places": [rng.choice(["Шымкент", "Тараз", "Туркестанская область"])],
        "figures": [{"kind": "money", "value": float(rng.randint(1, 90)) * 1e9,
                     "currency": "KZT", "raw": f"{rng.randint(1, 90)} млрд тенге"}]
        if relevant else [],
    }


def fill(engine: Engine, config: Config, count: int, seed: int = 14) -> dict[str, Any]:
    """Bulk-load ``count`` articles (and their stories, and crawl runs) into ``engine``."""
    rng = random.Random(seed)
    sites = [s.name for s in config.enabled_sites()]
    now = datetime.now(UTC)
    with engine.begin() as conn:
        searchindex.drop(conn)  # filled once at the end: much faster than per row
    story_id, i = 0, 0
    with engine.begin() as conn:
        while i < count:
            stories, articles = [], []
            while len(articles) < BATCH and i < count:
                story_id += 1
                seen = now - timedelta(days=DAYS * i / count, minutes=rng.randint(0, 59))
                size = min(rng.choice((1, 1, 1, 2, 3)), count - i)
                group = [article_row(rng, i + k, rng.choice(sites), seen, story_id)
                         for k in range(size)]
                stories.append({"id": story_id, "title": group[0]["title"],
                                "first_seen": seen, "updated": seen})
                articles += group
                i += size
            conn.execute(insert(Story), stories)
            conn.execute(insert(Article), articles)
        conn.execute(insert(CrawlRun), [
            {"site": site, "started": now - timedelta(hours=6 * k), "finished": now -
             timedelta(hours=6 * k - 1), "status": "ok" if k % 9 else "failed",
             "pages_fetched": 40, "new_articles": 10, "duplicates": 1, "relevant": 3,
             "skipped": {"exists": 20}, "errors": 0 if k % 9 else 3, "error": None if k % 9
             else "HTTP 503", "error_samples": []}
            for site in sites for k in range(1, 25)])
        searchindex.create(conn)
        conn.execute(text("ANALYZE"))
    return {"stories": story_id, "middle_story": story_id // 2, "middle_article": count // 2}


def pages(sample: dict[str, Any]) -> list[tuple[str, str, float]]:
    today = datetime.now(ALMATY).date()
    day = (today - timedelta(days=DAYS // 2)).isoformat()
    return [
        ("digest, today", "/", PAGE_BUDGET_MS),
        ("digest, a day 100 days ago", f"/digest/{day}", PAGE_BUDGET_MS),
        ("digest, filtered (lang=kk)", f"/digest/{day}?lang=kk", PAGE_BUDGET_MS),
        ("digest JSON", f"/api/digest/{day}", PAGE_BUDGET_MS),
        ("story", f"/story/{sample['middle_story']}", PAGE_BUDGET_MS),
        ("article", f"/article/{sample['middle_article']}", PAGE_BUDGET_MS),
        ("sources (62 sites, 30-day charts)", "/sources", PAGE_BUDGET_MS),
        ("search: common word, ru (индустриальной)",
         "/search?q=%D0%B8%D0%BD%D0%B4%D1%83%D1%81%D1%82%D1%80%D0%B8%D0%B0%D0%BB%D1%8C"
         "%D0%BD%D0%BE%D0%B9", SEARCH_BUDGET_MS),
        ("search: kk form (аймақтарында), lang=kk",
         "/search?lang=kk&q=%D0%B0%D0%B9%D0%BC%D0%B0%D2%9B%D1%82%D0%B0%D1%80%D1%8B%D0%BD"
         "%D0%B4%D0%B0", SEARCH_BUDGET_MS),
        ("search: two words (завод Таразе), page 5",
         "/search?page=5&q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4+%D0%A2%D0%B0%D1%80%D0%B0%D0%B7%D0%B5",
         SEARCH_BUDGET_MS),
        ("search: rare (Номер 4242)", "/search?q=%D0%9D%D0%BE%D0%BC%D0%B5%D1%80+4242",
         SEARCH_BUDGET_MS),
        ("search: no match (криптобиржа)",
         "/search?q=%D0%BA%D1%80%D0%B8%D0%BF%D1%82%D0%BE%D0%B1%D0%B8%D1%80%D0%B6%D0%B0",
         SEARCH_BUDGET_MS),
    ]


def measure(url: str, config: Config, sample: dict[str, Any], repeat: int) -> list[str]:
    engine, sessions = open_read_only(url)
    app = create_app(config, sessions, "127.0.0.1")
    client = app.test_client()
    rows = []
    try:
        health = app.extensions[EXTENSION].health
        reads = []
        for _ in range(3):  # what the background thread does after a crawl run changed
            start = time.perf_counter()
            health.refresh()
            reads.append((time.perf_counter() - start) * 1000)
        rows.append(f"| sources' health read (background, after a crawl; not a request) | "
                    f"{statistics.median(reads):.0f} | {max(reads):.0f} | - | |")
        for name, path, budget in pages(sample):
            times = []
            for attempt in range(repeat + 1):
                start = time.perf_counter()
                answer = client.get(path, headers={"Host": "127.0.0.1"})
                elapsed = (time.perf_counter() - start) * 1000
                assert answer.status_code == 200, (path, answer.status_code)
                if attempt:  # the first one warms caches and the connection pool
                    times.append(elapsed)
            median, worst = statistics.median(times), max(times)
            verdict = "ok" if worst < budget else "median ok" if median < budget else "OVER"
            rows.append(f"| {name} | {median:.0f} | {worst:.0f} | {budget:.0f} | {verdict} |")
    finally:
        engine.dispose()
    return rows


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str | None]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'web.db'}"
        return
    with postgres_url("newsmon_bench_web") as url:
        yield url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    config = load_config(environ={}, data={})  # the built-in sites
    print("| page | median ms | slowest ms | budget ms | |")
    print("|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-web-") as tmp:
        for backend in args.backends.split(","):
            with database(backend, Path(tmp)) as url:
                if url is None:
                    continue
                engine, _ = open_database(url)
                started = time.perf_counter()
                sample = fill(engine, config, args.articles)
                engine.dispose()
                print(f"| **{backend}**: {args.articles} articles, {sample['stories']} stories, "
                      f"loaded and indexed in {time.perf_counter() - started:.0f} s; load "
                      f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores | | | | |",
                      flush=True)
                for row in measure(url, config, sample, args.repeat):
                    print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
