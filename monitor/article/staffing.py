"""Jobs stated as people employed: «обеспечит работой 280 человек», «130 адам жұмыспен
қамтылады», «900 киши иш билан таъминланади», «will employ 500 people».

Readers count these as jobs as much as «280 рабочих мест». A count of people is a count of
jobs only when an employment word stands next to it: before the number («трудоустроено»,
«наймут», «численность персонала —», «ishchilar soni») or right after the people it counts
(«получат работу», «жұмысқа орналасады», «ish bilan ta’minlanadi», «will be hired»). Without
one the people are residents, victims, guests or a delegation («население 300 человек», «в
аварии пострадали 5 человек», «делегация из 20 человек»), and losing work is no job
(«150 человек потеряли работу»).

Staff a plant will need or keep busy are its jobs too («для работы центра потребуется 210
сотрудников», «на предприятии будет занято 180 человек»). Construction crews count as well
(«на стройке заняты 1200 человек», «құрылыс кезеңінде 1 200 адам»): readers count announced
employment, temporary as permanent, as they count «уақытша жұмыс орны». A count followed by
harm or loss («пострадали», «жарақат алды», «потеряли работу») is never jobs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from monitor.article.numbers import NUMBER, SCALE
from monitor.article.numwords import WORD_NUMBER

_NUM = rf"(?:{NUMBER}|{WORD_NUMBER})"

# Whom a count of people counts, in every language we read; Uzbek «нафар»/«nafar» is the
# counter word of people («300 nafar kishi», «140 nafar»).
_PEOPLE = (
    r"человек\w*|чел\.|сотрудник\w*|работник\w*|специалист\w*|жител\w*|рабочих|"  # ru
    r"безработн\w*|сельчан\w*|горожан\w*|земляк\w*|"
    r"адам\w*|тұрғын\w*|қызметкер\w*|маман\w*|жұмысшы\w*|жұмыссыз\w*|әйел\w*|"  # kk
    r"киши\w*|kishi\w*|ходим\w*|xodim\w*|ишчи\w*|ishchi\w*|мутахассис\w*|mutaxassis\w*|"  # uz
    r"fuqaro\w*|фуқаро\w*|ёшлар\w*|yoshlar\w*|aholi\w*|аҳоли\w*|"
    # «120 nafar yoshlar», «300 нафарга»; not a word cut by an apostrophe («40 nafar o't»)
    r"(?:нафар|nafar)\w*(?:\s+(?!иш|ish)[^\W\d_]+(?![\'‘’ʻ`]))?|"
    r"кызматкер\w*|жумушчу\w*|тургун\w*|"  # ky
    r"кеше\w*|эшче\w*|хезмәткәр\w*|"  # tt, ba
    r"киһи\w*|хүн\w*|adam\w*|j[ūu]m[yı]s[sş][yı]\w*|t[ūu]r[ğg][yı]n\w*|"  # sah, bua, kk Latin
    r"чалавек\w*|"  # be
    r"осіб|особ\w*|людей|працівник\w*|фахівц\w*|"  # uk
    r"nəfər\w*|kişi\w*|"  # az, tr
    r"people|persons|workers|employees|staff|locals|residents"  # en
)
# Words between the number and the people: «150 местных жителей», «300 nafar kishi».
# «300-ге жуық адам», «700 ga yaqin mutaxassis», «около»: adverbs of quantity and the case
# endings written apart.
_BETWEEN = (r"(?:(?:местн\w+|новых|сезонн\w+|временн\w+|постоянн\w+|жергілікті|жаңа|маҳаллий|"
            r"mahalliy|янги|yangi|нафар|nafar|doimiy|доимий|"
            r"жергиликтүү|local|new|more|жуық|астам|шамасында|дейін|яқин|ортиқ|yaqin|ortiq|ga|га|"
            # whose residents: «25 ауыл тұрғыны», «30 qishloq aholisi»
            r"ауыл|ауылдың|auyl|aūyl|қишлоқ|qishloq|gowrak|"
            r"ға|ге|dan|дан|ден|нан|нен)\s+){0,3}")
# A Turkic case ending written on the number («600-ден»).
_ENDING = r"(?:-[^\W\d_]+)?"
_STAFF_RE = re.compile(
    rf"(?:(?P<big>{_NUM})\s*(?P<bigscale>{SCALE})\s+(?=\w))?"
    rf"(?P<num>{_NUM}){_ENDING}\s*(?P<scale>{SCALE})?\s+{_BETWEEN}(?P<who>{_PEOPLE})(?!\w)",
    re.IGNORECASE)

# Most sentences name no people: one cheap search spares them the number patterns.
_PEOPLE_RE = re.compile(rf"(?<!\w)(?:{_PEOPLE})(?!\w)", re.IGNORECASE)

# An employment word that ends right before the number, with at most an adverb of quantity
# and a dash or a colon between: «обеспечит постоянной работой 280», «трудоустроено 320»,
# «штат составит 90», «численность персонала — 75», «ishchilar soni 140», «will employ 500».
_CUE_BEFORE = re.compile(
    # a whole word: «o'chirishga» (to put out a fire) does not end in the cue «ishga»
    r"(?<![^\W\d_])(?:трудоустро\w*|обеспеч\w*\s+(?:\w+\s+)?работой|получ\w*\s+(?:\w+\s+)?работу|"
    r"работу(?:\s+\w+){0,3}\s+получ\w*|"
    r"наним\w*|найм\w*|нанял\w*|наймёт|наймет|примут\s+на\s+работу|принят\w*\s+на\s+работу|"
    r"(?:будут\s+|будет\s+)?работа(?:ют|ет|ть|ли)|трудят\w*|"
    # staff needed to run it: «для работы центра потребуется», «для обслуживания понадобятся»
    r"для\s+(?:е[её]\s+|его\s+|их\s+)?(?:работы|обслуживания|эксплуатации|функционирования)(?:\s+\S+){0,4}?\s+"
    r"(?:потребу\w*|понадоб\w*|нужн\w*|требу\w*)|"
    # busy on the site: «будет занято», «на стройке заняты» (not «в тушении были заняты»)
    r"(?:будут|будет)\s+(?:\w+\s+)?(?:занят\w*|задейств\w*)|"
    r"(?:на|в)\s+(?:н[её]м\s+|(?:\w+\s+)?(?:стро\w+|предприяти\w+|завод\w*|фабрик\w*|комбинат\w*|производств\w*|"
    r"объект\w*|площадк\w*|цех\w*)(?:\s+\w+)?\s+)(?:сейчас\s+|уже\s+)?"
    r"(?:занят[ыо]|задейств\w*)|"
    r"(?:құрылыс|пайдалану)\s+кезеңінде|"  # kk: during construction, operation
    r"штат\w*(?:\s+\w+){0,3}?(?:\s+состав\w+|\s*[—–:])|"  # not «в штате Техас»
    r"численност\w*\s+(?:персонал|сотрудник|работник|работающ|штат)\w*(?:\s+\w+)?"
    r"(?:\s+состав\w+)?|"
    r"(?:ishchi|xodim)lar\s+soni|(?:ишчи|ходим)лар\s+сони|қызметкерлер(?:\s+\w+)?\s+саны|"
    r"жұмысқа|жумушка|ишга|ishga|эшкә|"
    r"(?:дал\w*|даст|дадут|дают)\s+работу|обслуживат\w*|"
    r"после\s+(?:ввода|пуска|запуска|открытия)(?:\s+\w+)?|"
    r"працюватим\w*|працюють|працуюць|працевлашт\w*|"
    r"employ\w*|hir(?:e|es|ed|ing)|workforce\s+of|staff\s+of)"
    r"(?:\s+(?:около|более|свыше|порядка|примерно|почти|до|не\s+менее|уже|ещё|еще|"
    r"about|over|some|up\s+to|more\s+than|around|nearly|понад|близько|майже))*"
    r"\s*[—–:-]?\s*$", re.IGNORECASE)
# An employment word right after the people («150 жителей получат работу», «130 адам тұрақты
# жұмыспен қамтылады», «500 кишига иш ўрни яратилади», «500 people will be hired»).
_CUE_AFTER = re.compile(
    r"\s*(?:(?:будут|будет|смогут|станут|уже|тұрақты|уақытша|доимий|doimiy|туруктуу|"
    r"turaqty|tūraqty|daimi|hemişelik|"
    r"will|would|to|be|are|were|permanently)\s+){0,3}"
    r"(?:трудоустро\w*|получ\w*\s+(?:\w+\s+)?работу|обеспеч\w*\s+(?:\w+\s+)?работой|"
    r"работа(?:ют|ть)|нанят\w*|принят\w*\s+на\s+работу|"
    r"жұмыс(?:пен|қа)\s+\w+|жұмыс\s+(?:ор(?:ын|н)\w*|іст\w*)|еңбек\s+ет\w*|"
    r"j[ūu]m[yı]s(?:pen|qa)\s+\w+|j[ūu]m[yı]s\s+(?:or\w*|ist\w*)|"  # kk Latin (ı for ы)
    r"үлэнэн\s+\w+|үлэлиэ\w*|үлэлии\w*|"  # sah: «үлэнэн хааччыйыа»
    r"ажалтай\s+бол\w*|ажалаар\s+\w+|ажаллаха|ажаллана\w*|"  # bua: «ажалтай болобо»
    r"(?:будут\s+|будет\s+)?(?:заняты|занято)\s+(?:на|в)\s+|"
    r"иш\s+(?:билан|ўр\w+|жой\w*)|ишга\s+\w+|меҳнат\s+қил\w*|ишла\w+|"
    r"jalb\s+(?:qilin|etil)\w*|жалб\s+(?:қилин|этил)\w*|band\s+bo.l\w*|банд\s+бўл\w*|"
    r"ish\s+(?:bilan|o.r\w+|joy\w*)|ishga\s+\w+|mehnat\s+qil\w*|ishla\w+|"
    r"жумуш(?:ка|\s+менен|\s+ор\w+)|иште\w+|"
    r"эш\s+(?:белән|менән|урын\w*)|эшли\w*|эшләя\w*|"
    r"працюватим\w*|працюють|працевлашт\w*|отрима\w*\s+роботу|"
    # tk «işe ýerleşdiriler», az «işlə təmin olunacaq», tr «istihdam edilecek»
    r"işe\s+[ýy]erleş\w*|işlär|işleý\w*|işlejek\w*|çalış\w*|эшлә\w*|ажилла\w*|"
    r"(?:бо\s+)?(?:ҷои\s+)?кор\w*\s+таъмин\w*|тартыл\w*|iş\w*\s+təmin\s+\w+|iş\s+bilen\s+üpjün\w*|istihdam\s+\w+|"
    r"hired|employed|work\s+(?:at|there|in)|get\s+jobs)", re.IGNORECASE)


# Harm or loss after the people: no jobs, whatever cue stands before («в период строительства
# 3 человека пострадали», «құрылыс кезеңінде 2 адам жарақат алды»).
_HARM_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:пострада\w*|погиб\w*|травм\w*|ранен\w*|эвакуир\w*|уволен\w*|"
    r"сокращ\w*|потеря\w*|лишил\w*|жарақат\w*|қаза\w*|зардап\w*|жұмыссыз\w*|"
    # responders are no jobs: «40 nafar o't o'chiruvchi jalb qilindi»
    r"o.t\s+o.chiruvchi\w*|ўт\s+ўчирувчи\w*|пожарн\w*|спасател\w*|өрт\s+сөндіруші\w*|"
    r"құтқарушы\w*|qutqaruvchi\w*|"
    r"jarohat\w*|halok\w*|жароҳат\w*|ҳалок\w*)", re.IGNORECASE)


def staff_matches(sentence: str) -> Iterator[re.Match[str]]:
    """The counts of people in ``sentence`` that are counts of jobs: groups big, bigscale,
    num, scale (as in figures.py) and who."""
    if not _PEOPLE_RE.search(sentence):
        return
    for m in _STAFF_RE.finditer(sentence):
        if _HARM_AFTER.match(sentence, m.end()):
            continue
        if _CUE_BEFORE.search(sentence[:m.start()]) or _CUE_AFTER.match(sentence, m.end()):
            yield m
