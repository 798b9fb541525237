"""Site health and warnings from CrawlRun rows (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from monitor.config.settings import Config, load_config
from monitor.health import site_status, site_warnings
from storage.models import CrawlRun

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def _config(tmp_path: Path) -> Config:
    sites = [{"name": n, "feeds": [f"https://{n}.kz/rss.xml"]}
             for n in ("healthy", "silent", "broken", "failing", "newbie")]
    sites.append({"name": "off", "feeds": ["https://off.kz/rss.xml"], "enabled": False})
    return load_config(data={"data_dir": str(tmp_path), "daemon": {"silent_after_runs": 4},
                             "sites": sites}, environ={})


def _runs(session: Session, site: str, specs: list[dict[str, Any]]) -> None:
    """specs oldest first; one run per 30 minutes ending just before NOW."""
    for i, spec in enumerate(specs):
        started = NOW - timedelta(minutes=30 * (len(specs) - i))
        session.add(CrawlRun(site=site, started=started, finished=started + timedelta(minutes=1),
                             **{"status": "ok", "pages_fetched": 5, **spec}))
    session.commit()


def test_warnings_for_silent_broken_and_failing_sites(db_session: Session,
                                                      tmp_path: Path) -> None:
    yielded, quiet = {"new_articles": 3}, {"new_articles": 0, "pages_fetched": 1}
    _runs(db_session, "healthy", [yielded, quiet, quiet, yielded, quiet])
    _runs(db_session, "silent", [yielded] * 3 + [quiet] * 4)
    _runs(db_session, "broken", [yielded] + [{"new_articles": 0, "pages_fetched": 6,
                                              "skipped": {"too_short": 3, "no_title": 2}}] * 3)
    _runs(db_session, "failing", [yielded] + [{"status": "failed", "error": "HTTP 403"}] * 4)
    _runs(db_session, "newbie", [quiet] * 6)  # never yielded: not "silent", just new or empty
    _runs(db_session, "off", [yielded] + [{"status": "failed", "error": "x"}] * 4)
    warnings = site_warnings(db_session, _config(tmp_path), NOW)
    assert len(warnings) == 3, warnings
    silent, broken, failing = warnings
    assert silent.startswith("site silent: silent source") and "last 4 crawls" in silent
    assert broken.startswith("site broken: pages stopped extracting (15 of 18 fetched")
    assert failing == "site failing: the last 4 crawls failed (HTTP 403)"


def test_status_has_numbers_for_every_configured_site(db_session: Session,
                                                      tmp_path: Path) -> None:
    _runs(db_session, "healthy", [{"status": "failed", "error": "timeout"}, {"new_articles": 2}])
    status = {s.site: s for s in site_status(db_session, _config(tmp_path), NOW)}
    assert list(status) == ["healthy", "silent", "broken", "failing", "newbie", "off"]
    healthy = status["healthy"].health
    assert healthy.last_run is not None and healthy.last_run.status == "ok"
    assert healthy.error_rate == 0.5 and healthy.runs == 2
    assert healthy.last_success == NOW - timedelta(minutes=29)
    assert status["off"].enabled is False and status["newbie"].health.last_run is None
    assert all(not s.warnings for s in status.values())
