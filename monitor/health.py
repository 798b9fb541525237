"""Per-site health from the CrawlRun rows, and the warnings a reader of the digest should see.

A source rarely fails loudly. More often it goes quiet: the feed moved, the layout changed so
extraction finds no text any more, or a block page answers every request with 200. So besides
failed crawls we warn when a site that used to yield articles has yielded none for
``daemon.silent_after_runs`` runs, and when its recent pages were fetched but were skipped mostly
for extraction reasons. A new source has no history to go quiet against, so one whose first
crawl yielded nothing at all is warned about at once: a wrong feed URL or article_pattern
should not wait ``silent_after_runs`` crawls to be noticed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from monitor.config.settings import Config
from storage.healing import HealState, heal_states
from storage.models import CrawlRun, utcnow
from storage.runs import SiteHealth, recent_runs, site_health

# Skip reasons (extract.NotAnArticle) that mean "fetched, but no article text found".
EXTRACTION_REASONS = frozenset({"empty", "no_title", "too_short"})
EXTRACTION_SHARE = 0.5  # warn when at least this share of fetched pages failed extraction
EXTRACTION_RUNS = 3  # ... in each of this many most recent runs
FINISHED = ("ok", "failed", "interrupted")
HISTORY_RUNS = 50  # how far back "used to yield articles" looks


@dataclass
class SiteStatus:
    """A configured site: the numbers (storage.runs.SiteHealth) and what looks wrong."""

    site: str
    enabled: bool
    health: SiteHealth
    warnings: list[str] = field(default_factory=list)


def site_status(session: Session, config: Config, now: datetime | None = None) -> list[SiteStatus]:
    """Every configured site (enabled or not), in config order: numbers and warnings."""
    now = now or utcnow()
    names = [s.name for s in config.sites]
    numbers = site_health(session, now, sites=names)
    silent_after = config["daemon.silent_after_runs"]
    healing = heal_states(session, names)
    out: list[SiteStatus] = []
    for site in config.sites:
        runs = recent_runs(session, site.name, limit=max(HISTORY_RUNS, 3 * silent_after))
        warnings = warnings_for(site.name, runs, silent_after)
        if site.name in healing:
            warnings += heal_warning(site.name, healing[site.name],
                                     config["crawl.heal_after_runs"])
        out.append(SiteStatus(site=site.name, enabled=site.enabled,
                              health=numbers.get(site.name) or SiteHealth(site=site.name),
                              warnings=warnings))
    return out


def heal_warning(name: str, state: HealState, after: int) -> list[str]:
    """What changed when the site's configured sources keep finding nothing: since when,
    what fails, what the homepage fallback found, and the entry it proposes."""
    if not after or state.empty_runs < after:
        return []
    failing = f" ({state.failing[0]})" if state.failing else ""
    line = (f"site {name}: its configured feeds, sitemaps and listings found no article in "
            f"the last {state.empty_runs} crawls{failing}")
    if not state.fallback:
        return [line + "; the next crawl also reads its homepage"]
    if not state.proposal:
        return [line + "; its homepage gave none either"]
    keys = ("feeds", "sitemaps", "start_urls", "article_pattern", "quirks")
    entry = "; ".join(f"{k} = {state.proposal[k]!r}" for k in keys if k in state.proposal)
    return [f"{line}; crawled from its homepage instead ({state.found} article URLs); "
            f"proposed entry: {entry}"]


def site_warnings(session: Session, config: Config, now: datetime | None = None) -> list[str]:
    """One line per problem of an enabled site: failing, silent, or no longer extracting."""
    return [w for s in site_status(session, config, now) if s.enabled for w in s.warnings]


def warnings_for(name: str, runs: Sequence[CrawlRun], silent_after: int) -> list[str]:
    """Warnings for one site from its runs, newest first (running ones are ignored)."""
    return _warnings(name, [r for r in runs if r.status in FINISHED], silent_after)


def _warnings(name: str, done: Sequence[CrawlRun], silent_after: int) -> list[str]:
    recent = done[:silent_after]
    if len(recent) == silent_after and all(r.status == "failed" for r in recent):
        reason = recent[0].error or "no reason recorded"
        return [f"site {name}: the last {silent_after} crawls failed ({reason})"]
    out: list[str] = []
    first = _first_crawl_found_nothing(name, done)
    if first:
        out.append(first)
    yielded_before = any(r.new_articles > 0 for r in done[silent_after:])
    if (len(recent) == silent_after and yielded_before
            and all(r.new_articles == 0 for r in recent)):
        out.append(f"site {name}: silent source, no new articles in the last {silent_after} "
                   "crawls although it used to yield some")
    latest = done[:EXTRACTION_RUNS]
    if len(latest) == EXTRACTION_RUNS and all(_extraction_broken(r) for r in latest):
        fetched = sum(r.pages_fetched for r in latest)
        failed = sum(_extraction_skips(r) for r in latest)
        out.append(f"site {name}: pages stopped extracting ({failed} of {fetched} fetched pages "
                   f"in the last {EXTRACTION_RUNS} crawls had no article text: "
                   "layout change or block page?)")
    return out


def _yielded(run: CrawlRun) -> bool:
    return run.new_articles > 0 or run.duplicates > 0


def _first_crawl_found_nothing(name: str, done: Sequence[CrawlRun]) -> str | None:
    """A warning when the site's only conclusive crawl (ok or failed; a requested stop proves
    nothing) yielded no article and none came before it."""
    conclusive = [r for r in done if r.status != "interrupted"]
    if len(conclusive) != 1 or any(_yielded(r) for r in done):
        return None
    run = conclusive[0]
    if run.status == "failed":
        return f"site {name}: new source, its first crawl failed ({run.error or 'no reason'})"
    skipped = {reason: int(n) for reason, n in (run.skipped or {}).items() if int(n)}
    if not skipped:
        return (f"site {name}: new source found no article URL on its first crawl (check "
                "its feeds, sitemaps and article_pattern)")
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(skipped.items()))
    return f"site {name}: new source yielded no article on its first crawl (skipped: {reasons})"


def _extraction_skips(run: CrawlRun) -> int:
    return sum(int(n) for reason, n in (run.skipped or {}).items() if reason in EXTRACTION_REASONS)


def _extraction_broken(run: CrawlRun) -> bool:
    skips = _extraction_skips(run)
    return (run.pages_fetched > 0 and run.new_articles == 0 and skips > 0
            and skips >= EXTRACTION_SHARE * run.pages_fetched)
