"""Article URLs: the one canonical spelling of a link, and which site a URL belongs to."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from monitor.config.tables import on_domains

# Host prefixes that serve the same article as the bare domain (mobile, AMP, www mirrors).
_HOST_PREFIXES = ("www.", "m.", "amp.")
# Query parameters that only track where a click came from; they never select content.
_TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "yclid", "ysclid", "msclkid", "igshid", "twclid",
    "_openstat", "_ga", "_gl", "ref", "ref_src", "ref_url", "referrer", "from", "mc_cid",
    "mc_eid", "spm", "share", "fb_action_ids", "fb_action_types", "fb_source", "yrwinfo",
    "amp", "outputtype",
})
_TRACKING_PREFIXES = ("utm_", "utm-", "hmsr", "hmpl")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Safe characters when re-quoting a path: everything RFC 3986 allows unescaped in a path.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_SLASH_ESCAPE = re.compile("%2f", re.IGNORECASE)


@lru_cache(maxsize=65536)
def canonical_url(url: str) -> str:
    """The one spelling of an article URL: https, bare host, no tracking, no AMP variant.

    ``http://www.Example.kz:80/news/amp/12/?utm_source=tg&b=2&a=1#top`` becomes
    ``https://example.kz/news/12?a=1&b=2``. Idempotent.
    """
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url  # mailto:, data:, relative: nothing sensible to normalise
    host, port = _host_port(parts.hostname or "", parts.port if _valid_port(parts) else None)
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query)
    return urlunsplit(("https", netloc, path, query, ""))


def _valid_port(parts: object) -> bool:
    try:
        return getattr(parts, "port", None) is not None
    except ValueError:  # a non-numeric port: keep the host, drop the port
        return False


def _host_port(host: str, port: int | None) -> tuple[str, int | None]:
    host = host.lower().rstrip(".")
    stripped = True
    while stripped:
        stripped = False
        for prefix in _HOST_PREFIXES:
            # Keep at least "name.tld": "m.kz" is a domain, not a mobile prefix.
            if host.startswith(prefix) and "." in host[len(prefix):]:
                host = host[len(prefix):]
                stripped = True
    return host, port


def _canonical_path(path: str) -> str:
    # Decode then re-encode so that Cyrillic paths compare equal whether the link was
    # written raw or percent-encoded; an encoded slash stays encoded.
    path = _SLASH_ESCAPE.sub("\x00", path)
    path = quote(unquote(path), safe=_PATH_SAFE).replace("%00", "%2F")
    path = re.sub(r"/{2,}", "/", path)
    if path.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    segments = [s for s in path.split("/") if s and s.lower() != "amp"]
    path = "/" + "/".join(segments)
    return path


def _canonical_query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not _is_tracking(key)
    ]
    pairs.sort()
    return urlencode(pairs, quote_via=quote)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def same_site(a: str, b: str) -> bool:
    """Are two hosts (or URLs) one site: equal, or one a subdomain of the other?"""
    a = (urlsplit(a).hostname or "") if "/" in a else a
    b = (urlsplit(b).hostname or "") if "/" in b else b
    return bool(a and b) and (on_domains(a, (b,)) or on_domains(b, (a,)))


def article_canonical_url(url: str, page_canonical: str | None = None) -> str:
    """canonical_url(url), or the page's own rel=canonical when it is on the same site.

    A canonical pointing to another domain (syndication partners, a parent portal) is
    ignored: the article is stored under its own site's URL.
    """
    own = canonical_url(url)
    if not page_canonical:
        return own
    declared = canonical_url(urljoin(url, page_canonical.strip()))
    if same_site(own, declared) and declared.startswith("https://"):
        return declared
    return own
