"""The digest: which articles (Almaty day, relevant only, one entry per story), and each format."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree
from sqlalchemy.orm import Session

from monitor.article.analysis import Analysis
from monitor.config.settings import Config, load_config
from monitor.digest.build import Digest, build_digest, merge_figures, render
from tests.fixtures_db import store_analysis as store_article

ALMATY = ZoneInfo("Asia/Almaty")
DAY = date(2025, 10, 24)
ATOM = "{http://www.w3.org/2005/Atom}"

# Distinct texts (no two are near-duplicates), written for these tests.
TEXTS = {
    "zavod": (
        "В индустриальной зоне Шымкента открылся завод по выпуску кровельной стали. "
        "Инвестиции составили 14,2 млрд тенге, создано 180 рабочих мест. Продукция пойдёт "
        "строительным компаниям юга страны, часть планируют вывозить в Узбекистан. Директор "
        "предприятия рассказал о планах удвоить выпуск через два года после запуска."),
    "teplica": (
        "Тепличный комплекс площадью 30 гектаров построят в Сайрамском районе Туркестанской "
        "области. Стоимость проекта оценивают в 9 млрд тенге, на предприятии будут работать "
        "250 человек. Овощи будут круглый год поставлять в торговые сети Алматы и Астаны, "
        "отопление обеспечат газовые котельные и солнечные панели на крышах."),
    "hab": (
        "Логистический хаб у станции Достык получит новый контейнерный терминал. Железная "
        "дорога вложит в расширение путей и складов около 20 млрд тенге, грузооборот вырастет "
        "вдвое. Перевозчики ждут, что время ожидания составов на границе заметно сократится, "
        "а экспорт зерна в Китай станет дешевле для аграриев северных областей."),
    "football": (
        "Футбольный клуб Ордабасы уверенно обыграл соперника на домашнем стадионе со счётом "
        "три ноль. Болельщики заполнили трибуны, главный тренер похвалил молодых игроков за "
        "самоотдачу. Следующий матч команда проведёт на выезде в конце месяца, билеты уже в "
        "продаже у фан-клуба и в кассах стадиона."),
}


def analysis(key: str, title: str, *, language: str = "ru", relevant: bool = True,
             score: float = 3.0, figures: list[dict[str, Any]] | None = None) -> Analysis:
    return Analysis(title=title, text=TEXTS[key], author=None,
                    published=datetime(2025, 10, 24, 9, 30, tzinfo=ALMATY), language=language,
                    relevant=relevant, score=score, topics=["industrial_zones"] if relevant else [],
                    matched_terms={}, figures=figures or [])


def store(session: Session, key: str, title: str, local: datetime, url: str,
          **kwargs: Any) -> None:
    store_article(session, site=url.split("/")[2], url=url, analysis=analysis(key, title, **kwargs),
                  now=local)


def config(**digest: Any) -> Config:
    return load_config(environ={}, data={"digest": digest} if digest else {})


def at(hour: int, minute: int = 0, day: int = 24) -> datetime:
    return datetime(2025, 10, day, hour, minute, tzinfo=ALMATY)


MONEY = {"kind": "money", "value": 14.2e9, "unit": "KZT", "currency": "KZT",
         "raw": "14,2 млрд тенге"}
JOBS = {"kind": "jobs", "value": 180.0, "unit": "jobs", "currency": None,
        "raw": "180 рабочих мест"}


def test_selection_by_almaty_day_relevance_and_story(db_session: Session) -> None:
    # 00:30 in Almaty is still the previous day in UTC: the digest day is the local one.
    store(db_session, "zavod", "Завод кровельной стали", at(0, 30), "https://a.kz/news/1",
          figures=[JOBS, MONEY])
    store(db_session, "zavod", "Завод кровельной стали (перепечатка)", at(12),
          "https://b.kz/news/7", figures=[MONEY])
    store(db_session, "teplica", "Теплицы на 30 гектаров", at(13), "https://a.kz/news/2",
          score=5.0)
    store(db_session, "hab", "Терминал у Достыка", at(23, 50, day=23), "https://a.kz/news/3")
    store(db_session, "football", "Ордабасы победил", at(10), "https://a.kz/news/4",
          relevant=False, score=0.0)

    digest = build_digest(db_session, DAY, config())

    assert digest.date == DAY and digest.timezone == "Asia/Almaty"
    titles = [s.title for s in digest.stories]
    # the two-article story first, then by score; the day before and off topic are left out
    assert titles == ["Завод кровельной стали", "Теплицы на 30 гектаров"]
    first = digest.stories[0]
    assert [a.url for a in first.articles] == ["https://a.kz/news/1", "https://b.kz/news/7"]
    assert {a.site for a in first.articles} == {"a.kz", "b.kz"}
    assert len({s.story_id for s in digest.stories}) == len(digest.stories)
    # figures merged across the story's articles: deduped, money first
    assert [f["kind"] for f in first.figures] == ["money", "jobs"]
    assert first.articles[0].published == "2025-10-24T09:30:00+05:00"
    assert build_digest(db_session, date(2025, 10, 23), config()).stories[0].title == (
        "Терминал у Достыка")


def test_best_title_follows_language_preference(db_session: Session) -> None:
    store(db_session, "zavod", "Завод кровельной стали", at(9), "https://a.kz/news/1")
    store(db_session, "zavod", "Шатыр болатын шығаратын зауыт", at(10), "https://kk.kz/news/1",
          language="kk")

    default = build_digest(db_session, DAY, config()).stories[0]
    assert default.title == "Завод кровельной стали"
    assert default.languages == ["kk", "ru"]
    kazakh_first = build_digest(db_session, DAY, config(languages=["kk", "ru"])).stories[0]
    assert kazakh_first.title == "Шатыр болатын шығаратын зауыт"


def test_summary_cut_at_word_boundary(db_session: Session) -> None:
    store(db_session, "teplica", "Теплицы", at(9), "https://a.kz/news/2")
    summary = build_digest(db_session, DAY, config(summary_chars=60)).stories[0].articles[0].summary
    assert summary.endswith("…") and len(summary) <= 61
    assert TEXTS["teplica"].startswith(summary[:-1])
    assert TEXTS["teplica"][len(summary) - 1] == " "  # the cut fell between words


def test_merge_figures_dedupes_and_caps() -> None:
    area = {"kind": "area", "value": 30.0, "unit": "ha", "currency": None}
    many = [{"kind": "count", "value": float(i), "unit": "", "currency": None} for i in range(9)]
    merged = merge_figures([[JOBS, area, MONEY], [MONEY, dict(JOBS)], many])
    assert merged[:3] == [MONEY, JOBS, area]
    assert len(merged) == 5


def _sample(db_session: Session) -> Digest:
    store(db_session, "zavod", "Завод <script>alert(1)</script> & Co", at(9),
          "https://a.kz/news/1", figures=[MONEY])
    store(db_session, "teplica", "Теплицы на 30 гектаров", at(10), "https://a.kz/news/2")
    digest = build_digest(db_session, DAY, config())
    digest.warnings.append("site silent-news: no new articles for 6 runs")
    return digest


def test_json_is_the_contract_shape(db_session: Session) -> None:
    data = json.loads(render(_sample(db_session), "json"))
    assert data["date"] == "2025-10-24" and data["timezone"] == "Asia/Almaty"
    story = data["stories"][0]
    assert {"story_id", "title", "languages", "articles", "figures"} <= set(story)
    assert set(story["articles"][0]) == {"url", "site", "title", "language", "published",
                                         "summary"}
    assert story["title"] == "Завод <script>alert(1)</script> & Co"
    assert story["figures"][0]["raw"] == "14,2 млрд тенге"


def test_html_escapes_page_text_and_shows_warnings(db_session: Session) -> None:
    html = render(_sample(db_session), "html")
    assert "<script>alert" not in html
    assert "Завод &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert html.lstrip().startswith("<!DOCTYPE html>") and "<style>" in html
    assert "Теплицы на 30 гектаров" in html and "14,2 млрд тенге" in html
    assert html.index("Warnings") > html.index("Теплицы")
    assert "no new articles for 6 runs" in html


def test_markdown_lists_stories_articles_and_warnings(db_session: Session) -> None:
    text = render(_sample(db_session), "md")
    assert "# Digest 2025-10-24" in text
    assert "## 1. Завод" in text and "## 2. Теплицы на 30 гектаров" in text
    assert "(https://a.kz/news/2)" in text and "14,2 млрд тенге" in text
    assert text.rstrip().endswith("- site silent-news: no new articles for 6 runs")


def test_atom_is_well_formed_with_one_entry_per_story(db_session: Session) -> None:
    feed = etree.fromstring(render(_sample(db_session), "atom").encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert entries[0].findtext(f"{ATOM}title") == "Завод <script>alert(1)</script> & Co"
    assert entries[0].find(f"{ATOM}link").get("href") == "https://a.kz/news/1"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2
    content = entries[0].findtext(f"{ATOM}content")
    # the content is HTML carried as text: the page's title stays escaped inside it
    assert "&lt;script&gt;" in content and "<script>" not in content


def test_empty_day_still_renders(db_session: Session) -> None:
    digest = build_digest(db_session, DAY, config())
    assert digest.stories == []
    for fmt in ("md", "html", "atom"):
        assert "No relevant articles" in render(digest, fmt)
    assert json.loads(render(digest, "json"))["stories"] == []
    feed = etree.fromstring(render(digest, "atom").encode("utf-8"))
    assert feed.findall(f"{ATOM}entry") == []
