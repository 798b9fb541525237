"""The crawl process: ``python -m monitor.crawl.process --config-json F --site A --site B``.

Started by :func:`monitor.crawl.runner.run_crawl`. The config arrives as JSON (the parent's
``Config.to_toml_dict()``) so the child crawls with exactly the parent's settings, whatever the
environment says. Each site's CrawlRun id is appended to ``--runs-file`` when it starts.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from monitor.config.settings import ConfigError, load_config
from monitor.crawl.settings import settings_for
from spiders.news import NewsSpider

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitor.crawl.process")
    parser.add_argument("--config-json", required=True, type=Path)
    parser.add_argument("--site", action="append", default=[], required=True)
    parser.add_argument("--runs-file", default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
