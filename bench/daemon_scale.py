"""The real daemon watching many local sites: process tree, memory and crawl cadence.

    .venv/bin/python bench/daemon_scale.py [--minutes 6] [--sites 50] [--interval 2]
        [--jitter 10] [--workers N] [--parallel N] [--keep]

Generates ``--sites`` news sites (our own generated Russian and Kazakh text, bench/crawl.py's
sentence generator), each with robots.txt and an RSS feed of the newest 20 articles; every
``--new-every`` seconds each site publishes ``--new-per-site`` new articles (new page files,
the feed rewritten), so later crawls find new pages. All sites are served by ONE LocalSite on
127.0.0.1 that answers by Host header (``by_host=True``: ``www/<host>/...``); the config maps
every host there with ``crawl.resolve``.

Then it starts the real daemon, ``python -m monitor --config CONFIG daemon``, as a subprocess
(cwd and data folder: a temporary folder; SQLite default database; its own process group),
with every site crawled every ``--interval`` minutes, ``daemon.jitter_seconds = --jitter``,
``crawl.download_delay = 0``, ``autothrottle = false``, ``obey_robots = true`` and the default
``crawl.workers`` / ``crawl.max_parallel_sites`` unless ``--workers`` / ``--parallel`` are given.

Every 0.25 s it reads /proc: the daemon and all its descendants, their summed RSS (tree RSS),
summed PSS (shared pages counted once), the number of processes, the largest single process,
and each process's kind by its command line and parent (daemon, crawl, pool worker, any other).
After ``--minutes`` it sends SIGTERM to the daemon and waits for exit code 0; whatever happens,
the daemon's whole process group is killed at the end.

Then it reads the CrawlRun rows (runs per site, gaps between run starts, the interval rule),
the stored articles, and the batches from the daemon log (<data>/logs/newsmon.log), and prints
markdown tables. Exit status 1 when the daemon failed (exited early, not 0, or had to be
killed), else 0.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.crawl import _sentence, process_table, pss  # noqa: E402
from monitor.config.settings import load_config  # noqa: E402
from monitor.demo.localsite import LocalSite  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import Article, CrawlRun  # noqa: E402

SAMPLE_SECONDS = 0.25
GATHER_SECONDS = 1.0  # monitor.daemon.GATHER_SECONDS: the dispatcher's wait before a batch
STOP_TIMEOUT = 150.0  # SIGTERM -> exit; the daemon itself gives its crawl 2 x 20 s
ALMATY = ZoneInfo("Asia/Almaty")
MIB = 2**20
ZOMBIE = "zombie (exited, not yet reaped)"

ARTICLE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - {outlet}</title>
<meta property="article:published_time" content="{iso}">
</head><body>
<header><nav><a href="/">{home}</a> <a href="/rss.xml">RSS</a></nav>
<div class="weather">{place}: −3…+2 °C</div></header>
<main><article><h1>{title}</h1><p class="meta">{day}</p>
{paragraphs}
<p>{credit}: {outlet}</p></article>
<aside><h3>{more}</h3><ul>{more_items}</ul></aside></main>
<footer>© {outlet}, 2026</footer></body></html>
"""

PLACES = ["Шымкент", "Туркестан", "Кентау", "Сарыагаш", "Талдыкорган", "Жаркент", "Арыс"]


# --- the generated sites -----------------------------------------------------------------------

@dataclass
class BenchSite:
    index: int
    folder: Path
    published: list[tuple[int, datetime, str]] = field(default_factory=list)  # (n, when, title)

    @property
    def name(self) -> str:
        return f"site{self.index:02d}"

    @property
    def host(self) -> str:
        return f"{self.name}.bench.test"

    @property
    def outlet(self) -> str:
        return (f"Өңір жаңалықтары {self.index:02d}" if self.index % 2
                else f"Региональные вести {self.index:02d}")

    def publish(self, count: int, feed_items: int) -> None:
        """Write ``count`` new article pages, then the feed (newest ``feed_items``); files are
        replaced atomically so the server never serves half a file."""
        for _ in range(count):
            n = len(self.published)
            rng = random.Random(self.index * 1_000_003 + n)
            kk = rng.random() < 0.35
            title = _sentence(rng, kk)[:100].rstrip(" ,.")
            when = datetime.now(ALMATY).replace(microsecond=0)
            paragraphs = "\n".join("<p>" + html.escape(" ".join(
                _sentence(rng, kk) for _ in range(4))) + "</p>" for _ in range(5))
            more = "".join(f"<li>{html.escape(_sentence(rng, kk)[:60])}</li>" for _ in range(4))
            page = ARTICLE.format(
                lang="kk" if kk else "ru", title=html.escape(title), outlet=self.outlet,
                iso=when.isoformat(), home="Басты бет" if kk else "Главная",
                place=rng.choice(PLACES), day=when.strftime("%d.%m.%Y %H:%M"),
                paragraphs=paragraphs, credit="Дереккөз" if kk else "Источник",
                more="Тағы оқыңыз" if kk else "Читайте также", more_items=more)
            _write(self.folder / "news" / f"{n}.html", page)
            self.published.append((n, when, title))
        items = "".join(
            f"<item><title>{html.escape(title)}</title>"
            f"<link>http://{self.host}/news/{n}.html</link>"
            f"<guid>http://{self.host}/news/{n}.html</guid>"
            f"<pubDate>{format_datetime(when)}</pubDate></item>\n"
            for n, when, title in reversed(self.published[-feed_items:]))
        _write(self.folder / "rss.xml",
               '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
               f"<title>{self.outlet}</title><link>http://{self.host}/</link>"
               f"<description>{self.outlet}: жаңалықтар / новости</description>\n"
               f"{items}</channel></rss>\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def make_sites(www: Path, count: int, feed_items: int) -> list[BenchSite]:
    sites = []
    for i in range(1, count + 1):
        site = BenchSite(i, www / f"site{i:02d}.bench.test")
        _write(site.folder / "robots.txt", "User-agent: *\nDisallow: /private/\nAllow: /\n")
        _write(site.folder / "index.html", f"<!doctype html><title>{site.outlet}</title>"
                                           '<a href="/rss.xml">RSS</a>')
        site.publish(feed_items, feed_items)
        sites.append(site)
    return sites


class Publisher(threading.Thread):
    """Every ``every`` seconds, each site publishes ``per_site`` new articles."""

    def __init__(self, sites: list[BenchSite], every: float, per_site: int,
                 feed_items: int) -> None:
        super().__init__(name="publisher", daemon=True)
        self.sites, self.every, self.per_site, self.feed_items = sites, every, per_site, \
            feed_items
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.every):
            for site in self.sites:
                site.publish(self.per_site, self.feed_items)


# --- the config --------------------------------------------------------------------------------

def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def write_config(path: Path, data_dir: Path, sites: list[BenchSite], port: int,
                 args: argparse.Namespace) -> None:
    crawl: dict[str, Any] = {"download_delay": 0.0, "autothrottle": False, "obey_robots": True,
                             "resolve": [f"{s.host}=127.0.0.1:{port}" for s in sites]}
    if args.workers is not None:
        crawl["workers"] = args.workers
    if args.parallel is not None:
        crawl["max_parallel_sites"] = args.parallel
    lines = [f"data_dir = {_toml(str(data_dir))}", "",
             "[schedule]", f"crawl_every_minutes = {args.interval}", "",
             "[daemon]", f"jitter_seconds = {args.jitter}", "", "[crawl]"]
    lines += [f"{key} = {_toml(value)}" for key, value in crawl.items()]
    for site in sites:
        lines += ["", "[[sites]]", f"name = {_toml(site.name)}",
                  f"feeds = {_toml([f'http://{site.host}/rss.xml'])}",
                  f"article_pattern = {_toml(r'/news/[0-9]+[.]html$')}",
                  f"crawl_every_minutes = {args.interval}"]
    path.write_text("\n".join(lines) + "\n", "utf-8")


# --- sampling /proc ----------------------------------------------------------------------------

@dataclass
class Proc:
    pid: int
    label: str
    rss: int
    pss: int


@dataclass
class Sample:
    t: float  # seconds since the daemon was started
    procs: list[Proc]

    @property
    def live(self) -> list[Proc]:
        """The processes that still run (zombies are exited, awaiting their parent)."""
        return [p for p in self.procs if p.label != ZOMBIE]

    @property
    def rss(self) -> int:
        return sum(p.rss for p in self.procs)

    @property
    def pss(self) -> int:
        return sum(p.pss for p in self.procs)


def label(pid: int, daemon_pid: int, state: str = "", ppid: int | None = None) -> str:
    """A process's kind, from its command line and parent ("gone" when it vanished
    meanwhile). Pool workers forked by a crawl process carry its command line."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "gone"
    text = " ".join(a.decode("utf-8", "replace") for a in argv if a)
    if state == "Z" or not text:
        return ZOMBIE
    if pid == daemon_pid:
        return "daemon"
    if "monitor.crawl.process" in text:
        return "crawl" if ppid in (None, daemon_pid) else "pool worker"
    if "multiprocessing.resource_tracker" in text:
        return "resource tracker"
    if "multiprocessing.forkserver" in text:
        return "forkserver"
    if "--multiprocessing-fork" in text or "multiprocessing.spawn" in text:
        return "pool worker"
    if " -m monitor" in text:
        return "daemon copy (forked, not yet exec'd)"
    return "other: " + text[:70]


def sample_tree(root_pid: int, t: float) -> Sample:
    table = process_table()
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (ppid, *_) in table.items():
        children[ppid].append(pid)
    procs, todo = [], [root_pid] if root_pid in table else []
    while todo:
        pid = todo.pop()
        kind = label(pid, root_pid, table[pid][3], table[pid][0])
        if kind != "gone":
            procs.append(Proc(pid, kind, table[pid][2], pss(pid)))
        todo.extend(children.get(pid, []))
    return Sample(t, procs)


def group_members(pgid: int, daemon_pid: int, wait: float = 3.0) -> list[str]:
    """The processes still in the daemon's process group (zombies excluded), after giving
    exiting ones ``wait`` seconds."""
    deadline = time.time() + wait
    while True:
        alive = [f"{pid} {label(pid, daemon_pid, state, ppid)}"
                 for pid, (ppid, group, _, state) in process_table().items()
                 if group == pgid and state != "Z"]
        if not alive or time.time() >= deadline:
            return alive
        time.sleep(0.2)


# --- the daemon log ----------------------------------------------------------------------------

LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\w+) (\S+) \[(\d+)\]: (.*)$")


@dataclass
class Batch:
    start: float  # epoch seconds
    sites: list[str]
    end: float | None = None
    outcomes: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    new: int = 0


@dataclass
class DaemonLog:
    batches: list[Batch] = field(default_factory=list)
    due: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    problems: list[str] = field(default_factory=list)  # WARNING and ERROR lines


def read_log(log_dir: Path, daemon_pid: int) -> DaemonLog:
    """Batches from the daemon's lines "crawling N site(s): ..." and "crawl SITE: status, N
    pages, N new, ..." (logged together when the batch's crawl process is done); when each
    site fell due (APScheduler's "Running job "crawl:SITE ..."); the WARNING/ERROR lines."""
    files = sorted(log_dir.glob("newsmon.log*"), key=lambda p: (
        -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0))
    out = DaemonLog()
    batches, problems = out.batches, out.problems
    for path in files:
        for line in path.read_text("utf-8", "replace").splitlines():
            m = LOG_LINE.match(line)
            if not m or int(m[4]) != daemon_pid:
                continue
            when = datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S,%f").timestamp()
            message = m[5]
            if m[2] in ("WARNING", "ERROR", "CRITICAL"):
                problems.append(f"{m[1]} {m[2]} {message}"[:300])
            if due := re.match(r'Running job "crawl:(\S+) ', message):
                out.due[due[1]].append(when)
            if m[3] != "monitor.daemon":
                continue
            if started := re.match(r"crawling \d+ site\(s\): (.*)$", message):
                batches.append(Batch(when, [s.strip() for s in started[1].split(",")]))
            elif done := re.match(r"crawl (\S+): (\w+), (\d+) pages, (\d+) new", message):
                batch = next((b for b in reversed(batches) if done[1] in b.sites), None)
                if batch is not None:
                    batch.end = batch.end or when
                    batch.outcomes[done[2]] += 1
                    batch.pages += int(done[3])
                    batch.new += int(done[4])
            elif failed := re.match(r"crawl of (.*) failed", message):
                for batch in batches:
                    if batch.sites == [s.strip() for s in failed[1].split(",")] and not batch.end:
                        batch.end = when
                        batch.outcomes["batch failed"] += len(batch.sites)
    return out


# --- the run -----------------------------------------------------------------------------------

def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _mib(value: float) -> str:
    return f"{value / MIB:.0f} MiB"


def run(args: argparse.Namespace, tmp: Path) -> int:
    data_dir = tmp  # the data folder is the temp folder: newsmon.db, logs/, digests/
    sites = make_sites(tmp / "www", args.sites, args.feed_items)
    publisher = Publisher(sites, args.new_every, args.new_per_site, args.feed_items)
    server = LocalSite(tmp / "www", by_host=True).start()
    config_path = tmp / "newsmon.toml"
    write_config(config_path, data_dir, sites, server.port, args)
    config = load_config(config_path, environ={})
    workers = int(config["crawl.workers"]) or os.cpu_count() or 1
    parallel = int(config["crawl.max_parallel_sites"])
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "monitor", "--config", str(config_path), "daemon"]
    stderr_path = tmp / "daemon-stderr.log"
    samples: list[Sample] = []
    leftovers: list[str] = []
    exit_code: int | None = None
    failure = ""
    proc: subprocess.Popen[bytes] | None = None
    started_at = datetime.now(UTC)
    t0 = time.time()
    stop_t: float | None = None
    try:
        publisher.start()
        with stderr_path.open("wb") as err:
            t0 = time.time()
            started_at = datetime.now(UTC)
            proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                                    stdout=err, stderr=err, start_new_session=True)
        deadline = t0 + args.minutes * 60.0
        next_note = t0 + 30.0
        next_sample = t0
        while time.time() < deadline:
            if proc.poll() is not None:
                failure = f"the daemon exited early with {proc.returncode}"
                break
            samples.append(sample_tree(proc.pid, time.time() - t0))
            if time.time() >= next_note:
                last = samples[-1]
                print(f"[{last.t:5.0f} s] tree RSS {_mib(last.rss)}, "
                      f"{len(last.live)} process(es): "
                      f"{dict(Counter(p.label for p in last.live))}", file=sys.stderr,
                      flush=True)
                next_note += 30.0
            next_sample += SAMPLE_SECONDS
            time.sleep(max(0.0, next_sample - time.time()))
        if not failure:
            stop_t = time.time() - t0
            proc.send_signal(signal.SIGTERM)
            stop_deadline = time.time() + STOP_TIMEOUT
            while proc.poll() is None and time.time() < stop_deadline:
                samples.append(sample_tree(proc.pid, time.time() - t0))
                time.sleep(SAMPLE_SECONDS)
            if proc.poll() is None:
                failure = f"the daemon did not exit within {STOP_TIMEOUT:.0f} s of SIGTERM"
            elif proc.returncode != 0:
                failure = f"the daemon exited with {proc.returncode} after SIGTERM"
        exit_code = proc.poll()
    finally:
        publisher.stop.set()
        if proc is not None:
            leftovers = group_members(proc.pid, proc.pid)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        server.stop()
    if stop_t is None:
        stop_t = time.time() - t0
    report(args, tmp, config_path, cmd, sites, server, samples, workers, parallel, t0,
           started_at, stop_t, proc.pid if proc else 0, exit_code, failure, leftovers)
    if failure:
        tail = stderr_path.read_text("utf-8", "replace").splitlines()[-15:]
        print("\ndaemon stderr (last lines):\n" + "\n".join(tail), file=sys.stderr)
    return 1 if failure else 0


def report(args: argparse.Namespace, tmp: Path, config_path: Path, cmd: list[str],
           sites: list[BenchSite], server: LocalSite, samples: list[Sample], workers: int,
           parallel: int, t0: float, started_at: datetime, stop_t: float, daemon_pid: int,
           exit_code: int | None, failure: str, leftovers: list[str]) -> None:
    config = load_config(config_path, environ={})
    engine, sessions = open_database(config.database_url)
    with sessions() as session:
        crawl_runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.started)))
        stored = dict(session.execute(select(Article.site, func.count()).group_by(Article.site))
                      .all())
    engine.dispose()
    daemon_log = read_log(tmp / "logs", daemon_pid)
    batches, problems = daemon_log.batches, daemon_log.problems

    interval = args.interval * 60.0
    jitter = min(float(args.jitter), interval / 2)
    durations = [b.end - b.start for b in batches if b.end is not None]
    longest = max(durations, default=0.0)
    allowance = interval + jitter + longest + GATHER_SECONDS
    stop_at = started_at.timestamp() + stop_t
    busy_window = max([stop_t] + [b.end - started_at.timestamp() for b in batches if b.end])

    by_site: dict[str, list[CrawlRun]] = defaultdict(list)
    for r in crawl_runs:
        by_site[r.site].append(r)
    rows, late, never, never_ok, waits = [], [], [], [], []
    for site in sites:
        its = by_site.get(site.name, [])
        starts = [_utc(r.started).timestamp() for r in its]
        status = Counter(r.status for r in its)
        finished = status["ok"] + status["failed"]
        gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
        tail = stop_at - starts[-1] if starts else None
        first = starts[0] - started_at.timestamp() if starts else None
        kept = bool(starts) and all(g <= allowance for g in gaps) and \
            tail is not None and tail <= allowance and first is not None and \
            first <= allowance
        if not starts:
            never.append(site.name)
        elif not kept:
            late.append(site.name)
        if not status["ok"]:
            never_ok.append(site.name)
        # Due (its job fired) -> the next run start of the site; open ends count to the stop.
        site_waits = [next((s for s in starts if s >= due - 0.5), stop_at) - due
                      for due in daemon_log.due.get(site.name, []) if due <= stop_at]
        waits += site_waits
        rows.append((site.name, finished, status, first, max(gaps, default=None), tail,
                     max(site_waits, default=None), stored.get(site.name, 0),
                     len(site.published), kept))

    peak_rss = max(samples, key=lambda s: s.rss, default=None)
    peak_pss = max((s.pss for s in samples), default=0)
    peak_procs = max((len(s.live) for s in samples), default=0)
    biggest = max((p for s in samples for p in s.procs), key=lambda p: p.rss, default=None)
    kinds: dict[str, tuple[int, int]] = {}  # label -> (max count in one sample, max RSS)
    for s in samples:
        for kind, n in Counter(p.label for p in s.procs).items():
            count, rss = kinds.get(kind, (0, 0))
            kinds[kind] = (max(count, n), max(rss, max(p.rss for p in s.procs
                                                        if p.label == kind)))
    bound = 2 + workers
    tracker = "resource tracker" in kinds
    requests = server.requests
    by_path = Counter("robots.txt" if r.path == "/robots.txt" else "rss.xml"
                      if r.path == "/rss.xml" else "article" if r.path.startswith("/news/")
                      else "other" for r in requests)
    not_modified = sum(1 for r in requests if r.status == 304)

    print(f"\n## Daemon scale benchmark ({len(sites)} sites, {args.minutes:g} min)\n")
    print("Command: `" + " ".join(shlex.quote(a) for a in [
        ".venv/bin/python", "bench/daemon_scale.py", *sys.argv[1:]]) + "`  ")
    print("Daemon: `" + " ".join(shlex.quote(a) for a in cmd) + f"` (cwd {tmp})  ")
    print(f"Machine: {os.cpu_count()} CPU(s); crawl.workers = {workers}, "
          f"crawl.max_parallel_sites = {parallel}, every site every {args.interval} min, "
          f"jitter {args.jitter} s, {args.new_per_site} new article(s) per site every "
          f"{args.new_every:g} s\n")
    print("| measure | value |\n|---|---|")
    summary = [
        ("daemon exit", f"{exit_code} ({failure or 'clean stop after SIGTERM'})"),
        ("sampling window", f"{stop_t:.0f} s to SIGTERM, {len(samples)} samples every "
                            f"{SAMPLE_SECONDS} s (shutdown included)"),
        ("peak tree RSS (sum over processes)",
         f"{_mib(peak_rss.rss)} at {peak_rss.t:.0f} s" if peak_rss else "-"),
        ("peak tree PSS (shared pages once)", _mib(peak_pss)),
        ("largest single process", f"{_mib(biggest.rss)} ({biggest.label})" if biggest else "-"),
        ("peak process count (running, zombies aside)", str(peak_procs)),
        ("extraction pool size (crawl.workers)", str(workers)),
        ("expected bound 2 + workers", f"{bound} (daemon + crawl + {workers} worker(s))"
                                        + ("; a resource tracker was seen" if tracker else "")),
        ("within bound", "yes" if peak_procs <= bound else f"NO: {peak_procs} > {bound}"),
        ("processes left in the group after exit", ", ".join(leftovers) or "none"),
        ("crawl runs (all statuses)", str(len(crawl_runs)) + " " +
         str(dict(Counter(r.status for r in crawl_runs)))),
        ("sites never crawled", f"{len(never)}" + (f": {', '.join(never)}" if never else "")),
        ("sites without an ok run", f"{len(never_ok)}" +
         (f": {', '.join(never_ok)}" if never_ok else "")),
        ("sites that missed an interval (rule below)",
         f"{len(late)}" + (f": {', '.join(late)}" if late else "")),
        ("articles stored / published", f"{sum(stored.values())} / "
                                        f"{sum(len(s.published) for s in sites)}"),
        ("batches (from the log)", f"{len(batches)}, durations "
         + (f"{min(durations):.1f} to {longest:.1f} s, mean "
            f"{sum(durations) / len(durations):.1f} s" if durations else "-")),
        ("wait from due (job fired) to the run start",
         f"mean {sum(waits) / len(waits):.0f} s, longest {max(waits):.0f} s over "
         f"{len(waits)} due events" if waits else "-"),
        ("dispatcher busy (batches / time to the last batch end or SIGTERM)",
         f"{sum(durations):.0f} s of {busy_window:.0f} s "
         f"({100 * sum(durations) / max(busy_window, 1):.0f} %)"),
        ("HTTP requests served", f"{len(requests)} {dict(by_path)}, {not_modified} answered 304"),
    ]
    for name, value in summary:
        print(f"| {name} | {value} |")

    print("\nProcess kinds (by command line) over all samples:\n")
    print("| kind | most at once | largest RSS |\n|---|---|---|")
    for kind, (count, rss) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
        print(f"| {kind} | {count} | {_mib(rss)} |")

    print(f"\nInterval rule: I = {interval:.0f} s (interval), J = {jitter:.0f} s (trigger "
          f"jitter, min(jitter, I/2)), B = {longest:.1f} s (longest batch in the log) + "
          f"{GATHER_SECONDS:.0f} s (dispatcher gather). A site keeps its interval when its "
          f"first run starts within I + J + B = {allowance:.0f} s of the daemon's start, "
          f"each later run start follows the previous one by at most {allowance:.0f} s, and "
          f"its last run start is at most {allowance:.0f} s before the SIGTERM "
          "(run starts: CrawlRun.started, any status).\n")
    print("| site | finished runs | statuses | first start (s) | largest gap (s) | "
          "last start before stop (s) | longest wait due -> start (s) | "
          "articles stored / published | interval kept |")
    print("|---|---|---|---|---|---|---|---|---|")

    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f}"

    for name, finished, status, first, gap, tail, wait, n_stored, n_pub, kept in rows:
        print(f"| {name} | {finished} | {' '.join(f'{k}={v}' for k, v in sorted(status.items()))}"
              f" | {num(first)} | {num(gap)} | {num(tail)} | {num(wait)} | {n_stored} / {n_pub} "
              f"| {'yes' if kept else 'NO'} |")

    print("\nBatches (daemon log: \"crawling N site(s)\" to its \"crawl SITE:\" lines):\n")
    print("| # | start (s) | sites | duration (s) | idle before (s) | outcomes | pages | new |")
    print("|---|---|---|---|---|---|---|---|")
    previous_end: float | None = None
    for i, b in enumerate(batches, 1):
        idle = "-" if previous_end is None else f"{b.start - previous_end:.1f}"
        duration = "-" if b.end is None else f"{b.end - b.start:.1f}"
        print(f"| {i} | {b.start - started_at.timestamp():.0f} | {len(b.sites)} | {duration} | "
              f"{idle} | {dict(b.outcomes) or 'unfinished'} | {b.pages} | {b.new} |")
        previous_end = b.end if b.end is not None else previous_end

    print("\nTimeline (per minute, from the samples):\n")
    print("| minute | max tree RSS | max tree PSS | max processes | kinds at the peak |")
    print("|---|---|---|---|---|")
    per_minute: dict[int, list[Sample]] = defaultdict(list)
    for s in samples:
        per_minute[int(s.t // 60)].append(s)
    for minute, group in sorted(per_minute.items()):
        top = max(group, key=lambda s: s.rss)
        kinds_at = dict(Counter(p.label for p in top.live))
        print(f"| {minute} | {_mib(top.rss)} | {_mib(max(s.pss for s in group))} | "
              f"{max(len(s.live) for s in group)} | {kinds_at} |")
    if problems:
        print(f"\nDaemon WARNING/ERROR log lines ({len(problems)}, first 10):\n")
        for line in problems[:10]:
            print(f"    {line}")
    if args.keep:
        print(f"\nKept: {tmp} (config {config_path.name}, logs/newsmon.log, newsmon.db)")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--minutes", type=float, default=6.0, help="sampling time (default 6)")
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--interval", type=int, default=2,
                        help="crawl_every_minutes of every site (default 2)")
    parser.add_argument("--jitter", type=int, default=10, help="daemon.jitter_seconds")
    parser.add_argument("--workers", type=int, default=None,
                        help="crawl.workers (default: the config default)")
    parser.add_argument("--parallel", type=int, default=None,
                        help="crawl.max_parallel_sites (default: the config default)")
    parser.add_argument("--feed-items", type=int, default=20)
    parser.add_argument("--new-every", type=float, default=60.0,
                        help="seconds between new articles (default 60)")
    parser.add_argument("--new-per-site", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.keep:
        return run(args, Path(tempfile.mkdtemp(prefix="newsmon-daemon-scale-")))
    with tempfile.TemporaryDirectory(prefix="newsmon-daemon-scale-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    raise SystemExit(main())
