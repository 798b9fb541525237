"""Residual boilerplate cleanup: the line shapes trafilatura leaves on Kazakh news pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.article.cleanup import clean_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def assert_no_boilerplate(text: str) -> None:
    """The residual shapes that real Kazakh news pages leave in trafilatura's output."""
    for line in text.split("\n"):
        assert line.strip(), "empty line between paragraphs"
        assert line == line.strip()
        assert not re.fullmatch(r"[-–—\s]*", line), line
        assert not re.fullmatch(r"[\d\s.,]+", line), f"bare counter: {line}"
        assert not re.match(r"(USD|EUR|RUB)\b\s*:?\s*[\d.]*$", line), line
        assert not re.fullmatch(r"[\d.]+ / [\d.]+", line), line
        assert not line.startswith(("#", "![", "Фото:", "Фото пресс", "Сурет:")), line
        assert not re.match(r"\d{1,2}\W", line), f"numbered popular item: {line}"


BODY_1 = ("В Актюбинской области построят завод по выпуску бесшовных труб стоимостью "
          "62 млрд тенге, на нём будут работать 700 человек.")
BODY_2 = ("Запуск первой очереди намечен на 2027 год, сообщили в управлении "
          "индустриально-инновационного развития региона.")


def test_clean_text_drops_popular_list_and_currency_ticker() -> None:
    raw = "\n".join([
        BODY_1, "", BODY_2, "Пресс-служба акима Актюбинской области",
        "-", "1🚗 В Актобе закрыли на ремонт путепровод", "-", "4821", "-", "2", "-", "-",
        "2 В городе открыли новый сквер", "-", "3310", "-", "0", "-", "17", "-",
        "USD:", "510.1 / 514.1", "EUR:", "594.5 / 599.5", "RUB 6.39", "USD 510.1 EUR 594.5",
    ])
    assert clean_text(raw) == "\n".join([BODY_1, BODY_2, "Пресс-служба акима Актюбинской области"])


def test_clean_text_drops_credits_hashtags_images_and_tags() -> None:
    raw = "\n".join([
        "![](https://example.kz/uploads/2025/03/truby-880x528.jpg)", "Экономика,Промышленность",
        BODY_1, "Фото: акимат Актюбинской области", "   ", "\u00a0", "Фото пресс-службы облакимата",
        BODY_2, "Сурет: облыс әкімдігі", "Фото:", "#промышленность #Индустриальная зона",
    ])
    assert clean_text(raw) == f"{BODY_1}\n{BODY_2}"


def test_clean_text_keeps_sentences_that_mention_photos_money_and_tags() -> None:
    kept = [
        "Фото и видео с места стройки жители публикуют в соцсетях каждый день.",
        "USD 1 стоил на бирже 512 тенге, что на 3 тенге больше, чем неделей ранее.",
        "Хэштег #чистыйгород набрал тысячи публикаций.",
        "Компании «Алтын, Темір, Мыс» получили участки в индустриальной зоне.",
    ]
    raw = "\n".join([BODY_1, *kept, BODY_2])
    assert clean_text(raw) == "\n".join([BODY_1, *kept, BODY_2])


@pytest.mark.parametrize("head", ["Related", "Читайте также:", "Похожие новости",
                                  "Самое читаемое", "Новости партнеров", "Тағы оқыңыз"])
def test_clean_text_cuts_trailing_blocks(head: str) -> None:
    teasers = ["Аким области провёл совещание с инвесторами по вопросам развития туризма "
               "и пообещал помочь им с землёй.", "В Таразе открыли новый мост."]
    raw = "\n".join([BODY_1, BODY_2, BODY_1, head, *teasers])
    assert clean_text(raw) == "\n".join([BODY_1, BODY_2, BODY_1])


def test_clean_text_leading_blocks_and_inline_read_also() -> None:
    raw = "\n".join([
        "Get In Touch", "Заголовок статьи о новом заводе", "Заголовок статьи о новом заводе",
        "Популярное", "Курс тенге на сегодня", "Погода на выходные", BODY_1,
        "Читайте также: Где в Казахстане построят новые заводы", BODY_2,
    ])
    assert clean_text(raw) == "\n".join(["Заголовок статьи о новом заводе", BODY_1, BODY_2])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds absent")
def test_clean_text_on_real_seed_shapes() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        raw = seed.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        assert_no_boilerplate(cleaned)
        for marker in ("Get In Touch", "Related", "Китай,Строительство"):
            assert marker not in cleaned.split("\n"), seed.name
        # every long paragraph of the seed survives untouched
        for line in raw.split("\n"):
            if len(line.strip()) >= 150:
                assert " ".join(line.split()) in cleaned, (seed.name, line[:60])


# Widget lines real pages leave in the body (monitor.article.residue), in our own wording.
RESIDUE_LINES = [
    # calls to subscribe
    "Подписывайтесь на наш Telegram-канал", "Подпишитесь на нас в Instagram!",
    "Присоединяйтесь к нашему каналу в WhatsApp", "Читайте нас в Дзен и Telegram",
    "Telegram-арнамызға жазылыңыз", "Біздің Instagram парақшамызға жазылыңыз!",
    "Бізді Facebook-те оқыңыз", "Telegram kanalimizga obuna bo‘ling",
    "Telegram kanalimizga obuna bo'ling va yangiliklardan xabardor bo'ling.",
    "Телеграм каналимизга обуна бўлинг", "Subscribe to our YouTube channel",
    "Follow us on Facebook", "Подписаться на Telegram",
    # read-also lines without a colon
    "Читайте материал «Как в Актобе строят трубный завод»",
    "Читайте также В Таразе открыли новый мост", "Оқи отырыңыз Түркістанда жаңа зауыт ашылды",
    "Шунингдек ўқинг: Наманганда янги корхона очилди", "Batafsil: Samarqandda yangi zavod",
    "Read also: New plant opens in Aktobe",
    # write to the author, copyright and reprint notices
    "Написать автору", "Авторға жазу", "Нашли ошибку? Выделите текст и нажмите Ctrl+Enter",
    "© 2026 Вести Степи. Все права защищены.", "Все права защищены",
    "При полном или частичном использовании материалов ссылка на сайт обязательна.",
    "Материалды көшіріп басқанда сілтеме міндетті.",
    "Materiallardan foydalanganda havola ko‘rsatilishi shart.",
    "Copyright 2025 Dala News. All rights reserved.",
    # donation details, crumbs, share lines, advertising markers
    "IBAN KZ12 3456 7890 1234 5678", "Номер карты: 4400 1234 5678 9012", "БИН: 123456789012",
    "Главная / Экономика / Регионы", "Басты бет » Жаңалықтар » Экономика",
    "Поделиться", "Поделиться: Facebook Telegram WhatsApp", "Telegram | Instagram | YouTube",
    "Бөлісу", "Share this information, please?", "Поделитесь новостью с друзьями",
    "Реклама", "На правах рекламы", "Жарнама",
    "Реклама. ТОО «Степной Двор», БИН 123456789012. erid: 2VtzqwXyZ",
]


@pytest.mark.parametrize("line", RESIDUE_LINES)
def test_clean_text_drops_widget_lines(line: str) -> None:
    assert clean_text("\n".join([BODY_1, line, BODY_2])) == f"{BODY_1}\n{BODY_2}"


# Body sentences that mention the same things, and must stay.
KEPT_SENTENCES = [
    "Акимат запустил Telegram-канал, на который за неделю подписались пять тысяч жителей.",
    "Желающие могут подписаться на Telegram-канал акимата, где публикуют графики работ.",
    "Telegram-арнаға жазылушылар саны бір айда екі есе өсті.",
    "Компания открыла представительство в Instagram и Facebook для работы с клиентами.",
    "Банк развития Казахстана выделил 12 млрд тенге на строительство завода.",
    "Получатель субсидии обязан сохранить рабочие места в течение трёх лет.",
    "Главная задача завода — выпускать 40 тысяч тонн труб в год.",
    "Подробнее о проекте рассказал аким области на брифинге в понедельник.",
    "Реклама на щитах вдоль трассы приносит бюджету города 300 млн тенге в год.",
    "Автор проекта уверен, что все права инвесторов будут защищены законом.",
    "Поддержать редакцию местной газеты призвали жители района на сходе.",
]


@pytest.mark.parametrize("sentence", KEPT_SENTENCES)
def test_clean_text_keeps_sentences_that_mention_widgets(sentence: str) -> None:
    raw = "\n".join([BODY_1, sentence, BODY_2])
    assert clean_text(raw) == raw


def test_clean_text_drops_a_donation_block_with_its_bank_details() -> None:
    raw = "\n".join([BODY_1, BODY_2, "Поддержите редакцию", "Наша работа существует на ваши "
                     "пожертвования.", "Получатель: ОФ «Свободное слово»",
                     "IBAN: KZ12 3456 7890 1234 5678", "Kaspi Gold: 4400 4300 1234 5678"])
    assert clean_text(raw) == f"{BODY_1}\n{BODY_2}"


# Furniture without a call to subscribe (monitor.article.furniture), in our own wording.
FURNITURE_LINES = [
    # channel promos: a possessive, a link or handle, or a name and a network and nothing else
    "Наш канал в Telegram: t.me/dalanews_kz", "Мы в Instagram @dala.news", "Мы в Telegram",
    "Степной вестник · Instagram", "Dala News — Telegram арнасы", "Telegram kanalimiz: @dalanews",
    "Биз Телеграмда: @dalanews_uz", "Біз Telegram-да: @dalakz", "Telegram-арнамыз: t.me/dalakz",
    "Следите за новостями региона в нашем YouTube-канале",
    "Больше новостей экономики — в нашем Instagram", "Energetika yangiliklari — Telegramda",
    "Жаңалықтарды Telegram-нан оқыңыз", "Иқтисодий янгиликлар — янгиликларни биринчи бўлиб билинг",
    "Our channel on WhatsApp: wa.me/77001234567", "Калькулятор ипотеки — на нашем сайте",
    "Курс валют на сегодня — в рубрике «Финансы»",
    # contact and hotline calls
    "Есть информация? Пишите в наш бот @dala_bot",
    "Сұрағыңыз болса, бізге WhatsApp арқылы жазыңыз",
    "Savollaringizni bizga WhatsApp orqali yuboring",
    "Сыбайлас жемқорлық туралы хабарласыңыз: 1424", "Реклама: +7 701 555 12 34",
    "По вопросам рекламы: adv@dala.kz", "Ишонч телефони: 1007",
    # source attributions and photo credits
    "Источник: Министерство энергетики", "По материалам пресс-службы акимата",
    "По материалам Kapital.kz", "Дереккөз: облыс әкімдігі", "Манба: вазирлик матбуот хизмати",
    "Manba: Qishloq xo‘jaligi vazirligi", "Суретті түсірген: Айгүл Серікова",
    "Сурат: Тошкент вилояти ҳокимлиги", "Сурат муаллифи: Жамшид Каримов",
    "Foto: Energetika vazirligi", "Vazirlik matbuot xizmati surati", "Пресс-служба акимата · Фото",
    "Ақмола облысы әкімдігінің суреті",
    # disclaimers
    "Не является индивидуальной инвестиционной рекомендацией.",
    "Материал носит информационный характер.",
    "Мнение автора может не совпадать с позицией редакции.",
    "Автордың пікірі редакция ұстанымымен сәйкес келмеуі мүмкін.",
    "Бұл материал инвестициялық кеңес емес.", "Бу инвестиция тавсияси эмас.",
    "Муаллиф фикри таҳририят позициясига мос келмаслиги мумкин.",
    "Reklama emas, ma’lumot uchun", "This article is not investment advice.",
    # rubric, section and outlet tag lines
    "Культура · Уральск", "Судебная хроника · Актобе", "Сот залынан · Павлодар",
    "Energetika · Manba: vazirlik", "Тобол-Инфо: новости Костанайской области",
    "Шетел жаңалықтары", "Көрші ел жаңалықтары", "Dunyo yangiliklari", "Новости Казахстана",
    "Экономика · раздел «Экономика»", "Степной вестник · все новости", "Dala News · подписка",
    "Жаңалықтар · Бөлісу", "Ulashing", "Погода · Прогноз на неделю", "Культура – Уральск",
    "Вам может быть интересно: Где в Актобе построят новый завод",
    "Читать далее о заводах региона — в рубрике «Промышленность»",
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_clean_text_drops_furniture_lines(line: str) -> None:
    assert clean_text("\n".join([BODY_1, line, BODY_2])) == f"{BODY_1}\n{BODY_2}"


@pytest.mark.parametrize("name", ["Көкше Ақпарат", "Dala News", "kapital.kz", "Степной Вестник"])
def test_clean_text_drops_the_outlet_name_alone_as_the_last_line(name: str) -> None:
    assert clean_text("\n".join([BODY_1, BODY_2, name])) == f"{BODY_1}\n{BODY_2}"


# Body sentences that share words, separators or labels with the furniture, and must stay.
KEPT_NEAR_FURNITURE = [
    "Работы завершат в 2027 году.", "Завод построят в Уральске.",
    "Наш канал в Telegram за год вырос до 40 тысяч читателей, рассказал главный редактор газеты.",
    "Мы в акимате рассчитываем, что завод запустят весной, — сказал аким Instagram-блогерам.",
    "Акимат публикует графики отключений в своём Telegram-канале каждое утро.",
    "Telegram заблокировали в нескольких странах региона.",
    "Жители могут сообщать о нарушениях по номеру 109, сообщили в акимате.",
    "Пишите жалобы в акимат, посоветовал юрист, если управляющая компания бездействует.",
    "«Сообщайте о незаконных свалках в WhatsApp», — призвал аким района.",
    "Источник в правительстве сообщил, что тарифы вырастут с 1 июля.",
    "Источник финансирования проекта — республиканский бюджет.",
    "По материалам проверки возбуждено уголовное дело.",
    "Маълумот учун, 2024 йилда вилоятда 120 та корхона очилган.",
    "Эксперт подчеркнул, что его прогноз не является инвестиционной рекомендацией.",
    "Сарапшы бұл болжам инвестициялық кеңес емес екенін атап өтті, деп хабарлайды агенттік.",
    "Экономика региона выросла на 5 %, а культура получила 2 млрд тенге.",
    "Реклама: рынок наружной рекламы в Алматы вырос на 12 % за год.",
    "Новости о запуске завода жители встретили с надеждой.",
    "Аким Уральска – о новом заводе и 700 рабочих местах на нём.",
]


@pytest.mark.parametrize("sentence", KEPT_NEAR_FURNITURE)
def test_clean_text_keeps_sentences_near_furniture(sentence: str) -> None:
    raw = "\n".join([BODY_1, sentence, BODY_2])
    assert clean_text(raw) == raw


@pytest.mark.parametrize("last", ["Работы завершат в 2027 году.", "Аким Уральска",
                                  "Завод «Темір Пресс»"])
def test_clean_text_keeps_a_short_last_paragraph(last: str) -> None:
    raw = "\n".join([BODY_1, BODY_2, last])
    assert clean_text(raw) == raw


@pytest.mark.parametrize("sentence", [
    "Biz Telegram orqali 300 ta murojaat oldik.",
    "За справкой обращайтесь в акимат района до 15 марта 2025 года.",
    "Отправьте документы почтой до 1 июня.",
    "«Сообщите нам, если увидите нарушение», — просят полицейские.",
    "Бұл ақпараттық сипаттағы кездесу болды.",
    "Бұл жарнама емес, нақты дерек, деді әкім.",
    "Актобе | 12,5 млрд | 13,1 млрд",
    "Наш Telegram-бот уже принял 500 заявок, рассказали в акимате.",
])
def test_clean_text_keeps_quotes_instructions_and_table_rows(sentence: str) -> None:
    raw = "\n".join([BODY_1, sentence, BODY_2])
    assert clean_text(raw) == raw


# Issue 13, rounds 4-6: notes of the page, not of the article, and body sentences that look
# like them (lines written for the test).
PAGE_NOTES = [
    "Заметили опечатку? Выделите фрагмент и нажмите Ctrl+Enter",
    "Қате байқасаңыз, мәтінді белгілеп Ctrl + Enter пернесін басыңыз",
    "Комментарии (7)",
    "Пікірлер (12)",
    "Izohlar",
    "Мы используем cookies для удобства читателей",
    "Біз сайтта cookie файлдарын пайдаланамыз",
    "This website uses cookies to analyse traffic",
    "Автор: Айгерим Нурланова",
    "Помогите редакции — сделайте пожертвование на развитие сайта",
    "Курсы валют на сайте обновляются раз в час",
    "Valyuta kurslari har soatda yangilanadi",
    "Материал ақпараттық сипатта және инвестициялық кеңес болып табылмайды",
    "Бөлүшүү",
    "Поділитися",
    "Jarnama",
    "Telegram arnamyzga jazylyñyz!",
    "Сүрөт: пресс-кызмат",
    "Теги: промышленность, Павлодар",
    "Самое читаемое за месяц",
    "Ең көп оқылған",
    "Eng ko'p o'qilgan",
    "Редакцияға қолдау көрсетіңіз: Kaspi арқылы",
    "Тақырыпқа қатысты: облыстағы жаңа жобалар",
    "Related: Steel output rises in the north",
    "Market data delayed by 20 minutes",
    "Reporting by our correspondent; editing by the desk",
    "Мнение редакции может не совпадать с мнением автора",
    "Жаңылыктарды Telegram каналыбыздан окуңуз",
    "Ба канали Telegram-и мо обуна шавед",
    "Bizi Instagram'da takip edin",
    "Tüm hakları saklıdır",
    "Xəbəri paylaş",
    "Fotosurettı aýdan ákimdigi berdi",
    "Комментарии: 4", "Комментарии закрыты", "Комментариев пока нет — напишите первым",
    "Пікір жазу үшін тіркеліңіз", "Izohlar yopilgan", "Реклама • 18+", "— Рекламный блок —",
    "Жарнама • 16+", "Партнерский контент ниже", "Размещение рекламы: ads@example.kz",
    "Поделитесь этой новостью с друзьями", "Поделиться в соцсетях", "Сохранить в закладки",
    "Больше новостей — в приложении для iOS и Android", "Ауа райы – қосымшамызда",
    "Перепечатка без разрешения редакции запрещена", "Ссылка на источник обязательна",
    "Материалды көшіріп басу үшін редакцияның рұқсаты қажет", "Ранее: в области открыли цех",
    "Материалы по теме: Экономика", "Не является финансовой рекомендацией",
    "Moliyaviy maslahat emas", "Текст и фото: Асель Нурова", "Подписка на рассылку: ваш e-mail",
]
LOOKALIKES = [
    "Компания использует cookie-файлы покупателей для аналитики, выяснил суд.",
    "Автор проекта рассказал, что завод откроется в мае.",
    "Курс тенге к доллару за неделю укрепился на 1,5 процента.",
    "Фонд принимает пожертвования на строительство школы в селе Акжар.",
    "Related companies expanded their plants in Aktobe last year.",
    "Reporting by the ministry showed output growth of five percent.",
    "Популярное блюдо ярмарки — казы, рассказали организаторы.",
    "Поделиться опытом приехали фермеры из трёх районов области.",
    "Комментарии к закону дал министр, сообщили в пресс-службе.",
    "Реклама на улицах города будет регулироваться новым законом.",
    "Ранее компания уже построила два цеха в Таразе и Шымкенте.",
]

# Round 7 (monitor.article.widgets, and the region's languages in residue.py): counters,
# reading time, rubric lines, credit labels, pointers to a site, save / share / app calls.
PAGE_NOTES += [
    "Просмотров: 2 540", "Қаралым саны: 731", "Ko'rishlar soni: 1 905", "Оқылды: 318",
    "Pikirler (5)", "Yorumlar (9)", "Нравится 40 | Не нравится 2", "Рейтинг: ★★★☆☆",
    "Время чтения: 3 минуты", "Оқу уақыты: 4 минут", "Обновлено в 09:45",
    "Спорт / Футбол", "Экономика", "Саясат / Қоғам", "Иқтисодиёт / Молия", "Павлодар / Бизнес",
    "Mənbə: şirkətin saytı", "Kaynak: yerel basın", "Çeşme: Türkmen habarlary", "Акс: архив",
    "Гэрэл зураг: компанийн архив", "Беседовал Ержан Сапаров", "Перевод: Айгуль Сейтова",
    "Сұхбаттасқан: Мәди Әлиев", "Толығырақ: stat.gov.kz",
    "Полный текст решения — на сайте акимата", "Написать в редакцию: desk@example.kz",
    "Скачайте наше приложение: App Store | Google Play",
    "Включите уведомления, чтобы не пропустить",
    "Сохраните, чтобы не потерять", "Дўстларингизга улашинг", "Paýlaş", "Abone olun",
    "Жазылыңыз", "Сондай-ақ оқыңыз Атырауда жаңа цех ашылды",
    "Ўқинг: Тошкентда кўргазма очилди",
    "Чытайце таксама: навіны прамысловасці", "Материал подготовлен при поддержке партнера",
    "Серіктестің жарнамасы", "Реклама. ТОО «Жол Сервис»", "Barlyq qūqyqtar qorğalğan",
    "Жаңылыктарга жазылыңыз", "Habarlary Telegram-da yzarlaň", "Лицензия № 7654321",
    "Курс валют на сегодня: USD 505,2 | EUR 548,9", "Котировки носят справочный характер",
]
LOOKALIKES += [
    "Просмотров за месяц стало вдвое больше: 2 540 против 1 200.",
    "Экономика области выросла на 4 процента за полгода.",
    "Спорткомплекс при заводе откроют для жителей района в мае.",
    "Источник в акимате сообщил, что завод откроют в мае.",
    "Перевод оборудования на газ обошёлся компании в 300 млн тенге.",
    "Подробнее о проекте инвесторы расскажут на форуме в Астане в марте.",
    "Сотрудники завода сохранили рабочие места после модернизации.",
    "Приложение для заказа запчастей разработали инженеры завода.",
]


def _between_two_sentences(line: str) -> str:
    # The second is a whole paragraph: the lines under a donation head up to the next
    # paragraph go with it (they are its bank details).
    return ("Акимат области выделил участок под завод стройматериалов в индустриальной зоне.\n"
            f"{line}\nСтроительство начнётся весной будущего года и займёт около полутора лет.")


@pytest.mark.parametrize("line", PAGE_NOTES)
def test_clean_text_drops_page_notes(line: str) -> None:
    cleaned = clean_text(_between_two_sentences(line))
    assert line not in cleaned
    assert "Строительство начнётся весной" in cleaned


@pytest.mark.parametrize("sentence", LOOKALIKES)
def test_clean_text_keeps_sentences_that_look_like_page_notes(sentence: str) -> None:
    assert sentence in clean_text(_between_two_sentences(sentence))
