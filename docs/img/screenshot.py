"""Make docs/img/digest.png, the README's picture of the digest page.

    python docs/img/screenshot.py

Serves the demo's sample news site (monitor/demo/site) on 127.0.0.1, crawls it into a
temporary database, starts `newsmon serve` on a free port and photographs today's digest in
Debian's headless Chromium (/usr/bin/chromium, through Playwright). Keeps nothing but the PNG.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from monitor.crawl.runner import run_crawl  # noqa: E402
from monitor.demo.localsite import LocalSite  # noqa: E402
from monitor.demo.run import SITE_NAME, TIMEZONE, build_site, demo_config  # noqa: E402

OUTPUT = Path(__file__).with_name("digest.png")


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="newsmon-shot-") as tmp:
        folder = Path(tmp)
        (folder / "site").mkdir()
        with LocalSite(folder / "site") as site:
            build_site(folder / "site", site.base_url, datetime.now(TIMEZONE).date())
            config = demo_config(site.base_url, folder / "data")
            run_crawl(config)
        toml = folder / "newsmon.toml"
        toml.write_text(f"[database]\nurl = {json.dumps(config.database_url)}\n"
                        f"[[sites]]\nname = {json.dumps(SITE_NAME)}\n"
                        "feeds = [\"http://127.0.0.1/rss.xml\"]\nregion = \"Turkestan\"\n",
                        "utf-8")
        server = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(toml),
                                   "serve", "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE)
        try:
            assert server.stdout is not None
            url = server.stdout.readline().decode().split()[1]
            _wait(url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                page = browser.new_page(viewport={"width": 1100, "height": 1000},
                                        locale="ru-RU")
                page.goto(url)
                page.screenshot(path=str(OUTPUT))
                browser.close()
        finally:
            server.terminate()
            server.wait(15)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


def _wait(url: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    raise SystemExit(main())
