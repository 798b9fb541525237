"""The relevance word model: fitting, the veto it applies to the topic rules, and where not.

Texts are our own. The veto path is tested with small models fitted here, so each test knows
which way the model leans; the shipped model is checked for loading and for keeping plain
project news of each of its languages."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.article.topic_terms import DEFAULT_TOPICS
from monitor.article.topics import TopicModel, shipped_word_model
from monitor.article.wordmodel import DIM, WordModel, features, fit
from monitor.config.settings import load_config

LAUNCH = ("В индустриальной зоне Актобе запустили завод по выпуску труб",
          "ТОО «АктобеТрубПром» ввело в эксплуатацию завод полиэтиленовых труб в индустриальной "
          "зоне Актобе. Стоимость проекта 6,4 млрд тенге, создано 180 рабочих мест.\n"
          "Предприятие будет выпускать до 20 тысяч тонн труб в год для сёл области.")
# A plan with no project yet: the rules take it (a zone, a place, a plant's words); the rules'
# own vetoes (closures, frozen projects, tenders) have nothing to say about it.
PLANNED = ("Индустриальную зону Костаная расширят к 2030 году",
           "Акимат Костаная в программе развития до 2030 года предусмотрел расширение "
           "индустриальной зоны на 40 гектаров: там могли бы разместиться новые заводы.\n"
           "Инвесторов на новые участки пока нет, сроки зависят от бюджета области.")
GREENHOUSE_KK = ("Қарағандыда жылыжай кешенінің құрылысы басталды",
                 "Қарағанды облысында 12 гектар жерде жылыжай кешенінің құрылысы басталды. "
                 "Жобаның құны 8 млрд теңге, 120 жұмыс орны ашылады.\nИнвестор – «Агро Сарыарқа» "
                 "ЖШС. Кешен жылына 5 мың тонна көкөніс өндіреді.")
ORCHARD_UZ = ("Turkiston viloyatida yangi meva qayta ishlash zavodi ishga tushirildi",
              "Qozog'istonning Turkiston viloyatida «Saryagash Agro» kompaniyasi meva quritish "
              "zavodini ishga tushirdi. Loyiha qiymati 12 mln AQSH dollari, 150 ta ish o'rni "
              "yaratildi.\nZavod uchun 10 gektar yer ajratilgan, mahsulot eksport qilinadi.")


def _leaning_model() -> WordModel:
    """A model that learned "programme, could, not yet" from a few plans against launches."""
    stops = ("программе", "могли", "пока", "предусмотрел", "сроки")
    rows = []
    for i in range(12):
        launch = f"{LAUNCH[1]} Очередь {i} цеха введена."
        planned = f"{PLANNED[1]} Участок {stops[i % len(stops)]} {i}."
        rows += [(1, features(LAUNCH[0], launch)), (0, features(PLANNED[0], planned))]
    return WordModel(fit(rows, steps=300).astype(np.float32))


def test_fit_separates_what_it_learned_and_is_deterministic() -> None:
    rows = [(1, features(*LAUNCH)), (0, features(*PLANNED))] * 5
    first, second = fit(rows, steps=200), fit(rows, steps=200)
    assert np.array_equal(first, second)
    model = WordModel(first.astype(np.float32))
    assert model.probability(*LAUNCH) > 0.9
    assert model.probability(*PLANNED) < 0.1
    with pytest.raises(ValueError, match="relevant and not relevant"):
        fit([(1, features(*LAUNCH))])
    with pytest.raises(ValueError, match="shape"):
        WordModel(np.zeros(DIM + 1))


def test_the_title_the_lead_and_the_body_are_separate_features() -> None:
    assert features("завод", "") != features("", "завод")
    lead_only = features("", "завод")
    body_only = features("", "x" * 400 + " завод")
    assert lead_only != body_only
    # Kazakh Latin spellings fold like the topic terms: one stem, one feature.
    assert features("Zauyt", "") == features("zauyt", "")


def test_the_veto_makes_a_rule_relevant_near_miss_not_relevant_and_explains_it() -> None:
    rules = TopicModel(word_model=None)
    vetoing = TopicModel(word_model=_leaning_model(), veto_below=0.4)
    assert rules.score(*PLANNED, "ru").relevant  # the rules alone take the plan
    planned = vetoing.score(*PLANNED, "ru")
    assert not planned.relevant
    assert planned.model_probability is not None and planned.model_probability < 0.4
    assert planned.matched_terms == rules.score(*PLANNED, "ru").matched_terms  # still explained
    launch = vetoing.score(*LAUNCH, "ru")
    assert launch.relevant and launch.model_probability is not None
    assert launch.model_probability >= 0.4
    # Never makes relevant what the rules reject, and is not asked then.
    dull = vetoing.score("Погода в Астане", "Завтра в столице ожидается снег и ветер.", "ru")
    assert not dull.relevant and dull.model_probability is None


def test_no_veto_outside_the_model_languages_or_with_custom_topics() -> None:
    vetoing = TopicModel(word_model=_leaning_model(), veto_below=0.4)
    # Tagged as a language the model never learned: the rules decide alone.
    other = vetoing.score(*PLANNED, "ky")
    assert other.relevant and other.model_probability is None
    custom = load_config(environ={}, data={"topics": [{"name": "mining", "terms": ["рудник*"]}]})
    assert TopicModel.from_config(custom).word_model is None
    off = load_config(environ={}, data={"relevance": {"word_model_veto": 0}})
    assert TopicModel.from_config(off).word_model is None
    default = TopicModel.from_config(load_config(environ={}, data={}))
    assert default.word_model is shipped_word_model() and default.word_model is not None


def test_the_shipped_model_loads_and_keeps_plain_project_news() -> None:
    model = shipped_word_model()
    assert model is not None, "monitor/article/weights/wordmodel.npy is missing from the package"
    topics = TopicModel(DEFAULT_TOPICS)
    for lang, (title, text) in (("ru", LAUNCH), ("kk", GREENHOUSE_KK), ("uz", ORCHARD_UZ)):
        match = topics.score(title, text, lang)
        assert match.relevant, (lang, match)
        assert match.model_probability is not None and match.model_probability >= 0.4
