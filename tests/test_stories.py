"""Canonical URLs and reprint fingerprints (pure functions, no database)."""

from __future__ import annotations

import pytest

from monitor.article import fingerprints
from monitor.article.fingerprints import bands, content_hash, hamming, simhash, sketch
from monitor.article.urls import canonical_url
from tests import story_texts as t

SAME_ARTICLE = [
    "https://example.kz/news/12345-zavod",
    "http://example.kz/news/12345-zavod",
    "https://www.example.kz/news/12345-zavod/",
    "https://m.example.kz/news/12345-zavod",
    "https://amp.example.kz/news/12345-zavod",
    "HTTPS://WWW.Example.KZ:443/news/12345-zavod#comments",
    "http://example.kz:80/news/12345-zavod?utm_source=telegram&utm_medium=social",
    "https://example.kz/news/12345-zavod?fbclid=IwAR0x&gclid=abc&yclid=1&_openstat=x",
    "https://example.kz/news/12345-zavod?ref=main&from=tg",
    "https://example.kz/amp/news/12345-zavod",
    "https://example.kz/news/amp/12345-zavod",
    "https://example.kz/news/12345-zavod/amp",
    "https://example.kz/news/12345-zavod/amp/",
    "https://example.kz/news/12345-zavod?amp",
    "https://example.kz/news/12345-zavod?amp=1",
    "https://example.kz//news//12345-zavod",
]


@pytest.mark.parametrize("url", SAME_ARTICLE)
def test_canonical_url_variants_are_one_article(url: str) -> None:
    assert canonical_url(url) == "https://example.kz/news/12345-zavod"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.kz/", "https://example.kz/"),
    ("https://example.kz", "https://example.kz/"),
    ("https://example.kz/?b=2&a=1&utm_campaign=x", "https://example.kz/?a=1&b=2"),
    ("https://example.kz/news/view?id=7&page=2", "https://example.kz/news/view?id=7&page=2"),
    ("https://example.kz/news/1.amp.html", "https://example.kz/news/1.html"),
    ("http://127.0.0.1:8765/news/1/", "https://127.0.0.1:8765/news/1"),
    ("https://example.kz:8443/a", "https://example.kz:8443/a"),
    ("https://m.kz/a", "https://m.kz/a"),  # a two-label domain, not a mobile prefix
    ("https://example.kz/champ/amplifier", "https://example.kz/champ/amplifier"),
])
def test_canonical_url_cases(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_cyrillic_raw_and_encoded_agree() -> None:
    raw = canonical_url("https://example.kz/жаңалықтар/зауыт?q=индустриялық аймақ")
    encoded = canonical_url("https://example.kz/%D0%B6%D0%B0%D2%A3%D0%B0%D0%BB%D1%8B%D2%9B"
                            "%D1%82%D0%B0%D1%80/%D0%B7%D0%B0%D1%83%D1%8B%D1%82"
                            "?q=%D0%B8%D0%BD%D0%B4%D1%83%D1%81%D1%82%D1%80%D0%B8%D1%8F%D0%BB"
                            "%D1%8B%D2%9B+%D0%B0%D0%B9%D0%BC%D0%B0%D2%9B")
    assert raw == encoded


def test_different_articles_keep_different_urls() -> None:
    assert canonical_url("https://example.kz/news/1") != canonical_url("https://example.kz/news/2")
    assert (canonical_url("https://example.kz/news?id=1")
            != canonical_url("https://example.kz/news?id=2"))
    assert canonical_url("https://a.example.kz/x") != canonical_url("https://example.kz/x")


@pytest.mark.parametrize("url", SAME_ARTICLE + [
    "https://example.kz/a%2Fb/?z=1&y=%20", "https://example.kz/новости/1?q=а+б", "mailto:x@y.kz",
])
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_content_hash_ignores_layout_and_punctuation() -> None:
    assert content_hash(t.ORIGINAL_TEXT) == content_hash(t.RELAYOUT_TEXT)
    assert (content_hash("Завод  построят — в 2025 году.")
            == content_hash("завод построят в 2025 году"))
    assert content_hash(t.ORIGINAL_TEXT) != content_hash(t.REPRINT_TEXT)
    assert len(content_hash("x")) == 40


def test_simhash_is_signed_64_bit_and_banded() -> None:
    values = [simhash(text) for text in (t.ORIGINAL_TEXT, t.OTHER_TEXT, t.KK_TEXT, "")]
    assert all(-(1 << 63) <= v < (1 << 63) for v in values)
    sig = values[0]
    b = bands(sig)
    assert all(0 <= part < 1 << 16 for part in b)
    assert (b[0] | b[1] << 16 | b[2] << 32 | b[3] << 48) == sig & ((1 << 64) - 1)
    assert hamming(sig, sig) == 0
    assert hamming(0, -1) == 64
    assert simhash(t.ORIGINAL_TEXT) == simhash(t.RELAYOUT_TEXT)


def test_simhash_separates_unrelated_articles() -> None:
    # Different articles on the same topic must stay far outside the reprint threshold.
    far = 3 * fingerprints.NEAR_DUPLICATE_BITS
    assert hamming(simhash(t.ORIGINAL_TEXT), simhash(t.OTHER_TEXT)) > far
    assert hamming(simhash(t.ORIGINAL_TEXT), simhash(t.KK_TEXT)) > far


def _shared(a: str, b: str) -> tuple[int, int, int]:
    sa, sb = set(sketch(a)), set(sketch(b))
    return len(sa & sb), len(sa), len(sb)


TRIMMED = "\n\n".join(t.ORIGINAL_TEXT.split("\n\n")[:-1])
NEW_LEAD = ("Строительство трубного завода стартовало в Шымкенте.\n\n"
            + t.ORIGINAL_TEXT.split("\n\n", 1)[1])


@pytest.mark.parametrize(("a", "b"), [
    (t.ORIGINAL_TEXT, t.REPRINT_TEXT),  # new lead, footer, last paragraph cut
    (t.ORIGINAL_TEXT, TRIMMED),
    (t.ORIGINAL_TEXT, NEW_LEAD),
    (t.KK_TEXT, t.KK_REPRINT_TEXT),
], ids=["reprint", "trimmed", "new-lead", "kk-reprint"])
def test_reprints_are_near_duplicates(a: str, b: str) -> None:
    assert fingerprints.is_near_duplicate(*_shared(a, b))


@pytest.mark.parametrize(("a", "b"), [
    (t.ORIGINAL_TEXT, t.OTHER_TEXT),
    (t.KK_TEXT, t.ORIGINAL_TEXT),
], ids=["same-topic", "other-language"])
def test_different_articles_are_not_near_duplicates(a: str, b: str) -> None:
    shared, size_a, size_b = _shared(a, b)
    assert not fingerprints.is_near_duplicate(shared, size_a, size_b)
    assert fingerprints.containment(shared, size_a, size_b) < 0.2


def test_sketch_samples_about_a_quarter_of_shingles() -> None:
    words = len(fingerprints.normalized_words(t.ORIGINAL_TEXT))
    size = len(sketch(t.ORIGINAL_TEXT))
    assert words / 8 < size < words / 2
    assert sketch(t.ORIGINAL_TEXT) == sketch(t.RELAYOUT_TEXT)
    assert sketch("") == []
    assert len(sketch("Коротко.")) <= 1
