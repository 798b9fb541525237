"""Relevance: configurable topics with an explainable score (the matched terms).

Terms are written in the syntax of monitor.article.terms; the built-in topics are in
monitor.article.topic_terms and the places in the gazetteers (monitor.article.places).

score = sum over matched terms of weight x (1 + TITLE_BONUS if also in the title), where a
term mentioned once in passing (long text, one sentence, not the title or the lead) counts
half; plus a bonus when a place of Kazakhstan is named alongside at least one weight of
evidence (one generic word such as "investment" next to a city name is not enough). A long
text whose topic sentences are a small share and miss the title and lead is scaled down by
that share: where a term stands and how central it is matter. Relevant when score >=
threshold, unless

- the story is about another country (monitor.article.places.locate): its score is also
  quartered so that it ranks low;
- it is written in a language Kazakhstan's outlets do not write their news in (anything but
  HOME_LANGUAGES) and names no place of Kazakhstan: a Turkmen, Azerbaijani or Bashkir text
  about a plant is about its own country unless it says otherwise (a Russian or Kazakh one
  from our sources is about Kazakhstan unless it says otherwise);
- crime, a court case, fraud or an accident is the story (``incidents`` in the title, or in
  as many sentences as the topic terms when the title has none of them);
- the word model (monitor.article.wordmodel), learned from labelled articles, gives the text
  a probability under ``veto_below`` (only with the built-in topics; its probability is kept
  in the match as part of the explanation);
- it is an opinion piece (Мнение:, Точка зрения, Пікір:, Көзқарас, Fikr, колонка, блог, the
  author's-view disclaimer) whose title has no topic term and whose topic sentences are a
  minority, or whose headline carries the rubric as its label («Мнение: ...») over a text
  without a single figure.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field

from monitor.article.places import FOREIGN_RX, PLACES_RX, find_places, locate
from monitor.article.terms import (
    PrefixFinder,
    fold_latin,
    fold_quotes,
    term_prefixes,
    term_regex,
    word_pattern,
)
from monitor.article.topic_terms import DEFAULT_TOPICS
from monitor.article.wordmodel import WordModel, judges
from monitor.config.settings import Config, TopicConfig

__all__ = ["DEFAULT_TOPICS", "FOREIGN_RX", "PLACES_RX", "TopicMatch", "TopicModel",
           "find_places", "term_regex", "word_pattern"]

log = logging.getLogger(__name__)

TITLE_BONUS = 1.0      # a term in the title counts this many times its weight again
PLACE_BONUS = 1.0      # added once when a place of Kazakhstan is found with a topic match
PLACE_EVIDENCE = 1.0   # weight of distinct matched terms needed before the place bonus
FOREIGN_FACTOR = 0.25  # applied when the story is about another country (never relevant then)
LONG_TEXT = 1500       # characters from which a text is long: position and centrality count
LEAD_CHARS = 300       # the lead: sentences that start within this many characters
PASSING = 0.5          # a long text's term in one body sentence only counts this share
CENTRAL_SHARE = 0.25   # below this share of topic sentences a long text's score is scaled
OPINION_SHARE = 0.5    # an opinion piece needs half its sentences on topic (or the title)
# crime and accidents, tenders, vacancies, tariffs: the story, not the economy
VETO_TOPICS = frozenset({"incidents", "routine"})

_SENTENCE_END_RE = re.compile(r"\n+|(?<=[.!?…])\s+(?=[«\"(]?[\w])")
_OPINION_RE = re.compile(
    r"^\s*(?:мнение|особое мнение|точка зрения|реплика|эссе|пікір|ой-пікір|ой толғау|"
    r"колонка|авторская колонка|авторлық колонка|блог|column|opinion|op-ed|commentary|"
    r"viewpoint|fikr|фикр|нуқтаи назар|nuqtai nazar|мулоҳаза|mulohaza|көзқарас)\b|"
    r"мнение автора|позици\w* редакции|автордың пікірі|"
    r"редакция\w* ұстаным|muallif fikri|муаллиф фикри", re.IGNORECASE)

_DIGIT_RE = re.compile(r"\d")
GENERIC_TOPICS = frozenset({"regional_economy"})
HOME_COUNTRY = "Казахстан"
# The languages Kazakhstan's outlets write in: a story in one of them that names no place is
# taken to be domestic. "" and "und": the language is unknown, the rules decide alone.
HOME_LANGUAGES = frozenset({"ru", "kk", "", "und"})
_MACRO_RE = re.compile(
    r"ВВП|ЖІӨ|ЖІӨ-і|YaIM|ЯИМ|\bGDP\b|валов\w* внутренн\w* продукт|основной капитал"
    r"|негізгі капитал|asosiy kapital|асосий капитал|fixed capital|инфляци|инфляция"
    r"|inflyatsiya|inflation|экономика Казахстана|экономика страны|Қазақстан экономикасы"
    r"|ел экономикасы|Kazakhstan's economy|Qozog'iston iqtisodiyoti|Қозоғистон иқтисодиёти",
    re.IGNORECASE)
NEGATIVE_TOPICS = frozenset({"incidents", "leisure", "personal_finance", "routine",
                             "social_facilities"})
# An event in the headline: a conference, forum, seminar, summit, exhibition, round table.
_EVENT_RE = re.compile(
    r"конференци|форум|семинар|саммит|круглый стол|круглом столе|выставк|конгресс|вебинар"
    r"|обсудили|обсуждени|обсуждали|талқылад|талқылан|muhokama|discussed"
    r"|конференция|жиын|дөңгелек үстел|көрме|konferensiya|forum|seminar|anjuman|ko.rgazma"
    r"|conference|summit|webinar|exhibition|round table", re.IGNORECASE)
# The headline's own rubric label: «Мнение: ...», «Пікір: ...», «Fikr | ...».
_OPINION_LABEL_RE = re.compile(
    r"^\s*(?:мнение|особое мнение|точка зрения|реплика|колонка|авторская колонка|пікір"
    r"|ой-пікір|көзқарас|авторлық колонка|fikr|фикр|мулоҳаза|mulohaza|opinion|op-ed|column"
    r"|commentary|viewpoint)\s*[:|—–]", re.IGNORECASE)


@dataclass
class TopicMatch:
    relevant: bool
    score: float
    topics: list[str]  # topics with a positive match, most specific first
    matched_terms: dict[str, list[str]] = field(default_factory=dict)  # topic -> terms
    places: list[str] = field(default_factory=list)  # places of Kazakhstan locating the story
    # The word model's probability when the rules found the article relevant (None otherwise,
    # or without the model); under the veto threshold it made the article not relevant.
    model_probability: float | None = None


@dataclass(frozen=True)
class _Term:
    term: str
    rx: re.Pattern[str]
    prefixes: frozenset[str]  # empty: always searched


@dataclass(frozen=True)
class _CompiledTopic:
    name: str
    weight: float
    terms: tuple[_Term, ...]


@dataclass(frozen=True)
class _Found:
    """One matched term: where it stands."""
    term: str
    in_title: bool
    units: frozenset[int]  # sentences of the text that hold it
    value: float           # its share of the topic's weight: 1, 1 + TITLE_BONUS, PASSING


class _Layout:
    """The text cut into sentences (units), its lead, and whether it is long."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(text)]
        self.lead = max(1, bisect.bisect_left(self.starts, LEAD_CHARS))
        self.long = len(text) >= LONG_TEXT and len(self.starts) >= 8

    def units(self, rx: re.Pattern[str]) -> frozenset[int]:
        return frozenset(bisect.bisect_right(self.starts, m.start()) - 1
                         for m in rx.finditer(self.text))

    def value(self, in_title: bool, units: frozenset[int]) -> float:
        if in_title:
            return 1 + TITLE_BONUS
        if self.long and len(units) == 1 and min(units) >= self.lead:
            return PASSING
        return 1.0


@functools.cache
def shipped_word_model() -> WordModel | None:
    """The word model fitted on our labelled sets, loaded once per process."""
    return WordModel.load()


class TopicModel:
    def __init__(self, topics: tuple[TopicConfig, ...] = DEFAULT_TOPICS,
                 threshold: float = 2.0, *, word_model: WordModel | None | str = "shipped",
                 veto_below: float = 0.4) -> None:
        """``word_model``: "shipped" uses the built-in model, and only with the built-in
        topics (it learned what they are about); None: the rules alone."""
        self.topics = tuple(topics)
        self.threshold = float(threshold)
        if word_model == "shipped":
            word_model = shipped_word_model() if self.topics == DEFAULT_TOPICS else None
        self.word_model: WordModel | None = word_model  # type: ignore[assignment]
        self.veto_below = float(veto_below)
        self._compiled = tuple(
            # Lower-cased patterns on lower-cased text: much faster than IGNORECASE.
            _CompiledTopic(t.name, t.weight, tuple(_compile(term) for term in t.terms))
            for t in self.topics
        )
        self._weights = {topic.name: topic.weight for topic in self._compiled}
        # Hundreds of terms, a few of them in a text: one pass finds which can match at all.
        self._finder = PrefixFinder(p for topic in self._compiled for term in topic.terms
                                    for p in term.prefixes)

    @classmethod
    def from_config(cls, config: Config) -> TopicModel:
        """Built-in topics, replaced by name or extended by ``config.topics``."""
        merged: dict[str, TopicConfig] = {}
        if not config["relevance.replace_default_topics"]:
            merged.update((t.name, t) for t in DEFAULT_TOPICS)
        for topic in config.topics:
            merged[topic.name] = topic
        veto = float(config["relevance.word_model_veto"])
        return cls(tuple(merged.values()), config["relevance.threshold"],
                   word_model="shipped" if veto > 0 else None, veto_below=veto)

    def _find(self, title: str, layout: _Layout) -> dict[str, list[_Found]]:
        found: dict[str, list[_Found]] = {}
        present = self._finder.present(f"{title}\n{layout.text}")
        for topic in self._compiled:
            for term in topic.terms:
                if term.prefixes and not term.prefixes & present:
                    continue
                in_title = term.rx.search(title) is not None
                units = layout.units(term.rx) if term.rx.search(layout.text) else frozenset()
                if in_title or units:
                    found.setdefault(topic.name, []).append(
                        _Found(term.term, in_title, units, layout.value(in_title, units)))
        return found

    def score(self, title: str, text: str, language: str = "") -> TopicMatch:
        title, text = fold_quotes(title or ""), fold_quotes(text or "")
        # Kazakh Latin variants folded in the text as in the terms (same length: the opinion
        # rubrics below are read in the text as written).
        layout = _Layout(fold_latin(text).lower())
        found = self._find(fold_latin(title).lower(), layout)
        per_topic = {name: self._weights[name] * sum(f.value for f in hits)
                     for name, hits in found.items()}
        score = sum(per_topic.values())
        positive = [f for name, hits in found.items() if self._weights[name] > 0 for f in hits]
        # The place bonus needs evidence beyond one generic word: at least one weight of
        # distinct terms (a title repeating the word does not count).
        evidence = sum(self._weights[name] * min(f.value, 1.0) for name, hits in found.items()
                       if self._weights[name] > 0 for f in hits)
        where = locate(f"{title}\n{text}", language)
        if evidence >= PLACE_EVIDENCE and where.places:
            score += PLACE_BONUS
        score *= self._centrality(layout, positive)
        elsewhere = bool(score and where.elsewhere)
        if elsewhere:
            score *= FOREIGN_FACTOR
        vetoed = (self._vetoed(found, positive) or _talk_only(title, found)
                  or _national_figure(title)
                  or _opinion_unfocused(title, text, layout, positive))
        unplaced = language not in HOME_LANGUAGES and not where.places
        relevant = score >= self.threshold and not (elsewhere or vetoed or unplaced)
        probability = None
        if relevant and self.word_model is not None and judges(language, text):
            probability = round(self.word_model.probability(title, text), 3)
            relevant = probability >= self.veto_below
        return TopicMatch(relevant=relevant, score=round(score, 3), topics=self._ranked(per_topic),
                          matched_terms={name: [f.term for f in hits]
                                         for name, hits in found.items()},
                          places=where.places, model_probability=probability)

    def _ranked(self, per_topic: dict[str, float]) -> list[str]:
        """Topics that take weight away explain the score but are not what the article is
        about. The most specific first (weight of one term), then the best scored: an
        industrial zone says more than the regional economy's many generic words."""
        return sorted((name for name in per_topic if per_topic[name] > 0),
                      key=lambda name: (-self._weights[name], -per_topic[name]))

    @staticmethod
    def _centrality(layout: _Layout, positive: list[_Found]) -> float:
        """1, or the share of a long text's sentences with topic terms over CENTRAL_SHARE when
        none of them is in the title or the lead (passing mentions in a long text)."""
        if not layout.long or any(f.in_title for f in positive):
            return 1.0
        units = frozenset().union(*(f.units for f in positive))
        if units and min(units) < layout.lead:
            return 1.0
        return min(1.0, _share(units, layout) / CENTRAL_SHARE)

    def _vetoed(self, found: dict[str, list[_Found]], positive: list[_Found]) -> bool:
        """Crime, an accident or a project's routine business is the story: named in the
        title, or (crime and accidents) in as many sentences as the topic terms when the title
        names none of them."""
        if any(f.in_title for name in VETO_TOPICS & found.keys() for f in found[name]):
            return True
        # In the body only crime and accidents can outweigh the project: a budget story that
        # also pays for road repairs is still about the budget.
        incidents = found.get("incidents", [])
        if not incidents:
            return False
        return not any(f.in_title for f in positive) and (
            len(frozenset().union(*(f.units for f in incidents)))
            >= len(frozenset().union(*(f.units for f in positive))))


def _compile(term: str) -> _Term:
    folded = fold_latin(term.lower())
    return _Term(term, term_regex(folded, 0), term_prefixes(folded))


def _share(units: frozenset[int], layout: _Layout) -> float:
    return len(units) / len(layout.starts)


def _national_figure(title: str) -> bool:
    """A headline of the country's macro figures (GDP, investment in fixed capital,
    inflation, the economy's growth) naming no region or town: national statistics, not the
    regional economy, even when the text lists the leading regions. (The title's places are
    looked up only for such a headline.)"""
    return bool(_MACRO_RE.search(title)) and not set(find_places(title)) - {HOME_COUNTRY}


def _talk_only(title: str, found: dict[str, list[_Found]]) -> bool:
    """A conference, forum or seminar whose only topic words are the economy's generic ones
    (investment, enterprises): talk about investment, not a project."""
    if not _EVENT_RE.search(title):
        return False
    positive = {name for name, hits in found.items() if hits and name not in GENERIC_TOPICS}
    return not positive - NEGATIVE_TOPICS


def _opinion_unfocused(title: str, text: str, layout: _Layout, positive: list[_Found]) -> bool:
    """An opinion piece (column, op-ed) that only mentions the economy in passing, or whose
    headline is labelled as one («Мнение: почему индустриальные зоны пустуют») and whose
    text gives no figure: a view on the economy, not news of a project."""
    if _OPINION_LABEL_RE.match(title) and not _DIGIT_RE.search(text):
        return True  # a labelled column without a single figure: views, not a project
    if not (_OPINION_RE.search(title) or _OPINION_RE.search(text[:200])
            or _OPINION_RE.search(text[-400:])):
        return False
    if any(f.in_title for f in positive):
        return False
    return _share(frozenset().union(*(f.units for f in positive)), layout) < OPINION_SHARE
