"""Canonical URLs, content fingerprints and near-duplicate signatures.

Everything here is a pure function: the storage layer calls them to decide whether a page
is already stored (canonical URL), an exact reprint (content hash) or a near reprint
(SimHash within :data:`NEAR_DUPLICATE_BITS`).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

NEAR_DUPLICATE_BITS = 3  # SimHash Hamming distance at or under which texts are reprints
SHINGLE_WORDS = 3  # words per SimHash feature
# SimHash alone misses typical reprints of short news (a new lead sentence or a cut last
# paragraph moves a 170-word text 10-13 bits), so reprints are also found by a sampled
# shingle sketch: the 4-word shingles whose hash is 0 mod 4 (about a quarter of them).
SKETCH_SHINGLE_WORDS = 4
SKETCH_MODULUS = 4
# Share of the smaller text's sketch found in the other one, from which it is a reprint.
# Measured: reprints 0.79-1.0, different articles on the same topic 0.0-0.05.
NEAR_DUPLICATE_CONTAINMENT = 0.5
SKETCH_MIN_SHARED = 3  # fewer shared samples than this is chance, whatever the ratio

_MASK64 = (1 << 64) - 1
_SIGN64 = 1 << 63

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


_WORD = re.compile(r"[^\W_]+")


def normalized_words(text: str) -> list[str]:
    """Lower-case letters/digits runs; ё folded to е (Russian sites spell it both ways)."""
    return _WORD.findall(text.lower().replace("ё", "е"))


def normalize_text(text: str) -> str:
    return " ".join(normalized_words(text))


def content_hash(text: str) -> str:
    """SHA-1 hex of the normalised text: whitespace and punctuation differences vanish."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def _feature_hash(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(),
                          "big")


def simhash(text: str, shingle: int = SHINGLE_WORDS) -> int:
    """Signed 64-bit SimHash (fits a BIGINT column) over word ``shingle``-grams."""
    words = normalized_words(text)
    if not words:
        return 0
    if len(words) <= shingle:
        features = [" ".join(words)]
    else:
        features = [" ".join(words[i:i + shingle]) for i in range(len(words) - shingle + 1)]
    counts = [0] * 64
    for feature in features:
        h = _feature_hash(feature)
        for bit in range(64):
            counts[bit] += 1 if (h >> bit) & 1 else -1
    value = 0
    for bit, count in enumerate(counts):
        if count > 0:
            value |= 1 << bit
    return value - (1 << 64) if value & _SIGN64 else value


def sketch(text: str) -> list[int]:
    """Sorted signed 64-bit hashes of the sampled word 4-shingles of the text.

    Sampling by value (not position) keeps the samples of a shared passage identical in
    both texts, so shared samples / sketch size estimates how much of a text is repeated.
    """
    words = normalized_words(text)
    if not words:
        return []
    size = SKETCH_SHINGLE_WORDS
    shingles = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}
    picked = {h for h in map(_feature_hash, shingles) if h % SKETCH_MODULUS == 0}
    return sorted(h - (1 << 64) if h & _SIGN64 else h for h in picked)


def containment(shared: int, size_a: int, size_b: int) -> float:
    """Share of the smaller sketch found in the other (0.0 when either is empty)."""
    smaller = min(size_a, size_b)
    return shared / smaller if smaller > 0 else 0.0


def is_near_duplicate(shared: int, size_a: int, size_b: int) -> bool:
    return (shared >= min(SKETCH_MIN_SHARED, size_a, size_b) and shared > 0
            and containment(shared, size_a, size_b) >= NEAR_DUPLICATE_CONTAINMENT)


def bands(signature: int) -> tuple[int, int, int, int]:
    """Four 16-bit bands (low bits first): texts within 3 bits share at least one."""
    u = signature & _MASK64
    return (u & 0xFFFF, (u >> 16) & 0xFFFF, (u >> 32) & 0xFFFF, (u >> 48) & 0xFFFF)


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()
