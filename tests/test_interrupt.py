"""Ctrl-C as a terminal sends it (SIGINT to the whole process group) in the middle of a real
`newsmon crawl`: the run is counted as interrupted, pages in flight are not extraction errors,
and the next crawl fetches exactly what is missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from monitor.config.settings import load_config
from storage.db import open_database
from storage.models import Article, CrawlRun
from tests.waiting import wait_for

COUNT = 24
WORDS = ["завод", "цех", "теплица", "элеватор", "склад", "рудник", "фабрика", "комбинат"]
PLACES = ["Шымкенте", "Туркестане", "Кентау", "Арыси", "Сарыагаше", "Ленгере"]


def _page(i: int) -> str:
    what, where = WORDS[i % len(WORDS)], PLACES[i % len(PLACES)]
    text = (f"Новость номер {i}: в {where} открылся {what}, на котором работают {i + 40} "
            f"человек. Инвестор номер {i * 7} вложил {i + 3} миллиардов тенге, а акимат "
            f"подвел дороги и сети к участку номер {i * 13}. Продукцию {what}а ({i}) будут "
            f"продавать в соседние области и за рубеж, сообщили в пресс-службе.")
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новость {i}'
            f"</title></head><body><article><h1>Новость {i}: {what} в {where}</h1>"
            f"<p>{text}</p></article></body></html>")


def _config(tmp_path: Path, base_url: str) -> Path:
    path = tmp_path / "newsmon.toml"
    path.write_text(f"""data_dir = "{tmp_path / 'data'}"
[crawl]
download_delay = 0.0
autothrottle = false
concurrency_per_domain = 1
obey_robots = false
[[sites]]
name = "slowish"
feeds = ["{base_url}/rss.xml"]
article_pattern = "/news/\\\\d+"
""", "utf-8")
    return path


def test_ctrl_c_mid_crawl_is_an_interruption_and_the_next_crawl_completes(
        tmp_path: Path, make_site: Any) -> None:
    items = "".join(f"<item><title>{i}</title><link>{{{{BASE}}}}/news/{i}.html</link></item>"
                    for i in range(COUNT))
    files = {"rss.xml": f'<?xml version="1.0"?><rss version="2.0"><channel>{items}'
                        "</channel></rss>",
             "_routes.toml": '["/news/*"]\ndelay = 0.4\n'}
    files.update({f"news/{i}.html": _page(i) for i in range(COUNT)})
    site = make_site(files, "slowish")
    config_path = _config(tmp_path, site.base_url)
    _, sessions = open_database(load_config(str(config_path), environ={}).database_url)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    cmd = [sys.executable, "-m", "monitor", "--config", str(config_path), "crawl"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stored() -> int:
        with sessions() as session:
            return len(list(session.scalars(select(Article.id))))

    try:
        wait_for("a few stored articles", lambda: stored() >= 3, 60, proc)
        os.killpg(proc.pid, signal.SIGINT)  # the terminal's Ctrl-C: the whole group
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with sessions() as session:
        (run,) = session.scalars(select(CrawlRun))
        assert run.status == "interrupted", (run.status, run.error)
        assert "extract_error" not in (run.skipped or {}) and run.errors == 0, run.skipped
        first = stored()
        first_paths = {"/" + a.url.split("/", 3)[3] for a in session.scalars(select(Article))}
    # Scrapy's graceful stop still finishes the requests already handed to its downloader;
    # whatever it stored counts, the rest is for the next crawl.
    assert first >= 3
    again = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert stored() == COUNT
    fetched = [r.path for r in site.requests if r.path.startswith("/news/")]
    # What the first crawl stored is never fetched again; a page it had fetched but not yet
    # stored at Ctrl-C (Scrapy's downloader may hold up to 16) is fetched once more.
    assert set(fetched) == {f"/news/{i}.html" for i in range(COUNT)}
    assert all(fetched.count(path) == 1 for path in first_paths)
    assert all(fetched.count(path) <= 2 for path in set(fetched))
