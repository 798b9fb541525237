"""Storage against real SQLite and PostgreSQL: idempotent stores, dedup, runs, fetch state."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event, func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.article.analysis import Analysis
from monitor.article.types import Fingerprint
from monitor.article.urls import canonical_url
from storage import articles as q
from storage import runs
from storage.db import DatabaseError, init_db, make_engine, open_database
from storage.models import Article, ArticleSketch, CrawlRun, Story, StoryKey
from tests import story_texts as t
from tests.fixtures_db import store_analysis

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2025, 3, 14, 6, 0, tzinfo=UTC)
URL = "https://example.kz/news/101-trubnyi-zavod"


def make_analysis(title: str = t.ORIGINAL_TITLE, text: str = t.ORIGINAL_TEXT, *,
                  language: str = "ru", relevant: bool = True,
                  canonical: str | None = None) -> Analysis:
    return Analysis(
        title=title, text=text, author="Айгуль Серикова",
        published=datetime(2025, 3, 14, 9, 30, tzinfo=ALMATY), language=language,
        relevant=relevant, score=3.5, topics=["industrial_zones"],
        matched_terms={"industrial_zones": ["индустриальная зона"]},
        figures=[{"kind": "money", "value": 4.8e9, "unit": "KZT", "text": "4,8 млрд тенге"}],
        places=["Шымкент"], canonical=canonical,
    )


def store(session: Session, url: str = URL, analysis: Analysis | None = None,
          site: str = "example", **kwargs: Any) -> q.StoreResult:
    kwargs.setdefault("now", NOW)
    return store_analysis(session, site=site, url=url, analysis=analysis or make_analysis(),
                          **kwargs)


def count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_new_article_starts_a_story(db_session: Session) -> None:
    result = store(db_session)
    assert result.status == "new" and result.duplicate_of is None
    article = db_session.get(Article, result.article_id)
    assert article is not None and article.story is not None
    assert article.story.id == result.story_id
    assert article.story.title == t.ORIGINAL_TITLE
    assert article.canonical_url == URL
    assert (article.relevant, article.topics, article.places) == (True, ["industrial_zones"],
                                                                  ["Шымкент"])
    assert article.first_seen == NOW and article.first_seen.tzinfo is not None
    assert article.published == datetime(2025, 3, 14, 4, 30, tzinfo=UTC)
    assert article.sketch_size == count(db_session, ArticleSketch) > 0


@pytest.mark.parametrize("variant", [
    "https://www.example.kz/news/101-trubnyi-zavod/?utm_source=telegram&utm_medium=post",
    "http://m.example.kz/news/101-trubnyi-zavod#comments",
    "https://example.kz/amp/news/101-trubnyi-zavod",
])
def test_same_url_again_exists_and_writes_nothing(db_session: Session, variant: str) -> None:
    first = store(db_session)
    again = store(db_session, variant, make_analysis(title="Другой заголовок"))
    assert again.status == "exists"
    assert (again.article_id, again.story_id) == (first.article_id, first.story_id)
    assert count(db_session, Article) == 1 and count(db_session, Story) == 1


def test_page_canonical_on_same_site_is_used(db_session: Session) -> None:
    page = make_analysis(canonical="https://example.kz/news/101")
    result = store(db_session, "https://example.kz/news/101-trubnyi-zavod?page=print", page)
    article = db_session.get(Article, result.article_id)
    assert article is not None and article.canonical_url == "https://example.kz/news/101"
    # Known by both spellings, so the spider can skip either link.
    known = {u for c, link in q.stored_urls(db_session, "example")
             for u in (c, canonical_url(link))}
    assert {"https://example.kz/news/101",
            "https://example.kz/news/101-trubnyi-zavod?page=print"} <= known
    assert list(q.stored_urls(db_session, "other")) == []
    foreign = make_analysis(t.OTHER_TITLE, t.OTHER_TEXT, canonical="https://partner.kz/x/1")
    other = store(db_session, "https://example.kz/news/202", foreign)
    assert db_session.get(Article, other.article_id).canonical_url == "https://example.kz/news/202"


def test_reprint_elsewhere_is_duplicate_in_same_story(db_session: Session) -> None:
    original = store(db_session)
    reprint = store(db_session, "https://regnews.kz/economy/55501",
                    make_analysis(t.REPRINT_TITLE, t.REPRINT_TEXT), site="regnews",
                    now=NOW + timedelta(hours=5))
    assert reprint.status == "duplicate"
    assert reprint.duplicate_of == URL
    assert reprint.story_id == original.story_id
    assert count(db_session, Story) == 1
    # An exact copy (layout only) of the reprint resolves to the same original.
    copy = store(db_session, "https://third.kz/a/9", make_analysis(text=t.RELAYOUT_TEXT),
                 site="third")
    assert (copy.status, copy.duplicate_of, copy.story_id) == ("duplicate", URL,
                                                               original.story_id)


def test_same_topic_different_article_is_new_story(db_session: Session) -> None:
    first = store(db_session)
    other = store(db_session, "https://example.kz/news/102-metall",
                  make_analysis(t.OTHER_TITLE, t.OTHER_TEXT))
    kk = store(db_session, "https://example.kz/kz/news/103",
               make_analysis(t.KK_TITLE, t.KK_TEXT, language="kk"))
    assert other.status == kk.status == "new"
    assert len({first.story_id, other.story_id, kk.story_id}) == 3
    kk_reprint = store(db_session, "https://ontustik.kz/kk/5",
                       make_analysis(t.KK_TITLE, t.KK_REPRINT_TEXT, language="kk"))
    assert (kk_reprint.status, kk_reprint.story_id) == ("duplicate", kk.story_id)


def test_near_duplicates_only_within_window(db_session: Session) -> None:
    store(db_session)
    late = store(db_session, "https://regnews.kz/economy/1",
                 make_analysis(t.REPRINT_TITLE, t.REPRINT_TEXT), now=NOW + timedelta(days=4))
    assert late.status == "new"
    exact_late = store(db_session, "https://regnews.kz/economy/2",
                       make_analysis(text=t.RELAYOUT_TEXT), now=NOW + timedelta(days=30))
    assert exact_late.status == "duplicate" and exact_late.duplicate_of == URL


def test_rewrite_joins_the_story_without_being_a_duplicate(db_session: Session) -> None:
    original = store(db_session)
    rewrite = store(db_session, "https://otyrar.kz/news/7781", site="otyrar",
                    analysis=make_analysis(t.REWRITE_TITLE, t.REWRITE_TEXT),
                    now=NOW + timedelta(hours=3))
    assert (rewrite.status, rewrite.joined, rewrite.duplicate_of) == ("new", "rewrite", None)
    assert rewrite.story_id == original.story_id and count(db_session, Story) == 1


def test_kazakh_version_joins_the_russian_story(db_session: Session) -> None:
    original = store(db_session)
    kk = store(db_session, "https://kk.example.kz/zhanalyqtar/311", site="example-kk",
               analysis=make_analysis(t.KK_SAME_TITLE, t.KK_SAME_TEXT, language="kk"),
               now=NOW + timedelta(hours=1))
    assert (kk.status, kk.joined, kk.story_id) == ("new", "rewrite", original.story_id)
    languages = db_session.scalars(select(Article.language)
                                   .where(Article.story_id == original.story_id))
    assert sorted(languages) == ["kk", "ru"]


def test_two_events_in_one_zone_on_one_day_stay_apart(db_session: Session) -> None:
    pipes = store(db_session)
    cable = store(db_session, "https://example.kz/news/102-kabel",
                  make_analysis(t.SAME_DAY_TITLE, t.SAME_DAY_TEXT), now=NOW + timedelta(hours=2))
    assert cable.status == "new" and cable.joined is None
    assert cable.story_id != pipes.story_id and count(db_session, Story) == 2


def test_story_grows_across_two_crawls_on_two_days(db_session: Session) -> None:
    first = store(db_session)
    store(db_session, "https://regnews.kz/economy/55501", site="regnews",
          analysis=make_analysis(t.REPRINT_TITLE, t.REPRINT_TEXT), now=NOW + timedelta(hours=6))
    next_day = NOW + timedelta(days=1)
    followup = store(db_session, "https://ontustik.kz/kk/812", site="ontustik",
                     analysis=make_analysis(t.KK_FOLLOWUP_TITLE, t.KK_FOLLOWUP_TEXT,
                                            language="kk"), now=next_day)
    assert (followup.joined, followup.story_id) == ("rewrite", first.story_id)
    story = db_session.get(Story, first.story_id)
    db_session.refresh(story)
    assert story.updated == next_day and len(story.articles) == 3
    # Outside stories.window_days the same facts start a new story.
    late = store(db_session, "https://otyrar.kz/news/9000", site="otyrar",
                 analysis=make_analysis(t.REWRITE_TITLE, t.REWRITE_TEXT),
                 now=NOW + timedelta(days=5))
    assert late.joined is None and late.story_id != first.story_id


def test_earlier_original_found_after_its_reprint_heads_the_story(db_session: Session) -> None:
    reprint_analysis = make_analysis(t.REPRINT_TITLE, t.REPRINT_TEXT)
    reprint_analysis.published = datetime(2025, 3, 14, 15, 0, tzinfo=ALMATY)
    reprint = store(db_session, "https://regnews.kz/economy/55501", reprint_analysis,
                    site="regnews")
    original = store(db_session, now=NOW + timedelta(hours=2))  # published 09:30
    assert (original.status, original.joined, original.duplicate_of) == ("new", "earlier",
                                                                         None)
    assert original.story_id == reprint.story_id
    db_session.expire_all()
    assert db_session.get(Article, reprint.article_id).duplicate_of == URL
    assert db_session.get(Story, reprint.story_id).title == t.ORIGINAL_TITLE
    # A later copy of either text now resolves to the promoted original.
    copy = store(db_session, "https://third.kz/a/9", make_analysis(text=t.RELAYOUT_TEXT),
                 site="third", now=NOW + timedelta(hours=3))
    assert copy.duplicate_of == URL


def test_story_keys_are_stored_and_pruned(db_session: Session) -> None:
    result = store(db_session)
    keys = db_session.scalars(select(StoryKey).where(StoryKey.article_id == result.article_id))
    rows = list(keys)
    assert len(rows) >= 5 and all(k.first_seen == NOW for k in rows)
    assert any(k.in_title for k in rows)
    assert "ix_story_keys_key_seen" in {ix["name"] for ix in
                                        inspect(db_session.get_bind()).get_indexes("story_keys")}
    assert q.prune_story_keys(db_session, NOW) == 0
    assert q.prune_story_keys(db_session, NOW + timedelta(days=4)) == len(rows)


def test_crawl_run_round_trip(db_session: Session) -> None:
    run_id = runs.start_crawl_run(db_session, "example", now=NOW)
    store(db_session, crawl_run_id=run_id)
    stats = runs.RunStats(pages_fetched=12, new_articles=1, duplicates=2, relevant=1,
                       skipped={"not_article": 3}, errors=1, error_samples=["u: timeout"])
    runs.finish_crawl_run(db_session, run_id, stats, now=NOW + timedelta(minutes=3))
    db_session.expunge_all()
    run = db_session.get(CrawlRun, run_id)
    assert run is not None
    assert (run.status, run.pages_fetched, run.skipped, run.error_samples) == (
        "ok", 12, {"not_article": 3}, ["u: timeout"])
    assert run.started == NOW and run.finished == NOW + timedelta(minutes=3)
    assert [r.id for r in runs.recent_runs(db_session, "example")] == [run_id]


def test_stale_running_runs_become_interrupted(db_session: Session) -> None:
    stale = runs.start_crawl_run(db_session, "example", now=NOW - timedelta(hours=2))
    fresh = runs.start_crawl_run(db_session, "example", now=NOW)
    assert runs.mark_interrupted_runs(db_session, NOW - timedelta(minutes=30), now=NOW) == 1
    db_session.expunge_all()
    assert db_session.get(CrawlRun, stale).status == "interrupted"
    assert db_session.get(CrawlRun, fresh).status == "running"


def test_fetch_state_upsert(db_session: Session) -> None:
    feed = "https://example.kz/rss.xml"
    runs.save_fetch_state(db_session, url=feed, site="example", etag='"v1"',
                       last_modified="Fri, 14 Mar 2025 06:00:00 GMT", status=200)
    runs.save_fetch_state(db_session, url=feed, site="example", etag='"v2"', last_modified=None,
                       status=200)
    state = runs.get_fetch_states(db_session, "example", [feed, "https://example.kz/none"])
    assert list(state) == [feed]
    assert (state[feed].etag, state[feed].last_modified, state[feed].last_status) == (
        '"v2"', None, 200)
    # 304 without validators keeps the stored ones.
    runs.save_fetch_state(db_session, url=feed, site="example", etag=None, last_modified=None,
                       status=304)
    state = runs.get_fetch_states(db_session, "example", [feed])
    assert (state[feed].etag, state[feed].last_status) == ('"v2"', 304)


def test_sites_sharing_a_url_keep_their_own_validators(db_session: Session) -> None:
    # Two editions of one outlet read one sitemap: the second must not inherit the first's
    # ETag, or its conditional request gets a 304 and never reads the sitemap.
    sitemap = "https://example.kz/sitemap.xml"
    runs.save_fetch_state(db_session, url=sitemap, site="example-ru", etag='"ru"',
                       last_modified=None, status=200)
    assert runs.get_fetch_states(db_session, "example-kk", [sitemap]) == {}
    runs.save_fetch_state(db_session, url=sitemap, site="example-kk", etag='"kk"',
                       last_modified=None, status=200)
    assert runs.get_fetch_states(db_session, "example-ru", [sitemap])[sitemap].etag == '"ru"'
    assert runs.get_fetch_states(db_session, "example-kk", [sitemap])[sitemap].etag == '"kk"'


def test_list_articles_by_almaty_day(db_session: Session) -> None:
    late_evening = datetime(2025, 3, 14, 23, 30, tzinfo=ALMATY)
    store(db_session, now=late_evening)
    store(db_session, "https://example.kz/news/102", make_analysis(t.OTHER_TITLE, t.OTHER_TEXT,
                                                                   relevant=False),
          now=datetime(2025, 3, 15, 0, 10, tzinfo=ALMATY))
    day14 = q.list_articles(db_session, day=date(2025, 3, 14), tz=ALMATY)
    day15 = q.list_articles(db_session, day=date(2025, 3, 15), tz=ALMATY)
    assert [a.canonical_url for a in day14] == [URL]
    assert [a.title for a in day15] == [t.OTHER_TITLE]
    # In UTC both fall on the 14th.
    assert len(q.list_articles(db_session, day=date(2025, 3, 14), tz=ZoneInfo("UTC"))) == 2
    assert q.list_articles(db_session, relevant=True)[0].canonical_url == URL
    assert q.list_articles(db_session, site="nope") == []
    assert len(q.list_articles(db_session, language="ru", limit=1)) == 1


def test_article_json_shape(db_session: Session) -> None:
    result = store(db_session, "https://www.example.kz/news/101-trubnyi-zavod/?utm_source=x")
    article = db_session.get(Article, result.article_id)
    data = q.article_json(article)
    assert set(data) >= {"url", "canonical_url", "site", "title", "text", "language",
                         "published", "first_seen", "relevant", "topics", "story_id",
                         "duplicate_of", "score", "matched_terms", "figures", "places",
                         "author"}
    assert data["url"].startswith("https://www.") and data["canonical_url"] == URL
    assert data["first_seen"] == "2025-03-14T06:00:00+00:00"
    assert data["published"] == "2025-03-14T04:30:00+00:00"
    assert datetime.fromisoformat(q.article_json(article, ALMATY)["first_seen"]) == NOW
    assert (data["relevant"], data["topics"], data["story_id"], data["duplicate_of"]) == (
        True, ["industrial_zones"], result.story_id, None)


def test_site_health(db_session: Session) -> None:
    for i, status in enumerate(["ok", "failed", "ok"]):
        run_id = runs.start_crawl_run(db_session, "example", now=NOW - timedelta(hours=3 - i))
        runs.finish_crawl_run(db_session, run_id, runs.RunStats(status=status),
                           now=NOW - timedelta(hours=3 - i, minutes=-5))
    store(db_session, now=NOW - timedelta(days=3))
    store(db_session, "https://example.kz/news/9", make_analysis(t.OTHER_TITLE, t.OTHER_TEXT),
          now=NOW - timedelta(hours=2))
    health = runs.site_health(db_session, NOW, sites=["example", "silent"])
    ex = health["example"]
    assert (ex.new_1d, ex.new_7d, ex.runs, ex.failed) == (1, 2, 3, 1)
    assert ex.error_rate == pytest.approx(1 / 3)
    assert ex.last_success == NOW - timedelta(hours=1) + timedelta(minutes=5)
    assert ex.last_run is not None and ex.last_run.status == "ok"
    assert health["silent"].last_run is None and health["silent"].error_rate is None


def _store_in_thread(factory: sessionmaker[Session], barrier: threading.Barrier, url: str,
                     results: list[q.StoreResult], errors: list[BaseException]) -> None:
    try:
        with factory() as session:
            waited: list[bool] = []

            @event.listens_for(session, "before_commit")
            def _meet(_session: Session) -> None:
                # Both writers have looked up and found nothing before either commits.
                if not waited:
                    waited.append(True)
                    barrier.wait(timeout=20)

            results.append(store(session, url))
    except BaseException as exc:  # noqa: BLE001 - reported by the test thread
        errors.append(exc)


def test_concurrent_stores_make_one_original(db: tuple[Engine, sessionmaker[Session]],
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="storage.articles")
    _engine, factory = db
    barrier = threading.Barrier(2)
    results: list[q.StoreResult] = []
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_store_in_thread,
                                args=(factory, barrier, url, results, errors))
               for url in ("https://a.kz/news/1", "https://b.kz/news/1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(r.status for r in results) == ["duplicate", "new"]
    with factory() as session:
        originals = session.scalars(select(Article).where(Article.duplicate_of.is_(None))).all()
        assert len(originals) == 1 and count(session, Story) == 1
        assert len({r.story_id for r in results}) == 1
    # The race really happened: one writer hit the unique index and resolved again.
    assert any("store race" in record.getMessage() for record in caplog.records)


def test_init_db_is_idempotent(db_url: str) -> None:
    engine, _factory = open_database(db_url)
    try:
        init_db(engine)
        assert {"articles", "stories", "crawl_runs", "fetch_state", "article_sketches"} <= set(
            inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_sqlite_pragmas_and_folder(tmp_path: Any) -> None:
    engine, _ = open_database(f"sqlite:///{tmp_path / 'deep' / 'er' / 'n.db'}")
    try:
        with engine.connect() as conn:
            pragmas = [conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                       for p in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")]
        assert pragmas == ["wal", 1, 30000, 1]
    finally:
        engine.dispose()


def test_postgresql_url_uses_psycopg3() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:5432/x")
    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


@pytest.mark.parametrize("url", ["nosuchdb://u:secret@host/x", "not a url"])
def test_bad_url_is_one_clear_error(url: str) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database(url)
    message = str(info.value)
    assert "\n" not in message and "secret" not in message


def test_unreachable_server_is_one_clear_error() -> None:
    # Port 9 on loopback: nothing listens there.
    with pytest.raises(DatabaseError) as info:
        open_database("postgresql://postgres:hunter2@127.0.0.1:9/newsmon")
    message = str(info.value)
    assert message.startswith("cannot connect to database postgresql+psycopg://postgres:***@")
    assert "hunter2" not in message and "\n" not in message


def _sketched(session: Session, n: int, hashes: list[int]) -> Article:
    article = Article(url=f"https://s.kz/{n}", canonical_url=f"https://s.kz/{n}", site="s",
                      title=f"Заголовок {n}", text="Текст", language="ru", first_seen=NOW,
                      content_hash=f"h{n}", simhash=0, band0=0, band1=0, band2=0, band3=0,
                      sketch_size=len(hashes),
                      sketch=[ArticleSketch(hash=h) for h in hashes])
    session.add(article)
    session.commit()
    return article


def test_sketch_match_counts_hot_hashes_but_not_as_sole_evidence(
        db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import reprints as dedup

    monkeypatch.setattr(dedup, "SKETCH_POSTINGS_LIMIT", 2)
    hot = [1001, 1002, 1003, 1004]  # on 3 articles: above the limit
    for n in range(3):
        _sketched(db_session, n, hot)  # boilerplate only: a sketch of 4 hot hashes
    reprint = _sketched(db_session, 10, hot + [11, 12])
    since = NOW - timedelta(days=3)
    # Shares 2 rare + 4 hot of 6: matched, and its shared count includes the hot ones
    # (the 2 rare of 6 would fail containment against the 10-hash sketch; 6 of 6 pass).
    found = dedup._best_sketch_match(db_session, _fp(hot + [11, 12, 21, 22, 23, 24]), since)
    assert found is not None and found.id == reprint.id
    # Only hot hashes in common: no reprint, though the old all-postings scan matched one.
    assert dedup._best_sketch_match(db_session, _fp(hot + [31, 32]), since) is None
    # A small stored sketch wholly contained in a large new one is still found.
    brief = _sketched(db_session, 20, [41, 42, 43])
    found = dedup._best_sketch_match(db_session, _fp([41, 42, 43] + list(range(50, 90))),
                                     since)
    assert found is not None and found.id == brief.id


def _fp(sketch: list[int]) -> Fingerprint:
    return Fingerprint("", 0, tuple(sketch))
