"""Crash safety: kill -9 a crawl (and the daemon) while it stores; nothing is lost or doubled.

A generated site of 40 distinct ru/kk articles answers slowly, so a real crawl (the CLI, or
the daemon's scheduled crawl) is stopped by SIGKILL to its whole process group mid-way. Then:
the database is intact, the dead process's lock is taken over at once, and the next crawl
marks the dead run interrupted, fetches exactly the missing articles and stores each once.
A ``kill -9`` of the parent alone takes its crawl process and extraction workers along.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from monitor.config.settings import load_config
from monitor.crawl import runner
from monitor.crawl.runner import STALE_RUN_ERROR
from monitor.demo.localsite import LocalSite
from storage.db import open_database
from storage.models import Article, ArticleSketch, CrawlRun, Lock, Story, utcnow
from tests.waiting import wait_for

TEMPLATE = Path(__file__).parent / "fixtures" / "crash_site"
SITE = "crash"
LOCK = f"crawl:{SITE}"
ARTICLE_DELAY = 0.4  # seconds per article page: the crawl takes ~10 s, we kill it early
ROOT = str(Path(__file__).parents[1])
ENV = {**os.environ, "PYTHONPATH": ROOT}
DAEMON = ("import sys; from monitor.config.settings import load_config; "
          "from monitor.daemon import run_daemon; "
          "sys.exit(run_daemon(load_config(sys.argv[1]), crawl_every_seconds=3, "
          "crawl_time_limit=120))")

pytestmark = pytest.mark.slow


# --- the site and the config ------------------------------------------------------------------

def build_site(root: Path) -> list[str]:
    """Write rss.xml, 40 article pages and _routes.toml under ``root``; returns the paths.
    Article i of a language joins templates i, i+1, i+3 (mod 20, shifted in kk) with its own
    slot values: 40 distinct events, no two of them reprints, rewrites or translations."""
    data = tomllib.loads((TEMPLATE / "texts.toml").read_text("utf-8"))
    page = (TEMPLATE / "article.html").read_text("utf-8")
    (root / "news").mkdir(parents=True)
    paths, items = [], []
    for lang, shift in (("ru", 0), ("kk", 7)):
        words = data[lang]
        for i in range(20):
            # Numbers unique across all 40 articles even at two significant digits (story
            # matching compares rounded figures), and other templates in kk, so that no
            # article rewrites or translates another.
            odd = int(lang == "kk")
            slots = {"place": words["places"][i], "company": words["companies"][i],
                     "a": 10 + 2 * i + odd, "b": (11 + 2 * i + odd) * 100,
                     "c": 51 + 2 * i + odd}
            chosen = [words["templates"][(i + shift + k) % 20] for k in (0, 1, 3)]
            title = chosen[0][0].format(**slots)
            paragraphs = "\n".join(f"<p>{t[1].format(**slots)}</p>" for t in chosen)
            published = f"2026-11-{10 + i:02d}T{8 + i % 10:02d}:00:00+05:00"
            path = f"/news/{lang}-{i:02d}.html"
            (root / path.lstrip("/")).write_text(page.format(
                lang=lang, title=title, published=published, paragraphs=paragraphs), "utf-8")
            items.append(f"<item><title>{title}</title><link>{{{{BASE}}}}{path}</link></item>")
            paths.append(path)
    (root / "rss.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Өңір Экономикасы</title>" + "\n".join(items) + "</channel></rss>", "utf-8")
    (root / "_routes.toml").write_text(f'["/news/*"]\ndelay = {ARTICLE_DELAY}\n', "utf-8")
    return paths


def write_config(tmp_path: Path, base_url: str) -> Path:
    path = tmp_path / "newsmon.toml"
    path.write_text(f"""
data_dir = "{tmp_path / 'data'}"
[database]
url = "sqlite:///{tmp_path / 'newsmon.db'}"
[crawl]
download_delay = 0.0
autothrottle = false
obey_robots = false
workers = 1
retries = 0
timeout_seconds = 10
[daemon]
jitter_seconds = 1
lock_minutes = 1
[[sites]]
name = "{SITE}"
feeds = ["{base_url}/rss.xml"]
sitemaps = []
article_pattern = "/news/"
""", "utf-8")
    return path


@pytest.fixture
def crash_site(tmp_path: Path) -> Iterator[tuple[LocalSite, list[str]]]:
    paths = build_site(tmp_path / "www")
    with LocalSite(tmp_path / "www") as site:
        yield site, paths


# --- processes --------------------------------------------------------------------------------

def start(args: list[str], tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    """Start ``python args..`` in its own session: its pid is its process group id."""
    err = (tmp_path / f"{name}.stderr").open("wb")
    return subprocess.Popen([sys.executable, *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=err, cwd=tmp_path, env=ENV,
                            start_new_session=True)


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process, its crawl child and the extraction workers, all at once."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    wait_for("the process group to die", lambda: not group_members(proc.pid), 10)




def kill_while_storing(proc: subprocess.Popen[bytes], sessions: sessionmaker[Session],
                       total: int) -> None:
    """SIGKILL as soon as a few, but not all, articles are stored."""
    stored = wait_for("the first stored articles", lambda: count(sessions, Article) >= 3,
                      60, proc, poll=0.05)
    kill_group(proc)
    assert stored and count(sessions, Article) < total, "the crawl finished before the kill"


# --- the database -----------------------------------------------------------------------------

def count(sessions: sessionmaker[Session], model: Any) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def rows(sessions: sessionmaker[Session], model: Any) -> list[Any]:
    with sessions() as session:
        return list(session.scalars(select(model)))


def lock_row(sessions: sessionmaker[Session]) -> Lock | None:
    with sessions() as session:
        return session.get(Lock, LOCK)


def assert_intact(sessions: sessionmaker[Session], base_url: str) -> set[str]:
    """No half-written article: each has its text, story and full sketch; returns paths."""
    with sessions() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        sketches = Counter(session.scalars(select(ArticleSketch.article_id)))
        stories = {s.id for s in session.scalars(select(Story))}
        articles = list(session.scalars(select(Article)))
    for article in articles:
        assert article.url.startswith(f"{base_url}/news/") and article.site == SITE
        assert len(article.text) >= 200 and article.title and article.language in ("ru", "kk")
        assert article.story_id in stories and article.duplicate_of is None
        assert sketches[article.id] == article.sketch_size > 0
    assert len(stories) == len(articles)  # no story without its article
    return {a.url.removeprefix(base_url) for a in articles}


def assert_complete(sessions: sessionmaker[Session], paths: list[str], base_url: str) -> None:
    """Every article exactly once, each its own story (all texts are distinct)."""
    articles = rows(sessions, Article)
    assert len(articles) == len(paths)
    assert sorted(a.url for a in articles) == sorted(base_url + p for p in paths)
    assert len({a.canonical_url for a in articles}) == len(paths)
    assert len({a.story_id for a in articles}) == len(paths)
    assert {a.language for a in articles} == {"ru", "kk"}
    assert_intact(sessions, base_url)


def assert_fetched_only_missing(site: LocalSite, mark: int, paths: list[str],
                                stored_before: set[str]) -> None:
    """Stored before the kill: fetched once, by the killed crawl. The rest: once after."""
    before = Counter(r.path for r in site.requests[:mark])
    after = Counter(r.path for r in site.requests[mark:])
    for path in paths:
        if path in stored_before:
            assert (before[path], after[path]) == (1, 0), path
        else:
            assert after[path] == 1, path


def settle_log(site: LocalSite) -> int:
    """Requests the killed crawl sent are logged when the delayed answer goes out."""
    time.sleep(ARTICLE_DELAY + 0.6)
    return len(site.requests)


# --- the tests --------------------------------------------------------------------------------

def test_kill_crawl_while_storing_then_resume(
        tmp_path: Path, crash_site: tuple[LocalSite, list[str]]) -> None:
    site, paths = crash_site
    config_path = write_config(tmp_path, site.base_url)
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'newsmon.db'}")
    crawl = ["-m", "monitor", "--config", str(config_path), "crawl"]
    try:
        proc = start(crawl, tmp_path, "crawl-1")
        kill_while_storing(proc, sessions, len(paths))
        killed_at = utcnow()
        stored_before = assert_intact(sessions, site.base_url)
        (run,) = rows(sessions, CrawlRun)
        assert run.status == "running"  # nobody could close it
        mark = settle_log(site)

        # The dead crawl's lock is still there, but its holder is a dead process of this
        # host: the next crawl takes it over at once instead of waiting for it to expire.
        holder = lock_row(sessions)
        assert holder is not None and holder.owner.endswith(f":{proc.pid}")
        assert holder.expires <= killed_at + timedelta(minutes=1)
        assert holder.expires > utcnow()
        again = subprocess.run([sys.executable, *crawl], capture_output=True, text=True,
                               timeout=120, env=ENV, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert_complete(sessions, paths, site.base_url)
        assert_fetched_only_missing(site, mark, paths, stored_before)
        first, second = sorted(rows(sessions, CrawlRun), key=lambda r: r.id)
        assert (first.status, first.error) == ("interrupted", STALE_RUN_ERROR)
        assert first.finished is not None
        assert second.status == "ok"
        assert second.new_articles == len(paths) - len(stored_before)
        assert lock_row(sessions) is None
    finally:
        engine.dispose()


def test_kill_daemon_mid_crawl_then_restart(
        tmp_path: Path, crash_site: tuple[LocalSite, list[str]]) -> None:
    site, paths = crash_site
    config_path = write_config(tmp_path, site.base_url)
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'newsmon.db'}")
    log_path = tmp_path / "data" / "logs" / "newsmon.log"
    try:
        daemon = start(["-c", DAEMON, str(config_path)], tmp_path, "daemon-1")
        kill_while_storing(daemon, sessions, len(paths))
        stored_before = assert_intact(sessions, site.base_url)
        (run,) = rows(sessions, CrawlRun)
        assert run.status == "running"
        holder = lock_row(sessions)
        assert holder is not None and holder.owner.endswith(f":{daemon.pid}")
        mark, log_mark = settle_log(site), len(log_path.read_text("utf-8"))

        restarted = start(["-c", DAEMON, str(config_path)], tmp_path, "daemon-2")
        try:
            # The dead daemon's lock has not expired, but its holder is gone: the restarted
            # daemon takes it over and finishes the crawl.
            wait_for("the dead daemon's lock taken over", lambda: (
                f"took over lock {LOCK} left by dead process {holder.owner}"
                in log_path.read_text("utf-8")[log_mark:]), 30, restarted)
            wait_for("every article stored and a finished crawl", lambda: count(
                sessions, Article) == len(paths) and any(
                r.status == "ok" for r in rows(sessions, CrawlRun)), 90, restarted)
        finally:
            restarted.send_signal(signal.SIGTERM)
            code = restarted.wait(timeout=60)
        assert code == 0, (tmp_path / "daemon-2.stderr").read_text("utf-8")[-3000:]
        assert_complete(sessions, paths, site.base_url)
        assert_fetched_only_missing(site, mark, paths, stored_before)
        runs = sorted(rows(sessions, CrawlRun), key=lambda r: r.id)
        assert (runs[0].status, runs[0].error) == ("interrupted", STALE_RUN_ERROR)
        assert runs[1].status == "ok"
        assert runs[1].new_articles == len(paths) - len(stored_before)
        # Later scheduled crawls find nothing new; the one SIGTERM stopped is interrupted.
        assert all(r.status in ("ok", "interrupted") and r.new_articles == 0 for r in runs[2:])
        assert lock_row(sessions) is None
    finally:
        engine.dispose()


def crawl_children() -> list[int]:
    """This process's crawlproc children."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == os.getpid() and b"monitor.crawl.process" in cmdline:
            found.append(int(entry.name))
    return found


def test_stop_before_the_site_started_is_interrupted_not_failed(
        tmp_path: Path, crash_site: tuple[LocalSite, list[str]]) -> None:
    """What the daemon does on SIGTERM (request_stop, then SIGTERM to crawlproc), while the
    crawl process is still starting up: the site is interrupted, with the reason."""
    site, _paths = crash_site
    config = load_config(str(write_config(tmp_path, site.base_url)), environ={})
    results: list[list[runner.SiteSummary]] = []
    worker = threading.Thread(target=lambda: results.append(runner.run_crawl(config)))
    try:
        worker.start()
        (child,) = wait_for("the crawl process", crawl_children, 10, poll=0.01)
        runner.request_stop("the daemon is stopping")
        os.kill(child, signal.SIGTERM)
        worker.join(30)
        (summary,) = results[0]
        # Asked to start while stopping: no crawl process at all.
        (later,) = runner.run_crawl(config)
    finally:
        runner.clear_stop()
        worker.join(30)
    assert (summary.status, summary.error) == (
        "interrupted", "stopped before the site started: the daemon is stopping")
    assert later.status == "interrupted" and later.run_id != summary.run_id
    assert site.requests == []
    engine, sessions = open_database(config.database_url)
    runs = rows(sessions, CrawlRun)
    engine.dispose()
    assert [(r.status, r.error) for r in runs] == [(summary.status, summary.error)] * 2
    assert all(r.finished is not None for r in runs)


def proc_stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, state) of ``pid`` from /proc, or None when there is no such process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[1]), fields[0]


def alive(pid: int) -> bool:
    stat = proc_stat(pid)
    return stat is not None and stat[1] != "Z"  # a zombie runs no code: it only awaits reaping


def descendants(root: int) -> set[int]:
    """Live processes below ``root``, found through their parent pids."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        stat = proc_stat(int(entry.name))
        if stat is not None and stat[1] != "Z":
            children.setdefault(stat[0], []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def crawl_family(parent: int) -> set[int]:
    """The crawl process of ``parent`` and everything it started (the extraction workers,
    forked: they carry its command line), once at least one extraction worker runs."""
    family = descendants(parent)
    crawlers = [p for p in family if b"monitor.crawl.process" in cmdline(p)
                and (proc_stat(p) or (0, ""))[0] == parent]
    workers = [p for p in family if any(p in descendants(c) for c in crawlers)]
    return family if crawlers and workers else set()


SECOND_AGENT = "newsmon-second-crawl"


def test_kill_parent_alone_takes_the_crawl_along_and_never_two_crawl_at_once(
        tmp_path: Path, crash_site: tuple[LocalSite, list[str]]) -> None:
    """``kill -9`` of ``newsmon crawl`` only (not its group): its crawl process and the
    extraction workers die with it; a crawl started right away refuses while they live or
    runs once they are gone, and the two never fetch side by side."""
    site, paths = crash_site
    config_path = write_config(tmp_path, site.base_url)
    # The second crawl sends its own User-Agent, so the request log tells the crawls apart.
    second_path = tmp_path / "newsmon-2.toml"
    second_path.write_text(config_path.read_text("utf-8").replace(
        "[crawl]\n", f'[crawl]\nuser_agent = "{SECOND_AGENT}"\n', 1), "utf-8")
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'newsmon.db'}")
    second_crawl = ["-m", "monitor", "--config", str(second_path), "crawl"]
    try:
        proc = start(["-m", "monitor", "--config", str(config_path), "crawl"], tmp_path,
                     "crawl-1")
        wait_for("the first stored articles", lambda: count(sessions, Article) >= 3, 60, proc,
                 poll=0.05)
        family = wait_for("the crawl process and its workers", lambda: crawl_family(proc.pid),
                          30, proc)
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, as `kill -9 PID` does
        proc.wait(timeout=10)
        second = start(second_crawl, tmp_path, "crawl-2")  # at once: it races the dying crawl
        # The kernel kills them at once; an orphan would still crawl for over 6 s (the
        # remaining articles at ARTICLE_DELAY each, two at a time).
        wait_for("the killed crawl's processes to die",
                 lambda: not [p for p in family if alive(p)], 5, poll=0.02)
        # Nothing of the killed crawl runs any more: what it stored is final.
        stored_before = assert_intact(sessions, site.base_url)
        assert len(stored_before) < len(paths), "the crawl finished before the kill"
        code = second.wait(timeout=120)
        err = (tmp_path / "crawl-2.stderr").read_text("utf-8")
        if code != 0:
            # Refused: it found the lock while the old crawl process was still alive.
            assert code == 1 and err.startswith("crawl: refused, site crash is being crawled"), err
            again = subprocess.run([sys.executable, *second_crawl], capture_output=True,
                                   text=True, timeout=120, env=ENV, cwd=tmp_path)
            assert again.returncode == 0, again.stderr
        assert_complete(sessions, paths, site.base_url)
        assert_one_crawl_at_a_time(site, paths, stored_before)
        first, *_, last = sorted(rows(sessions, CrawlRun), key=lambda r: r.id)
        assert (first.status, first.error) == ("interrupted", STALE_RUN_ERROR)
        assert last.status == "ok" and last.new_articles == len(paths) - len(stored_before)
        assert rows(sessions, Lock) == []  # the lock and the row naming its crawl process
    finally:
        engine.dispose()


def assert_one_crawl_at_a_time(site: LocalSite, paths: list[str],
                               stored_before: set[str]) -> None:
    """The request log, split by User-Agent: the crawls never fetched side by side, and no
    article was fetched twice but those the killed crawl had not stored yet."""
    log = [(r.path, r.headers.get("User-Agent") == SECOND_AGENT) for r in site.requests
           if r.path.startswith("/news/")]
    first_new = next((i for i, (_, new) in enumerate(log) if new), len(log))
    # The killed crawl's last requests (answered after ARTICLE_DELAY) are all logged before
    # the new crawl's first article, which it fetches only after starting two processes.
    assert all(new for _, new in log[first_new:]), log
    old = Counter(path for path, new in log if not new)
    new = Counter(path for path, new in log if new)
    for path in paths:
        if path in stored_before:
            assert (old[path], new[path]) == (1, 0), path
        else:
            assert old[path] <= 1 and new[path] == 1, path  # old: in flight at the kill


# A holder that starts a long-lived child, records it under its lock and dies without
# releasing (os._exit), as `kill -9` of `newsmon crawl` would leave it without PDEATHSIG.
HOLDER = r"""
import os, subprocess, sys
from datetime import timedelta
from storage import locks
from storage.db import make_engine
engine = make_engine(sys.argv[1])
locks.ensure_table(engine)
token, _ = locks.try_acquire(engine, "crawl:orphan", timedelta(minutes=30))
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
assert token and locks.attach_process(engine, "crawl:orphan", child.pid)
print(child.pid, flush=True)
os._exit(0)
"""


def test_dead_holder_lock_waits_for_its_recorded_process(tmp_path: Path) -> None:
    from storage import locks

    url = f"sqlite:///{tmp_path / 'locks.db'}"
    engine, sessions = open_database(url)
    holder = subprocess.run([sys.executable, "-c", HOLDER, url], capture_output=True,
                            text=True, timeout=60, env=ENV, check=True)
    orphan = int(holder.stdout.strip())
    try:
        busy, row = locks.try_acquire(engine, "crawl:orphan", timedelta(minutes=1))
        assert busy is None and not alive(int(row.owner.rpartition(":")[2]))
        os.kill(orphan, signal.SIGKILL)
        wait_for("the orphan to die", lambda: not alive(orphan), 10)
        mine, row = locks.try_acquire(engine, "crawl:orphan", timedelta(minutes=1))
        assert mine is not None and row.owner == locks.owner_id()
        assert [r.name for r in rows(sessions, Lock)] == ["crawl:orphan"]  # companion gone
    finally:
        if alive(orphan):
            os.kill(orphan, signal.SIGKILL)
        engine.dispose()
