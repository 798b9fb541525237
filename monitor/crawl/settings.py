"""Scrapy settings built from the newsmon config.

``monitor.crawl.process`` calls :func:`settings_for` with the config it was given. For
Scrapy's own ``scrapy crawl news -a site=NAME`` (scrapy.cfg points here) the module holds only
the fixed names below; :class:`ConfigAddon` loads the config the usual way when that crawler
starts, so importing this module reads no file and has no side effect.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings

from monitor.config.settings import Config, ConfigError, load_config

BOT_NAME = "newsmon"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
ADDONS = {"monitor.crawl.settings.ConfigAddon": 0}


def settings_for(config: Config, *, quiet: bool = True) -> dict[str, Any]:
    """Scrapy settings for a crawl under ``config``; ``quiet`` logs warnings and errors only."""
    max_bytes = int(config["crawl.max_page_bytes"])
    autothrottle = bool(config["crawl.autothrottle"])
    delay = float(config["crawl.download_delay"])
    return {
        "BOT_NAME": BOT_NAME,
        "SPIDER_MODULES": SPIDER_MODULES,
        "NEWSPIDER_MODULE": NEWSPIDER_MODULE,
        "ADDONS": ADDONS,
        "USER_AGENT": config["crawl.user_agent"],
        "ROBOTSTXT_OBEY": bool(config["crawl.obey_robots"]),
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(config["crawl.concurrency_per_domain"]),
        "DOWNLOAD_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0.0,
        "AUTOTHROTTLE_ENABLED": autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(delay, 1.0),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(config["crawl.concurrency_per_domain"]),
        "DOWNLOAD_TIMEOUT": int(config["crawl.timeout_seconds"]),
        # Each site is its own crawler: a slow or hanging one is closed alone.
        "CLOSESPIDER_TIMEOUT": max(1.0, float(config["crawl.site_time_limit_minutes"]) * 60),
        "RETRY_ENABLED": int(config["crawl.retries"]) > 0,
        "RETRY_TIMES": int(config["crawl.retries"]),
        # A little above max_page_bytes, so the pipeline sees (and counts) a too_large page
        # instead of Scrapy cancelling it silently.
        "DOWNLOAD_MAXSIZE": max_bytes + max(max_bytes // 5, 1_000_000),
        "DOWNLOAD_WARNSIZE": 0,
        "COOKIES_ENABLED": False,
        # Neither console opens a port on a machine that only crawls.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "DNS_TIMEOUT": min(int(config["crawl.timeout_seconds"]), 20),
        # healing first: it tells the spider whether to read the homepage too
        "ITEM_PIPELINES": {"monitor.crawl.healing.HealPipeline": 200,
                           "monitor.crawl.pipelines.StorePipeline": 300},
        # crawl.resolve: last on the way out, first on the way back (see spiders.middlewares)
        "DOWNLOADER_MIDDLEWARES": {"spiders.middlewares.ResolveMiddleware": 950,
                                   "spiders.politeness.RetryAfterMiddleware": 560,
                                   # last out, first back (see spiders.concurrency)
                                   "spiders.concurrency.SlotLimitMiddleware": 990},
        "NEWSMON_RETRY_AFTER_CAP": 120.0,  # seconds: the longest Retry-After pause honoured
        "NEWSMON_RESOLVE": list(config["crawl.resolve"]),
        # Extraction runs in a process pool; Scrapy must not flood it with responses.
        "CONCURRENT_ITEMS": 32,
        "LOG_LEVEL": "WARNING" if quiet else "INFO",
        "LOG_STDOUT": False,
        "LOG_FORMATTER": "monitor.crawl.pipelines.QuietLogFormatter",
        "NEWSMON_CONFIG_OBJECT": config,
    }


class ConfigAddon:
    """A Scrapy add-on: under ``scrapy crawl`` (no config object in the settings yet) load
    the newsmon config (--config file, $NEWSMON_CONFIG, ./newsmon.toml) and apply
    :func:`settings_for` at add-on priority. A broken config is reported by the spider, which
    loads it again."""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.get("NEWSMON_CONFIG_OBJECT") is not None:
            return
        try:
            config = load_config()
        except ConfigError:
            return
        values = {k: v for k, v in settings_for(config, quiet=False).items() if k != "ADDONS"}
        settings.setdict(values, priority="addon")
