"""Whole-page benchmark on a blind set: relevance, language, figures and cleanup at once.

Run: .venv/bin/python bench/blind_pages.py [--set tests/fixtures/labelled/pages_blind13.jsonl]
     [--show-misses]

The set (issue 13) was written by someone given only a description of the users, who never
saw the term lists, gazetteer or rules: Russian, Kazakh and Uzbek short articles (on-topic,
and near misses: neighbours' industrial zones, Russian regions, op-eds, personal finance,
crime at a plant, sports "zones"), plus short texts in other languages for the language
check. Each line gives the title, the body paragraphs, boilerplate lines ("junk": subscribe
calls, read-also lines, copyright, donations, crumbs), the relevance label, the language and
every money / jobs / area figure of the body.

Each article becomes a page shaped like a real one (site header with a date and a menu, h1,
the body with the junk lines among its paragraphs, a "popular" sidebar, a footer) and goes
through the whole pipeline (``analyze_page``). Measured:

- relevance precision / recall (a page rejected as not an article counts as not relevant);
- language: share of right tags, and each wrong one;
- figures: precision / recall of (kind, unit, value) against the labels (value within 0.5 %);
- cleanup: share of body paragraphs kept, share of junk lines left in the text;
- pages rejected (too short, ...), with their reasons.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.article.analysis import analyze_page  # noqa: E402
from monitor.article.extract import NotAnArticle  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "fixtures" / "labelled" / "pages_blind13.jsonl"
# What each language's site chrome says; the page is shaped like the outlet's.
CHROME = {
    "kk": ("Басты бет", "Жаңалықтар", "Экономика", "Көп оқылған", "Барлық құқықтар қорғалған"),
    "uz": ("Бош саҳифа", "Янгиликлар", "Иқтисодиёт", "Кўп ўқилган", "Барча ҳуқуқлар ҳимояланган"),
}
CHROME_DEFAULT = ("Главная", "Новости", "Экономика", "Популярное", "Все права защищены")


def page_html(item: dict[str, Any]) -> str:
    """An article page as news sites shape them, the junk lines inside the article body."""
    home, news, econ, popular, rights = CHROME.get(item["lang"], CHROME_DEFAULT)
    paras = [f"<p>{html.escape(p)}</p>" for p in item["paragraphs"]]
    junk = [f"<p>{html.escape(j)}</p>" for j in item.get("junk", [])]
    # First junk line after the lead, the rest at the end, as read-also and subscribe
    # blocks usually sit.
    body = paras[:1] + junk[:1] + paras[1:] + junk[1:]
    lang = {"sah": "ru", "bua": "ru"}.get(item["lang"], item["lang"])
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(item["title"])} | Вестник региона</title></head><body>
<header><div class="logo">Вестник региона</div><div class="today">01.12.2026</div>
<nav><a href="/">{home}</a> <a href="/news/">{news}</a> <a href="/economy/">{econ}</a></nav>
<div class="ticker">USD 512.40 EUR 540.10 RUB 5.21</div></header>
<main><article><h1>{html.escape(item["title"])}</h1>
<time datetime="2026-11-30T09:15:00+05:00">30.11.2026 09:15</time>
{"".join(body)}</article>
<aside><h3>{popular}</h3><ul><li><a href="/news/1">Погода на выходные</a></li>
<li><a href="/news/2">Курс валют на сегодня</a></li><li><a href="/news/3">Афиша недели</a></li>
</ul></aside></main><footer>© 2026 Вестник региона. {rights}.</footer></body></html>"""


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1.0)


def figure_counts(expected: list[dict[str, Any]], got: list[dict[str, Any]]
                  ) -> tuple[int, int, int, list[str]]:
    """(true positives, false positives, false negatives, the misses in words)."""
    left = [dict(e) for e in expected]
    tp, wrong = 0, []
    for fig in got:
        if fig["kind"] not in ("money", "jobs", "area"):
            continue
        if fig["unit"] == "km2":  # the labels give every area in hectares
            fig = {**fig, "unit": "ha", "value": float(fig["value"]) * 100}
        hit = next((e for e in left if e["kind"] == fig["kind"] and e["unit"] == fig["unit"]
                    and _close(float(e["value"]), float(fig["value"]))), None)
        if hit is None:
            wrong.append(f"extra {fig['kind']} {fig['value']:g} {fig['unit']} "
                         f"({fig.get('raw', '')!r})")
        else:
            left.remove(hit)
            tp += 1
    wrong += [f"missed {e['kind']} {float(e['value']):g} {e['unit']}" for e in left]
    return tp, len(wrong) - len(left), len(left), wrong


def _in_text(line: str, text: str, chars: int) -> bool:
    probe = " ".join(line.split())[:chars]
    return probe in " ".join(text.split())


def run(items: list[dict[str, Any]], show: bool) -> dict[str, Any]:
    rel = Counter()
    langs_ok, lang_wrong = 0, []
    fig = Counter()
    fig_misses: list[str] = []
    kept = total_paras = junk_left = junk_total = 0
    rejected: Counter[str] = Counter()
    rel_misses: list[str] = []
    junk_misses: list[str] = []
    for item in items:
        want = bool(item["relevant"])
        try:
            got = analyze_page(page_html(item), f"https://news.example/{item['id']}")
        except NotAnArticle as exc:
            rejected[exc.reason] += 1
            rel["fn" if want else "tn"] += 1
            if want:
                rel_misses.append(f"{item['id']} rejected ({exc.reason}): {item['title']}")
            continue
        key = ("tp" if got.relevant else "fn") if want else ("fp" if got.relevant else "tn")
        rel[key] += 1
        if key in ("fp", "fn"):
            rel_misses.append(f"{item['id']} {key} ({item.get('note', '')}): {item['title']}")
        if got.language == item["lang"]:
            langs_ok += 1
        else:
            lang_wrong.append(f"{item['id']} {item['lang']} -> {got.language}")
        tp, fp, fn, words = figure_counts(item.get("figures", []), got.figures)
        fig.update(tp=tp, fp=fp, fn=fn)
        fig_misses += [f"{item['id']}: {w}" for w in words]
        total_paras += len(item["paragraphs"])
        kept += sum(_in_text(p, got.text, 40) for p in item["paragraphs"])
        junk_total += len(item.get("junk", []))
        left = [j for j in item.get("junk", []) if _in_text(j, got.text, 25)]
        junk_left += len(left)
        junk_misses += [f"{item['id']}: {j}" for j in left]
    if show:
        for title, lines in (("relevance", rel_misses), ("language", lang_wrong),
                             ("figures", fig_misses), ("junk left", junk_misses)):
            print(f"\n### {title} misses ({len(lines)})")
            for line in lines:
                print("-", line)
    p = rel["tp"] / max(1, rel["tp"] + rel["fp"])
    r = rel["tp"] / max(1, rel["tp"] + rel["fn"])
    analysed = len(items) - sum(rejected.values())
    return {
        "articles": len(items), "relevance P": p, "relevance R": r,
        "language right": f"{langs_ok}/{analysed}",
        "figures P": fig["tp"] / max(1, fig["tp"] + fig["fp"]),
        "figures R": fig["tp"] / max(1, fig["tp"] + fig["fn"]),
        "paragraphs kept": kept / max(1, total_paras),
        "junk lines left": junk_left / max(1, junk_total),
        "rejected": dict(rejected) or "none",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not args.set.exists():
        print(f"skipped: {args.set} not found")
        return 0
    items = [json.loads(line) for line in args.set.read_text("utf-8").splitlines() if line]
    by_lang: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        group = item["lang"] if item["lang"] in ("ru", "kk", "uz") else "other"
        by_lang.setdefault(group, []).append(item)
    results = {"all": run(items, args.show_misses)}
    results.update({lang: run(rows, False) for lang, rows in sorted(by_lang.items())})
    keys = list(results["all"])
    print(f"\nCommand: `.venv/bin/python bench/blind_pages.py --set {args.set.name}`\n")
    print("| set | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, res in results.items():
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in res.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
