"""Full-text search on real SQLite (FTS5) and PostgreSQL (GIN tsvector): Russian and Kazakh
word forms, filters, paging, the bounded count, and migration 0004 both ways."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from monitor.article.analysis import Analysis
from monitor.article.wordforms import query_words, word_stems
from storage import migrations, searchindex
from storage.db import init_db
from storage.models import Base
from storage.search import SearchFilters, search_articles
from tests.fixtures_db import store_analysis

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
# Our own short texts; each names its subject in one form only, so a hit proves the forms.
TEXTS = {
    "ru-zone": ("ru", "Завод труб построят в индустриальной зоне Шымкента",
                "В индустриальной зоне Шымкента начнут выпуск полиэтиленовых труб. Инвестор "
                "вложит в проект четыре миллиарда тенге и создаст двести рабочих мест."),
    "kk-zone": ("kk", "Сарыағашта жаңа индустриалды аймақ ашылады",
                "Түркістан облысының Сарыағаш ауданында индустриалды аймағы құрылады. Онда "
                "жиырма инвестициялық жоба орналасады, жобалардың құны қырық бес млрд теңге."),
    "kk-school": ("kk", "Кентауда жаңа мектептер салынады",
                  "Кентау қаласында үш жаңа мектептің құрылысы басталды. Мектептерде екі мың "
                  "оқушы білім алады, құрылыс келесі жылы аяқталады деп күтілуде."),
    "ru-weather": ("ru", "В Шымкенте ожидается мокрый снег",
                   "Синоптики обещают похолодание и мокрый снег в ближайшие выходные, ветер "
                   "усилится до пятнадцати метров в секунду. Ёлочный базар откроют в пятницу."),
}


def _store(session: Session, key: str, *, site: str = "example", minutes: int = 0) -> int:
    language, title, text = TEXTS[key]
    analysis = Analysis(title=title, text=text, author=None, published=NOW, language=language,
                        relevant=key.endswith("zone"), score=3.0, topics=[], matched_terms={},
                        figures=[], places=[])
    result = store_analysis(session, site=site, url=f"https://{site}.kz/news/{key}",
                            analysis=analysis, now=NOW + timedelta(minutes=minutes))
    return result.article_id


@pytest.fixture
def stored(db: tuple[Engine, sessionmaker[Session]]) -> dict[str, int]:
    _engine, sessions = db
    with sessions() as session:
        return {key: _store(session, key, minutes=i) for i, key in enumerate(TEXTS)}


def find(db: tuple[Engine, sessionmaker[Session]], query: str,
         filters: SearchFilters | None = None, **kwargs: int) -> list[int]:
    groups = [list(word.stems) for word in query_words(query)]
    with db[1]() as session:
        page = search_articles(session, groups, filters or SearchFilters(), **kwargs)
        return [hit.id for hit in page.hits]


def test_word_forms_of_russian_and_kazakh_are_found(
        db: tuple[Engine, sessionmaker[Session]], stored: dict[str, int]) -> None:
    # Each query word is a form that none of the texts contains as written.
    assert find(db, "индустриальная") == [stored["ru-zone"]]
    assert find(db, "аймақтарында") == [stored["kk-zone"]]  # аймақ / аймағы
    assert find(db, "мектебі") == [stored["kk-school"]]  # мектеп, мектептің, мектептерде
    assert find(db, "ёлочные") == [stored["ru-weather"]]  # ё and е alike
    assert find(db, "ИНДУСТРИАЛЬНЫХ зон") == [stored["ru-zone"]]  # every word must match
    assert find(db, "индустриальная снег") == []
    assert find(db, "") == [] and find(db, "?!") == []


def test_filters_order_and_paging(db: tuple[Engine, sessionmaker[Session]],
                                  stored: dict[str, int]) -> None:
    with db[1]() as session:
        _store(session, "ru-zone", site="other", minutes=10)  # a reprint on another site
    both = find(db, "трубы")
    assert len(both) == 2 and both[0] > both[1]  # newest stored first
    assert find(db, "трубы", SearchFilters(site="example")) == [stored["ru-zone"]]
    assert find(db, "Шымкент", SearchFilters(language="kk")) == []
    assert find(db, "Шымкент", SearchFilters(relevant=False)) == [stored["ru-weather"]]
    late = SearchFilters(since=NOW + timedelta(minutes=5))
    assert find(db, "трубы", late) == both[:1]
    assert find(db, "трубы", offset=1, limit=1) == both[1:]
    with db[1]() as session:
        page = search_articles(session, [["труб"]], count_limit=1)
    assert (page.total, page.more) == (1, True)


def test_punctuation_and_quotes_are_not_query_syntax(
        db: tuple[Engine, sessionmaker[Session]], stored: dict[str, int]) -> None:
    for query in ('"труб', "труб' OR 1=1 --", "труб*:|&!()", "NEAR(труб завод)"):
        assert stored["ru-zone"] in find(db, query) or find(db, query) == []
    with db[1]() as session:  # stems reach the backends quoted, whatever they hold
        assert search_articles(session, [['тр"у\'б']]).hits == []


def test_wordforms_stems() -> None:
    assert word_stems("индустриальной") == ("индустриальн",)
    assert word_stems("аймағында") == ("аймағ", "аймақ")
    assert word_stems("облысындағы") == ("облыс",)
    assert word_stems("жобасына") == ("жоба",)
    assert word_stems("СЭЗ") == ("сэз",)
    assert [w.word for w in query_words("завод, завод; ЗАВОД")] == ["завод"]
    assert len(query_words(" ".join(f"слово{i}" for i in range(20)))) == 8


def _search_objects(engine: Engine) -> set[str]:
    inspector = inspect(engine)
    names = set(inspector.get_table_names())
    names |= {i["name"] for i in inspector.get_indexes("articles") if i["name"]}
    return {name for name in names if searchindex.is_search_object(name)}


def test_migration_0004_indexes_stored_articles_and_downgrades(db_url: str) -> None:
    from storage.db import make_engine, session_factory

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            command.upgrade(migrations.alembic_config(connection=conn), "0003")
            conn.commit()
        assert _search_objects(engine) == set()
        with session_factory(engine)() as session:
            kept = _store(session, "kk-zone")
        init_db(engine)  # 0003 -> 0004: the stored article is indexed
        assert find((engine, session_factory(engine)), "аймақ") == [kept]
        assert _search_objects(engine)
        with engine.connect() as conn:
            command.downgrade(migrations.alembic_config(connection=conn), "0003")
            conn.commit()
        assert _search_objects(engine) == set()
        with session_factory(engine)() as session:  # no trigger left behind
            _store(session, "ru-zone")
    finally:
        engine.dispose()


def test_schema_made_from_the_models_has_the_index_too(db_url: str) -> None:
    """storage.locks may create its table before init_db: the rest is then made from the
    models directly, and search must work there as after the migrations."""
    from storage.db import make_engine, session_factory

    engine = make_engine(db_url)
    try:
        Base.metadata.tables["locks"].create(engine)
        init_db(engine)
        with session_factory(engine)() as session:
            kept = _store(session, "ru-weather")
        assert find((engine, session_factory(engine)), "снега") == [kept]
    finally:
        engine.dispose()
