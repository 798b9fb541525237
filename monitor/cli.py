"""The ``newsmon`` command: thin commands over library functions.

Each command parses its arguments, calls one library function and prints. A config or usage
error is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import io
import json
import logging
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from monitor import __version__
from monitor.config.settings import Config, ConfigError, load_config
from monitor.crawlview import (
    LOG_FORMAT,
    crawl_logging,
    crawl_progress,
    format_summaries,
    format_summary,
    relay_child_line,
)

PROG = "newsmon"
_DESCRIPTION = """\
News monitor for the regional economy of Kazakhstan: crawl news sites, keep the articles
about industrial zones, investment projects and regional development, and make a daily digest.
Run `newsmon COMMAND --help` for a command's options.

Example:
  newsmon demo
  newsmon crawl && newsmon digest --format html --output digest.html"""
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_log = logging.getLogger(__name__)


class UsageError(Exception):
    """A bad argument or unreadable input: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (exit 2) instead of usage + error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _global_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: an option given before the command is not reset to None by the subparser.
    group = parser.add_argument_group("global options")
    group.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS,
                       help="TOML config file (env NEWSMON_CONFIG; default ./newsmon.toml)")
    group.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                       help="SQLAlchemy database URL (env NEWSMON_DATABASE_URL)")
    group.add_argument("--data-dir", metavar="PATH", default=argparse.SUPPRESS,
                       help="folder for the SQLite file, logs and digests (env NEWSMON_DATA_DIR)")
    group.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                       help="log more (-v info, -vv debug)")


def load_cli_config(args: argparse.Namespace) -> Config:
    """The config from --config / --db / --data-dir (load_config applies the environment)."""
    overrides = {"database.url": getattr(args, "db", None),
                 "data_dir": getattr(args, "data_dir", None)}
    return load_config(getattr(args, "config", None), overrides=overrides)


@contextmanager
def _session(config: Config) -> Iterator[Session]:
    """A session on the configured database, created on first use."""
    from storage.db import open_database

    engine, sessions = open_database(config.database_url)
    try:
        with sessions() as session:
            yield session
    finally:
        engine.dispose()


def _parse_day(value: str | None, config: Config) -> date:
    if value is None:
        return datetime.now(config.timezone).date()
    try:
        if not _DATE_RE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD, got {value!r}") from None


def _print(text: str = "") -> None:
    print(text)


# --- commands ----------------------------------------------------------------------------------

def cmd_crawl(args: argparse.Namespace, config: Config) -> int:
    """Crawl now: all enabled sites, or those named; store new articles; a summary per site.

    While it runs: a live table of each site's pages, new articles, errors and rate on a
    terminal, otherwise a progress line per site about every 5 s (on stderr). The log (with
    the crawler's own lines) goes to <data>/logs/crawl.log; -v shows it on stderr too.
    Exit status 0 when every site was crawled, 1 when some failed (the others are still
    stored), 2 on a usage or config error.

    Example:
      newsmon crawl
      newsmon crawl --site kazinform-ru --site ortalyq
    """
    from monitor.crawl.runner import run_crawl
    from storage.locks import LockBusy, crawl_locks

    if not config.sites:
        raise ConfigError(f"{config.source}: no sites configured (add [[sites]] tables; "
                          "see docs/configuration.md)")
    names = args.site or [s.name for s in config.enabled_sites()]
    sites = [config.site(n) for n in names]  # an unknown name: one line, before any log
    crawl_logging(config, _verbosity_level(getattr(args, "verbose", 0)))
    try:
        # The same cross-process locks the daemon takes: never two crawls of one site at once.
        with crawl_locks(config, sites), crawl_progress(names) as show:
            summaries = run_crawl(config, site_names=names, progress=show,
                                  child_output=relay_child_line)
    except LockBusy as busy:
        print(f"crawl: refused, {busy}; try again when it has finished", file=sys.stderr)
        return 1
    if not summaries:
        _print("crawl: no enabled sites")
        return 0
    for summary in summaries:
        _log.info("crawl %s", format_summary(summary))
    _print(format_summaries(summaries))
    return 0 if all(s.status == "ok" for s in summaries) else 1


def cmd_digest(args: argparse.Namespace, config: Config) -> int:
    """The digest of the relevant articles first seen on one day, one entry per story.

    The day is local to schedule.timezone (Asia/Almaty by default); default: today.

    Example:
      newsmon digest
      newsmon digest --date 2026-11-23 --format html --output digest.html
    """
    from monitor.digest.build import build_digest, render

    day = _parse_day(args.date, config)
    with _session(config) as session:
        digest = build_digest(session, day, config)
    text = render(digest, args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    path = Path(args.output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--output: cannot write {path}: {exc.strerror}") from None
    _print(f"digest {day.isoformat()}: {len(digest.stories)} stories, "
           f"{digest.article_count} articles -> {path}")
    return 0


def cmd_articles(args: argparse.Namespace, config: Config) -> int:
    """List stored articles, oldest first, optionally filtered.

    Example:
      newsmon articles --date 2026-11-23 --relevant
      newsmon articles --site kazinform-ru --lang kk --format json --limit 20
    """
    from storage.articles import article_json, list_articles

    day = _parse_day(args.date, config) if args.date is not None else None
    with _session(config) as session:
        articles = list_articles(session, day=day, tz=config.timezone, site=args.site,
                                 language=args.lang, relevant=True if args.relevant else None,
                                 limit=args.limit)
        rows = [article_json(a, config.timezone) for a in articles]
    if args.format == "json":
        _print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        mark = "*" if row["relevant"] else " "
        seen = (row["first_seen"] or "")[:16].replace("T", " ")
        _print(f"{seen}  {mark} {row['language']:<3} {row['site']:<16} "
               f"{str(row['story_id'] or ''):>5}  {_clip(row['title'], 90)}")
    _print(f"{len(rows)} articles" + (" (* relevant)" if rows else ""))
    return 0


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_analyze(args: argparse.Namespace, config: Config) -> int:
    """Run the article pipeline (extract, language, topics, figures) on one page; print JSON.

    Stores nothing. SOURCE is a file, an http(s) URL, or - for standard input.

    Example:
      newsmon analyze page.html
      curl -s https://example.kz/news/1 | newsmon analyze -
    """
    from monitor.article.analysis import analyze_page
    from monitor.article.extract import NotAnArticle
    from monitor.article.topics import TopicModel

    body, url, content_type = read_source(args.source, config)
    try:
        site = config.site_for_url(url)  # its quirks and selectors, when the URL is known
        analysis = analyze_page(body, url, content_type, topics=TopicModel.from_config(config),
                                min_text_chars=config["crawl.min_text_chars"],
                                max_bytes=config["crawl.max_page_bytes"],
                                profile=site.profile if site else None)
    except NotAnArticle as exc:
        raise UsageError(f"analyze: {args.source} is not an article ({exc})") from None
    _print(json.dumps(analysis.to_json(), ensure_ascii=False, indent=2))
    return 0


def read_source(source: str, config: Config) -> tuple[bytes, str | None, str]:
    """(body, url or None, content type) of a file, a URL or stdin ("-")."""
    if source == "-":
        return sys.stdin.buffer.read(), None, ""
    if re.match(r"^https?://", source, re.I):
        request = urllib.request.Request(source, headers={"User-Agent": config["crawl.user_agent"]})
        try:
            with urllib.request.urlopen(request, timeout=config["crawl.timeout_seconds"]) as resp:
                return resp.read(), resp.geturl(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raise UsageError(f"analyze: cannot fetch {source}: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise UsageError(f"analyze: cannot fetch {source}: {reason}") from None
    try:
        return Path(source).read_bytes(), None, ""
    except OSError as exc:
        raise UsageError(f"analyze: cannot read {source}: {exc.strerror or exc}") from None


def cmd_daemon(args: argparse.Namespace, config: Config) -> int:
    """Run the schedule in the foreground (crawls and the daily digest) until SIGTERM/SIGINT.

    Example:
      newsmon --config /etc/newsmon.toml daemon
    """
    if importlib.util.find_spec("monitor.daemon") is None:
        print("daemon: not available in this build", file=sys.stderr)
        return 2
    run_daemon: Callable[[Config], int] = importlib.import_module("monitor.daemon").run_daemon
    return run_daemon(config)


def cmd_worker(args: argparse.Namespace, config: Config) -> int:
    """Run a crawl worker in the foreground until SIGTERM/SIGINT: take due sites from the
    shared queue in Redis (workers.redis_url), crawl them and store into the shared database.

    Any number of workers, on any machines with the same config, share the queue; the daemon
    on one node queues each site on its schedule. See docs/deploy.md.

    Example:
      newsmon --config /etc/newsmon/newsmon.toml worker
      NEWSMON_REDIS_URL=redis://queue.example.kz:6379/0 newsmon worker
    """
    from monitor.crawl.worker import run_worker

    return run_worker(config)


def cmd_sites(args: argparse.Namespace, config: Config) -> int:
    """List the configured sites with their health: last run and success, new articles in the
    last day and week, error rate, and warnings (failing, silent, no longer extracting).
    `sites check` probes sites live instead (robots, each feed, sitemap and listing, one
    article) and prints OK / BROKEN and why, and a proposed entry for each broken one; exit 1
    when any is broken. Run it first.
    `sites discover URL` finds a site's feeds, sitemaps, sections and article pattern from any
    of its pages and prints ready [[sites]] entries (one per language edition); `sites add URL
    --name NAME --write` appends them to the config file. Exit 2 when nothing is found.

    Example:
      newsmon sites
      newsmon status
      newsmon sites check kazinform-ru tengrinews-kk
      newsmon sites discover https://example.kz/
      newsmon sites add https://example.kz/ --name example --write
    """
    if getattr(args, "action", None) in ("discover", "add"):
        return discover_command(config, args)
    if getattr(args, "name", None) or getattr(args, "write", False):
        raise UsageError("sites: --name and --write go with 'sites discover' or 'sites add'")
    if getattr(args, "action", None) == "check":
        return check_sites_command(config, args.names)
    if getattr(args, "names", None):
        raise ConfigError(f"sites: unexpected argument {args.names[0]!r} (did you mean "
                          "'sites check NAME'?)")
    from monitor.health import site_status

    if not config.sites:
        _print(f"no sites configured in {config.source} (see docs/configuration.md)")
        return 0
    with _session(config) as session:
        statuses = site_status(session, config)
    tz = config.timezone

    def when(moment: datetime | None) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else "-"

    _print(f"{'site':<22} {'enabled':<8} {'last run':<17} {'status':<12} {'last success':<17} "
           f"{'new 1d':>6} {'new 7d':>6} {'errors':>7}")
    for item in statuses:
        health = item.health
        run = health.last_run
        rate = f"{health.error_rate:.0%}" if health.error_rate is not None else "-"
        _print(f"{item.site:<22} {'yes' if item.enabled else 'no':<8} "
               f"{when(run.started if run else None):<17} {run.status if run else 'never':<12} "
               f"{when(health.last_success):<17} {health.new_1d:>6} {health.new_7d:>6} "
               f"{rate:>7}")
    warnings = [w for item in statuses if item.enabled for w in item.warnings]
    for warning in warnings:
        _print(f"WARNING {warning}")
    return 0


def check_sites_command(config: Config, names: Sequence[str]) -> int:
    from monitor.crawl.discover import propose_fixes
    from monitor.crawl.sitecheck import check_sites, render_table, site_verdicts

    rows = check_sites(config, list(names) or None)
    _print(render_table(rows))
    broken = [name for name, ok in site_verdicts(rows).items() if not ok]
    for name, fix in propose_fixes(config, broken).items():
        _print(f"proposed fix for {name}:\n{fix}")
    return 0 if not broken else 1


def discover_command(config: Config, args: argparse.Namespace) -> int:
    """`sites discover URL` / `sites add URL --name NAME [--write]`."""
    from monitor.crawl.discover import DiscoveryError, discover_site
    from monitor.crawl.siteentry import write_entries

    if len(args.names) != 1:
        raise UsageError(f"sites {args.action}: give one URL (see --help)")
    if args.action == "add" and not args.name:
        raise UsageError("sites add: --name NAME is required")
    try:
        proposals = discover_site(config, args.names[0], args.name)
    except DiscoveryError as exc:
        raise UsageError(f"sites {args.action}: {exc}") from None
    _print("\n".join(p.toml() for p in proposals))
    if args.write:
        path, replaced_builtins = write_entries(config, proposals)
        _print(f"added {', '.join(p.name for p in proposals)} to {path}")
        if replaced_builtins:
            _print(f"note: {path} now lists its own [[sites]], so the built-in sources are "
                   "not watched any more")
    return 0


def cmd_demo(args: argparse.Namespace, config: Config) -> int:
    """Serve a bundled sample news site on 127.0.0.1, crawl it into a temporary database and
    print today's digest: the whole product, offline, in one command. Keeps nothing.

    Example:
      newsmon demo
    """
    from monitor.demo.run import run_demo

    result = run_demo(progress=lambda line: print(line, file=sys.stderr, flush=True))
    sys.stdout.write(result.digest_text)
    _print(result.closing_line())
    return 0 if result.ok else 1


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Serve the read-only web app: the digest of any day, stories, articles, search and
    source health, each with a JSON API under /api/. Listens on 127.0.0.1:8080 unless
    [web] host and port (or --host, --port) say otherwise; any address beyond the loopback
    needs web.token or web.username and web.password. Stops on Ctrl-C or SIGTERM.

    Example:
      newsmon serve
      NEWSMON_WEB_TOKEN=s3cret newsmon serve --host 0.0.0.0 --port 8080
    """
    from monitor.web.server import serve

    def ready(url: str) -> None:
        print(f"serving {url} (read only; Ctrl-C stops)", flush=True)

    return serve(config, host=args.host, port=args.port, ready=ready)


# --- parser and main -------------------------------------------------------------------------

def _add_command(subparsers: Any, name: str, func: Callable[..., int]) -> argparse.ArgumentParser:
    doc = inspect.cleandoc(func.__doc__ or "")
    summary = " ".join(doc.split("\n\n", 1)[0].split())
    parser = subparsers.add_parser(name, help=summary, description=doc,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    _global_options(parser)
    parser.set_defaults(func=func)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=_DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    crawl = _add_command(sub, "crawl", cmd_crawl)
    crawl.add_argument("--site", action="append", metavar="NAME",
                       help="crawl only this site (repeatable)")
    digest = _add_command(sub, "digest", cmd_digest)
    digest.add_argument("--date", metavar="YYYY-MM-DD", help="the local day (default: today)")
    digest.add_argument("--format", choices=("md", "html", "json", "atom"), default="md")
    digest.add_argument("--output", metavar="PATH", help="write to this file, not stdout")
    articles = _add_command(sub, "articles", cmd_articles)
    articles.add_argument("--date", metavar="YYYY-MM-DD", help="first seen on this local day")
    articles.add_argument("--site", metavar="NAME")
    articles.add_argument("--lang", metavar="CODE", help="ISO 639-1 language, e.g. kk")
    articles.add_argument("--relevant", action="store_true", help="only relevant articles")
    articles.add_argument("--format", choices=("table", "json"), default="table")
    articles.add_argument("--limit", type=_positive_int, metavar="N")
    analyze = _add_command(sub, "analyze", cmd_analyze)
    analyze.add_argument("source", metavar="FILE|URL|-")
    _add_command(sub, "daemon", cmd_daemon)
    _add_command(sub, "worker", cmd_worker)
    sites = _add_command(sub, "sites", cmd_sites)
    sites.add_argument("action", nargs="?", choices=("check", "discover", "add"),
                       help="check: probe the sites live; discover/add URL: find a new site's "
                            "entry")
    sites.add_argument("names", nargs="*", metavar="NAME",
                       help="sites to check (default: all), or the URL to discover")
    sites.add_argument("--name", help="discover/add: name of the new entry")
    sites.add_argument("--write", action="store_true",
                       help="add: append the entries to the config file")
    _add_command(sub, "status", cmd_sites)
    _add_command(sub, "demo", cmd_demo)
    serve = _add_command(sub, "serve", cmd_serve)
    serve.add_argument("--host", metavar="ADDRESS", help="listen address (default: web.host)")
    serve.add_argument("--port", type=_port, metavar="N", help="port (default: web.port; 0: any)")
    return parser


def _port(value: str) -> int:
    if not re.fullmatch(r"\d{1,5}", value) or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port 0-65535, got {value!r}")
    return int(value)


def _positive_int(value: str) -> int:
    if not re.fullmatch(r"\d+", value) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return int(value)


def _utf8_stdio() -> None:
    """Cyrillic output must not die under LANG=C or a redirected pipe on Windows."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if isinstance(stream, io.TextIOWrapper) and encoding != "utf8":
            stream.reconfigure(encoding="utf-8", errors="replace")


def _verbosity_level(verbosity: int) -> int:
    return logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG


def _setup_logging(verbosity: int) -> None:
    from monitor.logs import add_stderr_log

    logging.getLogger().setLevel(_verbosity_level(verbosity))
    add_stderr_log(LOG_FORMAT)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    args = build_parser().parse_args(argv)
    _setup_logging(getattr(args, "verbose", 0))
    from storage.db import DatabaseError

    try:
        config = load_cli_config(args)
        return int(args.func(args, config))
    except (ConfigError, UsageError, DatabaseError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"{PROG}: database error: {reason}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `newsmon articles | head`: the reader left; nothing to report
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
