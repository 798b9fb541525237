"""The built-in topics of relevance: terms in Russian, Kazakh (Cyrillic and Latin), Uzbek
(Cyrillic and Latin), Kyrgyz and Tatar, with their weights (syntax: monitor.article.terms).

Positive topics say what the monitor is about (the regional economy of Kazakhstan); the
negative ones share words with it but are not (personal money, public buildings), and
``incidents`` (crime, courts, fraud, accidents, natural disasters) also vetoes an article
whose title it reaches (monitor.article.topics).
"""

from __future__ import annotations

from monitor.config.settings import TopicConfig

DEFAULT_TOPICS: tuple[TopicConfig, ...] = (
    TopicConfig("industrial_zones", (
        "индустриальн* зон*", "промышленн* зон*", "индустриальн* площадк*",
        "индустриалды аймақ*", "индустриялық аймақ*", "өнеркәсіптік аймақ*",
        "өндірістік аймақ*", "industrial zone*", "sanoat zona*", "sanoat hudud*",
        # Uzbek Cyrillic, Kazakh Latin (2021 and older), Kyrgyz
        "саноат зона*", "саноат ҳудуд*", "industrialdyq aimaq*|ındustrialdyq aımaq*",
        "industrialdy aimaq*", "öndırıstık aimaq*", "индустриалдык зона*", "өнөр жай зона*",
    ), 1.0),
    TopicConfig("special_economic_zones", (
        "СЭЗ", "ОЭЗ", "АЭА", "специальн* экономическ* зон*", "свободн* экономическ* зон*",
        "особ* экономическ* зон*", "арнайы экономикалық аймақ*", "еркін экономикалық аймақ*",
        "special economic zone*", "free economic zone*", "erkin iqtisodi* zona*",
        "maxsus iqtisodi* zona*", "МЦПС", "Хоргос* пограничн* сотрудничеств*",
        "эркин иқтисодий зона*", "махсус иқтисодий зона*", "erkin ekonomikalyq aimaq*",
        "arnaiy ekonomikalyq aimaq*", "эркин экономикалык зона*",
    ), 1.0),
    TopicConfig("industrial_parks", (
        "индустриальн* парк*", "промышленн* парк*", "технопарк*", "агропарк*",
        "индустриалды парк*", "индустриялық парк*", "industrial park*", "sanoat park*",
        "texnopark*", "саноат парк*", "industrialdyq park*",
        "индустриалдык парк*",
    ), 1.0),
    TopicConfig("investment_projects", (
        "инвестиционн* проект*", "инвестициялық жоба*",
        "прям* иностранн* инвестиц*", "тікелей шетел* инвестиц*",
        "investitsion loyiha*", "investment project*", "проект* стоимост*",
        "стоимост* проект*", "жоба* құн*", "строительств* завод*", "зауыт* құрылыс*",
        "запуск* производств*", "өндіріс* іске қос*", "логистическ* центр*",
        "логистикалық орталы*", "тепличн* комплекс*", "жылыжай кешен*",
        # Uzbek Cyrillic and Latin, Kazakh Latin
        "инвестиция лойиҳа*|инвестицион лойиҳа*|инвестициявий лойиҳа*",
        "investitsiya loyiha*|investitsiyaviy loyiha*", "қўшма корхона*", "qo'shma korxona*",
        "логистика марказ*", "logistika markaz*", "иссиқхона мажмуа*", "issiqxona majmua*",
        "jylyjai keşen*|jylyjai kesen*", "zauyt* salyn*|zauyt* saly*",
        # Financing of agro-processing: projects of a region's processing of farm produce.
        "проект* агропереработк*|агропереработк* проект*|проект* по переработк* сельхоз*|"
        "проект* переработк* сельхоз*|агроөңдеу* жоба*|ауыл шаруашылығы өнім* өңдеу* жоба*",
        "investisiialyq joba*|investitsiialyq joba*", "logistikalyq ortalyq*",
        # A plant opened or launched: what a two-line brief says (the title counts double).
        "открыл* завод*|открыл* фабрик*|открыл* цех*|открыт* завод*|открыт* фабрик*|"
        "открыт* цех*|откро* завод*|откро* фабрик*|откро* цех*|запуст* завод*|"
        "запуст* фабрик*|запуст* цех*|запущ* завод*|запущ* фабрик*|запущ* цех*|"
        "завод* открыл*|завод* запущ*|фабрик* открыл*|цех* открыл*",
        "зауыт* ашыл*|фабрика* ашыл*|цех* ашыл*|зауыт* іске қосыл*|фабрика* іске қосыл*|"
        "цех* іске қосыл*|zauyt* aşyl*|zauyt* iske qosyl*|fabrika* aşyl*",
        "завод* очил*|фабрика* очил*|корхона* очил*|завод* ишга туш*|корхона* ишга туш*|"
        "zavod* ochil*|fabrika* ochil*|korxona* ochil*|zavod* ishga tush*|"
        "korxona* ishga tush*",
        "відкрил* завод*|відкрит* завод*|запустил* завод*|відкрил* фабрик*|будівництв* завод*",
        # Turkish news of a Turkish investor's plant in Kazakhstan
        "fabrika* kur*|fabrika* inşa*|tesis* kur*|tesis* inşa*|organize sanayi*|sanayi bölge*",
        # Kyrgyz, Azerbaijani: a plant being built
        "завод* кур*|фабрика* кур*|ишкана* кур*|завод* ачыл*|ишкана* ачыл*",
        "zavod* tik*|fabrik* tik*|müəssisə* tik*|zavod* açıl*",
        # a workshop opened (a village's felt or sewing shop is a small production)
        "открыл* мастерск*|открыт* мастерск*|мастерск* открыл*|sex* ochil*|сех* очил*|"
        "tsex* ochil*",
        # Kazakh in the 2018 Latin alphabet writes ш as sh: «seh ashyldy»
        "zauyt* ashyl*|seh* ashyl*|seh* aşyl*|sex* aşyl*|tsex* aşyl*",
        # English wire copy
        "investment project*", "broke ground|broken ground|breaks ground|groundbreaking",
        "new plant=|new factory=|plant will|plant to be built|build* a plant|building a plant",
        "logistics hub*|logistics centre*|logistics center*|logistics park*",
        # orchards and fish farms: the farm projects of the south and the east
        "интенсивн* сад*|қарқынды бақ*|қарқынды алма бағ*|интенсив* боғ*|intensiv* bog'*",
        "рыбоводн* хозяйств*|рыбн* хозяйств*|балық өсіру*|балиқчилик хўжалиг*|baliqchilik*",
        "збудува* завод*|збудува* елеватор*|збудува* фабрик*",
        "greenhouse cluster*|greenhouse complex*",
        # Turkmen, Belarusian, Mongolian, Tajik: a plant built or opened
        "zawod* gur*|kärhana* gur*|zawod* açyl*|kärhana* açyl*",
        "адкрыл* завод*|адкрыт* завод*|будаўніцтв* завод*",
        "үйлдвэр барь*|үйлдвэр байгуул*|үйлдвэр барих*",
        "завод* сох*|корхона* сох*|корхона* кушод*|завод* кушод*",
    ), 1.0),
    TopicConfig("regional_economy", (
        "инвестиц*", "инвестор*", "investitsi*", "investor*", "рабоч* мест*",
        "жұмыс орн*|жұмыс орынд*", "ish o'rin*|ish o'rni*", "иш ўрин*|иш ўрни*",
        "jūmys oryn*|jūmys orny*|jumys oryn*|jumys orny*",
        "жумушчу орун*|жумуш орун*|жумушчу ордун*", "эш урын*",
        "предприяти*", "кәсіпорн*|кәсіпорын*", "завод*", "зауыт*", "фабрик*",
        "производств*", "өндіріс*", "экспорт*", "импортозамещ*", "ВРП",
        "валов* регионал* продукт*", "жалпы өңірлік өнім*", "экономик* регион*",
        "экономик* област*", "өңір* экономика*", "облыс* экономика*", "индустриализаци*",
        "индустрияланды*", "обрабатывающ* промышленност*", "өңдеу* өнеркәсіб*",
        "агропромышленн* комплекс*", "ishlab chiqarish*", "korxona*",
        # Uzbek Cyrillic and Latin, Kazakh Latin, Kyrgyz: plants, factories, investment
        "ишлаб чиқариш*", "корхона*", "zavod*", "zauyt*|zauıt*", "fabrika*", "elevator*",
        "элеватор*", "investisi*", "käsıporyn*|käsiporyn*|kasiporyn*|käsıporn*",
        "öndırıs*|öndiris*", "ишкана*", "өндүрүш*", "лойиҳа*", "loyiha*",
        "терминал*|terminal*", "yatırım*", "istihdam*",
        "долбоор*", "layihə*", "sərmayə*", "müəssisə*",  # ky, az
        "joba=|jobany*|jobasy*|jobalar*",  # kk Latin: project
        "investment=|investments=", "factory=|factories=", "plant=|plants=", "joint venture*",
        "manufactur*", "greenhouse*", "елеватор*", "барпо этил*|barpo etil*",
        "jobs=", "invest=|invests=|invested=|investing=", "cluster=|clusters=",
        "production line*|processing plant*",
        # Turkmen, Azerbaijani, Turkish, Belarusian, Mongolian, Tajik
        "zawod*", "kärhana*", "maýa goýum*|maýa goýu*", "iş orn*|iş ýer*", "taslama*",
        "önümçilik*", "iş yeri*|iş yerlər*", "istehsal*", "sənaye*", "üretim*", "tesis*",
        "прадпрыемств*", "інвестыцы*|інвестар*", "працоўн* месц*", "вытворч*|вытворц*",
        "үйлдвэр*", "хөрөнгө оруулалт*", "ажлын байр*", "төсл*|төсөл*",
        "сармоягузор*|сармоя*", "ҷойи корӣ|ҷойҳои корӣ|ҷои кор*", "истеҳсол*",
        # Ukrainian
        "підприємств*", "робоч* місц*", "виробництв*", "інвестиці*|інвестор*", "експорт*",
        "иссиқхона*", "issiqxona*", "тадбиркор*", "eksport*", "қайта ишла*", "qayta ishla*",
        "ишга тушир*|ишга туш*", "ishga tushir*|ishga tush*", "iske qosyl*",
        "jūmyspen qamt*", "кластер*", "klaster*", "иш билан таъминла*",
        # Money of a region: its budget, taxes, loans and grants to business.
        "областн* бюджет*|бюджет* област*", "местн* бюджет*", "облыс* бюджет*",
        "жергілікті бюджет*", "налогов* поступлен*", "салық түсім*",
        "мал* и средн* бизнес*", "МСБ", "шағын және орта бизнес*", "шағын бизнес*",
        "предпринимател*", "кәсіпкер*", "микрокредит*", "льготн* кредит*",
        "жеңілдетілген несие*", "субсиди*", "tadbirkor*",
        # What enterprises make, and the plants that power them.
        "цех*", "выпуск* продукци*", "өнім* шығар*", "перерабатывающ*", "переработк*",
        "өңдеу*", "электростанци*|электр станция*|электр стансас*", "ВЭС", "СЭС",
        "горно-обогатительн*", "ГОК", "месторождени*", "кен орн*|кен орын*",
        "МВт", "мегаватт*", "солнечн* станци*", "ветров* станци*", "производител*",
        "өндіруші*", "вложени*", "трудоустро*", "жұмыспен қамт*", "курорт*",
        "туристическ* комплекс*", "туристік кешен*",
        # Commissioning: plants, but also schools and parks, so only a generic signal.
        "ввод* в эксплуатаци*|введ* в эксплуатаци*|ввел* в эксплуатаци*",
        "ввод* в строй|введ* в строй|ввел* в строй", "пайдалануға беріл*",
        "іске қосыл*", "ГЧП", "государственно-частн* партн*", "МЖӘ",
        "мемлекеттік-жекешелік әріптест*", "оптово-распределительн* центр*",
        "көтерме-тарату орталы*", "овощехранилищ*|хранилищ* овощ*", "көкөніс қойма*",
        "агроөнеркәсіптік парк*",
        # A region's trade, farming and suppliers.
        "экспорт* област*|экспорт* регион*|облыс* экспорт*|өңір* экспорт*", "несырьев*",
        "розничн* торгов*|оптов* торгов*|товарооборот*", "бөлшек сауда*|көтерме сауда*",
        "местн* содержани*", "жергілікті қамту*", "отечественн* поставщик*",
        "отандық өнім беруші*|отандық тауар өндіруші*", "орошаем* земл*|поливн* земл*",
        "оросительн*", "суармалы жер*|суармалы алқап*", "откормочн* площадк*",
        "бордақылау алаң*|бордақылау кешен*", "агрохолдинг*", "фермерск* хозяйств*",
        "шаруа қожалы*", "переработк* сельхоз*", "ауыл шаруашылығы өнім* өңде*",
        "агропереработк*|агроперерабатывающ*",
        # A country's or region's industrial output (Kazakhstan's figures in Uzbek news).
        "промышленн* производств*|объем* промышленн*", "өнеркәсіп* өндіріс*|өнеркәсіптік өнім*",
        "саноат ишлаб чиқариш*|саноат маҳсулот*", "sanoat ishlab chiqarish*|sanoat mahsulot*",
        "önerkäsip* öndiris*|önerkäsiptik önim*", "industrial output|industrial production",
        "агроөңдеу*", "льготн* займ*|заем* льготн*",
        "профинансир* проект*|финансировани* проект*|жобалар* қаржыланд*",
    ), 0.5),
    # Personal money and public buildings share the words but are not the regional economy.
    TopicConfig("personal_finance", (
        "депозит*", "сбережени*", "пенсион*", "ипотек*", "криптовалют*", "личн* финанс*",
        "финансов* грамотност*", "қаржылық сауаттылы*", "зейнетақы*", "жеке қаржы*",
        "инвестиции в себя|вложени* в себя", "өзіңе инвестиция*",
    ), -0.5),
    TopicConfig("social_facilities", (
        "стадион*", "ледов* арен*|ледов* дворц*|каток*", "мұз айдын*|мұз сарай*",
        "спортивн* комплекс*|спорт* кешен*", "школ*", "мектеп*", "больниц*|поликлиник*",
        "аурухана*|емхана*", "детск* сад*|балабақша*", "саябақ*", "сквер*", "театр*",
    ), -1.0),
    # Crime and accidents at a plant are not economic news: each term takes weight away.
    TopicConfig("incidents", (
        "задержал*", "задержан*", "уголовн* дел*", "краж*", "похит*", "хищени*", "мошенни*",
        "взятк*", "полицейск*", "ДТП", "погиб*", "қылмыстық іс*", "ұрлық*", "ұрла*",
        "полиция*", "полицей*", "қамауға ал*", "пара ал*", "жол-көлік оқиға*", "қаза тап*",
        "травм*", "несчастн* случа*", "пожар*", "возгорани*", "жарақат*", "оқыс оқиға*",
        "өрт=|өртт*|өртк*|өрті*|өрте*|өртп*",  # not Mongolian өртөг, cost
        "зардап шек*", "осуди*|осужд*", "приговор*", "судебн*", "лжеинвестор*",
        "обман*", "афер*", "опрокинул*", "авари*", "госпитализир*", "сотталд*|сотталған*",
        "сот үкім*", "алаяқ*", "жалған инвестор*", "алдап*|алданған*|алдады", "парақор*",
        "жемқор*", "жол апат*|апат болд*", "жазатайым*", "жиноят*", "jinoyat*", "фирибгар*",
        "firibgar*", "pora ol*|пора ол*", "ayblan*|айблан*", "sudlan*|судлан*",
        # tax cases and labour disputes
        "судят=|уклонени* от уплат*|уклонени* от налог*|уклонял* от уплат*",
        "забастов*|стачк*|ереуіл*|ish tashla*", "отказал* выходить на смен*|"
        "отказал* выходить на работ*|трудов* конфликт*|трудов* спор*|невыплат* зарплат*|"
        "задолженност* по зарплат*",
        "порахўр*", "poraxo'r*", "ҳибсга ол*", "hibsga ol*", "ёнғин*", "yong'in*",
        "йўл-транспорт ҳодиса*", "yo'l-transport hodisa*", "ҳалок бўл*", "halok bo'l*",
        "жароҳат*", "jarohat*", "суд ҳукм*", "sud hukm*", "қамоқ*", "qamoq*",
        "оштрафова*|штраф*", "айыппұл*", "жарима*|jarima*",
        # a plant bankrupt, stopped, closed or its project frozen: a setback, not a project
        "банкрот*|bankrot*|bankrupt*", "приостановил* работ*|приостановлен* работ*|"
        "остановил* работ*|прекратил* работ*|приостановил* производств*|"
        "остановил* производств*|приостановил* деятельност*",
        "закрыл* завод*|закрыт* завод*|закрыти* завод*|завод* закрыл*|завод* закрыт*",
        "заморож* проект*|проект* заморож*|отказал* от проект*|отказал* от строительств*",
        "отозвал* лиценз*|отозван* лиценз*", "жұмысын тоқтат*|өндірісін тоқтат*|тоқтатылды",
        "зауыт* жабыл*|кәсіпорын* жабыл*", "фаолияти тўхтатил*|faoliyati to'xtatil*",
        "ишлаб чиқариш тўхтатил*|ishlab chiqarish to'xtatil*",
        "halted=|halts=|suspended=|shut down|shuts down|closure=|closes=|fraud*|scam*",
        "police=|arrested=|arrest=|convicted=|sentenced=",
        # court rulings and disputes
        "суд обязал*|суд постановил*|суд признал*|суд отказал*|суд удовлетворил*|"
        "суд взыскал*|суд отменил*|решени* суд*|через суд", "исков* заявлен*|истц*|ответчик*",
        "сот=", "сот шешім*|сот міндетте*|сотқа жүгін*|сотқа шағым*|талап-арыз*|талап арыз*",
        "суд қарор*|судга мурожаат*|sud qaror*|sudga murojaat*",
        # road accidents and deaths
        "сбил*|наезд*|наех*", "скончал*", "пострадал*|пострадавш*", "қағып кет*|қағып өлтір*",
        "ауруханаға жеткізіл*", "қайтыс бол*", "уриб юбор*|urib yubor*", "вафот эт*|vafot et*",
        # floods, earthquakes, storms and the services that answer them
        "паводок|паводк*", "наводнени*", "подтоп*", "землетрясени*", "стихийн*", "ЧС",
        "чрезвычайн* ситуаци*", "МЧС", "спасател*", "эвакуир*|эвакуаци*", "ураган*", "смерч*",
        "селев*", "су тасқын*|тасқын су*", "су басты|су басу*|су басқан*|су басып",
        "жер сілкініс*", "төтенше жағдай*", "ТЖМ", "құтқарушы*", "дауыл*",
        "сув тошқин*|suv toshqin*", "зилзила*|zilzila*", "ер силкиниш*|yer silkinish*",
        "қутқарувчи*|qutqaruvchi*",
        # weather warnings: a storm in a region's industrial zone is weather, not industry
        "синоптик*", "штормов*", "прогноз* погод*", "метеоролог*", "Казгидромет*",
        "Қазгидромет*", "ауа райы*", "ob-havo*|об-ҳаво*", "sinoptik*",
    ), -0.5),
    # The routine business around a zone or a plant: repairs put out to tender, vacancies and job
    # fairs, tariffs, ratings, training, a court or prosecutor's case. In the title it is the
    # story (monitor.article.topics.VETO_TOPICS), however many project words the text has.
    TopicConfig("routine", (
        # a tender for repairs (a tender to build a zone's networks is its infrastructure)
        "ремонт* дорог*|ремонт* сет*|капремонт*|жол* жөндеу*|желі* жөндеу*",
        "ярмарк* ваканси*|ваканси*|бос жұмыс орн*|бўш иш ўрин*|bo'sh ish o'rin*|job fair*|"
        "vacanc*", "приглашает на работ*|требуются|жұмысқа шақыр*",
        "тариф*|tarif*", "рейтинг*|reyting*", "колледж*|kolledj*", "университет*", "студент*",
        "прокуратур*|прокурор*|prokuratura*", "нецелев*", "суд изъял*|изъят*",
        "сотқа=|сотта=|сот арқылы", "отказал* от завод*",
        "заморожен=|заморожена=|заморожено=|заморожены=",
    ), 0.0),  # vetoes from the title only; in the body it neither adds nor takes weight
    # Leisure that opens in an industrial area is not industry: a paintball club, a quest
    # room, a cafe for the zone's workers.
    TopicConfig("leisure", (
        "фильм*|кинофильм*|film=|films=|filmi*", "сериал*", "спектакл*", "концерт*",
        "фестивал*|festival*",
        "пейнтбол*", "квест*", "лазертаг*", "страйкбол*", "боулинг*", "батутн*", "картинг*",
        "караоке*", "кальян*", "ночн* клуб*", "развлекательн*", "ойын-сауық*", "кофейн*",
        "кафе=|кафес*|кафеде=|кафеге=", "досуг*", "бос уақыт*", "ko'ngilochar*|кўнгилочар*",
    ), -1.0),
)
