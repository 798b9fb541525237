"""``newsmon crawl`` while it runs: progress (lines on a pipe, a live table on a terminal), the
summary table, the crawl log in <data>/logs/crawl.log, and -v streaming the crawler's log.

The fixture site answers each article after a delay, so a crawl lasts long enough (~10 s) for
progress to show."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.crawl.runner import SiteProgress, SiteSummary, _line_level, run_crawl
from monitor.crawlview import _ProgressLines, format_summaries
from monitor.demo.localsite import LocalSite
from tests.fixtures_sites import SITES_ROOT, crawl_config, site_entry
from tests.test_cli import one_line_error, run

ARTICLE_DELAY = 1.0  # seconds per article page (7 of them, one at a time): a ~10 s crawl
PROGRESS_LINE = re.compile(r"^ontustik: \d+ pages, \d+ new, \d+ errors, \d+\.\d pages/s",
                           re.MULTILINE)


@pytest.fixture
def slow_site(tmp_path: Path) -> Iterator[LocalSite]:
    root = tmp_path / "www"
    shutil.copytree(SITES_ROOT / "ontustik", root)
    with (root / "_routes.toml").open("a", encoding="utf-8") as routes:
        routes.write(f'\n["/news/*"]\ndelay = {ARTICLE_DELAY}\n')
    with LocalSite(root) as site:
        yield site


def write_config(tmp_path: Path, base_url: str) -> Path:
    entry = site_entry("ontustik", base_url)
    site = "\n".join(f"{k} = {json.dumps(v)}" for k, v in entry.items())
    path = tmp_path / "newsmon.toml"
    path.write_text(f'data_dir = {json.dumps(str(tmp_path / "data"))}\n'
                    "[crawl]\ndownload_delay = 0.0\nautothrottle = false\nretries = 0\n"
                    "timeout_seconds = 5\nworkers = 1\nconcurrency_per_domain = 1\n"
                    f"[[sites]]\n{site}\n", "utf-8")
    return path


def summary_rows(stdout: str) -> dict[str, dict[str, str]]:
    """The summary table by site: header cells are separated by two spaces or more."""
    lines = stdout.splitlines()
    header = re.split(r"\s{2,}", lines[0].strip())
    rows = {}
    for line in lines[1:]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == len(header):
            rows[cells[0]] = dict(zip(header, cells, strict=True))
    return rows


@pytest.mark.slow
def test_crawl_shows_progress_summary_and_writes_its_log(tmp_path: Path,
                                                         slow_site: LocalSite) -> None:
    write_config(tmp_path, slow_site.base_url)
    first = run(["crawl"], tmp_path)  # stderr is a pipe here: progress lines, no table
    assert first.returncode == 0, first.stderr
    assert PROGRESS_LINE.search(first.stderr), first.stderr
    assert "Spider opened" not in first.stderr  # the crawler's own log only with -v
    row = summary_rows(first.stdout)["ontustik"]
    assert row["status"] == "ok" and int(row["new"]) > 0 and row["errors"] == "0"
    assert "already known" in row and "robots 1" in row["skipped"]
    log_path = tmp_path / "data" / "logs" / "crawl.log"
    log_text = log_path.read_text("utf-8")
    assert "[scrapy.core.engine] INFO: Spider opened" in log_text  # the child's own lines
    assert "INFO monitor.cli" in log_text and "crawl ontustik: ok" in log_text

    again = run(["-v", "crawl"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert "[scrapy.core.engine] INFO: Spider opened" in again.stderr
    row = summary_rows(again.stdout)["ontustik"]
    assert row["new"] == "0" or int(row["already known"]) > 0
    assert log_path.read_text("utf-8").count("crawl ontustik: ok") == 2  # appended


def test_an_unwritable_crawl_log_is_one_line_and_exit_2(tmp_path: Path) -> None:
    write_config(tmp_path, "http://127.0.0.1:1")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "logs").write_text("in the way", "utf-8")
    one_line_error(run(["crawl"], tmp_path, timeout=60), "crawl.log")


@pytest.mark.slow
def test_run_crawl_reports_progress_while_the_child_runs(tmp_path: Path,
                                                         slow_site: LocalSite) -> None:
    config = crawl_config(tmp_path, [site_entry("ontustik", slow_site.base_url)],
                          concurrency_per_domain=1)
    snapshots: list[list[SiteProgress]] = []
    lines: list[str] = []
    (summary,) = run_crawl(config, progress=snapshots.append, child_output=lines.append)
    assert summary.status == "ok", summary.error
    assert len(snapshots) >= 2 and all(len(s) == 1 for s in snapshots)
    seen = [s[0] for s in snapshots]
    assert any(s.status == "running" and s.pages > 0 and s.pages_per_second > 0 for s in seen)
    for before, after in zip(seen, seen[1:], strict=False):  # counts only grow
        assert after.pages >= before.pages and after.new >= before.new
        assert after.duplicates >= before.duplicates and after.errors >= before.errors
    assert seen[-1].pages <= summary.pages_fetched
    assert any("Spider opened" in line for line in lines)  # child_output: INFO lines too


@pytest.mark.slow
def test_a_terminal_gets_a_live_table(tmp_path: Path, site_a: LocalSite) -> None:
    write_config(tmp_path, site_a.base_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env.update(PYTHONPATH=str(Path(__file__).resolve().parents[1]), TERM="xterm",
               COLUMNS="100")
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "crawl"], cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child)
    os.close(child)
    terminal = read_until_exit(main, proc)
    stdout = proc.stdout.read().decode("utf-8") if proc.stdout else ""
    assert proc.wait() == 0, terminal
    assert "newsmon crawl" in terminal and "pages/s" in terminal and "ontustik" in terminal
    assert summary_rows(stdout)["ontustik"]["status"] == "ok"  # stdout stays plain


def read_until_exit(fd: int, proc: subprocess.Popen[bytes], timeout: float = 120) -> str:
    out, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the other end closed (Linux: EIO)
                break
            if not data:
                break
            out += data
        elif proc.poll() is not None:
            break
    os.close(fd)
    return out.decode("utf-8", "replace")


def test_summary_table_names_known_skips_and_failure_reasons() -> None:
    ok = SiteSummary(site="kazinform-ru", status="ok", pages_fetched=120, new_articles=14,
                     relevant=3, duplicates=2, skipped={"exists": 40, "robots": 3,
                                                        "too_large": 1})
    failed = SiteSummary(site="dead", status="failed", errors=1, error="connection refused")
    text = format_summaries([ok, failed])
    rows = summary_rows(text)
    assert rows["kazinform-ru"]["already known"] == "40"
    assert rows["kazinform-ru"]["skipped"] == "robots 3, too_large 1"
    assert rows["dead"]["status"] == "failed" and rows["dead"]["skipped"] == "-"
    assert "dead: failed - connection refused" in text.splitlines()
    assert text.splitlines()[-1] == "2 site(s): 1 failed, 1 ok; 14 new articles"


@pytest.mark.parametrize(("line", "previous", "level"), [
    ("2026-11-23 08:00:00 [scrapy.core.engine] INFO: Spider opened", "", "INFO"),
    (" 'downloader/request_count': 3,", "INFO", "INFO"),  # Scrapy's stats dump goes on
    ("{'BOT_NAME': 'newsmon'}", "INFO", "INFO"),
    ("Traceback (most recent call last):", "INFO", ""),  # a crash: what summaries show
    ("2026-11-23 08:00:00 [news] ERROR: feed broken", "INFO", "ERROR"),
])
def test_crash_tail_skips_info_records(line: str, previous: str, level: str) -> None:
    assert _line_level(line, previous) == level


def test_progress_lines_show_a_sites_end_at_once_and_running_sites_when_due(
        capsys: pytest.CaptureFixture[str]) -> None:
    lines = _ProgressLines()
    lines([SiteProgress("a", "running", pages=3), SiteProgress("b", "starting")])
    assert capsys.readouterr().err == ""  # the first 5 s: nothing yet
    lines([SiteProgress("a", "ok", pages=7, new=5), SiteProgress("b", "running", pages=1)])
    assert capsys.readouterr().err == "a: 7 pages, 5 new, 0 errors, 0.0 pages/s (ok)\n"
    lines([SiteProgress("a", "ok", pages=7, new=5), SiteProgress("b", "running", pages=2)])
    assert capsys.readouterr().err == ""  # an end once; b not due
    lines._due = time.monotonic()  # five seconds later
    lines([SiteProgress("a", "ok", pages=7, new=5), SiteProgress("b", "running", pages=4)])
    assert capsys.readouterr().err == "b: 4 pages, 0 new, 0 errors, 0.0 pages/s\n"
