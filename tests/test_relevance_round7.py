"""Issue 13, round 7 (set K's kinds): stories in the neighbours' languages, a project's routine
business, national figures, a Russian text naming a firm with і, and jobs stated as people at
work in the region's languages. Texts written for these tests."""

from __future__ import annotations

import pytest

from monitor.article.figures import extract_figures
from monitor.article.language import detect_language
from monitor.article.places import find_places, locate
from monitor.article.topics import TopicModel


@pytest.fixture(scope="module")
def rules() -> TopicModel:
    return TopicModel(word_model=None)


# --- 1. a text in a language our outlets do not write in must name Kazakhstan ---------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Çorlu'da yeni halı fabrikası açıldı",
     "Şirket fabrikaya 20 milyon dolar yatırım yaptı, tesiste 300 kişi çalışacak.", "tr"),
    ("Şirvanda yeni zavod tikiləcək",
     "Layihəyə 40 milyon manat sərmayə qoyulacaq, zavodda 200 iş yeri yaradılacaq.", "az"),
    ("Стәрлетамаҡта яңы цех асылды",
     "Заводта 120 эш урыны булдырылды, проектҡа 900 миллион һум инвестиция һалынды.", "ba"),
    ("Ашгабадыň golaýynda täze kärhana açyldy",
     "Zawodda 250 iş orny döredildi, taslamanyň bahasy 30 million dollar.", "tk"),
])
def test_a_plant_in_a_foreign_language_naming_no_kazakh_place_is_not_ours(
        rules: TopicModel, title: str, text: str, lang: str) -> None:
    match = rules.score(title, text, lang)
    assert not match.relevant, match
    assert match.score >= rules.threshold  # the words are a project's: the place decides


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Türk şirketi Kazakistan'ın Aktöbe bölgesinde cam fabrikası kuracak",
     "Fabrikaya 45 milyon dolar yatırım yapılacak ve 350 kişi istihdam edilecek.", "tr"),
    ("Azərbaycan şirkəti Qazaxıstanda gübrə zavodu tikəcək",
     "Qazaxıstanın Atırau vilayətində tikiləcək zavodda 400 iş yeri yaradılacaq.", "az"),
    ("Türkmen kompaniýasy Gazagystanda kärhana gurar",
     "Gazagystanyň Mangystau welaýatynda gurluşyk materiallary zawody gurlar, 150 iş orny "
     "dörediler.", "tk"),
    ("Монголын компани Павлодарт үйлдвэр барина",
     "Казахстаны Павлодар хотод барих үйлдвэрийн төслийн өртөг 20 сая ам.доллар, 180 ажлын "
     "байр бий болно.", "mn"),
    ("Dutch firm to build a greenhouse cluster in Almaty region",
     "The company will invest $30 million in the project near Almaty, Kazakhstan, creating "
     "200 jobs.", "en"),
    ("Bank lends $50m to a logistics hub in Kostanay",
     "The rail-served logistics hub in Kostanay, Kazakhstan, will open next year.", "en"),
])
def test_neighbours_news_of_a_project_in_kazakhstan_is_ours(rules: TopicModel, title: str,
                                                            text: str, lang: str) -> None:
    assert rules.score(title, text, lang).relevant


def test_a_kazakh_company_based_at_home_buying_abroad_is_foreign() -> None:
    text = ("Kazakh miner buys a stake in a Mongolian coal project\n"
            "Karaganda-based Saryarka Coal has agreed to buy 30% of a coal project in "
            "Mongolia for $60 million.")
    where = locate(text, "en")
    assert where.elsewhere and not where.places
    text = ("Kazakh carrier buys a terminal in Georgia\n"
            "Dala Trans Group JSC of Almaty has bought a container terminal in Georgia.")
    assert locate(text, "en").elsewhere


def test_country_and_region_names_of_the_neighbours_languages() -> None:
    assert find_places("Kazakistan'ın Aktöbe şehrinde") == ["Казахстан", "Актобе"]
    assert find_places("Qazaxıstanın paytaxtında") == ["Казахстан"]
    assert find_places("в области Жетысу построят ВЭС") == ["Жетысуская область"]
    assert find_places("в области Ұлытау открыли цех") == ["Улытауская область"]
    assert locate("Индустрыяльны парк пад Мінскам\nРэзідэнт пабудуе завод.", "be").elsewhere
    assert locate("Данғара минтақаи озоди иқтисодӣ\nКорхона сохта шуд.", "tg").elsewhere


# --- 2. a project's routine business and national figures ----------------------------------

@pytest.mark.parametrize(("title", "text"), [
    ("Объявлен тендер на ремонт сетей в индустриальной зоне Павлодара",
     "Акимат Павлодара ищет подрядчика для ремонта электросетей индустриальной зоны, где "
     "работают 12 предприятий и заводы по выпуску стройматериалов."),
    ("В Шымкенте прошла ярмарка вакансий для заводов индустриальной зоны",
     "Предприятия индустриальной зоны предложили 700 вакансий, инвесторы новых цехов "
     "пригласили сварщиков."),
    ("Тарифы на воду для предприятий Актобе вырастут",
     "С марта заводы и производства промышленной зоны Актобе будут платить за воду на 12% "
     "больше."),
    ("Строительство завода удобрений в Таразе заморожено",
     "Инвестор приостановил проект стоимостью 90 млрд тенге в индустриальной зоне Тараза."),
    ("Прокуратура проверит расходы индустриальной зоны Кокшетау",
     "Прокуроры выявили нецелевое использование 300 млн тенге, выделенных на дороги зоны."),
    ("Қарағандыдағы құс фабрикасы банкрот деп танылды",
     "Қарағанды облысындағы кәсіпорын 2 млрд теңге қарыз болып, жұмысын тоқтатты."),
])
def test_a_projects_routine_business_in_the_title_is_not_project_news(
        rules: TopicModel, title: str, text: str) -> None:
    lang = "kk" if "ы" in title and "қ" in title else "ru"
    match = rules.score(title, text, lang)
    assert not match.relevant, match


def test_national_figures_stay_national_when_the_text_names_the_leading_regions(
        rules: TopicModel) -> None:
    match = rules.score("Инвестиции в основной капитал выросли на 6%",
                        "За девять месяцев инвестиции в обрабатывающую промышленность выросли "
                        "быстрее всего. Больше всего вложено в Атырауской области и Астане.",
                        "ru")
    assert not match.relevant
    assert not rules.score("Қазақстан экономикасы 4,8 пайызға өсті",
                           "Өңдеу өнеркәсібі мен құрылыс инвестиция есебінен өсті.",
                           "kk").relevant
    regional = rules.score("Инвестиции в основной капитал Атырауской области выросли на 9%",
                           "Рост дали новый газохимический завод и инвестиции в "
                           "производство.", "ru")
    assert regional.relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Қандыағашта вагон жөндеу депосы салынады",
     "Ақтөбе облысында жаңа депо салу жобасына 6 млрд теңге инвестиция бөлінді, 150 жұмыс "
     "орны ашылады.", "kk"),
    ("Келесте қарқынды алма бағы отырғызылды",
     "Түркістан облысының Келес ауданында 50 гектар қарқынды бақ отырғызылды, жобаға "
     "1 млрд теңге жұмсалды.", "kk"),
    ("Зайсанда рыбное хозяйство начало работу",
     "В Зайсанском районе ВКО рыбоводное хозяйство вложило 1,5 млрд тенге в садки, созданы "
     "40 рабочих мест.", "ru"),
])
def test_repair_depots_orchards_and_fish_farms_are_projects(rules: TopicModel, title: str,
                                                           text: str, lang: str) -> None:
    assert rules.score(title, text, lang).relevant


def test_the_mongolian_word_for_cost_is_no_kazakh_fire(rules: TopicModel) -> None:
    match = rules.score("Семей хотод үйлдвэр барина",
                        "Казахстаны Семей хотод барих үйлдвэрийн өртөг 10 сая ам.доллар.", "mn")
    assert "incidents" not in match.matched_terms
    assert "incidents" in rules.score("Зауытта өрт шықты",
                                      "Өрттен кейін цех жұмысын тоқтатты.", "kk").matched_terms


# --- 3. language: a Russian text that names a firm or a river with і -----------------------

def test_a_russian_text_naming_a_kazakh_firm_with_i_is_russian() -> None:
    assert detect_language("В индустриальной зоне «Павлодар» запущен завод ТОО «Ертіс Металл» "
                           "по выпуску проката, создано 90 рабочих мест.") == "ru"
    assert detect_language("Компанія «Ертіс» відкрила новий завод у Павлодарі, інвестиції "
                           "склали 5 млрд тенге.") == "uk"
    assert detect_language("Беларускі завод і казахстанскі партнёр адкрылі зборку ліфтаў у "
                           "Карагандзе.") == "be"


# --- 4. jobs stated as people at work, in the region's languages ----------------------------

@pytest.mark.parametrize(("sentence", "lang", "value"), [
    ("На заводе работали 64 человека.", "ru", 64),
    ("На действующих производствах зоны занято около 1 200 человек.", "ru", 1200),
    ("Для её обслуживания потребуется 30 постоянных сотрудников.", "ru", 30),
    ("Мұнда 35 ауыл тұрғыны тұрақты жұмысқа орналасты.", "kk", 35),
    ("Құрылыс кезінде кешенде 6 мыңға дейін адам жұмыс істейді.", "kk", 6000),
    ("Құрылысқа 220 адам тартылған.", "kk", 220),
    ("Keşende 45 auyl tūrğyny tūraqty jūmysqa ornalasty.", "kk", 45),
    ("Zawodda 400-den gowrak adam işlär.", "tk", 400),
    ("Zavodda 260 nəfər daimi işlə təmin olunacaq.", "az", 260),
    ("Fabrikada 520 kişi çalışacak.", "tr", 520),
    ("На вытворчасці працуюць 140 чалавек.", "be", 140),
    ("Үйлдвэрт 350 хүн ажиллана.", "mn", 350),
    ("Заводта 95 кеше эшләй.", "ba", 95),
    ("Дар корхона 210 нафар бо ҷои корӣ таъмин шуданд.", "tg", 210),
])
def test_people_at_work_are_jobs(sentence: str, lang: str, value: int) -> None:
    jobs = [f["value"] for f in extract_figures(sentence, lang) if f["kind"] == "jobs"]
    assert jobs == [value]


@pytest.mark.parametrize(("sentence", "lang"), [
    ("В аварии на заводе пострадали 3 человека.", "ru"),
    ("На собрание пришли 64 человека из трёх сёл.", "ru"),
    ("Ауылда 900 адам тұрады.", "kk"),
    ("Zavodda 5 nəfər xəsarət aldı.", "az"),
])
def test_people_not_at_work_are_no_jobs(sentence: str, lang: str) -> None:
    assert not [f for f in extract_figures(sentence, lang) if f["kind"] == "jobs"]


def test_mongolian_dollars() -> None:
    money = [(f["value"], f["unit"]) for f in extract_figures(
        "Төслийн өртөг 25 сая ам.доллар байна.", "mn") if f["kind"] == "money"]
    assert money == [(25_000_000.0, "USD")]
