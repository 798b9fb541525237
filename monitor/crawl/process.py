"""The crawl process: ``python -m monitor.crawl.process --config-json F --site A --site B``.

Started by :func:`monitor.crawl.runner.run_crawl`. The config arrives as JSON (the parent's
``Config.to_toml_dict()``) so the child crawls with exactly the parent's settings, whatever the
environment says. Each site's CrawlRun id is appended to ``--runs-file`` when it starts.

A crawl never outlives the process that started it (``--parent-pid``): on Linux the kernel
sends it SIGKILL when that parent dies, even by ``kill -9``, and so on down to the extraction
workers, each of which dies with this process (monitor.crawl.lifeline). Otherwise the next
crawl of a site would take over the dead parent's lock and fetch every page a second time
beside the orphan. A crawl
killed that way is marked interrupted by the next one, like any killed crawl.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from monitor.crawl.lifeline import bind_to_parent

log = logging.getLogger(__name__)

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitor.crawl.process")
    parser.add_argument("--config-json", required=True, type=Path)
    parser.add_argument("--site", action="append", default=[], required=True)
    parser.add_argument("--runs-file", default=None)
    parser.add_argument("--parent-pid", type=int, default=None,
                        help="the process that started this one: die with it")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--shared-queue", action="store_true",
                        help="a crawl worker's: the requests come from the sites' Redis queues")
    args = parser.parse_args(argv)
    if args.parent_pid is not None:
        # First, before anything is fetched. Then check the parent: had it died before the
        # call, we would already be someone else's child and no signal would ever come.
        if not bind_to_parent(args.parent_pid):
            sys.stderr.write(f"crawlproc: parent process {args.parent_pid} is gone; "
                             "not crawling\n")
            return 3
    from monitor.config.settings import ConfigError, load_config
    from monitor.crawl.pool import POOL

    try:
        data = json.loads(args.config_json.read_text("utf-8"))
        # environ={}: the parent already applied the environment and the command line.
        config = load_config(data=data, environ={})
        sites = [config.site(name) for name in args.site]
    except (OSError, ValueError, ConfigError) as exc:
        sys.stderr.write(f"crawlproc: {exc}\n")
        return 2
    # The workers first, forked while this process has one thread (monitor.crawl.pool);
    # Scrapy only after them, so they do not carry it.
    POOL.prestart(config)
    from scrapy.crawler import CrawlerProcess

    from monitor.crawl.settings import settings_for
    from spiders.news import NewsSpider

    settings = settings_for(config, quiet=not args.verbose)
    settings["NEWSMON_RUNS_FILE"] = args.runs_file
    spider_class: type[NewsSpider] = NewsSpider
    if args.shared_queue:
        # Only here is Redis imported: single-machine crawls never need it.
        from monitor.crawl.sharedsched import QueuedNewsSpider, worker_settings

        settings, spider_class = worker_settings(settings), QueuedNewsSpider
    process = CrawlerProcess(settings)
    for site in sites:
        process.crawl(spider_class, site=site.name, config=config)
    try:
        process.start()
    finally:
        POOL.release()  # prestart's own hold: the pool outlives any one spider
    return 0


if __name__ == "__main__":
    sys.exit(main())
