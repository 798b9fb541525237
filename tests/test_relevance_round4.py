"""Relevance, fourth round of issue 13: a Kazakh company's project abroad, a border town on
the neighbour's side, a headline labelled as an opinion, weather warnings, Ukraine's regions,
and a Turkish investor's plant in Kazakhstan. Texts written for these tests."""

from __future__ import annotations

import pytest

from monitor.article.places import locate
from monitor.article.topics import TopicModel


@pytest.fixture(scope="module")
def model() -> TopicModel:
    """The topic rules these tests are about, without the word model's veto (tested with the
    rules in tests/test_wordmodel.py and measured on the blind sets)."""
    return TopicModel(word_model=None)


# --- 1. Kazakhstan only as the origin of the company: the project is abroad -----------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Казахстанский холдинг построит комбинат в Ферганской области",
     "Казахстанское АО «Сарыарка Агро» договорилось с хокимиятом Ферганской области о "
     "строительстве комбината по переработке хлопка. Инвестиции составят 60 млн долларов, "
     "будет создано 700 рабочих мест. Холдинг уже владеет фабрикой в Таразе.", "ru"),
    ("Қазақстандық кәсіпорын Әзірбайжанда зауыт салады",
     "Павлодарлық «Ertis Steel» ЖШС Бакудегі индустриялық паркте құбыр зауытын салу туралы "
     "келісімге қол қойды. Жобаның құны 25 млн доллар. Компанияның Павлодардағы зауыты "
     "жұмысын жалғастырады.", "kk"),
    ("Qozog'istonlik investor Buxoroda tikuv fabrikasi quradi",
     "«Aral Textile» kompaniyasi Buxoro viloyatida tikuv fabrikasi qurishni boshladi. Loyiha "
     "qiymati 12 million dollar, 400 ta ish o'rni yaratiladi.", "uz"),
])
def test_a_kazakh_companys_project_abroad_is_foreign(model: TopicModel, title: str, text: str,
                                                     lang: str) -> None:
    assert locate(f"{title}\n{text}", lang).elsewhere
    assert not model.score(title, text, lang).relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Узбекская компания построит завод в Туркестанской области",
     "ООО «Fergana Steel» из Ферганы получило участок в индустриальной зоне Туркестана. "
     "Инвестиции составят 40 млн долларов, будет создано 350 рабочих мест.", "ru"),
    ("Казахстанская компания запустила завод в Шымкенте",
     "ТОО «Оңтүстік Полимер» открыло в индустриальной зоне Шымкента завод труб стоимостью "
     "8 млрд тенге. Продукцию будут поставлять и в Узбекистан.", "ru"),
])
def test_a_project_placed_in_kazakhstan_stays_relevant(model: TopicModel, title: str, text: str,
                                                       lang: str) -> None:
    assert not locate(f"{title}\n{text}", lang).elsewhere
    assert model.score(title, text, lang).relevant


# --- 2. a border town on the other side ------------------------------------------------------

def test_khorgos_named_as_chinas_is_abroad(model: TopicModel) -> None:
    title = "ҚХР-дың Қорғас қаласында жаңа логистикалық аймақ ашылды"
    text = ("Қытайдың Шыңжаң өлкесіне қарасты Қорғас қаласында жаңа логистикалық аймақ "
            "жұмысын бастады. Аймақ Қазақстан шекарасына жақын орналасқан.")
    assert locate(f"{title}\n{text}", "kk").elsewhere
    assert not model.score(title, text, "kk").relevant


def test_khorgos_of_kazakhstan_stays_home() -> None:
    text = ("«Хоргос – Восточные ворота» получила нового резидента\nВ СЭЗ «Хоргос – Восточные "
            "ворота» в Жетысуской области построят склад за 3 млрд тенге.")
    assert "Хоргос" in locate(text, "ru").places


# --- 3. a headline labelled as an opinion ----------------------------------------------------

@pytest.mark.parametrize(("title", "lang"), [
    ("Мнение: зачем регионам индустриальные парки", "ru"),
    ("Пікір: индустриялық аймақтарға инвестор қалай тартылады", "kk"),
    ("Fikr: sanoat zonalari nega bo'sh turibdi", "uz"),
])
def test_a_headline_labelled_opinion_is_not_news(model: TopicModel, title: str, lang: str) -> None:
    text = ("Индустриальные зоны регионов заполнены наполовину. Инвесторы жалуются на сети, "
            "акиматы обещают инфраструктуру, но проекты идут медленно.")
    assert not model.score(title, text, lang).relevant


def test_a_title_mentioning_an_opinion_is_still_news(model: TopicModel) -> None:
    title = "Инвестор из Кореи высказал мнение о новой индустриальной зоне Актобе"
    text = ("Корейская компания построит в индустриальной зоне Актобе завод аккумуляторов за "
            "90 млн долларов и создаст 500 рабочих мест.")
    assert model.score(title, text, "ru").relevant


# --- 4. weather warnings ----------------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Синоптики обещают сильный ветер в Карагандинской области",
     "Порывы до 25 м/с ожидаются в промышленной зоне Темиртау и на трассах; предприятиям "
     "рекомендовали закрепить конструкции.", "ru"),
    ("Қазгидромет Павлодар облысында дауыл болатынын ескертті",
     "Өнеркәсіп аймағындағы кәсіпорындарға сақ болу ұсынылды.", "kk"),
])
def test_weather_warnings_are_not_economy(model: TopicModel, title: str, text: str,
                                          lang: str) -> None:
    assert not model.score(title, text, lang).relevant


# --- 5. Ukraine's regions, in Ukrainian ---------------------------------------------------

def test_an_industrial_park_in_a_ukrainian_oblast_is_foreign(model: TopicModel) -> None:
    title = "На Житомирщині відкрили індустріальний парк"
    text = ("У Житомирській області запрацював індустріальний парк площею 20 гектарів. "
            "Інвестиції першого заводу становлять 12 мільйонів євро, буде створено 300 "
            "робочих місць.")
    assert locate(f"{title}\n{text}", "uk").elsewhere
    assert not model.score(title, text, "uk").relevant


# --- 6. a Turkish report of a plant in Kazakhstan ------------------------------------------

def test_a_turkish_report_of_a_plant_in_kazakhstan_is_relevant(model: TopicModel) -> None:
    title = "Türk yatırımcı Kazakistan'ın Jambıl bölgesinde cam fabrikası kuracak"
    text = ("Kayseri merkezli şirket, Taraz yakınlarında bir cam fabrikası inşa edecek. "
            "Yatırımın değeri 30 milyon dolar, 250 kişiye istihdam sağlanacak.")
    assert model.score(title, text, "tr").relevant


# --- round 5 (set F's kinds) ------------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Kazakh steelmaker breaks ground on a wire plant in Karaganda region",
     "The new plant near Temirtau is an investment of $85 million and will employ 300 people, "
     "the regional akimat said.", "en"),
    ("Кыргызстандык ишкана Казакстандын Түркістан облусунда фабрика куруп жатат",
     "Долбоордун наркы 6 млн доллар. Фабрика Сарыагаш районунда жайгашат, 90 адам жумуш "
     "менен камсыз болот.", "ky"),
    ("Azərbaycan şirkəti Qazaxıstanın Aktau şəhərində zavod tikəcək",
     "Layihənin dəyəri 30 milyon dollardır, müəssisədə 150 nəfər işlə təmin olunacaq.", "az"),
    ("Qaraǵandy oblysynda jańa zaýyt ashyldy",
     "Temirtaý qalasynda «Qarmet Wire» JShS sym zaýytyn iske qosty. Jobanyń quny – 4 mlrd "
     "teńge, zaýytta 120 jumys orny ashyldy.", "kk"),
])
def test_round_five_projects_in_other_languages_are_relevant(model: TopicModel, title: str,
                                                             text: str, lang: str) -> None:
    assert model.score(title, text, lang).relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("В Шымкенте прошёл форум об инвестициях в стартапы",
     "Участники обсудили, как привлечь инвесторов в технологические компании и почему "
     "инвестиции в стартапы окупаются медленно.", "ru"),
    ("Qozog'istonda un kombinati direktori pora olganlikda ayblandi",
     "Aqtobe shahridagi korxona rahbari 20 million tenge pora olganlikda ayblanib, sudga "
     "berildi.", "uz"),
])
def test_round_five_talk_and_courts_are_not_relevant(model: TopicModel, title: str, text: str,
                                                     lang: str) -> None:
    assert not model.score(title, text, lang).relevant


def test_a_forum_where_a_plant_was_agreed_stays_relevant(model: TopicModel) -> None:
    title = "На форуме в Актобе подписали соглашение о строительстве завода"
    text = ("Компания построит в индустриальной зоне Актобе завод ферросплавов стоимостью "
            "120 млн долларов и создаст 600 рабочих мест.")
    assert model.score(title, text, "ru").relevant


# --- round 6 (set G's kinds) ------------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Казахстанская компания из Костаная построит мельницу в Курганской области",
     "ТОО «Тобол Дән» из Костаная начало строительство мельницы в Курганской области России "
     "стоимостью 900 млн рублей.", "ru"),
    ("На китайской стороне Хоргоса откроют склад запчастей",
     "Склад построят в зоне сотрудничества Хоргос в Синьцзяне, КНР, у границы с Казахстаном.",
     "ru"),
    ("Бішкекте жаңа тігін фабрикасы ашылды",
     "Бішкектегі фабрикада 200 адам жұмыс істейді, жобаның құны 3 млн доллар.", "kk"),
])
def test_round_six_projects_abroad(model: TopicModel, title: str, text: str,
                                   lang: str) -> None:
    assert locate(f"{title}\n{text}", lang).elsewhere
    assert not model.score(title, text, lang).relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("Фильм о степи получит 300 млн тенге господдержки",
     "Съёмки пройдут в Карагандинской области, продюсер рассчитывает на прокат в 2027 году.",
     "ru"),
    ("Рабочие фабрики в Экибастузе отказались выходить на смену",
     "Сотрудники требуют погасить задолженность по зарплате, акимат создал комиссию.", "ru"),
    ("Директора комбината в Павлодаре судят за уклонение от уплаты налогов",
     "Ущерб бюджету оценили в 400 млн тенге, предприятие продолжает работу.", "ru"),
    ("В Актобе обсудили инвестиционный климат региона",
     "Предприниматели и акимат говорили о привлечении инвестиций и поддержке инвесторов.",
     "ru"),
    ("Инвестиции в основной капитал Казахстана выросли на 6%",
     "Рост обеспечили обрабатывающая промышленность и транспорт, сообщило бюро статистики.",
     "ru"),
])
def test_round_six_culture_labour_tax_talk_and_national_figures(
        model: TopicModel, title: str, text: str, lang: str) -> None:
    assert not model.score(title, text, lang).relevant


@pytest.mark.parametrize(("title", "text", "lang"), [
    ("В селе под Кордаем открыли мастерскую по пошиву спецодежды",
     "Мастерская в Жамбылской области получила грант 5 млн тенге и наняла шесть швей.", "ru"),
    ("Jizzaxda emas, Turkistonda yangi tikuv sexi ochildi",
     "Turkiston viloyatidagi sexda 40 nafar ayol ishlaydi, loyiha qiymati 300 mln tenge.", "uz"),
    ("В Туркестанской области выросли инвестиции в основной капитал",
     "Рост дали два новых завода в Шымкенте и тепличный комплекс в Сарыагаше.", "ru"),
])
def test_round_six_small_projects_and_regional_figures_stay_relevant(
        model: TopicModel, title: str, text: str, lang: str) -> None:
    assert model.score(title, text, lang).relevant
