"""Relevance: word forms match, near misses are rejected, config changes the topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.article.topics import DEFAULT_TOPICS, TopicModel, find_places, term_regex
from monitor.config.settings import TopicConfig, load_config
from tests.labelled import precision_recall, relevance_rows

LABELLED = Path(__file__).parent / "fixtures" / "labelled" / "relevance.tsv"


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return TopicModel()


@pytest.mark.parametrize("text", [
    "индустриальная зона", "в индустриальной зоне", "индустриальных зон",
    "индустриальную экономическую зону",
])
def test_russian_inflection_matches(text: str) -> None:
    assert term_regex("индустриальн* зон*").search(text)


@pytest.mark.parametrize("text", [
    "индустриалды аймақ", "индустриалды аймағы", "индустриалды аймақтарды",
    "индустриалды аймағында",
])
def test_kazakh_suffixes_and_voicing_match(text: str) -> None:
    assert term_regex("индустриалды аймақ*").search(text)


def test_words_without_star_still_inflect_and_abbreviations_take_suffixes() -> None:
    assert term_regex("индустриальная зона").search("в индустриальной зоне города")
    assert term_regex("СЭЗ").search("резиденты СЭЗ-а и СЭЗ")
    assert term_regex("АЭА").search("АЭА-ға жаңа резидент келді")
    assert not term_regex("СЭЗ").search("СЭЗОНЫ")


def test_spellings_of_one_term_count_once(model: TopicModel) -> None:
    rx = term_regex("кәсіпорын*|кәсіпорн*")
    assert rx.search("кәсіпорнында") and rx.search("жаңа кәсіпорын") and not rx.search("орын")
    both = model.score("", "Кәсіпорын ашылды. Кәсіпорнында 50 адам істейді.")
    assert both.matched_terms["regional_economy"] == ["кәсіпорн*|кәсіпорын*"]
    assert both.score == 0.5
    with pytest.raises(ValueError):
        term_regex("завод*|")


def test_words_must_be_near_each_other() -> None:
    rx = term_regex("индустриальн* зон*")
    assert not rx.search("индустриальное развитие региона и новая зона отдыха")


def test_matched_terms_explain_the_score(model: TopicModel) -> None:
    match = model.score("В индустриальной зоне Шымкента открыли завод",
                        "Завод создаст 300 рабочих мест.", "ru")
    assert match.relevant
    assert match.topics[0] == "industrial_zones"
    assert match.matched_terms["industrial_zones"] == ["индустриальн* зон*"]
    assert "рабоч* мест*" in match.matched_terms["regional_economy"]
    assert match.places == ["Шымкент"]


def test_topics_most_specific_first(model: TopicModel) -> None:
    match = model.score("Завод в индустриальной зоне", "Предприятие, завод, производство, "
                        "экспорт и инвестиции: всё в индустриальной зоне.")
    assert match.topics[0] == "industrial_zones" and "regional_economy" in match.topics


def test_title_counts_extra(model: TopicModel) -> None:
    body = model.score("", "Открылась индустриальная зона.")
    titled = model.score("Открылась индустриальная зона", "Открылась индустриальная зона.")
    assert titled.score == body.score + 1.0


def test_place_alone_never_makes_relevance(model: TopicModel) -> None:
    match = model.score("Шымкент, Туркестан, Тараз", "Погода в Шымкенте и Таразе.")
    assert match.places and match.score == 0 and not match.relevant


@pytest.mark.parametrize(("title", "text"), [
    ("Фан-зона у стадиона", "Фан-зона откроется у стадиона перед матчем."),
    ("Клуб получил инвестиции", "Футбольный клуб получил инвестиции от спонсора."),
    ("В Китае открыли свободную экономическую зону",
     "Власти КНР надеются на инвесторов."),
    ("Қытайда еркін экономикалық аймақ ашылды", "Билік инвесторларды күтеді."),
    ("Жанкүйерлер аймағы ашылады", "Стадион жанында жанкүйерлер аймағы жұмыс істейді."),
])
def test_near_misses_are_rejected(model: TopicModel, title: str, text: str) -> None:
    assert not model.score(title, text).relevant


def test_one_generic_word_beside_a_city_earns_no_place_bonus(model: TopicModel) -> None:
    # "инвестиции" in title and text plus a city used to reach the threshold exactly.
    advice = model.score("Инвестиции в себя: совет жителям Караганды",
                         "Психолог из Караганды считает лучшими инвестициями учёбу и спорт.")
    assert advice.places == ["Караганда"] and not advice.relevant
    # Two distinct terms, or one specific term, still earn it.
    plant = model.score("", "В Караганде построили цех, где появятся 40 рабочих мест.")
    assert plant.relevant and plant.score == 2.0
    # opening a plant is a specific term of its own
    opened = model.score("", "В Караганде открыли цех, где появятся 40 рабочих мест.")
    assert opened.score == 3.0 and "investment_projects" in opened.matched_terms
    zone = model.score("", "В Караганде расширят индустриальную зону.")
    assert zone.relevant and zone.score == 2.0


@pytest.mark.parametrize(("title", "text"), [
    ("Липецкая ОЭЗ привлекла нового резидента",
     "В особой экономической зоне под Липецком строят завод и создадут 300 рабочих мест."),
    ("Бишкекте еркін экономикалық аймаққа жаңа зауыт келді",
     "Бишкек маңындағы еркін экономикалық аймақта зауыт салынып, 200 жұмыс орны ашылады."),
])
def test_zones_in_foreign_cities_are_not_kazakh_news(model: TopicModel, title: str,
                                                     text: str) -> None:
    match = model.score(title, text)
    assert match.score > 0 and not match.places and not match.relevant


@pytest.mark.parametrize(("title", "text"), [
    ("Бюджет Павлодарской области вырос на 12 млрд тенге",
     "Маслихат утвердил поправки в областной бюджет: деньги пойдут на субсидии малому и "
     "среднему бизнесу и на дорогу к новому элеватору."),
    ("Ақтөбе облысында жел электр станциясы салынады",
     "Мұғалжар ауданында қуаты 50 мегаватт жел электр станциясы салынады. Жобаға жергілікті "
     "кәсіпкерлер де қатысады."),
])
def test_regional_budgets_power_plants_and_small_business_count(
        model: TopicModel, title: str, text: str) -> None:
    assert model.score(title, text).relevant


@pytest.mark.parametrize(("title", "text"), [
    ("На заводе в Павлодаре задержали расхитителей",
     "Полицейские задержали двух работников предприятия с украденным кабелем. Возбуждено "
     "уголовное дело о краже."),
    ("Павлодардағы зауытта ұрлық әшкереленді",
     "Полиция кәсіпорынның екі қызметкерін ұстады. Ұрлық дерегі бойынша қылмыстық іс қозғалды."),
])
def test_crime_at_a_plant_is_not_economic_news(model: TopicModel, title: str,
                                               text: str) -> None:
    match = model.score(title, text)
    assert "incidents" in match.matched_terms and "incidents" not in match.topics
    assert not match.relevant


def test_a_plant_with_an_incident_in_its_story_stays_relevant(model: TopicModel) -> None:
    match = model.score("В индустриальной зоне Павлодара запустили завод",
                        "После пожара прошлого года завод восстановили: в индустриальной зоне "
                        "создано 200 рабочих мест, виновных в хищении осудили.")
    assert match.relevant and "incidents" in match.matched_terms


@pytest.mark.parametrize(("title", "text"), [
    ("Жителям Актобе советуют открыть депозит",
     "Эксперт рассказал жителям Актобе, как копить на пенсию и выбирать депозит в банке."),
    ("Ақтөбеде облыстық бюджет есебінен мұз айдыны пайдалануға берілді",
     "Облыстық бюджет қаражатына салынған мұз айдыны пайдалануға берілді, мұнда балалар "
     "хоккейден жаттығады."),
])
def test_savings_advice_and_sport_venues_are_not_regional_economy(
        model: TopicModel, title: str, text: str) -> None:
    match = model.score(title, text)
    assert match.places and not match.relevant


def test_a_regions_exports_count(model: TopicModel) -> None:
    assert model.score("Экспорт Костанайской области вырос на 9 %",
                       "Областные производители продали за рубеж больше зерна и муки.").relevant
    assert model.score("Қостанай облысының экспорты өсті",
                       "Облыс экспорты 9 пайызға артты.").relevant


def test_commissioning_alone_is_not_an_investment_project(model: TopicModel) -> None:
    park = model.score("Шымкентте саябақ пайдалануға берілді",
                       "Қала тұрғындары үшін жаңа саябақ пайдалануға берілді.")
    assert park.places and not park.relevant
    plant = model.score("Шымкентте зауыт пайдалануға берілді",
                        "Жаңа зауыт пайдалануға берілді, 150 адам жұмыспен қамтылады.")
    assert plant.relevant


def test_gazetteer_finds_inflected_places_in_both_languages() -> None:
    assert find_places("в Туркестанской области и в Шымкенте") == [
        "Туркестанская область", "Шымкент"]
    assert "Туркестанская область" in find_places("Түркістан облысында")
    assert "Уральск" in find_places("Оралда жаңа зауыт")
    assert find_places("ол үйге оралды") == []
    # names listed exactly still take every Kazakh case ending
    assert find_places("Атыраудағы зауыт, Павлодардан, Түркістанмен") == [
        "Атырау", "Павлодар", "Туркестан"]
    assert find_places("Арыстан келді") == []  # "lion", not the ablative of Арыс


def test_precision_and_recall_on_our_labelled_set(model: TopicModel) -> None:
    rows = relevance_rows(LABELLED)
    assert len(rows) >= 60 and {r[1] for r in rows} == {"ru", "kk"}
    precision, recall = precision_recall(model, rows)
    assert precision >= 0.9
    assert recall >= 0.9


@pytest.mark.parametrize("name", ["relevance_heldout.tsv", "relevance_blind3.tsv",
                                  "relevance_blind4.tsv", "relevance_blind5.tsv",
                                  "relevance_blind6.tsv", "relevance_blind7.tsv"])
def test_blind_set_format(name: str) -> None:
    """Format only: bench/relevance.py measures its precision and recall, no threshold here."""
    lines = LABELLED.with_name(name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    rows = [line.split("\t") for line in lines[1:] if line]
    assert len(rows) >= 70 and all(len(r) == 4 and all(r) for r in rows)
    assert {r[0] for r in rows} == {"0", "1"} and {r[1] for r in rows} == {"ru", "kk"}


def test_from_config_replaces_adds_and_reads_threshold() -> None:
    config = load_config(environ={}, data={
        "relevance": {"threshold": 1.0},
        "topics": [{"name": "industrial_zones", "terms": ["индустриальн* зон*"], "weight": 3},
                   {"name": "mining", "terms": ["рудник*"]}],
    })
    model = TopicModel.from_config(config)
    names = [t.name for t in model.topics]
    assert names.count("industrial_zones") == 1 and "mining" in names
    assert len(names) == len(DEFAULT_TOPICS) + 1
    assert model.threshold == 1.0
    assert model.score("", "Новый рудник").relevant
    assert model.score("", "в индустриальной зоне").score == 3.0


def test_replace_default_topics_drops_the_built_ins() -> None:
    config = load_config(environ={}, data={
        "relevance": {"replace_default_topics": True},
        "topics": [{"name": "mining", "terms": ["рудник*"]}],
    })
    model = TopicModel.from_config(config)
    assert [t.name for t in model.topics] == ["mining"]
    assert not model.score("Индустриальная зона", "индустриальная зона").topics


def test_custom_topic_objects() -> None:
    model = TopicModel((TopicConfig("x", ("аймақ*",), 2.0),), threshold=2.0)
    assert model.score("", "аймағында").relevant
