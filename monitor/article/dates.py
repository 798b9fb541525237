"""Publication dates written on Kazakh news pages (Russian and Kazakh words, digits, ISO 8601)
-> timezone-aware datetimes; Asia/Almaty when the page gives no offset."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from monitor.config.settings import ALMATY

_MONTHS = {
    # Russian stems (nominative 'август' and genitive 'августа' share them)
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    # Kazakh
    "қаң": 1, "ақп": 2, "нау": 3, "сәу": 4, "мам": 5, "мау": 6, "шіл": 7, "там": 8,
    "қыр": 9, "қаз": 10, "қар": 11, "жел": 12,
}


def _month_word(group: str) -> str:
    return (rf"(?P<{group}>(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр"
            r"|ноябр|декабр|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек"
            r"|қазан|қараша|желтоқсан)[а-яәғқңөұүһі]*)")


_TIME = r"(?P<hh>\d{1,2}):(?P<mm>\d{2})"
_TEXT_DATE = re.compile(
    rf"(?:{_TIME}\s*,?\s*)?"
    rf"(?:(?P<day>\d{{1,2}})\s+{_month_word('month')}\.?,?\s+(?P<year>20\d\d)"
    rf"|(?P<year2>20\d\d)\s*(?:жылғы|жыл|ж\.|г\.)?\s+(?P<day2>\d{{1,2}})\s+"
    rf"{_month_word('month2')})"
    r"(?:\s*(?:г\.|года|ж\.|жылы)?\s*(?:[,|в]\s*)*(?P<hh2>\d{1,2}):(?P<mm2>\d{2}))?"
    r"(?:\s*\|?\s*(?:GMT|UTC)\s*(?P<off>[+-]\s*\d{1,2}))?",
    re.I,
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?:(?P<hh>\d{1,2}):(?P<mm>\d{2})\s*,?\s*)?(?P<day>\d{1,2})\.(?P<month>\d{1,2})"
    r"\.(?P<year>20\d\d)(?![\d.]\d)(?:\s*,?\s*(?:в\s*)?(?P<hh2>\d{1,2}):(?P<mm2>\d{2}))?")


def parse_iso(value: str | None) -> datetime | None:
    """ISO 8601 (with or without offset, 'Z' allowed) -> aware datetime, else None."""
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=ALMATY)


def _match_date(g: dict[str, str | None]) -> datetime | None:
    month_text = g.get("month") or g.get("month2") or ""
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
    hour, minute = (g["hh"], g["mm"]) if g["hh"] else (g.get("hh2"), g.get("mm2"))
    try:
        found = datetime(int(g.get("year") or g.get("year2") or 0), month or 0,
                         int(g.get("day") or g.get("day2") or 0), int(hour or 0),
                         int(minute or 0))
    except ValueError:  # '40 мая', '31.02.2025', '25:70'
        return None
    offset = g.get("off")
    if offset:
        hours = int(offset.replace(" ", ""))
        if abs(hours) > 14:  # no real time zone: 'GMT +99' is a typo, not an offset
            return found.replace(tzinfo=ALMATY)
        return found.replace(tzinfo=timezone(timedelta(hours=hours)))
    return found.replace(tzinfo=ALMATY)


def parse_text_date(text: str) -> datetime | None:
    """The first date in ``text`` written in words ('13:51, 15 Август 2025', '24 октября
    2025 г.', '2025 жылғы 9 желтоқсан') or digits ('15.08.2025 13:51'); Asia/Almaty unless
    'GMT +N' follows."""
    found, end = None, len(text)
    for regex in (_TEXT_DATE, _NUMERIC_DATE):
        # a digits date counts only if it ends before the first date in words starts
        for match in regex.finditer(text, 0, end):
            date = _match_date(match.groupdict())
            if date:
                found, end = date, match.start()
                break
    return found
