"""End-to-end crawl benchmark: a generated local news site of a few thousand article pages.

    python bench/crawl.py [--pages 3000] [--workers 0]

Generates a site (sitemap index -> sitemaps -> article pages with realistic boilerplate, our
own generated Russian and Kazakh text), serves it on 127.0.0.1, and in one run measures:

1. trafilatura alone: ``trafilatura.extract`` on every page file, one process;
2. newsmon's article pipeline alone (``analyze_page``), one process;
3. the whole crawl: ``newsmon crawl`` (Scrapy engine, HTTP, extraction in worker processes,
   storage into a fresh SQLite database), with crawl.workers as given.

Peak memory is the largest resident set (RSS) and proportional set (PSS: shared pages counted
once) of the process tree, sampled every 50 ms from /proc; for the crawl, of the crawl's own
processes (the crawl process and its workers), not of this benchmark.
Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from monitor.article.analysis import analyze_page  # noqa: E402
from monitor.article.extract import NotAnArticle  # noqa: E402
from monitor.config.settings import load_config  # noqa: E402
from monitor.crawl.runner import run_crawl  # noqa: E402
from monitor.demo.localsite import LocalSite  # noqa: E402

# Sentence parts of our own; combined at random so that every page's text is different.
RU_SUBJECTS = ["Акимат области", "Управление предпринимательства", "Инвестор из Китая",
               "Районный акимат", "Региональный координационный совет", "Местная компания"]
RU_VERBS = ["одобрил", "представил", "запустил", "обсудил", "профинансировал", "расширил"]
RU_OBJECTS = ["проект индустриальной зоны", "строительство цементного завода",
              "модернизацию тепличного комплекса", "план развития малого промышленного парка",
              "программу подведения инфраструктуры", "новую линию по переработке хлопка"]
KK_SUBJECTS = ["Облыс әкімдігі", "Кәсіпкерлік басқармасы", "Шетелдік инвестор",
               "Аудан әкімдігі", "Өңірлік кеңес", "Жергілікті серіктестік"]
KK_VERBS = ["мақұлдады", "таныстырды", "іске қосты", "талқылады", "қаржыландырды"]
KK_OBJECTS = ["индустриалды аймақ жобасын", "цемент зауытының құрылысын",
              "жылыжай кешенін жаңғыртуды", "шағын өнеркәсіп паркін дамыту жоспарын",
              "инфрақұрылым тарту бағдарламасын"]
PLACES = ["Шымкент", "Туркестан", "Кентау", "Арысь", "Сарыагаш", "Талдыкорган", "Жаркент"]

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - Бенч Жаңалықтар</title>
<meta property="article:published_time" content="2026-11-2{day}T1{hour}:15:00+05:00">
</head><body>
<header><nav><a href="/">Главная</a> <a href="/economy/">Экономика</a></nav>
<div class="ticker">USD: 510.1 / 514.1 EUR: 594.5 / 599.5</div></header>
<main><article><h1>{title}</h1><p class="meta">2{day}.11.2026</p>
{paragraphs}
<p>Фото: пресс-служба акимата</p><p>#экономика #инвестиции</p></article>
<aside><h3>Популярное</h3><ol>{popular}</ol></aside></main>
<footer>© Бенч Жаңалықтар, 2026</footer></body></html>
"""


SYLLABLES = ["ка", "ра", "то", "ли", "ме", "ны", "со", "ве", "ду", "за", "пи", "го", "ру", "те"]
KK_SYLLABLES = ["қа", "ғы", "ұл", "өр", "ің", "әл", "тү", "ба", "ды", "ке", "сі", "ма"]


def _filler(rng: random.Random, kk: bool) -> str:
    """A random made-up word: real articles share few 4-word runs, and neither should ours
    (fixed fragments alone would make every page a near-duplicate candidate of every other)."""
    parts = KK_SYLLABLES if kk else SYLLABLES
    return "".join(rng.choice(parts) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, kk: bool) -> str:
    subjects, verbs, objects = ((KK_SUBJECTS, KK_VERBS, KK_OBJECTS) if kk
                                else (RU_SUBJECTS, RU_VERBS, RU_OBJECTS))
    amount = rng.randint(2, 900)
    unit = "млрд теңге" if kk else "млрд тенге"
    return (f"{rng.choice(subjects)} {_filler(rng, kk)} ({rng.choice(PLACES)}) "
            f"{rng.choice(verbs)} {_filler(rng, kk)} {rng.choice(objects)} {_filler(rng, kk)} "
            f"на {amount} {unit}, номер {rng.randint(1, 10**6)}.")


def generate_site(root: Path, pages: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    (root / "news").mkdir(parents=True)
    files: list[Path] = []
    for i in range(pages):
        kk = i % 3 == 0
        paragraphs = "\n".join(
            "<p>" + " ".join(_sentence(rng, kk) for _ in range(4)) + "</p>" for _ in range(5))
        popular = "".join(f"<li>{n}. Новость дня {rng.randint(1, 999)} "
                          f"<span>{rng.randint(100, 9999)}</span></li>" for n in range(1, 6))
        title = _sentence(rng, kk)[:90]
        html = PAGE.format(lang="kk" if kk else "ru", title=title, day=i % 3,
                           hour=i % 10, paragraphs=paragraphs, popular=popular)
        path = root / "news" / f"{i}.html"
        path.write_text(html, "utf-8")
        files.append(path)
    chunk = 1000
    maps = []
    for start in range(0, pages, chunk):
        name = f"sitemap-{start // chunk}.xml"
        urls = "".join(f"<url><loc>{{{{BASE}}}}/news/{i}.html</loc></url>"
                       for i in range(start, min(pages, start + chunk)))
        (root / name).write_text('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
                                 f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')
        maps.append(name)
    index = "".join(f"<sitemap><loc>{{{{BASE}}}}/{m}</loc></sitemap>" for m in maps)
    (root / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                                      f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                      f'{index}</sitemapindex>')
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return files


def process_table() -> dict[int, tuple[int, int, int, str]]:
    """pid -> (ppid, process group, RSS bytes, state letter) of every process (from /proc)."""
    page = os.sysconf("SC_PAGE_SIZE")
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), int(fields[2]), int(fields[21]) * page,
                             fields[0].decode())
    return table


def pss(pid: int) -> int:
    """Proportional set size in bytes (shared pages divided among their sharers), 0 if gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree(root_pid: int, with_root: bool) -> tuple[int, int]:
    """(RSS, PSS) bytes of root_pid's descendants, and of root_pid itself when asked."""
    table = process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, *_) in table.items():
        children.setdefault(ppid, []).append(pid)
    rss = pss_total = 0
    todo = [root_pid] if with_root else list(children.get(root_pid, []))
    while todo:
        pid = todo.pop()
        rss += table[pid][2] if pid in table else 0
        pss_total += pss(pid)
        todo.extend(children.get(pid, []))
    return rss, pss_total


def measure(fn: Callable[[], int], children_only: bool = False
            ) -> tuple[int, float, int, int]:
    """Run fn (returns items done); (items, seconds, peak RSS, peak PSS) of this process's tree,
    or of its children only (a crawl's own processes, not this benchmark's)."""
    peak = list(_tree(os.getpid(), not children_only))
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            rss, pss_now = _tree(os.getpid(), not children_only)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss_now)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    items = fn()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return items, seconds, peak[0], peak[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=0, help="crawl.workers (0 = CPU count)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-") as tmp:
        root = Path(tmp) / "site"
        files = generate_site(root, args.pages)

        def trafilatura_alone() -> int:
            return sum(1 for f in files if trafilatura.extract(f.read_bytes()))

        def pipeline_alone() -> int:
            count = 0
            for f in files:
                try:
                    analyze_page(f.read_bytes(), content_type="text/html; charset=utf-8")
                    count += 1
                except NotAnArticle:
                    pass
            return count

        rows = [("trafilatura.extract alone (1 process, files)", *measure(trafilatura_alone)),
                ("newsmon analyze_page alone (1 process, files)", *measure(pipeline_alone))]
        with LocalSite(root) as site:
            config = load_config(environ={}, data={
                "data_dir": str(Path(tmp) / "data"),
                "crawl": {"download_delay": 0, "autothrottle": False,
                          "concurrency_per_domain": 16, "workers": args.workers,
                          "max_articles_per_site": args.pages + 10,
                          "time_limit_minutes": 60},
                "sites": [{"name": "bench", "sitemaps": [f"{site.base_url}/sitemap.xml"],
                           "article_pattern": r"/news/\d+\.html$"}],
            })

            def crawl() -> int:
                summary = run_crawl(config)[0]
                if summary.status != "ok":
                    raise SystemExit(f"crawl failed: {summary.error}")
                return summary.new_articles + summary.duplicates

            rows.append((f"newsmon crawl end to end (HTTP + extract + SQLite, "
                         f"workers={args.workers or os.cpu_count()}; memory of the crawl's "
                         "processes)", *measure(crawl, children_only=True)))
    base_rate = rows[0][1] / rows[0][2]
    print(f"{args.pages} generated pages, {os.cpu_count()} cores, "
          f"max RSS of any child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}"
          " MiB\n")
    print("| run | pages | seconds | pages/s | vs trafilatura alone | peak RSS (tree) "
          "| peak PSS (tree) |")
    print("|---|---|---|---|---|---|---|")
    for name, items, seconds, peak, peak_pss in rows:
        rate = items / seconds
        print(f"| {name} | {items} | {seconds:.1f} | {rate:.0f} | {rate / base_rate:.2f}x | "
              f"{peak / 2**20:.0f} MiB | {peak_pss / 2**20:.0f} MiB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
