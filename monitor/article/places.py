"""Where a story happens: the places of Kazakhstan and of other countries that it names.

Names come from the gazetteers (monitor.article.gazetteer, gazetteer_foreign) at three levels:
a country, a region or city, and for Kazakhstan the abbreviations РК / ҚР. :func:`locate`
decides whether a story is about Kazakhstan:

- a region or city of Kazakhstan places it there;
- РК and ҚР also abbreviate Russia's republics (Карелия, Коми, Крым, Калмыкия) and, in Uzbek,
  Karakalpakstan: they stand for Kazakhstan only when no foreign region is named and no
  official of another republic («Глава РК», «Совмин РК») appears;
- Kazakhstan named by its country name next to a foreign region is a neighbour or a market
  («на границе с Казахстаном», «экспорт в Казахстан») unless the story says something happens
  *in* Kazakhstan (locative: в Казахстане, Қазақстанда, Qozog'istonda);
- a name inside a longer one of the other gazetteer is not a place of its own
  (Петропавловск-Камчатский is not Petropavl), and a border town's other side («китайская
  часть Хоргоса», «Хоргостың қытай бөлігі») is the neighbour's;
- a story placed abroad in its lead (title and first sentence: «завод в Египте», a foreign
  region) that names Kazakhstan only later and no more often («компания работает и в
  Алматы»), or in its lead only as a company's origin («казахстанская компания построит
  завод в Навоийской области»), is about the other country;
- a country's adjective or its city's (монгольский, иранский, турецкий, бакинский, түрік,
  Turkish) names that country when it stands in the lead, in any case: a story whose lead
  names only foreign places is about them. Compounds (российско-казахстанский) and a lead
  that also says «казахстанский» / «отечественный» do not count.

Kazakh Latin variants are folded in the spellings and the text alike
(monitor.article.terms.fold_latin): Qarağandı, Qaragandy and Qarağandy are one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from monitor.article.gazetteer import FOREIGN_ADJECTIVES, FOREIGN_COUNTRIES, FOREIGN_REGIONS, PLACES
from monitor.article.terms import fold_latin, fold_text, term_pattern

COUNTRY, REGION, ABBREVIATION = "country", "region", "abbreviation"
_ABBREVIATIONS = frozenset({"РК", "ҚР"})
_HOME_COUNTRY = "Казахстан"
# Officials that Kazakhstan does not have: the head, council of ministers or state council of a
# Russian republic (Kazakhstan has a President and a Government).
_OTHER_REPUBLIC_RE = re.compile(
    r"(?:[Гг]лав\w*|[Вв]рио главы|[Сс]овмин\w*|[Сс]овет\w* [Мм]инистров|[Гг]оссовет\w*|"
    r"[Гг]осударственн\w* [Сс]овет\w*|[Мм]инпромторг\w*|[Мм]инэкономразвития)\s+(?:РК|ҚР)\b")
# After the country's stem: Russian prepositional, Kazakh / Kyrgyz / Tatar / Uzbek locative.
_LOCATIVE_RE = re.compile(
    r"(?:стан|стон|stan|ston)(?:е|і|да|де|та|те|дағы|дегі|даги|dagi|da|de|dağy|dağı)$")
# English "in Kazakhstan" (Russian "в Казахстан" is "to Kazakhstan": not a place of the story)
_IN_BEFORE_RE = re.compile(r"\bin\s+$")
# A foreign country's name that places the story there: Kazakh / Uzbek / Kyrgyz locative, or
# Russian «в Египте», Ukrainian «у Єгипті», English «in Egypt» before it.
_ABROAD_LOCATIVE_RE = re.compile(r"(?:да|де|та|те|дағы|дегі|тағы|тегі|даги|da|de|ta|te|dagi)$")
_PREPOSITION_BEFORE_RE = re.compile(r"(?:^|\s)(?:[Вв]о?|[Уу]|[Нн]а)\s+$")
_PREPOSITIONAL_RE = re.compile(r"(?:[еиі]|ах|ях)$")  # «в Египте», not «в Россию»
# The title line and the first sentence after it
_LEAD_END_RE = re.compile(r"[.!?…](?=\s|$)")
# «китайская часть Хоргоса», «на китайской стороне», «Хоргостың қытай бөлігінде»: the
# neighbour's side of a border town (adjective -> country)
_SIDE_ADJECTIVES = {"китайск": "Китай", "қытай": "Китай", "xitoy": "Китай",
                    "chinese": "Китай", "российск": "Россия", "ресей": "Россия",
                    "узбекск": "Узбекистан", "өзбек": "Узбекистан", "кыргызск": "Кыргызстан",
                    "қырғыз": "Кыргызстан"}
_SIDE = r"(?:част|сторон|бөлі|тарап|qism|side|part)"
_ADJ = "(" + "|".join(_SIDE_ADJECTIVES) + ")"
_SIDE_BEFORE_RE = re.compile(_ADJ + r"\w*\s+" + _SIDE + r"\w*\s+(?:of\s+)?$", re.IGNORECASE)
_SIDE_AFTER_RE = re.compile(r"^\w*\s+" + _ADJ + r"\w*\s+" + _SIDE, re.IGNORECASE)
# Towns on both sides of a border: the other country named right before the name («ҚХР-дың
# Қорғас қаласында», «Қытайдың Шыңжаң ... қарасты Қорғас», «в китайском Хоргосе») puts it there.
_BORDER_TOWNS = frozenset({"Хоргос"})
# «Хоргос в Синьцзян-Уйгурском автономном районе КНР», «Хоргос (КНР)»
_CHINA_AFTER_RE = re.compile(
    r"\s*(?:\(|,|в|на территории|in)?\s*(?:Синьцзян|КНР|Китая|ҚХР|Қытай|Шыңжаң|Xinjiang|China)",
    re.IGNORECASE)
_COUNTRY_BEFORE_RE = re.compile(
    r"(?:(?:ҚХР|КНР|PRC)(?:-?(?:дың|ның|тың|ning))?|(Қытай|Xitoy)(?:дың|ning)|China's)"
    r"(?:\s+[\w-]+){0,4}\s+$|" + _ADJ + r"\w*\s+$", re.IGNORECASE)

Table = list[tuple[str, str, str]]  # (spelling, canonical name, level)


@dataclass(frozen=True)
class Hit:
    name: str
    level: str
    start: int
    end: int
    form: str


_CAPITALS = "A-ZÄÖÜŞĞİА-ЯЁӘҒҚҢӨҰҮҺІЎҲ"
_NAME_START_RE = re.compile(f"(?<!\\w)[{_CAPITALS}]")


class _Gazetteer:
    """Every spelling of a table, longest first, so that a region's name wins over the city
    inside it (Түркістан облысы). At each capitalised word only the spellings that start with
    its letter are tried (one regex per letter: compiling and scanning one alternation of
    every spelling is several times slower); a match's group ``gN`` names ``names[N]`` at
    ``levels[N]``."""

    def __init__(self, items: Table) -> None:
        items = sorted(items, key=lambda item: (-len(item[0].split()), -len(item[0])))
        self.names = [name for _, name, _ in items]
        self.levels = [level for _, _, level in items]
        # Case-sensitive: several names are ordinary words in lower case (орал, арыс). Forms
        # without * are exact: the gazetteer lists them so that a city does not match the
        # adjective of its region (Туркестан / Туркестанская область).
        by_letter: dict[str, list[str]] = {}
        for i, (spelling, _, _) in enumerate(items):
            spelling = fold_latin(spelling)
            by_letter.setdefault(spelling[0], []).append(
                f"(?P<g{i}>{term_pattern(spelling, inflect=False)})")
        # Compiled on first use: importing the module stays cheap (a crawl process starts
        # fast) and a letter never met costs nothing.
        self._sources = {letter: "|".join(group) for letter, group in by_letter.items()}
        self._compiled: dict[str, re.Pattern[str]] = {}

    def _letter(self, letter: str) -> re.Pattern[str] | None:
        rx = self._compiled.get(letter)
        if rx is None and letter in self._sources:
            rx = self._compiled[letter] = re.compile(self._sources[letter])
        return rx

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping matches, left to right, like ``re.Pattern.finditer`` (on the text
        with Kazakh Latin variants folded: the same length, so the same positions)."""
        text = fold_text(text)
        end = 0
        for start in _NAME_START_RE.finditer(text):
            rx = self._letter(start.group())
            m = rx.match(text, start.start()) if rx and start.start() >= end else None
            if m and m.lastgroup:
                end = m.end()
                yield m

    def hits(self, text: str) -> list[Hit]:
        return [Hit(self.names[i], self.levels[i], m.start(), m.end(), m.group())
                for m in self.finditer(text) if m.lastgroup for i in [int(m.lastgroup[1:])]]


def _home_items() -> Table:
    return [(s, name, ABBREVIATION if s in _ABBREVIATIONS
             else COUNTRY if name == _HOME_COUNTRY else REGION)
            for name, forms in PLACES.items() for s in forms]


def _abroad_items() -> Table:
    return ([(s, name, COUNTRY) for name, forms in FOREIGN_COUNTRIES.items() for s in forms]
            + [(s, name, REGION) for name, forms in FOREIGN_REGIONS.items() for s in forms])


def _adjectives_rx() -> re.Pattern[str]:
    """Every foreign adjective, any case, a group per country (``a0``, ``a1`` ...); not the
    first half of a compound (российско-казахстанский)."""
    return re.compile("|".join(
        f"(?P<a{i}>(?:{'|'.join(term_pattern(fold_latin(s.lower()), inflect=False) for s in forms)}"
        r"))(?![-\w])" for i, forms in enumerate(FOREIGN_ADJECTIVES.values())), re.IGNORECASE)


_ADJECTIVES_RX = _adjectives_rx()
_ADJECTIVE_COUNTRIES = list(FOREIGN_ADJECTIVES)
# Kazakhstan's own adjective in the lead: a foreign adjective there names a partner.
_HOME_ADJECTIVE_RE = re.compile(
    r"(?<!\w)(?:казахстанск|қазақстандық|отечественн|отандық|qazaqstandiq|kazakhstani|"
    r"qozog'istonlik|қозоғистонлик)", re.IGNORECASE)


def _adjective_hits(text: str) -> list[Hit]:
    """Foreign adjectives in the lead (the title and the first sentence)."""
    lead = text[:_lead_end(text)]
    if _HOME_ADJECTIVE_RE.search(lead):
        return []
    return [Hit(_ADJECTIVE_COUNTRIES[int(m.lastgroup[1:])], COUNTRY, m.start(), m.end(),
                m.group()) for m in _ADJECTIVES_RX.finditer(lead) if m.lastgroup]


_HOME = _Gazetteer(_home_items())
_ABROAD = _Gazetteer(_abroad_items())
# Gazetteer matchers and the canonical names of their groups (also the story features' places)
PLACES_RX = (_HOME, _HOME.names)
FOREIGN_RX = (_ABROAD, _ABROAD.names)


@dataclass(frozen=True)
class Whereabouts:
    places: list[str]   # places of Kazakhstan that locate the story, first mention first
    abroad: list[str]   # other countries named (at either level)
    elsewhere: bool     # about another country: foreign names, none of Kazakhstan stands


def _uncovered(hits: list[Hit], others: list[Hit]) -> list[Hit]:
    """Hits not inside a longer name of the other gazetteer."""
    return [h for h in hits if not any(o.start <= h.start and h.end <= o.end
                                       and o.end - o.start > h.end - h.start for o in others)]


def _located_in(text: str, hit: Hit) -> bool:
    """Does this mention put the story in Kazakhstan (not next to it)?"""
    return (hit.level != COUNTRY or bool(_LOCATIVE_RE.search(hit.form))
            or bool(_IN_BEFORE_RE.search(text[max(0, hit.start - 4):hit.start])))


def _other_side(text: str, hit: Hit) -> str:
    """The neighbour whose side of a border town this mention names, or ''."""
    m = (_SIDE_BEFORE_RE.search(text[max(0, hit.start - 40):hit.start])
         or _SIDE_AFTER_RE.search(text[hit.end:hit.end + 40]))
    if m:
        return _SIDE_ADJECTIVES[m.group(1).lower()]
    if hit.name in _BORDER_TOWNS:
        m = _COUNTRY_BEFORE_RE.search(text[max(0, hit.start - 80):hit.start])
        if m:
            return _SIDE_ADJECTIVES.get((m.group(2) or "").lower(), "Китай")
        if _CHINA_AFTER_RE.match(text, hit.end):
            return "Китай"
    return ""


def _abroad_located(text: str, hit: Hit) -> bool:
    """Does this foreign name place the story in its country (not name a partner)?"""
    return (hit.level == REGION or bool(_ABROAD_LOCATIVE_RE.search(hit.form))
            or bool(_IN_BEFORE_RE.search(text[max(0, hit.start - 4):hit.start]))
            or (bool(_PREPOSITIONAL_RE.search(hit.form))
                and bool(_PREPOSITION_BEFORE_RE.search(text[max(0, hit.start - 4):hit.start]))))


def _lead_end(text: str) -> int:
    title_end = text.find("\n") + 1
    m = _LEAD_END_RE.search(text, title_end)
    return m.end() if m else len(text)


_FROM_BEFORE_RE = re.compile(r"(?:^|\s)(?:из|from)\s+$", re.IGNORECASE)
# English: «Almaty-based Steppe Capital», «Steppe Cargo Group JSC of Almaty».
_BASED_AFTER_RE = re.compile(r"-based\b|\s+based\b")
_OF_COMPANY_BEFORE_RE = re.compile(
    r"\b(?:JSC|LLP|LLC|Ltd|Inc|Group|Holding|Company|company|firm)\s+of\s+$")
# (not the -стан of a name: «Түркістан», «Kazakistan»)
_ABLATIVE_RE = re.compile(r"(?<![сs])(?:дан|ден|тан|тен|нан|нен|dan|den|tan|ten)$",
                          re.IGNORECASE)
# An adjective of origin: «казахстанская компания», «қазақстандық», «qozog'istonlik»,
# «Қостанайлық ЖШС» say where a company comes from, not where the story happens.
_ORIGIN_RE = re.compile(r"(?:ск(?:ий|ая|ое|ие|ого|ой|ому|им|их|ую|ом)|лық|лік|дық|дік|тық|тік"
                        r"|lik|liq|лик)$", re.IGNORECASE)


def _passing(text: str, home: list[Hit], abroad: list[Hit]) -> bool:
    """Kazakhstan named only after a lead that places the story abroad (or in it only as
    the origin of a company, a neighbour or part of a quoted name), and no more often than
    the foreign place."""
    lead = _lead_end(text)
    located = [h for h in abroad if _abroad_located(text, h)]
    placing = [h for h in home if not _ORIGIN_RE.search(h.form) and _located_in(text, h)
               and not _quoted(text, h) and not _from(text, h)]
    return (bool(home) and all(h.start >= lead for h in placing)
            and any(h.start < lead for h in located) and len(placing) <= len(located))


def _from(text: str, hit: Hit) -> bool:
    """Named as where a company comes from: «из Петропавловска», «from Almaty», the Kazakh
    and Uzbek ablative («Қостанайдан», «Qostanaydan»), «Almaty-based», «JSC of Almaty»."""
    return bool(_FROM_BEFORE_RE.search(text[max(0, hit.start - 6):hit.start])
                or _ABLATIVE_RE.search(hit.form)
                or _BASED_AFTER_RE.match(text, hit.end)
                or _OF_COMPANY_BEFORE_RE.search(text[max(0, hit.start - 16):hit.start]))


def _quoted(text: str, hit: Hit) -> bool:
    """Inside «...» on its line: part of a company's name («Kostanay Grain Mills»)."""
    line = text[text.rfind("\n", 0, hit.start) + 1:hit.start]
    return line.count("«") > line.count("»")


def locate(text: str, language: str = "") -> Whereabouts:
    """The places of Kazakhstan a story is located in, and whether it is about elsewhere."""
    text = fold_text(text)
    home, abroad = _HOME.hits(text), _ABROAD.hits(text)
    abroad += [h for h in _adjective_hits(text)
               if not any(o.start <= h.start < o.end for o in home + abroad)]
    home, abroad = _uncovered(home, abroad), _uncovered(abroad, home)
    sides = {id(h): _other_side(text, h) for h in home}
    abroad += [Hit(sides[id(h)], REGION, h.start, h.end, h.form) for h in home if sides[id(h)]]
    home = [h for h in home if not sides[id(h)]]
    abroad_region = any(h.level == REGION for h in abroad)
    if abroad_region or _OTHER_REPUBLIC_RE.search(text):
        home = [h for h in home if h.level != ABBREVIATION]
    elif language == "uz":  # Uzbek ҚР is Қорақалпоғистон Республикаси
        home = [h for h in home if h.form != "ҚР"]
    if abroad_region and not any(_located_in(text, h) for h in home):
        home = []  # Kazakhstan as a neighbour or a market of a foreign region's project
    if _passing(text, home, abroad):
        home = []
    places = list(dict.fromkeys(h.name for h in home))
    countries = list(dict.fromkeys(h.name for h in abroad))
    return Whereabouts(places, countries, elsewhere=not places and bool(countries))


def find_places(text: str, foreign: bool = False) -> list[str]:
    """Canonical names of the places of Kazakhstan (or other countries) named in ``text``,
    in order of first mention; no judgement on which of them locate the story."""
    found = (h.name for h in (_ABROAD if foreign else _HOME).hits(fold_text(text)))
    return list(dict.fromkeys(found))
