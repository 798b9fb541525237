"""Language codes: the one table of spellings that mean a language tag.

Pages say ``lang="kz"`` or ``og:locale="kk_KZ"``, detectors answer ``uzs`` or ``zxx``, users
write ``kaz`` in a site entry: all of them become the tags the store and the digest use
(ru, kk, uz, ky, en, uk, tt, ba, ...; ``und`` for no language). The tag is ISO 639-1; a
language without a 639-1 code gets its ISO 639-3 code (sah Yakut, bua Buryat, xal Kalmyk)."""

from __future__ import annotations

import re

UNDETERMINED = "und"

# Spelling -> ISO 639-1 tag (or "und").
LANGUAGE_ALIASES: dict[str, str] = {
    "kz": "kk", "kaz": "kk", "qq": "kk", "rus": "ru", "eng": "en", "uzb": "uz", "uzs": "uz",
    "kir": "ky", "kgz": "ky", "ukr": "uk", "zxx": UNDETERMINED, "tat": "tt", "bak": "ba",
    "tgk": "tg", "tuk": "tk", "aze": "az", "tur": "tr", "mon": "mn", "khk": "mn", "bel": "be",
    "bxr": "bua",
}
# Languages of the region with no ISO 639-1 code: their ISO 639-3 code is the tag.
THREE_LETTER_TAGS = frozenset({"sah", "bua", "xal", "crh", "alt", "tyv", "kjh", "kaa",
                               "krc", "kum", "nog", "chm", "udm", "myv", "mdf", "kbd", "ady"})


def normalize_lang(value: str | None) -> str | None:
    """'ru-RU' -> 'ru', 'kz' / 'kaz' -> 'kk', 'sah-RU' -> 'sah'; None when it is not a
    language code."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    code = LANGUAGE_ALIASES.get(code, code)
    if code in THREE_LETTER_TAGS:
        return code
    return code if len(code) == 2 and code.isalpha() and code.isascii() else None
