"""The crawl process: ``python -m monitor.crawl.process --config-json F --site A --site B``.

Started by :func:`monitor.crawl.runner.run_crawl`. The config arrives as JSON (the parent's
``Config.to_toml_dict()``) so the child crawls with exactly the parent's settings, whatever the
environment says. Each site's CrawlRun id is appended to ``--runs-file`` when it starts.

A crawl never outlives the process that started it (``--parent-pid``): on Linux the kernel
sends it SIGKILL when that parent dies, even by ``kill -9``, and so on down to the extraction
workers, each of which dies with this process. Otherwise the next crawl of a site would take
over the dead parent's lock and fetch every page a second time beside the orphan. A crawl
killed that way is marked interrupted by the next one, like any killed crawl.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_MODULE = b"monitor.crawl.process"


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies. SIGKILL, not SIGTERM: the
    parent that would collect the summary is gone, nothing is worth a graceful close (every
    article is committed on its own), and Scrapy's SIGTERM handling may take the download
    timeout. False where there is no such call (not Linux): the crawl lock still names us.

    Only the parent *thread* counts: the caller must know the thread that started it stays
    until it has ended."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitor.crawl.process")
    parser.add_argument("--config-json", required=True, type=Path)
    parser.add_argument("--site", action="append", default=[], required=True)
    parser.add_argument("--runs-file", default=None)
    parser.add_argument("--parent-pid", type=int, default=None,
                        help="the process that started this one: die with it")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.parent_pid is not None:
        # First, before anything is fetched. Then check the parent: had it died before the
        # call, we would already be someone else's child and no signal would ever come.
        die_with_parent()
        if os.getppid() != args.parent_pid:
            sys.stderr.write(f"crawlproc: parent process {args.parent_pid} is gone; "
                             "not crawling\n")
            return 3
    # Late: the extraction workers import this module too (see the end), and must reach
    # their own guard without loading Scrapy first.
    from scrapy.crawler import CrawlerProcess

    from monitor.config.settings import ConfigError, load_config
    from monitor.crawl.settings import settings_for
    from spiders.news import NewsSpider

    try:
        data = json.loads(args.config_json.read_text("utf-8"))
        # environ={}: the parent already applied the environment and the command line.
        config = load_config(data=data, environ={})
        sites = [config.site(name) for name in args.site]
    except (OSError, ValueError, ConfigError) as exc:
        sys.stderr.write(f"crawlproc: {exc}\n")
        return 2
    settings = settings_for(config, quiet=not args.verbose)
    settings["NEWSMON_RUNS_FILE"] = args.runs_file
    process = CrawlerProcess(settings)
    for site in sites:
        process.crawl(NewsSpider, site=site.name, config=config)
    process.start()
    return 0


def _guard_extraction_worker() -> None:
    """Run in each extraction worker: die with the crawl process that spawned it.

    The pool (monitor.crawl.pipelines) starts its workers with "spawn", and they are spawned
    from the reactor's main thread, which lives as long as this process. A worker left behind
    by a killed crawl process would wait on its task queue for ever."""
    if not die_with_parent():
        return
    try:
        parent = Path(f"/proc/{os.getppid()}/cmdline").read_bytes()
    except OSError:
        return  # cannot tell: keep the worker rather than break the pool
    if _MODULE not in parent:
        os._exit(1)  # the crawl process died before the call above: no signal would come


if __name__ == "__main__":
    sys.exit(main())
elif __name__ == "__mp_main__":
    # multiprocessing's spawn imports the parent's main module under this name in every
    # worker before it unpickles its task: the one place this module runs in the workers.
    _guard_extraction_worker()
