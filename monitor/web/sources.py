"""The sources page: each configured site's health (last run, articles per day, errors,
silent or broken warnings, from monitor.health) and its articles per day, with the bars of a
small server-rendered SVG chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from monitor.config.settings import Config
from monitor.health import SiteStatus
from storage.models import CrawlRun
from storage.webqueries import articles_per_day

CHART_DAYS = 30
CHART_WIDTH = 240  # px of the per-site chart; each day gets CHART_WIDTH / CHART_DAYS
CHART_HEIGHT = 36


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: str
    count: int


def sources_page(session: Session, config: Config,
                 statuses: list[SiteStatus]) -> dict[str, Any]:
    """Each site of ``statuses`` (monitor.health.site_status) with its articles per day."""
    tz = config.timezone
    today = datetime.now(tz).date()
    days = [today - timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1)]
    per_day = articles_per_day(session, days[0], today, tz)
    regions = {site.name: site.region for site in config.sites}
    sites = [_site(status, regions.get(status.site), per_day.get(status.site, {}), days, config)
             for status in statuses]
    return {
        "days": [d.isoformat() for d in days],
        "sites": sites,
        "warnings": [w for s in sites if s["enabled"] for w in s["warnings"]],
    }


def _site(status: SiteStatus, region: str | None, counts: dict[date, int], days: list[date],
          config: Config) -> dict[str, Any]:
    health = status.health
    series = [counts.get(day, 0) for day in days]
    return {
        "site": status.site,
        "enabled": status.enabled,
        "region": region,
        "state": _state(status),
        "last_run": _run(health.last_run, config),
        "last_success": health.last_success.astimezone(config.timezone).isoformat()
        if health.last_success else None,
        "new_1d": health.new_1d,
        "new_7d": health.new_7d,
        "per_day_average": round(sum(series) / len(series), 1),
        "error_rate": health.error_rate,
        "warnings": list(status.warnings),
        "articles_per_day": series,
    }


def _state(status: SiteStatus) -> str:
    """ok | warning | failing | never (crawled) | disabled: the row's colour."""
    if not status.enabled:
        return "disabled"
    run = status.health.last_run
    if run is None:
        return "never"
    if status.warnings:
        return "warning"
    return "failing" if run.status == "failed" else "ok"


def _run(run: CrawlRun | None, config: Config) -> dict[str, Any] | None:
    if run is None:
        return None
    return {"started": run.started.astimezone(config.timezone).isoformat(),
            "status": run.status, "pages": run.pages_fetched, "new": run.new_articles,
            "errors": run.errors, "error": run.error,
            "error_samples": list(run.error_samples or [])[:5]}


def bars(series: list[int], days: list[str], peak: int | None = None) -> list[Bar]:
    """The bars of a series (one a day), scaled to ``peak`` (default: its own maximum)."""
    top = max(peak or 0, *series, 1)
    step = CHART_WIDTH / max(len(series), 1)
    out = []
    for i, (count, day) in enumerate(zip(series, days, strict=True)):
        height = round(CHART_HEIGHT * count / top, 1) if count else 0.0
        out.append(Bar(x=round(i * step, 1), y=round(CHART_HEIGHT - height, 1),
                       width=round(step - 1, 1), height=height, day=day, count=count))
    return out


def chart_svg(series: list[int], days: list[str]) -> Markup:
    """A site's articles per day as an inline SVG bar chart, each bar with its day and count
    as a tooltip. Built here rather than in the template: 30 bars for each of 60 sites is
    most of the page, and a join is many times faster than a template loop. Only numbers
    and escaped ISO dates go in."""
    peak = max(series, default=0)
    rects = "".join(
        f'<rect x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}">'
        f"<title>{escape(b.day)}: {b.count}</title></rect>" for b in bars(series, days))
    first = escape(days[0][5:]) if days else ""
    return Markup(
        f'<svg class="chart" width="{CHART_WIDTH}" height="{CHART_HEIGHT + 12}" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT + 12}" role="img" '
        f'aria-label="articles per day, at most {peak}">{rects}'
        f'<line x1="0" y1="{CHART_HEIGHT + 0.5}" x2="{CHART_WIDTH}" y2="{CHART_HEIGHT + 0.5}">'
        f'</line><text x="0" y="{CHART_HEIGHT + 11}">{first}</text>'
        f'<text x="{CHART_WIDTH}" y="{CHART_HEIGHT + 11}" text-anchor="end">max {peak}</text>'
        "</svg>")
