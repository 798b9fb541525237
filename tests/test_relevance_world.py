"""Relevance, second round of issue 13: the rest of the world's places, Kazakh places in the
neighbours' languages and scripts, district towns of Kazakhstan, op-ed rubrics, and
non-economic events (courts, road accidents, floods, leisure) in a zone. Texts written for
these tests."""

from __future__ import annotations

import pytest

from monitor.article.places import locate
from monitor.article.topics import TopicModel


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return TopicModel()


# --- 1. foreign places: Russian border towns, Ili, Azerbaijan, Kyrgyz / Turkmen / Uzbek
# regions in other spellings, and the world at country level ---------------------------------

@pytest.mark.parametrize("text", [
    "В Новотроицке запустили цех по выпуску арматуры.",
    "Бузулукский завод нарастил выпуск.",
    "Рубцовскіде жаңа зауыт ашылды.",
    "Магнитогорскіде металлургия комбинаты өндірісті арттырды.",
    "Троицкте жылу электр станциясы жаңартылды.",
    "В Петропавловске-Камчатском открыли рыбоперерабатывающий завод.",
    "Завод в Петропавловске-Камчатском начал выпуск консервов.",
    "Іле Қазақ автономиялы облысында жаңа зауыт салынды.",
    "В Инине построили логистический центр.",
    "Ining shahrida yangi zavod qurildi.",
    "Кульджинский завод увеличил экспорт.",
    "В Гяндже открыли алюминиевый завод.",
    "Sumgait industrial park welcomed a new resident.",
    "Ўш вилоятида янги корхона очилди.",
    "Osh viloyatida zavod qurilmoqda.",
    "Botken viloyatida sanoat zonasi tashkil etildi.",
    "Боткен вилоятида корхона ишга туширилди.",
    "Talas viloyatida oltin koni ishga tushdi.",
    "Жалолобод вилоятида иссиқхона очилди.",
    "Нарын облусунда жаңы ишкана ачылды.",
    "Issiqko'l viloyatida kurort qurildi.",
    "Lebap welaýatynda täze zawod açyldy.",
    "Лебап вилоятида кимё заводи қурилди.",
    "Mary welaýatynda pagta zawody işe girizildi.",
    "Daşoguz welaýatynda kärhana açyldy.",
    "Балкан велаятында новый газохимический комплекс.",
    "Наманган облысында тоқыма фабрикасы ашылды.",
    "Науаи облысында еркін экономикалық аймақ кеңейді.",
    "Сырдария облысында жылыжай салынды.",
    "Navoi free economic zone attracted a new investor.",
    "A new plant opened in Tashkent region.",
    "Samarkand hosted an investment forum.",
    "Турецкий холдинг построит завод в Египте.",
    "Мысырда түрік компаниясы зауыт салады.",
    "Hindistonda yangi zavod ochildi.",
    "Во Вьетнаме открыли обувную фабрику.",
    "Германияда жаңа зауыт ашылды.",
    "Завод в Германии сократил выпуск.",
    "АҚШ-та жаңа зауыт салынады.",
    "Ford opened a plant in the United States.",
    "Во Франции запустили завод аккумуляторов.",
    "В Саудовской Аравии построят индустриальный парк.",
])
def test_places_of_other_countries_are_foreign(text: str) -> None:
    found = locate(text)
    assert found.elsewhere and found.places == [], text


@pytest.mark.parametrize("text", [
    "Турецкий холдинг построит завод в Египте. Стоимость проекта в Египте составит "
    "200 млн долларов, сообщает пресс-служба холдинга. Завод будет выпускать стекло для "
    "строительства. Ранее компания работала в Алматы.",
    "Китайская корпорация запустила цех в Синьцзяне... and в Урумчи; по данным компании, "
    "сырьё для цеха будут закупать в разных странах, в том числе в Казахстане.",
    "Во Вьетнаме открыли обувную фабрику. Инвестор из Кореи вложил во Вьетнаме 50 млн "
    "долларов, на фабрике будут работать 2000 человек. Продукцию планируют поставлять "
    "в Европу, США и Японию. Компания также рассматривает рынок Казахстана и Астану.",
])
def test_a_passing_kazakh_place_does_not_make_a_foreign_story_domestic(text: str) -> None:
    assert locate(text).elsewhere


def test_chinese_side_of_khorgos_is_foreign() -> None:
    assert locate("На китайской части Хоргоса открыли новый склад.").elsewhere
    assert locate("Хоргостың қытай бөлігінде жаңа қойма ашылды.").elsewhere
    assert locate("В Хоргосе открыли новый склад.").places == ["Хоргос"]


# --- 2. Kazakh places in other languages and scripts; district towns -----------------------

@pytest.mark.parametrize(("text", "place"), [
    ("Маңғистау вилоятида янги завод.", "Мангистауская область"),
    ("Mang'istov viloyatida zavod qurildi.", "Мангистауская область"),
    ("Абай вилоятида корхона очилди.", "Абайская область"),
    ("Жетису вилоятида иссиқхона.", "Жетысуская область"),
    ("Jetisuv viloyatida korxona ochildi.", "Жетысуская область"),
    ("Ulytau viloyatida mis koni.", "Улытауская область"),
    ("Жетисуу облусунда ишкана ачылды.", "Жетысуская область"),
    ("Алматы облусунда жаңы завод.", "Алматинская область"),
    ("Түркестанда ишкана ачылды.", "Туркестан"),
    ("У Костанайській області відкрили завод.", "Костанайская область"),
    ("Костанайська область нарощує експорт.", "Костанайская область"),
    ("Almatyda jaña zauyt aşyldy.", "Алматы"),
    ("Astanada industrialdyq park keñeidi.", "Астана"),
    ("Şymkentte fabrika iske qosyldy.", "Шымкент"),
    ("Qostanaida elevator salyndy.", "Костанай"),
    ("Aqtöbede zauyt aşyldy.", "Актобе"),
    ("Oralda jaña käsıporyn aşyldy.", "Уральск"),
    ("Taldyqorğanda jylyjai aşyldy.", "Талдыкорган"),
    ("В Аягозе открыли мясокомбинат.", "Аягоз"),
    ("Аягөзде ет комбинаты ашылды.", "Аягоз"),
    ("В Жаркенте запустили крахмальный завод.", "Жаркент"),
    ("Жаркентте зауыт ашылды.", "Жаркент"),
    ("В Шу построят сахарный завод.", "Шу"),
    ("Шу қаласында қант зауыты салынады.", "Шу"),
    ("В Кентау открыли швейный цех.", "Кентау"),
    ("В Сатпаеве расширят обогатительную фабрику.", "Сатпаев"),
    ("Сәтбаевта байыту фабрикасы кеңейтіледі.", "Сатпаев"),
    ("В Лисаковске запустили завод.", "Лисаковск"),
    ("Хромтауда ферроқорытпа зауыты салынады.", "Хромтау"),
    ("В Кульсарах открыли цех.", "Кульсары"),
    ("В Степногорске построят завод.", "Степногорск"),
    ("Риддерде жаңа кәсіпорын ашылды.", "Риддер"),
    ("В Аксае расширят производство.", "Аксай"),
    ("В Бейнеу открыли логистический центр.", "Бейнеу"),
    ("Жаңатаста фосфор зауыты жаңартылды.", "Жанатас"),
    ("В Каскелене открыли мебельную фабрику.", "Каскелен"),
    ("Щучинскіде туристік кешен салынады.", "Щучинск"),
])
def test_kazakh_places_in_other_languages_and_district_towns(text: str, place: str) -> None:
    assert place in locate(text).places, text


def test_ukrainian_locative_puts_the_story_in_kazakhstan() -> None:
    assert locate("Омська компанія збудує завод у Казахстані.").places == ["Казахстан"]


# --- 3. op-ed rubrics ------------------------------------------------------------------------

_PARLIAMENT = ("Депутаты снова спорят о регламенте. Мажилис принял поправки о выборах. "
               "Язык законов остаётся сложным для граждан. ")


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Точка зрения: зачем парламенту второй язык",
     _PARLIAMENT * 2 + "Где-то строят заводы, но главное — доверие. " + _PARLIAMENT, "ru"),
    ("Блог. О государственном языке",
     _PARLIAMENT + "Инвесторы и заводы подождут, сначала язык. " + _PARLIAMENT, "ru"),
    ("Колонка: мажилис и реформы",
     _PARLIAMENT + "На заводах говорят по-русски, в акиматах — по-казахски. " + _PARLIAMENT,
     "ru"),
    ("Көзқарас. Мемлекеттік тіл туралы",
     "Мемлекеттік тіл туралы заң жиі талқыланады. Депутаттар тіл саясатын сынады. "
     "Зауыттарда да қазақ тілі естілуі керек. Мектептерде оқулықтар жетіспейді. "
     "Тіл — ұлттың жаны.", "kk"),
    ("Fikr: parlament islohoti haqida",
     "Parlament yangi qonunlarni muhokama qildi. Deputatlar saylov tizimini tanqid qildi. "
     "Zavodlarda ham til masalasi bor. Fuqarolar ishonchi muhim.", "uz"),
])
def test_op_ed_rubrics_with_passing_economy_are_not_relevant(model: TopicModel, title: str,
                                                             text: str, lang: str) -> None:
    assert not model.score(title, text, lang).relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Точка зрения: государственный язык и парламент",
     "Мажилис снова обсуждает закон о языке. В Шымкенте открываются заводы и индустриальная "
     "зона, и там нужен казахский язык. Инвесторы тоже должны учить язык. Депутаты спорят о "
     "сроках. Школам не хватает учителей.", "ru"),
    ("Особое мнение: зачем нам второй сенат",
     "Сенат нужен. Хотя заводы в Павлодаре и СЭЗ важны для экономики, реформа парламента "
     "важнее. Депутаты должны отчитываться. Партии молчат.", "ru"),
    ("Ой-пікір: тіл мен парламент",
     "Парламент реформасы қажет. Ақтөбеде жаңа зауыт ашылды, бірақ депутаттар бұл туралы "
     "айтпайды. Тіл мәселесі шешілмеген. Мектептерде оқулық жоқ.", "kk"),
    ("Nuqtai nazar: til va parlament",
     "Davlat tili masalasi dolzarb. Qozog'istonning Shimkent shahrida zavodlar ochilmoqda. "
     "Ammo deputatlar jim. Saylov yaqin.", "uz"),
])
def test_short_op_eds_under_any_rubric_are_not_relevant(model: TopicModel, title: str,
                                                        text: str, lang: str) -> None:
    assert not model.score(title, text, lang).relevant


def test_an_economic_column_about_a_zone_stays_relevant(model: TopicModel) -> None:
    text = ("СЭЗ «Хоргос» привлекла трёх новых инвесторов. Резиденты строят завод и склады. "
            "На производстве будет занято 400 человек.")
    assert model.score("Мнение: как развивать СЭЗ «Хоргос»", text, "ru").relevant


# --- 4. courts, road accidents, disasters and leisure in a zone ------------------------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Суд обязал резидента СЭЗ вернуть землю",
     "Компания не начала строительство завода в СЭЗ «Павлодар», и суд обязал её вернуть "
     "участок государству.", "ru"),
    ("Сот индустриалды аймақ резидентін жерді қайтаруға міндеттеді",
     "Шымкенттегі индустриалды аймақта зауыт салынбаған, сот шешімі бойынша жер мемлекетке "
     "қайтарылады.", "kk"),
    ("В индустриальной зоне Актобе грузовик сбил сотрудника",
     "Мужчина скончался на месте, по факту наезда проводится проверка.", "ru"),
    ("Индустриалды аймақта жүк көлігі жұмысшыны қағып кетті",
     "Қарағандыдағы индустриалды аймақта болған оқиғадан кейін жұмысшы ауруханаға жеткізілді.",
     "kk"),
    ("Паводок подтопил предприятия промзоны Атырау",
     "Вода зашла в цеха трёх заводов, спасатели откачивают воду.", "ru"),
    ("Су тасқыны өнеркәсіптік аймақты басты",
     "Ақтөбедегі өнеркәсіптік аймақтағы кәсіпорындарды су басты, тұрғындар көшірілді.", "kk"),
    ("Жер сілкінісі индустриалды аймақтағы зауыттарға зақым келтірді",
     "Алматы облысындағы индустриалды аймақта жер сілкінісінен кейін зауыт қабырғасы "
     "жарылды.", "kk"),
    ("В индустриальной зоне Шымкента открылся пейнтбольный клуб",
     "Клуб занял бывший склад на территории зоны, площадки для игры рассчитаны на 40 "
     "человек.", "ru"),
    ("В промзоне Караганды открыли квест-комнату",
     "Квест разместился в бывшем цехе завода, игры проводят по выходным.", "ru"),
    ("Индустриалды аймақта кафе ашылды",
     "Павлодардағы индустриалды аймақта жұмысшыларға арналған кафе жұмысын бастады.", "kk"),
])
def test_non_economic_events_in_a_zone_are_not_relevant(model: TopicModel, title: str,
                                                        text: str, lang: str) -> None:
    assert not model.score(title, text, lang).relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Резидент СЭЗ «Павлодар» запустил завод",
     "Завод выпускает 30 тысяч тонн продукции, создано 150 рабочих мест.", "ru"),
    ("Индустриалды аймақта жаңа зауыт ашылды",
     "Шымкенттегі индустриалды аймақта құрылыс материалдары зауыты іске қосылды, 120 жұмыс "
     "орны ашылды.", "kk"),
])
def test_plant_news_in_a_zone_stays_relevant(model: TopicModel, title: str, text: str,
                                             lang: str) -> None:
    assert model.score(title, text, lang).relevant
