"""Language codes: the one table of spellings that mean an ISO 639-1 tag.

Pages say ``lang="kz"`` or ``og:locale="kk_KZ"``, detectors answer ``uzs`` or ``zxx``, users
write ``kaz`` in a site entry: all of them become the tags the store and the digest use
(ru, kk, uz, ky, en, uk, ...; ``und`` for no language)."""

from __future__ import annotations

import re

UNDETERMINED = "und"

# Spelling -> ISO 639-1 tag (or "und").
LANGUAGE_ALIASES: dict[str, str] = {
    "kz": "kk", "kaz": "kk", "qq": "kk", "rus": "ru", "eng": "en", "uzb": "uz", "uzs": "uz",
    "kir": "ky", "kgz": "ky", "ukr": "uk", "zxx": UNDETERMINED,
}


def normalize_lang(value: str | None) -> str | None:
    """'ru-RU' -> 'ru', 'kz' / 'kaz' -> 'kk'; None when it is not a language code."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    code = LANGUAGE_ALIASES.get(code, code)
    return code if len(code) == 2 and code.isalpha() and code.isascii() else None
