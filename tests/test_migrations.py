"""Alembic migrations on real SQLite and PostgreSQL: the baseline builds exactly the models'
schema, pre-migration databases are adopted, init_db is idempotent and race-safe."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, Table, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage import migrations
from storage.db import DatabaseError, init_db, make_engine
from storage.migrations.__main__ import main as migrations_main
from storage.models import (
    Article,
    ArticleSketch,
    Base,
    CrawlRun,
    FetchState,
    SiteHeal,
    Story,
    StoryKey,
)
from storage.searchindex import is_search_object

NOW = datetime(2025, 5, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


def schema_diff(engine: Engine, metadata: MetaData = Base.metadata) -> list[Any]:
    """What autogenerate would write to bring ``engine`` to ``metadata`` (APScheduler's
    table ignored), with the options env.py uses."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": migrations.include_object,
            "compare_type": True, "compare_server_default": True})
        return list(compare_metadata(context, metadata))


def snapshot(engine: Engine) -> dict[str, Any]:
    """Tables with their columns and indexes (name, columns, unique), for before/after."""
    inspector = inspect(engine)
    return {table: ([c["name"] for c in inspector.get_columns(table)],
                    sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                           for i in inspector.get_indexes(table)))
            for table in inspector.get_table_names()}


def revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def article(canonical: str, content_hash: str, duplicate_of: str | None = None) -> Article:
    return Article(
        url=canonical, canonical_url=canonical, site="example", language="ru",
        title="Новый цех в индустриальной зоне Шымкента",
        text="В индустриальной зоне Шымкента открылся цех по выпуску стальных труб.",
        published=NOW, first_seen=NOW, content_hash=content_hash, simhash=-42,
        band0=1, band1=2, band2=3, band3=4, duplicate_of=duplicate_of)


def make_apscheduler_table(engine: Engine) -> None:
    """Stand-in for APScheduler's job store table: not ours, migrations must leave it be."""
    table = Table("apscheduler_jobs", MetaData(), Column("id", Integer, primary_key=True))
    table.create(engine)


def test_upgrade_from_empty_gives_exactly_the_models_schema(engine: Engine) -> None:
    make_apscheduler_table(engine)
    init_db(engine)
    assert revision(engine) == migrations.head_revision()
    assert schema_diff(engine) == []
    assert "apscheduler_jobs" in inspect(engine).get_table_names()


def test_models_changed_without_a_migration_fail_the_guard(engine: Engine) -> None:
    """The guard for future schema changes: after `upgrade head`, the database must equal
    storage/models.py. If this fails, add a revision (storage/migrations/README.md)."""
    with engine.connect() as conn:
        command.upgrade(migrations.alembic_config(connection=conn), "head")
        conn.commit()
    assert schema_diff(engine) == [], "models changed without a migration"
    # ... and the comparison does notice a model change (a column the migrations lack).
    changed = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["stories"].append_column(Column("summary", Integer, nullable=True))
    diff = schema_diff(engine, changed)
    assert [d[0] for d in diff] == ["add_column"] and diff[0][3].name == "summary"


def test_partial_unique_index_allows_duplicates_only(engine: Engine) -> None:
    init_db(engine)
    with Session(engine) as session:
        session.add_all([article("https://a.kz/1", "h1"),
                         article("https://b.kz/1", "h1", duplicate_of="https://a.kz/1"),
                         article("https://c.kz/1", "h1", duplicate_of="https://a.kz/1")])
        session.commit()
        session.add(article("https://d.kz/1", "h1"))  # a second original of the same text
        with pytest.raises(IntegrityError):
            session.commit()


def make_pre_migration_database(engine: Engine) -> None:
    """The tables as init_db made them before migrations (create_all of the models of then,
    which the baseline reproduces), without alembic_version."""
    with engine.connect() as conn:
        command.upgrade(migrations.alembic_config(connection=conn), migrations.BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))
        conn.commit()


def test_database_made_before_migrations_is_stamped_and_usable(engine: Engine) -> None:
    make_pre_migration_database(engine)
    make_apscheduler_table(engine)
    with Session(engine) as session:
        session.add(Story(title="Завод труб", first_seen=NOW, updated=NOW))
        session.add(article("https://a.kz/old", "old"))
        session.commit()
    init_db(engine)
    assert revision(engine) == migrations.head_revision()
    assert schema_diff(engine) == []
    with Session(engine) as session:
        assert session.scalars(select(Article.canonical_url)).all() == ["https://a.kz/old"]
        session.add(article("https://a.kz/new", "new"))
        session.commit()
        assert session.query(Article).count() == 2


def test_database_with_only_the_lock_table_gets_the_rest(engine: Engine) -> None:
    # storage.locks.ensure_table may run on a fresh database before init_db does.
    Base.metadata.tables["locks"].create(engine)
    init_db(engine)
    assert revision(engine) == migrations.head_revision()
    assert schema_diff(engine) == []


def test_pre_migration_database_lacking_a_column_is_refused(engine: Engine) -> None:
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE story_keys"))
        conn.execute(text("CREATE TABLE story_keys (article_id INTEGER, key BIGINT)"))
    with pytest.raises(DatabaseError, match=r"does not match the baseline.*story_keys\.weight"):
        init_db(engine)
    assert "alembic_version" not in inspect(engine).get_table_names()  # nothing half-done


def test_init_db_twice_is_a_no_op(engine: Engine) -> None:
    init_db(engine)
    with Session(engine) as session:
        session.add(article("https://a.kz/1", "h1"))
        session.commit()
    before = snapshot(engine)
    init_db(engine)
    assert snapshot(engine) == before and revision(engine) == migrations.head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 1


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    make_apscheduler_table(engine)
    init_db(engine)
    with engine.connect() as conn:
        command.downgrade(migrations.alembic_config(connection=conn), "base")
        conn.commit()
    assert set(inspect(engine).get_table_names()) == {"alembic_version", "apscheduler_jobs"}
    assert revision(engine) is None
    init_db(engine)
    assert revision(engine) == migrations.head_revision()
    assert schema_diff(engine) == []


# Revision 0002 swaps two indexes and, on SQLite, copies `articles` into a table with the
# large columns last: a database with data must come through both ways with every row.
DATA_TABLES = ("crawl_runs", "stories", "articles", "article_sketches", "story_keys")
# Long enough (with the figures) to spill into SQLite overflow pages, as real articles do.
LONG_TEXT = "В индустриальной зоне Шымкента открылся цех по выпуску стальных труб. " * 80


def fill_baseline(engine: Engine) -> None:
    """Three originals and a duplicate of one, in one story and crawl run, with sketches
    (some hashes shared) and story keys: written into a database at the baseline."""
    with Session(engine) as session:
        story = Story(title="Завод труб", first_seen=NOW, updated=NOW)
        run = CrawlRun(site="example", started=NOW, status="ok", skipped={"not_article": 2},
                       error_samples=[])
        session.add(run)
        session.flush()
        for i, (canonical, duplicate_of) in enumerate([
                ("https://a.kz/0", None), ("https://a.kz/1", None), ("https://a.kz/2", None),
                ("https://b.kz/0", "https://a.kz/0")]):
            row = article(canonical, f"h{i % 3}", duplicate_of)
            row.text, row.story, row.sketch_size = f"{LONG_TEXT} {i}", story, 40
            row.figures = [{"kind": "money", "value": 1e9 * i, "sentence": LONG_TEXT[:900]}]
            row.matched_terms, row.places = {"industry": ["цех"]}, ["Шымкент"]
            row.crawl_run_id, row.topics = run.id, ["industry"]
            row.sketch = [ArticleSketch(hash=-(2**62) + 7 * i + j) for j in range(40)]
            row.story_keys = [StoryKey(key=2**61 + i + j, weight=1.5, in_title=j == 0,
                                       first_seen=NOW) for j in range(6)]
            session.add(row)
        session.commit()


def table_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of the data tables as stored (no type conversion), in a stable order; the
    search index's derived column (PostgreSQL, storage/searchindex.py) left out."""
    def row(r: Any) -> dict[str, Any]:
        return {k: v for k, v in r._mapping.items() if not is_search_object(k)}

    with engine.connect() as conn:
        return {table: sorted((row(r) for r in conn.execute(
                    text(f"SELECT * FROM {table}"))), key=lambda r: repr(sorted(r.items())))
                for table in DATA_TABLES}


def article_columns(engine: Engine) -> list[str]:
    return [c["name"] for c in inspect(engine).get_columns("articles")]


def migrate(engine: Engine, target: str, *, down: bool = False) -> None:
    """Upgrade or downgrade to ``target`` as init_db does (SQLite foreign keys off)."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        step = command.downgrade if down else command.upgrade
        step(migrations.alembic_config(connection=conn), target)
        conn.commit()
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def test_baseline_database_with_data_upgrades_and_downgrades_keeping_every_row(
        engine: Engine) -> None:
    migrate(engine, migrations.BASELINE)
    fill_baseline(engine)
    before, baseline_columns = table_rows(engine), article_columns(engine)
    assert sum(map(len, before.values())) == 1 + 1 + 4 + 160 + 24
    init_db(engine)
    assert revision(engine) == migrations.head_revision() and schema_diff(engine) == []
    assert table_rows(engine) == before
    indexes = {i["name"]: i["column_names"]
               for i in inspect(engine).get_indexes("article_sketches")}
    assert indexes["ix_article_sketches_hash_article"] == ["hash", "article_id"]
    if engine.dialect.name == "sqlite":
        assert article_columns(engine)[-4:] == ["text", "matched_terms", "places", "figures"]

    migrate(engine, migrations.BASELINE, down=True)
    assert revision(engine) == migrations.BASELINE and table_rows(engine) == before
    assert article_columns(engine) == baseline_columns
    init_db(engine)
    assert table_rows(engine) == before
    # The copied table kept its constraints: one original per content hash, and deleting an
    # article deletes its sketches and keys.
    with Session(engine) as session:
        session.add(article("https://c.kz/0", "h1"))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        gone = session.scalars(select(Article).where(Article.canonical_url == "https://a.kz/2"))
        session.delete(gone.one())
        session.commit()
        left = session.scalars(select(ArticleSketch.article_id).distinct()).all()
        assert sorted(left) == sorted(a["id"] for a in before["articles"]
                                      if a["canonical_url"] != "https://a.kz/2")
        assert session.query(StoryKey).count() == 18


def test_fetch_state_rows_survive_the_per_site_key(engine: Engine) -> None:
    """Revision 0003 keys fetch_state by (site, url): rows are kept both ways, and two sites
    may then hold validators for one URL."""
    migrate(engine, "0002")
    sitemap = "https://informburo.kz/sitemap.xml"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO fetch_state (url, site, etag, last_status, checked) "
                          "VALUES (:url, 'informburo-ru', '\"v1\"', 200, :now)"),
                     {"url": sitemap, "now": NOW})
    migrate(engine, "0003")
    # fetch_state as the models want it (the tables of later revisions are not there yet)
    assert [d for d in schema_diff(engine) if "fetch_state" in repr(d)] == []
    with Session(engine) as session:
        assert session.get(FetchState, ("informburo-ru", sitemap)).etag == '"v1"'
        session.add(FetchState(url=sitemap, site="informburo-kk", etag='"v2"',
                               checked=NOW + timedelta(minutes=5)))
        session.commit()
    migrate(engine, "0002", down=True)  # one row per URL again: the newest kept
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT site FROM fetch_state")).scalars().all()
    assert rows == ["informburo-kk"]


def test_site_heal_table_comes_and_goes(engine: Engine) -> None:
    """Revision 0005 adds the site_heal table (self-healing state) and takes it away again;
    at head the schema is the models'."""
    migrate(engine, "0004")
    assert "site_heal" not in inspect(engine).get_table_names()
    migrate(engine, "0005")
    assert [d for d in schema_diff(engine) if "site_heal" in repr(d)] == []
    with Session(engine) as session:
        session.add(SiteHeal(site="s", empty_runs=2, state={"failing": ["x: 404"]}))
        session.commit()
        assert session.get(SiteHeal, "s").state == {"failing": ["x: 404"]}
    migrate(engine, "0004", down=True)
    assert "site_heal" not in inspect(engine).get_table_names()


def _band_indexes(engine: Engine) -> dict[str, list[str]]:
    return {i["name"]: list(i["column_names"]) for i in inspect(engine).get_indexes("articles")
            if "band" in str(i["name"])}


def test_band_indexes_hold_the_window_and_simhash(engine: Engine) -> None:
    """Revision 0006 turns each SimHash band index into (band, first_seen, simhash), so the
    near-duplicate lookup reads the window from the index alone; down, back to (band)."""
    migrate(engine, "0005")
    assert _band_indexes(engine) == {f"ix_articles_band{n}": [f"band{n}"] for n in range(4)}
    migrate(engine, "0006")
    assert _band_indexes(engine) == {f"ix_articles_band{n}_seen":
                                     [f"band{n}", "first_seen", "simhash"] for n in range(4)}
    assert schema_diff(engine) == []
    migrate(engine, "0005", down=True)
    assert _band_indexes(engine) == {f"ix_articles_band{n}": [f"band{n}"] for n in range(4)}


def test_sqlite_rebuild_with_foreign_keys_on_is_refused(tmp_path: Any) -> None:
    """Outside init_db (alembic on a plain connection: foreign keys on), the articles copy
    would cascade-delete sketches and keys: 0002 refuses before changing anything."""
    eng = make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    try:
        with eng.connect() as conn:
            command.upgrade(migrations.alembic_config(connection=conn), migrations.BASELINE)
            conn.commit()
        fill_baseline(eng)
        before = table_rows(eng)
        with eng.connect() as conn:
            with pytest.raises(RuntimeError, match="foreign keys off"):
                command.upgrade(migrations.alembic_config(connection=conn), "head")
            conn.rollback()
        assert revision(eng) == migrations.BASELINE and table_rows(eng) == before
        init_db(eng)
        assert revision(eng) == migrations.head_revision() and table_rows(eng) == before
    finally:
        eng.dispose()


# A process that imports storage.db, says it is ready, waits for "go", then runs init_db.
_RACER = """
import pathlib, sys, time
from storage.db import init_db, make_engine
folder = pathlib.Path(sys.argv[2])
engine = make_engine(sys.argv[1])
(folder / f"ready-{sys.argv[3]}").touch()
while not (folder / "go").exists():
    time.sleep(0.002)
init_db(engine)
"""


def test_processes_racing_on_a_fresh_database(db_url: str, tmp_path: Any) -> None:
    """Daemon and CLI starting at once: both migrate, neither fails, one schema results."""
    racers = [subprocess.Popen([sys.executable, "-c", _RACER, db_url, str(tmp_path), str(i)],
                               stderr=subprocess.PIPE, text=True) for i in range(3)]
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("ready-*"))) < len(racers) and time.monotonic() < deadline:
            time.sleep(0.01)
        (tmp_path / "go").touch()
        results = [(racer.wait(timeout=120), racer.stderr.read()) for racer in racers]
    finally:
        for racer in racers:
            racer.kill()
            racer.stderr.close()
    assert results == [(0, "")] * len(racers)
    eng = make_engine(db_url)
    try:
        assert revision(eng) == migrations.head_revision() and schema_diff(eng) == []
    finally:
        eng.dispose()


def test_threads_racing_on_a_fresh_database(db_url: str) -> None:
    engines = [make_engine(db_url) for _ in range(3)]
    barrier = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def start(eng: Engine) -> None:
        try:
            barrier.wait(timeout=30)
            init_db(eng)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(eng,)) for eng in engines]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
        assert revision(engines[0]) == migrations.head_revision()
    finally:
        for eng in engines:
            eng.dispose()


def test_sqlite_foreign_keys_are_back_on_after_migrating(tmp_path: Any) -> None:
    eng = make_engine(f"sqlite:///{tmp_path / 'n.db'}", pool_size=1, max_overflow=0)
    try:
        init_db(eng)
        with eng.connect() as conn:  # the pool's only connection, the one that migrated
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        eng.dispose()


def test_database_from_a_newer_version_is_refused(engine: Engine) -> None:
    init_db(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_future'"))
    with pytest.raises(DatabaseError, match="ffff_from_future"):
        init_db(engine)


def test_command_line_wraps_alembic(capsys: pytest.CaptureFixture[str]) -> None:
    assert migrations_main(["heads"]) == 0
    assert f"{migrations.head_revision()} (head)" in capsys.readouterr().out
    assert migrations_main(["check"]) == 0  # models and revisions agree
