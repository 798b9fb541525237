"""Relevance on the patterns real pages showed (issue 13): other republics' «РК», neighbours'
regions, Kazakhstan as a border or a market, op-eds, crime at a plant, Uzbek / Kyrgyz / Tatar /
Kazakh Latin articles about Kazakhstan, short briefs. All texts are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.article.places import find_places, locate
from monitor.article.topics import TopicModel
from tests.labelled import precision_recall, relevance_rows

REALTEXT = Path(__file__).parent / "fixtures" / "labelled" / "relevance_realtext.tsv"


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return TopicModel()


# --- «РК»: Kazakhstan, or another republic -------------------------------------------------

@pytest.mark.parametrize("text", [
    "Глава РК вручил награды строителям нового моста в Петрозаводске.",
    "Совмин РК выделил участок под завод в Симферопольском районе.",
    "Врио главы РК провёл совещание о развитии туризма.",
    "В РК откроют цех по переработке молока, сообщили в администрации Сыктывкара.",
])
def test_rk_of_another_republic_is_not_kazakhstan(text: str) -> None:
    assert locate(text).places == []


def test_rk_alone_is_kazakhstan_and_uzbek_qr_is_karakalpakstan() -> None:
    assert locate("Министерство энергетики РК утвердило план.").places == ["Казахстан"]
    assert locate("ҚР Үкіметі жаңа бағдарламаны бекітті.", "kk").places == ["Казахстан"]
    assert locate("ҚР Вазирлар Кенгаши қарор қабул қилди.", "uz").places == []


# --- neighbours: every level of their geography -------------------------------------------

@pytest.mark.parametrize("where", [
    # Russia: republics, krais, oblasts, okrugs, federal cities; Kazakh spellings
    "в Карачаево-Черкесии", "в Черкесске", "в Башкортостане", "в Уфе", "в Якутии",
    "в Хабаровском крае", "в Ямало-Ненецком автономном округе", "в Севастополе",
    "в Ставропольском крае", "в Тверской области", "в Пензе", "в Кузбассе", "в Удмуртии",
    "Орынбор облысында", "Алтай өлкесінде", "Омбыда", "Қорған облысында", "Мәскеуде",
    # Uzbekistan: Russian, Uzbek Cyrillic and Latin
    "в Хорезмской области", "Хоразм вилоятида", "Xorazm viloyatida", "Сирдарё вилоятида",
    "Фарғона шаҳрида", "Qashqadaryo viloyatida", "Навоий вилоятида", "Urganch tumanida",
    # Kyrgyzstan, Tajikistan, Turkmenistan
    "в Чуйской области", "Чүй облусунда", "Шу облысында", "в Оше", "в Дангаре",
    "в Согдийской области", "в Ашхабаде", "в Туркменбаши",
    # China's border and western provinces
    "в Синьцзяне", "Шыңжаңда", "Shinjon hududida", "в провинции Ганьсу", "в Урумчи",
    "в Кашгаре", "Qashqar shahrida",
    # and the country level of the others
    "в Баку", "в Улан-Баторе", "в Стамбуле", "Туркияда",
])
def test_a_neighbours_places_are_foreign(where: str) -> None:
    found = locate(f"Завод {where} начал работу.")
    assert found.elsewhere and found.places == [], where


@pytest.mark.parametrize(("text", "place"), [
    ("Шимкентда янги корхона очилди.", "Шымкент"),
    ("Shimkentda yangi korxona ochildi.", "Шымкент"),
    ("Туркистон вилоятида завод қурилади.", "Туркестанская область"),
    ("Turkiston viloyatida zavod quriladi.", "Туркестанская область"),
    ("Ақтов портида терминал очилди.", "Актау"),
    ("Oqtov portida terminal ochildi.", "Актау"),
    ("Қарағандада металлургия заводи.", "Караганда"),
    ("Qarag'anda shahrida zavod.", "Караганда"),
    ("Қизилўрдада иссиқхона очилди.", "Кызылорда"),
    ("Qizilo'rda viloyatida korxona.", "Кызылординская область"),
    ("Жамбил вилоятида шакар заводи.", "Жамбылская область"),
    ("Сариоғоч туманида логистика маркази.", "Сарыагаш"),
    ("Saryog'och tumanida zavod.", "Сарыагаш"),
    ("Жамбыл облусунда ишкана ачылды.", "Жамбылская область"),
    ("Казакъстанда яңа завод.", "Казахстан"),
    ("Şymkentte zauyt aşyldy.", "Шымкент"),
    ("Şımkent qalasynda fabrika.", "Шымкент"),
    ("Qostanai oblysynda elevator.", "Костанайская область"),
    ("Qostanai oblısında elevator.", "Костанайская область"),
])
def test_uzbek_kyrgyz_tatar_and_kazakh_latin_spellings_of_kazakh_places(text: str,
                                                                          place: str) -> None:
    assert place in locate(text).places


@pytest.mark.parametrize("spelling", ["Qozogʻiston", "Qozog‘iston", "Qozog’iston", "Qozog'iston"])
def test_every_uzbek_apostrophe_finds_kazakhstan(spelling: str) -> None:
    assert find_places(f"{spelling}da yangi zavod") == ["Казахстан"]


@pytest.mark.parametrize("text", [
    "Оренбургская область построит терминал на границе с Казахстаном.",
    "Омские аграрии нарастили экспорт в Казахстан.",
    "Тошкент вилоятида қозоғистонлик инвестор завод қурди.",
    "Samarqand korxonalari Qozog'istonga eksportni oshirdi.",
])
def test_kazakhstan_as_a_border_or_a_market_is_not_the_place(text: str) -> None:
    assert locate(text).elsewhere


def test_a_foreign_investor_in_kazakhstan_stays_domestic() -> None:
    assert locate("Ташкентская компания построит завод в Казахстане.").places == ["Казахстан"]
    assert locate("Toshkentlik investor Qozog'istonda zavod quradi.").places == ["Казахстан"]
    assert locate("Омская компания открыла цех в Петропавловске.").places == ["Петропавловск"]


@pytest.mark.parametrize("text", [
    "Петропавловск-Камчатский принял первый рейс.",
    "Университет Уральского федерального округа открыл лабораторию.",
    "Семейный бизнес получил грант.",
])
def test_longer_names_and_adjectives_are_not_kazakh_cities(text: str) -> None:
    assert locate(text).places == []


# --- where a term stands, and how central it is ---------------------------------------------

_POLITICS = ("Депутаты обсуждали новый закон о выборах. Партии спорили о пропорциональной "
             "системе. Эксперты говорят о доверии граждан к власти. ")


def _long(middle: str, repeats: int = 12) -> str:
    return _POLITICS * (repeats // 2) + middle + " " + _POLITICS * (repeats - repeats // 2)


@pytest.mark.parametrize("title", [
    "Мнение: реформа выборов буксует", "Пікір: сайлау реформасы", "Колонка редактора: о выборах",
])
def test_an_opinion_piece_with_passing_economy_is_not_relevant(model: TopicModel,
                                                               title: str) -> None:
    text = _long("В Астане говорят и об инвесторах, и о новом заводе, и о свободной "
                 "экономической зоне.")
    assert not model.score(title, text, "ru").relevant


def test_a_long_text_about_an_industrial_zone_is_relevant(model: TopicModel) -> None:
    zone = ("В индустриальной зоне Актобе строят завод. Инвестор вложит 20 млрд тенге. "
            "Будет создано 300 рабочих мест. ")
    match = model.score("Итоги года в регионе", zone * 3 + _POLITICS * 2, "ru")
    assert match.relevant


def test_a_passing_mention_weighs_less_than_the_same_term_in_the_lead(
        model: TopicModel) -> None:
    passing = model.score("Сессия маслихата", _long("В Таразе построят завод."), "ru")
    lead = model.score("Сессия маслихата", "В Таразе построят завод. " + _long(""), "ru")
    assert passing.score < lead.score


def test_the_disclaimer_of_an_op_ed_marks_it(model: TopicModel) -> None:
    text = _long("Власти Шымкента обещают инвесторам новую индустриальную зону.")
    text += " Мнение автора может не совпадать с позицией редакции."
    assert not model.score("Почему выборы не меняют жизнь", text, "ru").relevant


# --- crime, courts, fraud and accidents ------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Бывшего замакима осудили за взятку от инвестора",
     "Суд Кызылорды признал его виновным: он получил деньги за участок в промышленной зоне "
     "под строительство завода.", "ru"),
    ("Лжеинвестор собрал деньги на несуществующий завод в Таразе",
     "Мужчина обещал дольщикам доход от производства. Возбуждено дело о мошенничестве.", "ru"),
    ("Фура опрокинулась у ворот индустриальной зоны Шымкента",
     "Водитель получил травмы, движение по трассе восстанавливали три часа.", "ru"),
    ("Кәсіпорын директоры пара алғаны үшін сотталды",
     "Қостанай облысындағы зауыт басшысы инвестордан ақша алған, сот оны 6 жылға соттады.",
     "kk"),
    ("Ақтауда зауыт қоймасында өрт шықты",
     "Өнеркәсіптік аймақтағы кәсіпорында өрт сөндірушілер екі сағат жұмыс істеді.", "kk"),
    ("Шимкентлик фирибгар инвестор сифатида пул йиғди",
     "Қозоғистоннинг Шимкент шаҳрида завод қуришни ваъда қилган шахсга нисбатан жиноят иши "
     "қўзғатилди.", "uz"),
    ("Qostanaydagi zavodda yong'in chiqdi",
     "Qozog'istonning Qostanay shahridagi korxonada yong'in sodir bo'ldi, ishchilar jarohat "
     "olmadi.", "uz"),
])
def test_crime_and_accidents_at_a_plant_or_zone_are_vetoed(model: TopicModel, title: str,
                                                           text: str, lang: str) -> None:
    assert not model.score(title, text, lang).relevant


# --- Uzbek, Kazakh Latin, Kyrgyz and Tatar articles about Kazakhstan; short briefs -----------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Шимкентда қўшма корхона ишга туширилди",
     "Ўзбек ва қозоқ тадбиркорлари ташкил этган корхона йилига 30 минг тонна озуқа ишлаб "
     "чиқаради, 200 та иш ўрни яратилди.", "uz"),
    ("Turkiston viloyatida yangi sanoat zonasi",
     "Qozog'istonning Turkiston viloyatida 120 gektarlik sanoat zonasi tashkil etildi, unga "
     "o'zbek investorlari ham kiradi.", "uz"),
    ("Aqtöbede jaña zauyt iske qosyldy",
     "Aqtöbe qalasyndağy industrialdyq aimaqta qūbyr şyğaratyn zauyt aşyldy, 180 jūmys orny "
     "qūryldy.", "kk"),
    ("Казакстандын Павлодар шаарында жаңы ишкана",
     "Павлодарда алюминий буюмдарын чыгарган ишкана ачылды, 90 жумушчу орун түзүлдү.", "ky"),
    ("Казакъстанның Караганда өлкәсендә яңа завод",
     "Карагандада кирпеч заводы эшли башлады, анда 120 эш урыны булдырылды.", "tt"),
])
def test_neighbour_languages_about_kazakhstan_are_relevant(model: TopicModel, title: str,
                                                           text: str, lang: str) -> None:
    assert model.score(title, text, lang).relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("В Кентау открыли швейную фабрику",
     "Фабрика выпускает спецодежду, на ней работают 60 человек.", "ru"),
    ("Талдықорғанда жылыжай кешені ашылды",
     "Кешен жылына 3 мың тонна көкөніс береді, 45 адам жұмысқа орналасты.", "kk"),
    ("Oqtovda yangi terminal",
     "Qozog'istonning Oqtov portida don terminali ishga tushdi.", "uz"),
])
def test_short_briefs_are_relevant(model: TopicModel, title: str, text: str,
                                   lang: str) -> None:
    assert len(title) + len(text) < 250
    assert model.score(title, text, lang).relevant


# --- the labelled set of these patterns -----------------------------------------------------

def test_precision_and_recall_on_the_realtext_set(model: TopicModel) -> None:
    rows = relevance_rows(REALTEXT)
    assert len(rows) >= 60 and {"ru", "kk", "uz"} <= {r[1] for r in rows}
    precision, recall = precision_recall(model, rows)
    assert precision >= 0.95
    assert recall >= 0.95
