"""news-please in library mode over page files; run by bench/newsplease_side.py through the
interpreter that has news-please (it is not installed in newsmon's venv).

    PYTHON bench/newsplease_lib.py BASE_URL PAGE_FILE...

For each file, ``NewsPlease.from_html(html, url=BASE_URL/news/NAME, fetch_images=False)``;
one process. Prints one JSON object: pages, seconds, cpu_seconds (this process), and the URLs
whose main text came back non-empty.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main() -> int:
    from newsplease import NewsPlease

    base, paths = sys.argv[1], [Path(p) for p in sys.argv[2:]]
    with_text = []
    start = time.perf_counter()
    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    for path in paths:
        url = f"{base}/news/{path.name}"
        article = NewsPlease.from_html(path.read_text("utf-8"), url=url, fetch_images=False)
        if getattr(article, "maintext", None):
            with_text.append(url)
    seconds = time.perf_counter() - start
    cpu_end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_end.ru_utime - cpu_start.ru_utime) + (cpu_end.ru_stime - cpu_start.ru_stime)
    json.dump({"pages": len(paths), "seconds": seconds, "cpu_seconds": cpu,
               "with_text": with_text}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
