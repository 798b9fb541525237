"""What ``newsmon crawl`` shows and logs: live progress (a rich table on a terminal, a line per
site every few seconds otherwise), the summary table, and the crawl's log file."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from monitor.config.settings import Config

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def crawl_logging(config: Config, stderr_level: int) -> Path:
    """INFO and up, the crawl process's own lines included, to <data>/logs/crawl.log; stderr
    keeps what -v asked for. ConfigError (one line, exit 2) when the log cannot be written."""
    from monitor.logs import add_file_log, add_stderr_log

    add_stderr_log(LOG_FORMAT).setLevel(stderr_level)
    return add_file_log(config.data_dir / "logs" / "crawl.log", logging.INFO)


def relay_child_line(line: str) -> None:
    """One line of the crawl process's log (already formatted by Scrapy) into ours, as is."""
    from monitor.logs import CHILD_LOGGER

    logging.getLogger(CHILD_LOGGER).info(line, extra={"verbatim": True})


@contextmanager
def crawl_progress(names: Sequence[str]) -> Iterator[Callable[[list[Any]], None]]:
    """The progress callback for run_crawl: a live table on a terminal, lines otherwise."""
    if not sys.stderr.isatty():
        yield _ProgressLines()
        return
    from rich.console import Console
    from rich.live import Live

    from monitor.crawl.runner import SiteProgress

    waiting = [SiteProgress(site=name) for name in names]
    # transient: the table goes when the crawl ends, the summary on stdout stays.
    with Live(_progress_table(waiting), console=Console(stderr=True), transient=True,
              refresh_per_second=4, redirect_stdout=False, redirect_stderr=True) as live:
        yield lambda snapshots: live.update(_progress_table(snapshots))


def _progress_table(snapshots: Sequence[Any]) -> Any:
    from rich.table import Table

    table = Table(title="newsmon crawl", title_justify="left")
    table.add_column("site")
    table.add_column("status")
    for name in ("pages", "new", "duplicates", "errors", "pages/s"):
        table.add_column(name, justify="right")
    for s in snapshots:
        table.add_row(s.site, s.status, str(s.pages), str(s.new), str(s.duplicates),
                      str(s.errors), f"{s.pages_per_second:.1f}")
    return table


class _ProgressLines:
    """Progress without a terminal (a pipe, a log): every ~5 s a line per running site, and
    one when a site ends, so a log shows the crawl moving without repeating itself."""

    EVERY_SECONDS = 5.0

    def __init__(self) -> None:
        self._due = time.monotonic() + self.EVERY_SECONDS
        self._shown: dict[str, str] = {}  # site -> the status its last line showed

    def __call__(self, snapshots: Sequence[Any]) -> None:
        now = time.monotonic()
        due = now >= self._due
        if due:
            # Due times step by EVERY_SECONDS, so callbacks every 2 s give lines 5 s apart on
            # average.
            self._due = max(self._due + self.EVERY_SECONDS, now)
        for s in snapshots:
            if s.status == "starting" or self._shown.get(s.site) == s.status != "running":
                continue
            if s.status == "running" and not due:
                continue  # a site's end is shown at once, its progress every EVERY_SECONDS
            self._shown[s.site] = s.status
            end = "" if s.status == "running" else f" ({s.status})"
            print(f"{s.site}: {s.pages} pages, {s.new} new, {s.errors} errors, "
                  f"{s.pages_per_second:.1f} pages/s{end}", file=sys.stderr, flush=True)


def format_summary(summary: Any) -> str:
    """One line per crawled site (for the log)."""
    line = (f"{summary.site}: {summary.status}, {summary.pages_fetched} pages, "
            f"{summary.new_articles} new ({summary.relevant} relevant), "
            f"{summary.duplicates} duplicates, {summary.errors} errors")
    if summary.skipped:
        line += ", skipped " + ", ".join(f"{k}={v}" for k, v in sorted(summary.skipped.items()))
    if summary.error:
        line += f" - {summary.error}"
    return line


_SUMMARY_COLUMNS = ("site", "status", "pages", "new", "relevant", "already known",
                    "duplicates", "errors", "skipped")


def format_summaries(summaries: Sequence[Any]) -> str:
    """The crawl's summary: a table, a site a row; then why each site that did not finish
    failed ("SITE: failed - REASON"), and the totals."""
    rows = [_summary_row(s) for s in summaries]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(_SUMMARY_COLUMNS)]

    def line(cells: Sequence[str]) -> str:
        # Names and words left, counts right; the last column (reasons) is not padded.
        out = [c.ljust(w) if i < 2 else c.rjust(w)
               for i, (c, w) in enumerate(zip(cells[:-1], widths, strict=False))]
        return "  ".join([*out, cells[-1]]).rstrip()

    lines = [line(_SUMMARY_COLUMNS), *(line(r) for r in rows)]
    lines += [f"{s.site}: {s.status} - {s.error}" for s in summaries
              if s.status != "ok" and s.error]
    statuses = Counter(s.status for s in summaries)
    lines.append(f"{len(summaries)} site(s): "
                 + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
                 + f"; {sum(s.new_articles for s in summaries)} new articles")
    return "\n".join(lines)


def _summary_row(summary: Any) -> list[str]:
    skipped = dict(summary.skipped or {})
    known = skipped.pop("exists", 0)  # stored by an earlier crawl: not fetched again
    reasons = ", ".join(f"{reason} {count}" for reason, count in
                        sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    return [summary.site, summary.status, str(summary.pages_fetched),
            str(summary.new_articles), str(summary.relevant), str(known),
            str(summary.duplicates), str(summary.errors), reasons or "-"]
