"""Dates written in words and digits on Russian and Kazakh news pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from monitor.article.dates import parse_text_date

PLUS5 = timezone(timedelta(hours=5))


@pytest.mark.parametrize(("written", "expected"), [
    ("13:51, 15 Август 2025", datetime(2025, 8, 15, 13, 51, tzinfo=PLUS5)),
    ("09 Желтоқсан 2025 | GMT +5", datetime(2025, 12, 9, tzinfo=PLUS5)),
    ("Опубликовано 24 октября 2025 г. в 10:15", datetime(2025, 10, 24, 10, 15, tzinfo=PLUS5)),
    ("2025 жылғы 3 наурыз", datetime(2025, 3, 3, tzinfo=PLUS5)),
    ("02 мая 2025 18:40", datetime(2025, 5, 2, 18, 40, tzinfo=PLUS5)),
    ("15.08.2025, 09:05", datetime(2025, 8, 15, 9, 5, tzinfo=PLUS5)),
    ("1 Мамыр 2025 | GMT +6", datetime(2025, 5, 1, tzinfo=timezone(timedelta(hours=6)))),
])
def test_parse_text_date(written: str, expected: datetime) -> None:
    assert parse_text_date(f"Главная / Экономика {written} Просмотры: 120") == expected


def test_parse_text_date_rejects_non_dates() -> None:
    assert parse_text_date("версия 1.2.2025.3, 40 мая 2025") is None


def test_impossible_gmt_offset_falls_back_to_almaty() -> None:
    from monitor.article.dates import ALMATY, parse_text_date

    found = parse_text_date("12:02, 15 мая 2025 | GMT +99")
    assert found is not None and found.tzinfo == ALMATY and found.day == 15
