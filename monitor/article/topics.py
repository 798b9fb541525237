"""Relevance: configurable topics with an explainable score (the matched terms).

A term is one or more words. A word ending in ``*`` is a stem and matches any ending; a word
without it matches its usual inflected forms (Russian case endings, Kazakh suffixes); short
words and abbreviations (СЭЗ, АЭА) match as written, optionally with a hyphenated suffix
(СЭЗ-ге). Kazakh voices a final қ/к/п before a vowel suffix (аймақ -> аймағы), so a stem
ending in one of them also matches its voiced pair. Words of a multi-word term must follow
each other, with at most one other word between them (индустриальной экономической зоны).

score = sum over topics of weight x (distinct matched terms + terms also in the title),
plus a bonus when a place of Kazakhstan is named alongside at least one weight of distinct
matched terms (one generic word such as "investment" next to a city name is not enough); an
article naming other countries' places and none of Kazakhstan is not relevant whatever its
score (a free economic zone in China is not news for this monitor), and its score is
quartered so that it ranks low. Relevant when score >= threshold.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from monitor.article.gazetteer import FOREIGN, PLACES
from monitor.config.settings import Config, TopicConfig

log = logging.getLogger(__name__)

TITLE_BONUS = 1.0      # a term in the title counts this many times its weight again
PLACE_BONUS = 1.0      # added once when a place of Kazakhstan is found with a topic match
PLACE_EVIDENCE = 1.0   # weight of distinct matched terms needed before the place bonus
FOREIGN_FACTOR = 0.25  # applied when only foreign places are named (never relevant then)

DEFAULT_TOPICS: tuple[TopicConfig, ...] = (
    TopicConfig("industrial_zones", (
        "индустриальн* зон*", "промышленн* зон*", "индустриальн* площадк*",
        "индустриалды аймақ*", "индустриялық аймақ*", "өнеркәсіптік аймақ*",
        "өндірістік аймақ*", "industrial zone*", "sanoat zona*", "sanoat hudud*",
    ), 1.0),
    TopicConfig("special_economic_zones", (
        "СЭЗ", "ОЭЗ", "АЭА", "специальн* экономическ* зон*", "свободн* экономическ* зон*",
        "особ* экономическ* зон*", "арнайы экономикалық аймақ*", "еркін экономикалық аймақ*",
        "special economic zone*", "free economic zone*", "erkin iqtisodi* zona*",
        "maxsus iqtisodi* zona*", "МЦПС", "Хоргос* пограничн* сотрудничеств*",
    ), 1.0),
    TopicConfig("industrial_parks", (
        "индустриальн* парк*", "промышленн* парк*", "технопарк*", "агропарк*",
        "индустриалды парк*", "индустриялық парк*", "industrial park*", "sanoat park*",
        "texnopark*",
    ), 1.0),
    TopicConfig("investment_projects", (
        "инвестиционн* проект*", "инвестициялық жоба*",
        "прям* иностранн* инвестиц*", "тікелей шетел* инвестиц*",
        "investitsion loyiha*", "investment project*", "проект* стоимост*",
        "стоимост* проект*", "жоба* құн*", "строительств* завод*", "зауыт* құрылыс*",
        "запуск* производств*", "өндіріс* іске қос*", "логистическ* центр*",
        "логистикалық орталы*", "тепличн* комплекс*", "жылыжай кешен*",
    ), 1.0),
    TopicConfig("regional_economy", (
        "инвестиц*", "инвестор*", "investitsi*", "investor*", "рабоч* мест*",
        "жұмыс орн*|жұмыс орынд*", "ish o'rin*|ish oʻrin*",
        "предприяти*", "кәсіпорн*|кәсіпорын*", "завод*", "зауыт*", "фабрик*",
        "производств*", "өндіріс*", "экспорт*", "импортозамещ*", "ВРП",
        "валов* регионал* продукт*", "жалпы өңірлік өнім*", "экономик* регион*",
        "экономик* област*", "өңір* экономика*", "облыс* экономика*", "индустриализаци*",
        "индустрияланды*", "обрабатывающ* промышленност*", "өңдеу* өнеркәсіб*",
        "агропромышленн* комплекс*", "ishlab chiqarish", "korxona*",
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
        "өрт*", "зардап шек*",
    ), -0.5),
)

_VOICED = {"қ": "[қғ]", "к": "[кг]", "п": "[пб]", "Қ": "[Ққ]", "К": "[Кк]", "П": "[Пп]"}
_RU_ENDING_RE = re.compile(r"[аяоеёыиуюйь]{1,2}$")
# Between two words of a term: spaces, hyphens, quotes, at most one other word.
_GAP = r"[\s\-–—«»\"'(),]+(?:[\w\-]+[\s\-–—«»\"'(),]+)?"


def _stem_pattern(stem: str) -> str:
    """A stem and any ending; a final қ/к/п may be voiced before the ending."""
    if len(stem) > 3 and stem[-1] in _VOICED:
        return re.escape(stem[:-1]) + _VOICED[stem[-1]] + r"\w*"
    return re.escape(stem) + r"\w*"


def word_pattern(word: str, inflect: bool = True) -> str:
    """The regex for one word of a term (see the module doc for the rules)."""
    if word.endswith("*"):
        return _stem_pattern(word[:-1])
    if not inflect or len(word) <= 3 or word.isupper() or not word.isalpha():
        # Abbreviations and short words: as written, plus a hyphenated suffix (СЭЗ-ге).
        return re.escape(word) + r"(?:-\w+)?(?!\w)"
    stem = _RU_ENDING_RE.sub("", word)
    if len(stem) < 3:
        stem = word
    return _stem_pattern(stem)[:-3] + r"\w{0,6}(?!\w)"


def term_regex(term: str, flags: int = re.IGNORECASE, inflect: bool = True) -> re.Pattern[str]:
    """The compiled regex of a term; ``inflect=False`` matches words without * as written.

    ``a|b`` lists spellings of one term (кәсіпорын*|кәсіпорн*): whichever matches, it counts once.
    """
    spellings = [spelling.split() for spelling in term.split("|")]
    if not all(spellings):
        raise ValueError(f"empty term or spelling in {term!r}")
    if len(spellings) > 1:
        alternatives = "|".join(_GAP.join(word_pattern(w, inflect) for w in words)
                                for words in spellings)
        return re.compile(r"(?<!\w)(?:" + alternatives + ")", flags)
    body = _GAP.join(word_pattern(w, inflect) for w in spellings[0])
    if body[0].isalnum():
        # A literal first letter lets the regex engine scan for it quickly; the word
        # boundary is checked behind it.
        return re.compile(body[0] + r"(?<!\w.)" + body[1:], flags)
    return re.compile(r"(?<!\w)" + body, flags)


@dataclass
class TopicMatch:
    relevant: bool
    score: float
    topics: list[str]  # topics with a positive match, most specific first
    matched_terms: dict[str, list[str]] = field(default_factory=dict)  # topic -> terms
    places: list[str] = field(default_factory=list)  # gazetteer names found


@dataclass(frozen=True)
class _CompiledTopic:
    name: str
    weight: float
    terms: tuple[tuple[str, re.Pattern[str]], ...]


def _compile_places(table: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], list[str]]:
    """One alternation over every spelling, longest first, so that a region's name wins over
    the city inside it (Түркістан облысы); group ``gN`` names ``names[N]``."""
    spellings = sorted(((s, name) for name, forms in table.items() for s in forms),
                       key=lambda item: (-len(item[0].split()), -len(item[0])))
    # Case-sensitive: several names are ordinary words in lower case (орал, арыс). Forms
    # without * are exact: the gazetteer lists them so that a city does not match the
    # adjective of its region (Туркестан / Туркестанская область).
    parts = [f"(?P<g{i}>{term_regex(s, 0, inflect=False).pattern})"
             for i, (s, _) in enumerate(spellings)]
    # Every name starts with a capital: the lookahead rejects most positions at once.
    rx = re.compile(r"(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ])(?:" + "|".join(parts) + ")")
    return rx, [name for _, name in spellings]


# Gazetteer regexes (and the canonical names of their groups): also the story features' places
PLACES_RX = _compile_places(PLACES)
FOREIGN_RX = _compile_places(FOREIGN)


def find_places(text: str, foreign: bool = False) -> list[str]:
    """Canonical names of the places of Kazakhstan (or other countries) named in ``text``,
    in order of first mention."""
    rx, names = FOREIGN_RX if foreign else PLACES_RX
    found = (names[int(m.lastgroup[1:])] for m in rx.finditer(text) if m.lastgroup)
    return list(dict.fromkeys(found))


class TopicModel:
    def __init__(self, topics: tuple[TopicConfig, ...] = DEFAULT_TOPICS,
                 threshold: float = 2.0) -> None:
        self.topics = tuple(topics)
        self.threshold = float(threshold)
        self._compiled = tuple(
            # Lower-cased patterns on lower-cased text: much faster than IGNORECASE.
            _CompiledTopic(t.name, t.weight,
                           tuple((term, term_regex(term.lower(), 0)) for term in t.terms))
            for t in self.topics
        )
        self._weights = {topic.name: topic.weight for topic in self._compiled}

    @classmethod
    def from_config(cls, config: Config) -> TopicModel:
        """Built-in topics, replaced by name or extended by ``config.topics``."""
        merged: dict[str, TopicConfig] = {}
        if not config["relevance.replace_default_topics"]:
            merged.update((t.name, t) for t in DEFAULT_TOPICS)
        for topic in config.topics:
            merged[topic.name] = topic
        return cls(tuple(merged.values()), config["relevance.threshold"])

    def score(self, title: str, text: str, language: str = "") -> TopicMatch:
        title, text = title or "", text or ""
        low_title, low_text = title.lower(), text.lower()
        per_topic: dict[str, float] = {}
        matched: dict[str, list[str]] = {}
        for topic in self._compiled:
            found = []
            for term, rx in topic.terms:
                in_title = rx.search(low_title) is not None
                if in_title or rx.search(low_text):
                    found.append((term, in_title))
            if found:
                matched[topic.name] = [term for term, _ in found]
                per_topic[topic.name] = topic.weight * sum(
                    1 + (TITLE_BONUS if in_title else 0) for _, in_title in found)
        score = sum(per_topic.values())
        # The place bonus needs evidence beyond one generic word: at least one weight of
        # distinct terms (a title repeating the word does not count).
        evidence = sum(self._weights[name] * len(terms) for name, terms in matched.items()
                       if self._weights[name] > 0)
        whole = f"{title}\n{text}"
        places = find_places(whole)
        if evidence >= PLACE_EVIDENCE and places:
            score += PLACE_BONUS
        foreign = bool(score and not places and find_places(whole, foreign=True))
        if foreign:
            score *= FOREIGN_FACTOR
        # Topics that take weight away explain the score but are not what the article is about.
        # The most specific first (weight of one term), then the best scored: an industrial
        # zone says more than the regional economy's many generic words.
        ranked = sorted((name for name in per_topic if per_topic[name] > 0),
                        key=lambda name: (-self._weights[name], -per_topic[name]))
        return TopicMatch(relevant=score >= self.threshold and not foreign, score=round(score, 3),
                          topics=ranked, matched_terms=matched, places=places)
