"""``python -m monitor`` as a user runs it: exit codes, one-line errors, option precedence."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.article.types import Analysis
from monitor.demo.localsite import LocalSite
from storage.db import open_database
from tests.fixtures_db import store_analysis as store_article

PAGES = Path(__file__).parent / "fixtures" / "pages"
ARTICLE_KEYS = {"url", "canonical_url", "site", "title", "text", "language", "published",
                "first_seen", "relevant", "topics", "story_id", "duplicate_of"}


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None,
        stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The CLI in a clean environment: no NEWSMON_* of the developer's shell leaks in."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    base["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    proc = subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd,
                          env={**base, **(env or {})}, input=stdin, capture_output=True,
                          timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def toml_site(name: str, **keys: Any) -> str:
    # JSON strings and string arrays are valid TOML values.
    body = "\n".join(f"{k} = {json.dumps(v)}" for k, v in keys.items())
    return f'[[sites]]\nname = "{name}"\n{body}\n'


@pytest.mark.parametrize(("text", "needle"), [
    ("[crawl\nretries = 1\n", "not valid TOML"),
    ("[crawl]\nspeed = 3\n", "unknown key 'crawl.speed'"),
    ('[[sites]]\nname = "a"\n', "needs at least one of feeds, sitemaps, start_urls"),
    (toml_site("a", feeds=["https://a.kz/rss"], article_pattern="(["), "article_pattern"),
    ('[schedule]\ntimezone = "Mars/Olympus"\n', "schedule.timezone"),
])
def test_config_errors_are_one_line_naming_the_file(tmp_path: Path, text: str,
                                                    needle: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    one_line_error(run(["--config", str(path), "sites"], tmp_path), str(path), needle)


def test_usage_errors(tmp_path: Path) -> None:
    one_line_error(run(["digest", "--date", "2025-13-40"], tmp_path), "--date", "2025-13-40")
    one_line_error(run(["digest", "--date", "24.10.2025"], tmp_path), "--date")
    one_line_error(run(["digest", "--format", "pdf"], tmp_path), "--format")
    one_line_error(run(["articles", "--limit", "0"], tmp_path), "--limit")
    one_line_error(run(["frobnicate"], tmp_path), "frobnicate")
    missing = tmp_path / "nowhere.html"
    one_line_error(run(["analyze", str(missing)], tmp_path), str(missing))
    one_line_error(run(["--config", str(tmp_path / "no.toml"), "digest"], tmp_path), "no.toml")
    one_line_error(run(["--db", "postgresql://postgres@127.0.0.1:1/none", "articles"], tmp_path),
                   "127.0.0.1:1")


def test_database_url_precedence_file_env_flag(tmp_path: Path) -> None:
    config = tmp_path / "newsmon.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path}/file.db"\n', encoding="utf-8")
    assert run(["articles"], tmp_path).returncode == 0  # ./newsmon.toml is found
    assert (tmp_path / "file.db").exists()
    env = {"NEWSMON_DATABASE_URL": f"sqlite:///{tmp_path}/env.db"}
    assert run(["articles"], tmp_path, env).returncode == 0
    assert (tmp_path / "env.db").exists()
    # the flag wins, and global options work after the command as well as before it
    assert run(["articles", "--db", f"sqlite:///{tmp_path}/flag.db"], tmp_path, env).returncode == 0
    assert (tmp_path / "flag.db").exists()
    other = tmp_path / "other.toml"
    other.write_text("", encoding="utf-8")
    data = tmp_path / "data-here"
    assert run(["--config", str(other), "digest", "--data-dir", str(data)], tmp_path,
               {"NEWSMON_DATA_DIR": str(tmp_path / "env-data")}).returncode == 0
    assert (data / "newsmon.db").exists() and not (tmp_path / "env-data").exists()


def test_analyze_a_fixture_page_file_and_stdin(tmp_path: Path) -> None:
    page = PAGES / "ru_economy.html"
    result = run(["analyze", str(page)], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"title", "text", "language", "published", "topics", "relevant", "figures"} <= set(data)
    assert data["title"] == "В Шымкенте запустили завод по выпуску кровельной стали"
    assert data["language"] == "ru"
    assert "510.1 / 514.1" not in data["text"]  # the currency ticker is boilerplate
    piped = run(["analyze", "-"], tmp_path, stdin=page.read_bytes())
    assert json.loads(piped.stdout)["title"] == data["title"]


def test_analyze_url_and_not_an_article(tmp_path: Path) -> None:
    with LocalSite(PAGES) as site:
        result = run(["analyze", f"{site.base_url}/ru_cp1251.html"], tmp_path)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["language"] == "ru"
        one_line_error(run(["analyze", f"{site.base_url}/too_short.html"], tmp_path),
                       "not an article")
        one_line_error(run(["analyze", f"{site.base_url}/missing.html"], tmp_path), "HTTP 404")


def test_articles_json_shape_and_utf8_under_c_locale(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.db'}"
    engine, sessions = open_database(url)
    with sessions() as session:
        analysis = Analysis(
            title="Жетісуда цемент зауыты салынады", text="Талдықорған индустриялық аймағында "
            "жылына 500 мың тонна цемент шығаратын зауыт салынады, 200 жұмыс орны ашылады.",
            author=None, published=None, language="kk", relevant=True, score=3.0,
            topics=["industrial_zones"], matched_terms={}, figures=[])
        store_article(session, site="zhetysu", url="https://z.kz/news/5", analysis=analysis,
                      now=datetime.now().astimezone())
    engine.dispose()
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    result = run(["articles", "--format", "json", "--relevant", "--db", url], tmp_path, env)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 1 and ARTICLE_KEYS <= set(rows[0])
    assert rows[0]["title"] == "Жетісуда цемент зауыты салынады"
    assert rows[0]["relevant"] is True and rows[0]["language"] == "kk"
    table = run(["articles", "--db", url, "--lang", "ru"], tmp_path, env)
    assert table.returncode == 0 and table.stdout.strip() == "0 articles"
    digest = run(["digest", "--db", url, "--format", "json"], tmp_path, env)
    assert json.loads(digest.stdout)["stories"][0]["title"] == "Жетісуда цемент зауыты салынады"


@pytest.mark.slow
def test_crawl_exit_codes_and_sites(tmp_path: Path) -> None:
    fixture_site = Path(__file__).parent / "fixtures" / "sites" / "ontustik"
    with LocalSite(fixture_site) as site:
        base = site.base_url
        good = toml_site("ontustik", feeds=[f"{base}/rss.xml"], article_pattern=r"/news/\d+")
        dead = toml_site("dead", feeds=["http://127.0.0.1:1/rss.xml"])
        config = tmp_path / "newsmon.toml"
        config.write_text('[crawl]\ndownload_delay = 0.0\nautothrottle = false\nretries = 0\n'
                          'timeout_seconds = 5\nworkers = 1\n' + good + dead, encoding="utf-8")
        ok = run(["crawl", "--site", "ontustik"], tmp_path)
        assert ok.returncode == 0, ok.stderr
        # The summary is a table (site, status, pages, new, ...), then "SITE: failed - why".
        assert ok.stdout.startswith("site ") and re.search(r"^ontustik +ok +\d+ +\d+ ",
                                                           ok.stdout, re.MULTILINE)
        mixed = run(["crawl"], tmp_path)
        assert mixed.returncode == 1, mixed.stderr
        assert "\ndead: failed - " in mixed.stdout
        assert re.search(r"^ontustik +ok ", mixed.stdout, re.MULTILINE)
    one_line_error(run(["crawl", "--site", "nosuch"], tmp_path), "nosuch")
    sites = run(["sites"], tmp_path)
    assert sites.returncode == 0
    lines = {line.split()[0]: line for line in sites.stdout.splitlines()[1:]}
    assert " ok " in lines["ontustik"] and " failed " in lines["dead"]
    rows = json.loads(run(["articles", "--format", "json"], tmp_path).stdout)
    assert rows and all(ARTICLE_KEYS <= set(r) for r in rows)
    assert {r["site"] for r in rows} == {"ontustik"}


@pytest.mark.parametrize("command", [["articles"], ["digest"], ["sites"], ["daemon"],
                                     ["crawl", "--site", "kazinform-ru"]])
def test_a_data_folder_that_is_a_file_is_one_line_and_exit_2(tmp_path: Path,
                                                            command: list[str]) -> None:
    in_the_way = tmp_path / "data"
    in_the_way.write_text("not a folder", "utf-8")
    for data_dir in (in_the_way, in_the_way / "below"):
        result = run(["--data-dir", str(data_dir), *command], tmp_path, timeout=60)
        assert result.returncode == 2, result.stderr
        one_line_error(result, str(in_the_way))
    assert in_the_way.read_text("utf-8") == "not a folder"  # nothing lost
