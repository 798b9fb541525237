"""news-please side by side with newsmon on the same local pages, in one run (issue 17).

    python bench/newsplease_side.py [--pages 1000] [--workers 0] [--newsplease-python PATH]

Generates bench/crawl.py's site (sitemap index -> sitemaps -> article pages, our own generated
Russian and Kazakh text; the html lang attribute says which), plus what news-please's crawler
needs to start on a site: a front page and a ``Sitemap:`` line in robots.txt. Serves it on
127.0.0.1 port 80: news-please takes the allowed domain from the site URL with its port, and
Scrapy's offsite filter drops every request of a domain written with a port. Then measures:

1. news-please library mode: ``NewsPlease.from_html(html, url=..., fetch_images=False)`` on
   every page file, one process (bench/newsplease_lib.py);
2. news-please crawler mode: its own CLI (``news-please -c CONFIG_DIR -no-confirm``) with a
   generated config directory: SitemapCrawler on the site, images off, JSON files out;
3. newsmon's crawl end to end (bench/crawl.py's settings: HTTP, extraction in worker
   processes, storing into a fresh SQLite database).

news-please is not installed into newsmon's venv (it would downgrade cssselect, which newsmon
needs): it runs from its own venv, by default ~/.cache/newsmon-bench/newsplease (created with
``python -m venv`` + ``pip install news-please`` when missing); if it cannot be installed or
imported the benchmark says so in one line and exits 0.

CPU is user + system time of the run's whole process tree: resource.getrusage(RUSAGE_CHILDREN)
around it (every process of these trees is waited for by its parent), or, if larger, the sum
of each process's CPU when last sampled from /proc. Peak RSS and PSS are of the same tree,
sampled every 50 ms from /proc. The local server runs in this benchmark's process and is
counted in no row. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crawl import generate_site, process_table, pss  # noqa: E402

from monitor.config.settings import load_config  # noqa: E402
from monitor.crawl.runner import run_crawl  # noqa: E402
from monitor.demo.localsite import LocalSite  # noqa: E402

DEFAULT_VENV = Path.home() / ".cache" / "newsmon-bench" / "newsplease"
LIBRARY_HELPER = ROOT / "bench" / "newsplease_lib.py"
PROBE = "import os, newsplease; print(os.path.dirname(newsplease.__file__))"
LANG = re.compile(rb'<html lang="([a-z]+)"')
FRONT_PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Бенч Жаңалықтар</title></head><body>
<h1>Бенч Жаңалықтар</h1><ul>{links}</ul></body></html>
"""


# -- news-please's interpreter -------------------------------------------------------------

def newsplease_python(given: str | None) -> tuple[Path | None, str]:
    """(interpreter that imports newsplease, its package directory), or (None, why not)."""
    if given:
        python = Path(given)
    else:
        python = DEFAULT_VENV / "bin" / "python"
        if not python.exists():
            print(f"creating {DEFAULT_VENV} (python -m venv + pip install news-please)...",
                  file=sys.stderr)
            try:
                subprocess.run([sys.executable, "-m", "venv", "--clear", str(DEFAULT_VENV)],
                               check=True, capture_output=True, timeout=300)
                subprocess.run([str(python), "-m", "pip", "install", "-q", "news-please"],
                               check=True, capture_output=True, timeout=1800)
            except (OSError, subprocess.SubprocessError) as exc:
                return None, f"news-please cannot be installed ({exc})"
    try:
        probe = subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True,
                               timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"news-please cannot be imported ({exc})"
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        return None, f"news-please cannot be imported with {python} ({last})"
    return python, probe.stdout.strip()


def child_env() -> dict[str, str]:
    """This environment less what would point another interpreter at newsmon's packages."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


# -- measuring a process tree ----------------------------------------------------------------

def _cpu_ticks(pid: int) -> int:
    """User + system clock ticks of a live process (0 if gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return 0


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@dataclass
class TreeWatch:
    """Peak RSS/PSS of a process tree (sampled every 50 ms), its CPU (of the children this
    process waited for meanwhile, or the sampled sum if larger), and when processes whose
    command line holds ``tag`` were first and last seen."""

    root_pid: int
    with_root: bool
    tag: str = ""
    peak_rss: int = 0
    peak_pss: int = 0
    cpu: float = 0.0
    seconds: float = 0.0
    tag_first: float | None = None
    tag_last: float | None = None
    _done: threading.Event = field(default_factory=threading.Event)
    _seen: dict[int, bool] = field(default_factory=dict)
    _ticks: dict[int, int] = field(default_factory=dict)  # pid -> CPU ticks when last seen

    def _pids(self) -> list[int]:
        table = process_table()
        children: dict[int, list[int]] = {}
        for pid, (ppid, *_) in table.items():
            children.setdefault(ppid, []).append(pid)
        found: list[int] = []
        todo = [self.root_pid] if self.with_root else list(children.get(self.root_pid, []))
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        rss = sum(table[pid][2] for pid in found if pid in table)
        self.peak_rss = max(self.peak_rss, rss)
        return found

    def _sample(self) -> None:
        while True:
            pids = self._pids()
            self.peak_pss = max(self.peak_pss, sum(pss(pid) for pid in pids))
            for pid in pids:
                self._ticks[pid] = max(self._ticks.get(pid, 0), _cpu_ticks(pid))
            if self.tag:
                now = time.perf_counter()
                for pid in pids:
                    if pid not in self._seen:
                        self._seen[pid] = self.tag in _cmdline(pid)
                    if self._seen[pid]:
                        self.tag_first = self.tag_first or now
                        self.tag_last = now
            if self._done.wait(0.05):
                return

    def __enter__(self) -> TreeWatch:
        self._usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start
        self._done.set()
        self._thread.join()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        waited = ((usage.ru_utime - self._usage.ru_utime)
                  + (usage.ru_stime - self._usage.ru_stime))
        # A process that nobody waited for is missing from RUSAGE_CHILDREN: its CPU when last
        # sampled is the floor.
        self.cpu = max(waited, sum(self._ticks.values()) / os.sysconf("SC_CLK_TCK"))


@dataclass
class Row:
    name: str
    stored: int
    seconds: float
    cpu: float
    peak_rss: int
    peak_pss: int
    with_text: dict[str, int]  # language -> stored pages with a non-empty main text


# -- the three runs --------------------------------------------------------------------------

def library_mode(python: Path, base: str, files: list[Path], langs: dict[str, str]) -> Row:
    proc = subprocess.Popen([str(python), str(LIBRARY_HELPER), base, *map(str, files)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    with TreeWatch(proc.pid, with_root=True) as watch:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"news-please library mode failed (exit {proc.returncode}):\n"
                         + err.decode(errors="replace")[-2000:])
    result = json.loads(out)
    texts = _by_language(result["with_text"], langs)
    # its own loop's time and CPU: the interpreter's start and imports are left out
    return Row("news-please library mode: `from_html(fetch_images=False)`, 1 process, files "
               "(pages processed)",
               result["pages"], result["seconds"], result["cpu_seconds"],
               watch.peak_rss, watch.peak_pss, texts)


def crawler_config(package_dir: str, config_dir: Path, work: Path, site_url: str) -> None:
    """news-please's shipped config.cfg with our changes, and a one-site sitelist."""
    cfg = configparser.RawConfigParser()
    cfg.optionxform = str  # type: ignore[assignment,method-assign]  # keep Scrapy's names
    cfg.read(Path(package_dir) / "config" / "config.cfg", encoding="utf-8")
    changes = {
        "Crawler": {"default": "SitemapCrawler", "number_of_parallel_crawlers": "1"},
        # The sitemap holds only articles, as newsmon's article_pattern says: take every page
        # the SitemapCrawler finds (the default og:type + linked-headlines tests reject
        # these pages, which have no og:type).
        "Heuristics": {"enabled_heuristics": '{"crawler_contains_only_article_alikes": True}',
                       "pass_heuristics_condition": '"crawler_contains_only_article_alikes"'},
        "Files": {"working_path": str(work)},
        # images off: newspaper's extractor without fetch_images (as from_html(fetch_images=
        # False) does), the other three extractors as shipped
        "ArticleMasterExtractor": {
            "extractors": "[('newspaper_extractor_no_images', 'NewspaperExtractorNoImages'), "
                          "'readability_extractor', 'date_extractor', 'lang_detect_extractor']"},
        # newsmon's per-domain concurrency in bench/crawl.py (shipped: 4); extracted JSON
        # files only, no copy of each page's HTML
        "Scrapy": {"CONCURRENT_REQUESTS_PER_DOMAIN": "16",
                   "ITEM_PIPELINES": "{'newsplease.pipeline.pipelines.ArticleMasterExtractor':"
                                     " 100, 'newsplease.pipeline.pipelines.JsonFileStorage': 300}"},
    }
    for section, options in changes.items():
        for key, value in options.items():
            cfg.set(section, key, value)
    config_dir.mkdir(parents=True)
    with open(config_dir / "config.cfg", "w", encoding="utf-8") as fh:
        cfg.write(fh)
    (config_dir / "sitelist.hjson").write_text(
        json.dumps({"base_urls": [{"url": site_url, "crawler": "SitemapCrawler"}]}), "utf-8")


def crawler_mode(python: Path, package_dir: str, tmp: Path, langs: dict[str, str]
                 ) -> tuple[Row, float]:
    config_dir, work = tmp / "np-config", tmp / "np-work"
    crawler_config(package_dir, config_dir, work, "http://127.0.0.1/")
    cli = python.parent / "news-please"
    command = ([str(cli)] if cli.exists()
               else [str(python), "-m", "newsplease"]) + ["-c", str(config_dir), "-no-confirm"]
    with open(tmp / "np-crawler.log", "wb") as log:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                env=child_env())
        with TreeWatch(proc.pid, with_root=True, tag="single_crawler.py") as watch:
            proc.wait()
    if proc.returncode != 0:
        raise SystemExit(f"news-please crawler failed (exit {proc.returncode}); "
                         f"log: {tmp / 'np-crawler.log'}")
    stored, with_text = 0, []
    for path in (work / "data").rglob("*.json"):
        article = json.loads(path.read_text("utf-8"))
        stored += 1
        if article.get("maintext"):
            with_text.append(article["url"])
    # The launcher looks every 10 s whether its crawler is done: time the crawler process
    # (single_crawler.py: start, HTTP, extraction, storing), not that wait.
    crawl_seconds = ((watch.tag_last - watch.tag_first)
                     if watch.tag_first is not None and watch.tag_last is not None
                     else watch.seconds)
    row = Row("news-please crawler mode: `news-please` CLI, SitemapCrawler, images off, "
              "JSON files (whole process tree)", stored, crawl_seconds, watch.cpu,
              watch.peak_rss, watch.peak_pss, _by_language(with_text, langs))
    return row, watch.seconds


def newsmon_crawl(site_url: str, tmp: Path, pages: int, workers: int,
                  langs: dict[str, str]) -> Row:
    config = load_config(environ={}, data={
        "data_dir": str(tmp / "data"),
        "crawl": {"download_delay": 0, "autothrottle": False,
                  "concurrency_per_domain": 16, "workers": workers,
                  "max_articles_per_site": pages + 10, "time_limit_minutes": 60},
        "sites": [{"name": "bench", "sitemaps": [f"{site_url}/sitemap.xml"],
                   "article_pattern": r"/news/\d+\.html$"}],
    })
    with TreeWatch(os.getpid(), with_root=False) as watch:
        summary = run_crawl(config)[0]
    if summary.status != "ok":
        raise SystemExit(f"newsmon crawl failed: {summary.error}")
    database = config.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT url, length(text) FROM articles").fetchall()
    with_text = [url for url, size in rows if size]
    return Row(f"newsmon crawl end to end (HTTP + extract + SQLite, workers="
               f"{workers or os.cpu_count()}; the crawl's processes)",
               summary.new_articles + summary.duplicates, watch.seconds, watch.cpu,
               watch.peak_rss, watch.peak_pss, _by_language(with_text, langs))


def _by_language(urls: list[str], langs: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for url in urls:
        lang = langs.get(url.rsplit("/", 1)[-1], "?")
        counts[lang] = counts.get(lang, 0) + 1
    return counts


# -- the site and the table ------------------------------------------------------------------

def make_site(root: Path, pages: int) -> tuple[list[Path], dict[str, str]]:
    """bench/crawl.py's site, a front page, a Sitemap line in robots.txt; page name -> lang."""
    files = generate_site(root, pages)
    links = "".join(f'<li><a href="/news/{i}.html">{i}</a></li>' for i in range(min(pages, 20)))
    (root / "index.html").write_text(FRONT_PAGE.format(links=links), "utf-8")
    robots = root / "robots.txt"
    robots.write_text(robots.read_text() + "Sitemap: {{BASE}}/sitemap.xml\n")
    langs = {}
    for path in files:
        match = LANG.search(path.read_bytes()[:200])
        langs[path.name] = match.group(1).decode() if match else "?"
    return files, langs


def print_table(rows: list[Row], langs: dict[str, str], pages: int) -> None:
    kk_total = sum(1 for lang in langs.values() if lang == "kk")
    ru_total = sum(1 for lang in langs.values() if lang == "ru")
    print("| run | pages stored | seconds | pages/s | CPU ms per stored page | cores used "
          "| peak RSS | peak PSS | Russian pages with text | Kazakh pages with text |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.name} | {row.stored} | {row.seconds:.1f} | {row.stored / row.seconds:.0f} "
              f"| {row.cpu / max(row.stored, 1) * 1000:.1f} | {row.cpu / row.seconds:.2f} "
              f"| {row.peak_rss / 2**20:.0f} MiB | {row.peak_pss / 2**20:.0f} MiB "
              f"| {row.with_text.get('ru', 0)} of {ru_total} "
              f"| {row.with_text.get('kk', 0)} of {kk_total} |")
    by_name = {("library" if "library" in r.name else "crawler" if "crawler" in r.name
                else "newsmon"): r for r in rows}
    mon, crawler = by_name["newsmon"], by_name["crawler"]
    cpu_mon = mon.cpu / max(mon.stored, 1)
    cpu_np = crawler.cpu / max(crawler.stored, 1)
    print(f"\nSame run, {pages} pages: newsmon's crawl spends {cpu_mon / cpu_np:.2f}x the CPU "
          f"per stored page of news-please's crawler, at {mon.stored / mon.seconds:.0f} vs "
          f"{crawler.stored / crawler.seconds:.0f} pages/s and "
          f"{mon.peak_pss / max(crawler.peak_pss, 1):.2f}x its peak PSS.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=0, help="crawl.workers (0 = CPU count)")
    parser.add_argument("--newsplease-python", metavar="PATH",
                        help=f"a Python that has news-please (default: {DEFAULT_VENV}/bin/"
                             "python, created when missing)")
    args = parser.parse_args()
    python, package_dir = newsplease_python(args.newsplease_python)
    if python is None:
        print(f"news-please side by side skipped: {package_dir}")
        return 0
    with tempfile.TemporaryDirectory(prefix="newsmon-np-bench-") as name:
        tmp = Path(name)
        files, langs = make_site(tmp / "site", args.pages)
        try:
            site = LocalSite(tmp / "site", port=80).start()
        except OSError as exc:
            print(f"news-please side by side skipped: cannot serve on 127.0.0.1:80 ({exc})")
            return 0
        try:
            rows = [library_mode(python, "http://127.0.0.1", files, langs)]
            crawler_row, cli_seconds = crawler_mode(python, package_dir, tmp, langs)
            rows.append(crawler_row)
            rows.append(newsmon_crawl(site.base_url, tmp, args.pages, args.workers, langs))
        finally:
            site.stop()
    print(f"{args.pages} generated pages ({sum(v == 'ru' for v in langs.values())} Russian, "
          f"{sum(v == 'kk' for v in langs.values())} Kazakh), {os.cpu_count()} cores, "
          f"one run; news-please from {python}\n")
    print_table(rows, langs, args.pages)
    print(f"\nnews-please's CLI ran {cli_seconds:.1f} s in all: its launcher checks every 10 s "
          "whether the crawler is done; the row times the crawler process itself.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
