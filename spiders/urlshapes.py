"""The shapes of article URLs: does a URL look like an article's, and which regex covers a set.

A URL's path is read segment by segment: a year and month/day segments, numeric ids, slugs
with an id (``zavod-postroyat-578501``, ``282605-zavod``, ``slug_300028771``, a hex id
``-c46768``), long slugs (three words or more) and plain words (sections, ``news``,
``article``). A URL looks like an article's when some segment carries an id, a date or a long
slug and nothing marks it as a tag, author, search or section page. :func:`infer_pattern`
turns confirmed article URLs into the ``article_pattern`` of a site entry: URLs of one shape
share a branch; a word segment stays literal when all URLs have the same word there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from monitor.article.pagekind import url_says_not_article

_EXT = re.compile(r"\.(html?|php|aspx?)$", re.I)
_ASSET = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|zip|rar|mp[34]|css|js|xml|"
                    r"rss|json|ico|woff2?)$", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SLUG_ID = re.compile(r"^[^/]+?([-_])\d+$")
_ID_SLUG = re.compile(r"^\d+([-_])[^/]+$")
_HEX_TAIL = re.compile(r"^[^/]+-([0-9a-f]{5,12})$")
_LONG_SLUG = re.compile(r"^[^/-]+(?:-[^/-]+){2,}$")
_ID_PARAMS = frozenset({"p", "id", "ID", "news_id", "newsid", "nid", "article", "ELEMENT_ID"})
# Token -> its regex; "W:" tokens (plain words) are literal or any word.
TOKEN_RE = {
    "Y": r"(?:19|20)\d\d", "D": r"\d{1,2}", "YMD": r"(?:19|20)\d{6}", "N": r"\d+",
    "S-N": r"[^/?#]+?-\d+", "S_N": r"[^/?#]+?_\d+", "N-S": r"\d+-[^/?#]+",
    "N_S": r"\d+_[^/?#]+", "S": r"[^/?#-]+(?:-[^/?#-]+){2,}", "T": r"[^/?#]+",
}
STRONG = frozenset({"Y", "YMD", "N", "S-N", "S_N", "N-S", "N_S"})  # an id or a date


def _token(segment: str, previous: str) -> str:
    if _YEAR.match(segment):
        return "Y"
    if segment.isdigit():
        if previous in ("Y", "D") and len(segment) <= 2:
            return "D"
        if len(segment) == 8 and _YEAR.match(segment[:4]):
            return "YMD"
        return "N"
    hexed = _HEX_TAIL.match(segment.lower())
    if hexed and not hexed.group(1).isdigit() and any(c.isdigit() for c in hexed.group(1)):
        return f"S-H{len(hexed.group(1))}"
    for regex, name in ((_ID_SLUG, "N{}S"), (_SLUG_ID, "S{}N")):
        match = regex.match(segment)
        if match:
            return name.format(match.group(1))
    if _LONG_SLUG.match(segment):
        return "S"
    return "W:" + segment


def shape(url: str) -> tuple[str, ...]:
    """The tokens of a URL: one per path segment, then the file extension, the trailing
    slash and a numeric id parameter (``?p=123``) when there is one."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    ext = ""
    if segments:
        match = _EXT.search(segments[-1])
        if match:
            ext = match.group(0)
            segments[-1] = segments[-1][: match.start()]
    tokens: list[str] = []
    for segment in segments:
        tokens.append(_token(segment, tokens[-1] if tokens else ""))
    if len(tokens) > 1 and tokens[-1].startswith("W:") and tokens[-2] in ("Y", "D", "YMD"):
        tokens[-1] = "T"  # /2025/06/12/any-slug: after a date, any last segment
    query = [k for k, v in parse_qsl(parts.query) if k in _ID_PARAMS and v.isdigit()]
    tail = (f"ext:{ext}", "slash" if parts.path.endswith("/") and ext == "" else "",
            f"q:{query[0]}" if query else "")
    return (*tokens, *tail)


def strength(tokens: tuple[str, ...]) -> str:
    """"strong" (an id or a date), "slug" (only a long slug), or "" (no article shape)."""
    if any(t in STRONG or t.startswith("S-H") or t.startswith("q:") and t != "q:"
           for t in tokens):
        return "strong"
    return "slug" if "S" in tokens else ""


def looks_like_article(url: str) -> bool:
    """Could this be an article's URL (an id, a date or a long slug, and not a tag, author,
    search, section or asset URL)?"""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or _ASSET.search(parts.path):
        return False
    return url_says_not_article(url) is None and bool(strength(shape(url)))


def group_key(url: str) -> tuple[str, ...]:
    """URLs with the same key have the same shape but for the words of their sections."""
    return tuple("W" if t.startswith("W:") else t for t in shape(url))


def _token_re(tokens: list[str]) -> str:
    first = tokens[0]
    if first.startswith("W:"):
        words = sorted({t[2:] for t in tokens})
        return re.escape(words[0]) if len(words) == 1 else r"[^/?#]+"
    if first.startswith("S-H"):
        return rf"[^/?#]+-[0-9a-f]{{{first[3:]}}}"
    return TOKEN_RE[first]


def _branch(urls: list[str]) -> str:
    shapes = [shape(u) for u in urls]
    *segments, ext, slash, query = zip(*shapes, strict=True)
    path = "/".join(_token_re(list(column)) for column in segments)
    ext_re = re.escape(ext[0][4:]) if ext[0] != "ext:" else ""
    end = "/?" if any(slash) and path else ""
    if query[0]:
        end += (r"/?" if path and not end else "") + rf"\?{re.escape(query[0][2:])}=\d+"
    return path + ext_re + end


def host_re(hosts: Iterable[str]) -> str:
    bare = sorted({h.lower().removeprefix("www.") for h in hosts})
    names = "|".join(re.escape(h) for h in bare)
    return rf"(?:www\.)?(?:{names})" if len(bare) > 1 else rf"(?:www\.)?{names}"


def infer_pattern(urls: Iterable[str]) -> str:
    """An article_pattern (for ``re.search``) matching the given article URLs and URLs of
    their shapes: one branch per shape, anchored on the host(s) and the URL's end."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    hosts = set()
    for url in dict.fromkeys(urls):
        groups[group_key(url)].append(url)
        hosts.add(urlsplit(url).netloc.lower())  # with a port, if the URL has one
    if not groups:
        return ""
    branches = sorted({_branch(members) for members in groups.values()})
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return rf"^https?://{host_re(hosts)}/{body}$"


__all__ = ["group_key", "host_re", "infer_pattern", "looks_like_article", "shape", "strength"]
