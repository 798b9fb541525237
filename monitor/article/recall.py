"""Body paragraphs that trafilatura's ``favor_precision`` drops, put back.

On some pages the precision pass keeps only part of the article (one page lost 2 of its 5
paragraphs: the ones after an inline image and a quote block). When prose paragraphs of the
page are missing from the precise body, a recall pass runs too; where it holds the precise
body's lines and more, its prose paragraphs around and between them are kept (the residue
rules of monitor.article.cleanup have already cleaned both). The precise body stays whenever
the recall pass adds nothing but furniture or reads another part of the page.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document

from monitor.article.cleanup import clean_text, squeeze_spaces

PROSE_CHARS = 80  # a <p> this long ending a sentence is a body paragraph candidate
MISSING_SHARE = 0.25  # missing prose of this share of the precise body triggers the recall pass
FOUND_SHARE = 0.8  # the recall body must hold this share of the precise body's text
GAIN_SHARE = 1.15  # ...and be this much longer to be worth taking
_SENTENCE_END = (".", "!", "?", "…", "»", '"', ")")


def _is_prose(line: str) -> bool:
    return len(line) >= 150 or (len(line) >= PROSE_CHARS and line.endswith(_SENTENCE_END))


def missing_prose(tree: HtmlElement, body: str) -> int:
    """Characters of the page's prose paragraphs (<p>) that ``body`` does not contain."""
    missing = 0
    for para in tree.iter("p"):
        text = squeeze_spaces(para.text_content())
        if _is_prose(text) and text not in body:
            missing += len(text)
    return missing


def fuller_body(precise: str, recall: str) -> str:
    """``recall``'s prose around and between ``precise``'s lines, when that is fuller."""
    wanted = set(precise.split("\n"))
    lines = recall.split("\n")
    found = [i for i, line in enumerate(lines) if line in wanted]
    if not found or sum(len(lines[i]) for i in found) < FOUND_SHARE * len(precise):
        return precise  # the recall pass read another part of the page
    first, last = found[0], found[-1]
    while first > 0 and _is_prose(lines[first - 1]):
        first -= 1
    while last < len(lines) - 1 and _is_prose(lines[last + 1]):
        last += 1
    kept = [ln for ln in lines[first:last + 1] if ln in wanted or _is_prose(ln)]
    fuller = "\n".join(kept)
    return fuller if len(fuller) >= GAIN_SHARE * len(precise) else precise


def rescue_body(tree: HtmlElement, url: str | None, precise: str,
                clean: Callable[[str], str] = clean_text) -> str:
    """The precise body, or a fuller one from a recall pass when prose paragraphs are missing.
    ``clean`` turns trafilatura's text into a body as ``precise`` was made (the site's line
    rules, then the residue rules), so that the recall pass brings back nothing they cut."""
    if missing_prose(tree, precise) < MISSING_SHARE * max(len(precise), 1):
        return precise
    doc = bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                          favor_recall=True)
    if not isinstance(doc, Document) or not doc.text:
        return precise
    return fuller_body(precise, clean(doc.text))


__all__ = ["fuller_body", "missing_prose", "rescue_body"]
