"""Relevance, third round of issue 13: a foreign country's own news named by its adjective or
a main city, Uzbek news about Kazakhstan as a whole, Kazakh in the 2021 Latin alphabet with
its ı / i / y and w / u variants, and the financing of agro-processing in a region. Texts
written for these tests."""

from __future__ import annotations

import pytest

from monitor.article.places import locate
from monitor.article.topics import TopicModel


@pytest.fixture(scope="module")
def model() -> TopicModel:
    """The topic rules these tests are about, without the word model's veto (tested with the
    rules in tests/test_wordmodel.py and measured on the blind sets)."""
    return TopicModel(word_model=None)


# --- 1. a foreign country's own news: the country, its adjective or a main city -------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Монголия создаст свободную экономическую зону у границы с Китаем",
     "Правительство утвердило границы новой свободной экономической зоны и план инвестиций.",
     "ru"),
    ("Монгольский промпарк привлёк инвестора",
     "Индустриальный парк получил нового резидента, инвестиции составят 40 млн долларов.",
     "ru"),
    ("Иран расширяет свободную экономическую зону на побережье",
     "Власти страны выделили новые участки под заводы и склады.", "ru"),
    ("Иранская свободная зона привлекла инвесторов",
     "В свободной экономической зоне открыто три завода.", "ru"),
    ("В Анкаре открыта новая организованная промышленная зона",
     "В промышленной зоне разместятся 60 предприятий, инвестиции превысят 200 млн долларов.",
     "ru"),
    ("В Измире запустили завод по выпуску кабеля",
     "Инвестиции в производство составили 30 млн долларов, создано 400 рабочих мест.", "ru"),
    ("Турецкий индустриальный парк принял новых резидентов",
     "Инвестиции резидентов превысят 100 млн долларов.", "ru"),
    ("Бакинский технопарк привлёк нового резидента",
     "Резидент построит завод и создаст 150 рабочих мест.", "ru"),
    ("Азербайджанский промышленный парк расширился",
     "В индустриальном парке построят ещё два завода, инвестиции 90 млн манатов.", "ru"),
    ("Гянджинский промпарк запустил производство",
     "Завод по выпуску алюминиевых профилей начал работу, инвестиции 20 млн.", "ru"),
    ("Түрік индустриялық аймағында жаңа зауыт ашылды",
     "Анкара маңындағы аймақта инвестиция көлемі 50 млн долларды құрады.", "kk"),
    ("Моңғолия еркін экономикалық аймағын кеңейтеді",
     "Аймаққа жаңа инвесторлар тартылады.", "kk"),
    ("Eron erkin iqtisodiy zonasini kengaytirmoqda",
     "Zonada yangi zavodlar quriladi, investitsiyalar jalb qilinadi.", "uz"),
    ("Turkish industrial zone welcomed a new plant",
     "The plant in Izmir will create 300 jobs with investment of 40 million dollars.", "en"),
])
def test_a_foreign_countrys_own_news_is_not_relevant(model: TopicModel, title: str, text: str,
                                                     lang: str) -> None:
    assert locate(f"{title}\n{text}", lang).elsewhere
    assert not model.score(title, text, lang).relevant


def test_kazakh_news_with_a_foreign_partner_adjective_stays_relevant(model: TopicModel) -> None:
    title = "Турецкая компания построит завод в Туркестанской области"
    text = "Инвестиции в проект составят 50 млн долларов, будет создано 300 рабочих мест."
    assert model.score(title, text, "ru").relevant


# --- 2. Uzbek news about Kazakhstan as a whole -------------------------------------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Қозоғистонда саноат ишлаб чиқариши 5 фоизга ўсди",
     "Мамлакатда ишлаб чиқариш ҳажми ошди, янги корхоналар ишга туширилди.", "uz"),
    ("Qozog'istonda sanoat ishlab chiqarishi 5 foizga o'sdi",
     "Mamlakatda yangi korxonalar ishga tushirildi, investitsiyalar ko'paydi.", "uz"),
    ("Қозоғистон чегара савдо марказига маблағ ажратди",
     "Туркистон вилоятида қурилаётган савдо-логистика маркази учун Қозоғистон ҳукумати "
     "инвестиция ажратди.", "uz"),
])
def test_uzbek_news_about_kazakhstan_is_relevant(model: TopicModel, title: str, text: str,
                                                 lang: str) -> None:
    assert "Казахстан" in locate(f"{title}\n{text}", lang).places or locate(
        f"{title}\n{text}", lang).places
    assert model.score(title, text, lang).relevant


@pytest.mark.parametrize("title", [
    "Қозоғистонда саноат ишлаб чиқариши 5 фоизга ўсди",
    "Qozog'istonda sanoat ishlab chiqarishi 5 foizga o'sdi",
])
def test_a_uzbek_title_on_kazakhstans_industry_alone_is_relevant(model: TopicModel,
                                                                  title: str) -> None:
    assert model.score(title, "", "uz").relevant


# --- 3. Kazakh in the 2021 Latin alphabet: ı / y / i, w / u --------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("Qarağandı oblısında jaña zauıt iske qosıldı.", "Карагандинская область"),
    ("Türkistan oblısında jılıjay keşeni aşıldı.", "Туркестанская область"),
    ("Almatıda logistikalıq ortalıq aşıldı.", "Алматы"),
    ("Şımkentte jaña fabrika aşıldı.", "Шымкент"),
    ("Aqtöbede zauıt salınadı.", "Актобе"),
    ("Pavlodarda jaña käsiporın aşıldı.", "Павлодар"),
    ("Qostanay oblısında elevator salındı.", "Костанайская область"),
    ("Atıraw oblısında jaña zawıt iske qosıldı.", "Атырауская область"),
    ("Atyrauda terminal saldy.", "Атырау"),
    ("Oralda jaña zauıt aşıldı.", "Уральск"),
    ("Semeyde et öñdew zauıtı aşıldı.", "Семей"),
    ("Qızılorda oblısında tuz zauıtı iske qosıldı.", "Кызылординская область"),
])
def test_kazakh_latin_2021_places(text: str, place: str) -> None:
    assert place in locate(text, "kk").places


@pytest.mark.parametrize(("title", "text"), [
    ("Qarağandı oblısında jaña zauıt iske qosıldı",
     "Zauıt 200 jūmıs ornın aşadı, investisiya kölemi 5 mlrd teñge."),
    ("Türkistan oblısında jılıjay keşeni aşıldı",
     "Keşen 80 adamdı jūmıspen qamtıdı, investorlar 3 mlrd teñge saldı."),
    ("Atıraw oblısında jaña zawıt iske qosıldı",
     "Käsiporın jılına 50 mıñ tonna önim şığaradı, 150 jūmıs ornı aşıldı."),
])
def test_kazakh_latin_2021_news_is_relevant(model: TopicModel, title: str, text: str) -> None:
    assert model.score(title, text, "kk").relevant


# --- 4. financing of agro-processing in a region ----------------------------------------

@pytest.mark.parametrize(("title", "text"), [
    ("Фонд профинансировал 12 проектов агропереработки в Костанайской области",
     "Общая сумма займов составила 6 млрд тенге."),
    ("В Северо-Казахстанской области реализуют проекты агропереработки",
     "Льготные займы получили восемь хозяйств."),
    ("В Жамбылской области растёт переработка сельхозпродукции",
     "Доля продукции с добавленной стоимостью увеличилась."),
])
def test_financing_agro_processing_in_a_region_is_relevant(model: TopicModel, title: str,
                                                           text: str) -> None:
    assert model.score(title, text, "ru").relevant
