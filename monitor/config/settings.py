"""Every setting of the monitor, declared once, and the layered loader.

Precedence: built-in defaults < config file (TOML) < environment < command line.
No other module reads ``os.environ``: they receive a :class:`Config`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.config.errors import ConfigError as ConfigError
from monitor.config.sources import builtin_sites

# The [[sites]] and [[topics]] tables live in their own module; names re-exported here.
from monitor.config.tables import SITE_KEYS as SITE_KEYS
from monitor.config.tables import TOPIC_KEYS as TOPIC_KEYS
from monitor.config.tables import SiteConfig as SiteConfig
from monitor.config.tables import TopicConfig as TopicConfig
from monitor.config.tables import parse_site as parse_site
from monitor.config.tables import parse_topic as parse_topic

# The monitor's home time zone: the digest day, digest_at, and the offset of page dates that
# give none (Kazakhstan has kept UTC+5 all year since 2024).
ALMATY = ZoneInfo("Asia/Almaty")


@dataclass(frozen=True)
class Setting:
    key: str  # "section.name" or "name" for top-level keys
    default: Any
    type: type
    help: str
    env: str | None = None


# The one declaration of every scalar setting. Sites and topics are lists of tables,
# declared by SITE_KEYS and TOPIC_KEYS below.
SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "data", str, "Folder for the SQLite file, logs and digests.",
            "NEWSMON_DATA_DIR"),
    Setting("database.url", "", str,
            "SQLAlchemy URL; empty means a SQLite file newsmon.db in the data folder.",
            "NEWSMON_DATABASE_URL"),
    Setting("schedule.timezone", ALMATY.key, str,
            "Time zone of the digest day and of digest_at."),
    Setting("schedule.crawl_every_minutes", 30, int, "Default interval between crawls of a site."),
    Setting("schedule.digest_at", "08:00", str, "Local time (HH:MM) the daily digest is made."),
    Setting("crawl.user_agent",
            "newsmon/0.1 (+https://github.com/newsmon/newsmon; regional economy news monitor)",
            str, "User-Agent header sent to every site."),
    Setting("crawl.obey_robots", True, bool, "Obey robots.txt (leave on for real sites)."),
    Setting("crawl.concurrency_per_domain", 2, int, "Parallel requests to one domain."),
    Setting("crawl.download_delay", 0.5, float, "Base delay between requests to one domain (s)."),
    Setting("crawl.autothrottle", True, bool, "Adapt the delay to the server's latency."),
    Setting("crawl.timeout_seconds", 30, int, "Give up on one request after this many seconds."),
    Setting("crawl.retries", 2, int, "Retries of a failed request (5xx, timeouts, DNS)."),
    Setting("crawl.listing_depth", 2, int,
            "How many pagination steps to follow from a listing page (0 = the page only)."),
    Setting("crawl.heal_after_runs", 3, int,
            "After this many crawls in a row whose configured feeds, sitemaps and listings "
            "found no article URL, a site's crawl also reads its homepage (feeds, sitemaps, "
            "sections) and proposes a new entry (0 = never)."),
    Setting("crawl.max_articles_per_site", 500, int,
            "Stop queuing new article URLs for a site after this many in one crawl."),
    Setting("crawl.max_page_bytes", 5_000_000, int, "Pages larger than this are skipped."),
    Setting("crawl.min_text_chars", 200, int,
            "Extracted text shorter than this is not an article; a page that is clearly an "
            "article (a headline with article markup or a date, not a listing) needs half of "
            "it, so 100-character briefs count."),
    Setting("crawl.workers", 2, int,
            "Extraction processes of a crawl (each holds the language models, ~350 MB; "
            "0 = one per CPU core)."),
    Setting("crawl.max_parallel_sites", 12, int,
            "The daemon crawls at most this many sites at once, in one crawl process with one "
            "extraction pool; the other due sites wait for the next batch."),
    Setting("crawl.time_limit_minutes", 20, int, "A crawl running longer is stopped."),
    Setting("crawl.site_time_limit_minutes", 10.0, float,
            "One site crawling longer is closed alone (the others go on): failed, with what "
            "it fetched and stored counted."),
    Setting("crawl.resolve", [], list,
            "Host overrides like curl --resolve, 'host=127.0.0.1:8080': requests for host go "
            "there over plain HTTP (mirrors, offline checks, tests)."),
    Setting("relevance.threshold", 2.0, float, "Topic score from which an article is relevant."),
    Setting("relevance.word_model_veto", 0.4, float,
            "An article the topic rules find relevant stays relevant only when the built-in "
            "word model gives it at least this probability (0 = rules alone; only with the "
            "built-in topics)."),
    Setting("relevance.replace_default_topics", False, bool,
            "Use only the topics in this file, not the built-in ones."),
    Setting("digest.summary_chars", 300, int, "Length of each article's summary in the digest."),
    Setting("digest.languages", ["ru", "kk", "en", "uz"], list,
            "Preferred languages, best first: picks a story's headline."),
    Setting("stories.window_days", 3, int,
            "Articles are matched into stories only against this many recent days."),
    Setting("daemon.jitter_seconds", 60, int,
            "Random delay added to each scheduled crawl so sites do not fire together."),
    Setting("daemon.lock_minutes", 30, int,
            "A crawl lock older than this is taken to be left by a dead process."),
    Setting("daemon.silent_after_runs", 6, int,
            "Warn when a site that used to yield articles yields none for this many runs."),
    Setting("digest.email.enabled", False, bool, "Send the HTML digest by e-mail."),
    Setting("digest.email.smtp_host", "127.0.0.1", str, "SMTP server."),
    Setting("digest.email.smtp_port", 25, int, "SMTP port."),
    Setting("digest.email.starttls", False, bool, "Upgrade the SMTP connection with STARTTLS."),
    Setting("digest.email.username", "", str, "SMTP login (empty: no login)."),
    Setting("digest.email.password", "", str, "SMTP password.", "NEWSMON_SMTP_PASSWORD"),
    Setting("digest.email.sender", "newsmon@localhost", str, "From address."),
    Setting("digest.email.recipients", [], list, "To addresses."),
    Setting("web.enabled", False, bool,
            "The daemon also serves the read-only web app (as `newsmon serve` does)."),
    Setting("web.host", "127.0.0.1", str,
            "Address the web app listens on; any other than a loopback address needs "
            "web.token or web.username and web.password."),
    Setting("web.port", 8080, int, "Port of the web app (0: any free port, printed at start)."),
    Setting("web.token", "", str,
            "When set, every request needs it: 'Authorization: Bearer TOKEN', or ?token=TOKEN "
            "once (a cookie keeps it).", "NEWSMON_WEB_TOKEN"),
    Setting("web.username", "", str, "HTTP basic auth user of the web app (with web.password)."),
    Setting("web.password", "", str, "HTTP basic auth password of the web app.",
            "NEWSMON_WEB_PASSWORD"),
    Setting("workers.redis_url", "", str,
            "Redis URL of the shared crawl queue (redis://host:6379/0). Set: the daemon "
            "queues due sites there and `newsmon worker` processes crawl them; empty: the "
            "daemon crawls itself and Redis is not used.", "NEWSMON_REDIS_URL"),
    Setting("workers.key_prefix", "newsmon", str,
            "Prefix of every Redis key, so several installations can share one Redis."),
    Setting("workers.lease_seconds", 30, int,
            "A worker holds each site it crawls for this long, renewed every third of it; "
            "the sites of a worker that died are taken over by another after it."),
)

@dataclass(frozen=True)
class Config:
    values: Mapping[str, Any]
    sites: tuple[SiteConfig, ...] = ()
    topics: tuple[TopicConfig, ...] = ()
    source: str = "<defaults>"  # the file the config came from, for messages
    raw_sites: tuple[Mapping[str, Any], ...] = field(default=(), repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def data_dir(self) -> Path:
        return Path(self.values["data_dir"])

    @property
    def database_url(self) -> str:
        url = self.values["database.url"]
        return url or f"sqlite:///{(self.data_dir / 'newsmon.db').as_posix()}"

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.values["schedule.timezone"])

    def site(self, name: str) -> SiteConfig:
        for site in self.sites:
            if site.name == name:
                return site
        known = ", ".join(s.name for s in self.sites) or "none configured"
        raise ConfigError(f"unknown site {name!r} (known: {known})")

    def site_for_url(self, url: str | None) -> SiteConfig | None:
        """The configured site an article URL belongs to: on its domains and matching its
        article pattern (the first such site), else None."""
        if not url:
            return None
        return next((s for s in self.sites if s.article_pattern and s.allows(url)
                     and s.article_re.search(url)), None)

    def enabled_sites(self) -> list[SiteConfig]:
        return [s for s in self.sites if s.enabled]

    def to_toml_dict(self) -> dict[str, Any]:
        """The whole config as a TOML-shaped dict (round-trips through load_config)."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            *sections, name = key.split(".")
            table = out
            for section in sections:
                table = table.setdefault(section, {})
            table[name] = value
        out["sites"] = [s.to_dict() for s in self.sites]
        if self.topics:
            out["topics"] = [
                {"name": t.name, "terms": list(t.terms), "weight": t.weight} for t in self.topics
            ]
        return out


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    kind = setting.type
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on", "0", "false",
                                                        "no", "off"}:
            return value.lower() in {"1", "true", "yes", "on"}
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            return int(value)
    elif kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
    elif kind is list:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
    elif kind is str and isinstance(value, str):
        return value
    raise ConfigError(f"{where}: {setting.key} must be {kind.__name__}, got {value!r}")


def _flatten(data: Mapping[str, Any], where: str, prefix: str = "") -> dict[str, Any]:
    known = {s.key: s for s in SETTINGS}
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if not prefix and key in ("sites", "topics"):
            continue
        full = f"{prefix}{key}"
        if full in known:
            flat[full] = _coerce(known[full], value, where)
        elif any(k.startswith(full + ".") for k in known):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{full}] must be a table")
            flat.update(_flatten(value, where, full + "."))
        else:
            raise ConfigError(f"{where}: unknown key {full!r}")
    return flat


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


ENV_CONFIG = "NEWSMON_CONFIG"


def load_config(
    path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    data: Mapping[str, Any] | None = None,
) -> Config:
    """Build the config: defaults < file < environment < ``overrides`` (command line).

    ``path`` None means ``$NEWSMON_CONFIG``, else ``./newsmon.toml`` if present, else defaults
    only. ``data`` is an already-parsed TOML dict (used instead of a file; for tests, demo).
    """
    env = os.environ if environ is None else environ
    if path is None and env.get(ENV_CONFIG):
        path = env[ENV_CONFIG]
    if path is None and data is None and Path("newsmon.toml").is_file():
        path = "newsmon.toml"
    source = str(path) if path is not None else "<defaults>"
    raw: Mapping[str, Any] = data if data is not None else (
        _read_toml(Path(path)) if path is not None else {})

    values = {s.key: s.default for s in SETTINGS}
    values.update(_flatten(raw, source))
    for setting in SETTINGS:
        if setting.env and env.get(setting.env):
            values[setting.key] = _coerce(setting, env[setting.env], f"${setting.env}")
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        found = next((s for s in SETTINGS if s.key == key), None)
        if found is None:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = _coerce(found, value, f"--{key.split('.')[-1].replace('_', '-')}")
    _validate_values(values, source)

    raw_sites = raw.get("sites", [])
    if not isinstance(raw_sites, list):
        raise ConfigError(f"{source}: sites must be an array of tables ([[sites]])")
    sites = tuple(parse_site(s, f"{source}: sites[{i}]") for i, s in enumerate(raw_sites))
    if "sites" not in raw:
        # No [[sites]] at all: watch the built-in registry of real Kazakh sources.
        sites = builtin_sites()
    names = [s.name for s in sites]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{source}: site name {dupes[0]!r} is used twice")
    raw_topics = raw.get("topics", [])
    if not isinstance(raw_topics, list):
        raise ConfigError(f"{source}: topics must be an array of tables ([[topics]])")
    topics = tuple(parse_topic(t, f"{source}: topics[{i}]") for i, t in enumerate(raw_topics))
    return Config(values=values, sites=sites, topics=topics, source=source,
                  raw_sites=tuple(raw_sites))


def _validate_values(values: dict[str, Any], source: str) -> None:
    try:
        ZoneInfo(values["schedule.timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{source}: schedule.timezone {values['schedule.timezone']!r} is not a known "
            "time zone") from None
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", values["schedule.digest_at"]):
        raise ConfigError(f"{source}: schedule.digest_at must be HH:MM, "
                          f"got {values['schedule.digest_at']!r}")
    for key in ("schedule.crawl_every_minutes", "crawl.concurrency_per_domain",
                "crawl.timeout_seconds", "crawl.max_page_bytes", "crawl.time_limit_minutes"):
        if values[key] < 1:
            raise ConfigError(f"{source}: {key} must be at least 1")
    for key in ("daemon.lock_minutes", "daemon.silent_after_runs"):
        if values[key] < 1:
            raise ConfigError(f"{source}: {key} must be at least 1")
    for key in ("crawl.retries", "crawl.listing_depth", "crawl.heal_after_runs",
                "crawl.min_text_chars", "crawl.workers",
                "crawl.max_articles_per_site", "stories.window_days", "daemon.jitter_seconds"):
        if values[key] < 0:
            raise ConfigError(f"{source}: {key} must not be negative")
    if not 0 <= values["web.port"] <= 65535:
        raise ConfigError(f"{source}: web.port must be between 0 and 65535")
    if bool(values["web.username"]) != bool(values["web.password"]):
        raise ConfigError(f"{source}: web.username and web.password go together")
    redis_url = values["workers.redis_url"]
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"{source}: workers.redis_url {redis_url!r} is not a Redis URL "
                          "(redis://host:port/db)")
    if values["workers.lease_seconds"] < 3:
        raise ConfigError(f"{source}: workers.lease_seconds must be at least 3")
    url = values["database.url"]
    if url and "://" not in url:
        raise ConfigError(f"{source}: database.url {url!r} is not an SQLAlchemy URL")
