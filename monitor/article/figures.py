"""The numbers readers look for first: money, jobs, area, counts, with their sentence.

Russian and Kazakh news write numbers with spaces (also no-break and thin spaces) between
thousands and a comma before decimals ("1 175", "1,2 трлн", "$543,5 млн"), and scale words
that are inflected ("185 миллиард", "13 мыңға жуық"). Each figure is normalised to a value in
units (tenge, dollars, jobs, hectares, projects) and keeps the sentence it came from. The
numbers and scale words are read by numbers.py, as the same-story keys read them; numbers in
words by numwords.py («девять миллионов рублей»); currencies by currencies.py; jobs stated as
people employed («обеспечит работой 280 человек», «130 адам жұмыспен қамтылады») by
staffing.py. A count of people that repeats the jobs of its sentence («будут работать 2 500
человек, создано 2 500 рабочих мест») is one figure, not two.

A number is no figure when it is part of something else: a name («COVID-19», «Ан-2», «№5»),
a clock time or a date («19:00», «12.05.2024»), a phone number, an ordinal («5-й завод»,
«3-ші зауыт»), a machine value (65099999999.99999: more than four decimals), or one unit of
a rate («1 доллар — 512 теңге»: the 512 теңге is the figure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from monitor.article.currencies import CURRENCY, PREFIX, QUALIFIER, currency_code
from monitor.article.numbers import (
    LETTER_SCALE,
    NUMBER,
    SCALE,
    parse_number,
    scale_factor,
    two_part_sum,
)
from monitor.article.numwords import WORD_NUMBER, words_value
from monitor.article.staffing import staff_matches

# A scale word, or an English one-letter abbreviation: here a currency or a unit follows.
_SCALE = f"{SCALE}|{LETTER_SCALE}"
# Digits, or words where money and jobs are read («два миллиарда», «пять тысяч»).
_NUM = rf"(?:{NUMBER}|{WORD_NUMBER})"
# A case ending glued to the number: hyphenated («600-ден», «5-ти») or, in Uzbek and Kazakh,
# written on («250дан ортиқ»).
_ENDING = r"(?:-[^\W\d_]+|(?:дан|ден|тан|тен|нан|нен|га|ға|ге|та|dan|ga|ta)(?![^\W\d_]))?"

# Words allowed between a number and what it counts ("13 мыңға жуық жаңа жұмыс орны",
# "1,5 мингдан ортиқ иш ўрни", "250 dan ortiq ish o‘rni", "500 та янги иш ўрни"): adverbs of
# quantity, "new/permanent/additional", and the Turkic case endings and counter words
# (-га, -дан, та/ta) written apart from the number.
_FILLER_WORDS = (
    "жуық|астам|шамасында|ға|ге|ден|дан|нан|тан|жаңа|тұрақты|уақытша|қосымша|"  # kk
    "около|более|свыше|порядка|примерно|новых|новые|постоянных|временных|"  # ru
    "дополнительных|до|почти|"
    "га|та|ортиқ|зиёд|яқин|янги|доимий|қўшимча|мавсумий|"  # uz Cyrillic
    "ga|ta|dan|ortiq|ziyod|yaqin|yangi|doimiy|qo.shimcha|mavsumiy|"  # uz Latin
    "astam|jaña|jūyq|жаңы|туруктуу|жакын|ашык|"  # kk Latin, ky
    "понад|близько|майже|нових|постійних|яңа|якын|яҡын|яңы|артык|саҥа|шэнэ|"  # uk, tt/ba, sah, bua
    "гаруй|yeni|täze|"  # mn, az/tr, tk
    "new|permanent|additional|direct"
)
_FILLER = rf"(?:(?:{_FILLER_WORDS})\s+){{0,3}}"

_JOBS_WHAT = (
    r"рабоч\w*\s+мест\w*|робоч\w*\s+міс[цт]\w*|"  # ru, uk
    r"жұмыс\s+ор(?:ын|н)\w*|j[ūu]m[yı]s\s+or(?:[yı]n|n)\w*|жумуш\s+ор(?:ду|ун)\w*|"  # kk, ky
    r"иш\s+(?:ўри?н|жой)\w*|ish\s+(?:o[‘'ʻ’`]?ri?n|joy)\w*|"  # uz
    r"эш\s+урын\w*|үлэ\s+миэстэ\w*|ажалай\s+һуури\w*|jobs?|"  # tt/ba, sah, bua, en
    r"рабоч\w*\s+месц\w*|працоўн\w*\s+месц\w*|"  # be
    r"ҷо(?:и|йи)\s+(?:нави\s+)?корӣ|ажлын\s+байр\w*|"  # tg, mn
    r"kişi\w*\s+(?:istihdam|iş\s+imkân\w*)|"  # tr
    r"(?:yeni\s+)?iş\s+yer\w*|(?:täze\s+)?iş\s+orn\w*"  # az, tk
)
# «га»/«ha» glued to a word is a case ending («5 миллионга теңкә»), not hectares; the Uzbek
# Latin «ga» is hectares only before land («12 ga maydonda»), see _hectare_is_dative.
_AREA_WHAT = (r"гектар\w*|gektar\w*|hektar\w*|(?<![^\W\d_])(?:га|ha|ga)(?!\w)|-?hectares?|"
              r"кв\.?\s?км|км²|шаршы\s+шақырым\w*")
_COUNT_WHAT = (
    r"(?:(?:инвестиционн|индустриальн|промышленн|производственн|крупн|новы)\w*\s+)?"
    r"проект\w*|(?:(?:инвестициялық|индустриялық|ірі)\s+)?жоба\w*|loyiha\w*|лойиҳа\w*|"
    r"(?:индустриальн|промышленн|специальн|свободн)\w*\s+(?:экономическ\w*\s+)?зон\w*|"
    r"(?:индустриалды|индустриялық|өнеркәсіптік|өндірістік|арнайы|еркін)\s+"
    r"(?:экономикалық\s+)?айма[қғ]\w*|"
    r"(?:индустриальн|промышленн)\w*\s+парк\w*|(?:индустриалды|индустриялық)\s+парк\w*|"
    r"предприяти\w*|кәсіпорын\w*|кәсіпорн\w*|завод\w*|зауыт\w*|корхона\w*|korxona\w*"
)

# A sum may be written in two parts, larger scale first: "8 миллиард 100 миллион теңге".
_MONEY_RE = re.compile(
    rf"(?:(?P<pre>{PREFIX})\s?)?(?:(?P<big>{_NUM})\s*(?P<bigscale>{_SCALE})\s+(?=\w))?"
    rf"(?P<num>{_NUM})(?:-[^\W\d_]+)?\s*(?P<scale>{_SCALE})?\s*"
    rf"(?:{QUALIFIER})?(?P<cur>{CURRENCY})?(?!\w)", re.IGNORECASE)
_JOBS_RE = re.compile(
    rf"(?:(?P<big>{_NUM})\s*(?P<bigscale>{_SCALE})\s+(?=\w))?"
    rf"(?P<num>{_NUM}){_ENDING}\s*(?P<scale>{_SCALE})?\s+{_FILLER}(?P<what>{_JOBS_WHAT})",
    re.IGNORECASE)
_AREA_RE = re.compile(
    rf"(?P<num>{_NUM})(?:-[^\W\d_]+)?\s*(?P<scale>{_SCALE})?\s*(?P<what>{_AREA_WHAT})",
    re.IGNORECASE)
_COUNT_RE = re.compile(
    rf"(?P<num>{NUMBER}){_ENDING}\s+{_FILLER}(?P<what>{_COUNT_WHAT})", re.IGNORECASE)

# Every figure pattern starts with a number in digits or words, or a currency sign before one.
# One pass finds where those can start; the large patterns are then tried there only (run
# over a whole sentence they try every position, and cost five times as much).
_START_RE = re.compile(rf"(?=(?<![\d.,])\d|{WORD_NUMBER}|{PREFIX})", re.IGNORECASE)

# «из них», «в том числе», «оның ішінде», «shundan», «of which» and a sum with a scale word but
# no currency of its own (a currency after it makes it an ordinary match).
_ELIDED_RE = re.compile(
    rf"(?:из них|из которых|в том числе|оның ішінде|shundan|шундан|of which|including)\s+"
    rf"(?P<num>{_NUM})\s*(?P<scale>{SCALE})(?!\w)(?!\s*(?:{QUALIFIER})?(?:{CURRENCY}))",
    re.IGNORECASE)

_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9$])|\n+")
# Before a number: a letter or a letter and a hyphen (a name: «COVID-19», «Ан-2», «A1»), a
# number sign, a plus (phones), digits and a colon or a slash (times, ratios: «19:00», «1/2»;
# «Бюджет:5 млрд» is a sum).
_LABEL_BEFORE = re.compile(r"(?:[^\W\d_]-?|№\s?|\+|\d[:/])$")
# After a number: more digits after a colon, a slash, a point or a comma (times, dates,
# versions) or a hyphen (phones «123-45-67»), or an ordinal ending («5-й», «3-ші», «2-chi»).
_LABEL_AFTER = re.compile(
    r"(?:[:/.,]|-)\d|-(?:й|я|е|го|ого|му|ому|м|ом|ый|ий|ая|ое|ші|шы|інші|ыншы|нші|ншы|чи|"
    r"нчи|chi|nchi|сон|son)(?![^\W\d_])", re.IGNORECASE)
# Uzbek dative «-га» after a number: «20 га яқин» (about 20), «19:00 га қадар» (until 19:00),
# «2030 йилга». What follows tells it from hectares («га»), in any language.
_DATIVE_NEXT = re.compile(
    r"\s*(?:яқин|қадар|қарши|кўра|нисбатан|тенг|ет\w*|ош\w*|кўпай\w*|камай\w*|ўс\w*|"
    r"yaqin|qadar|qarshi|ko.ra|nisbatan|teng|yet\w*|osh\w*)(?!\w)", re.IGNORECASE)
# Land after «га»/«ga»: «12 ga maydonda», «35 ga yer», «60 ga qo'shimcha hududga», «7 га
# ҳудудда». «ер»/«yer»/«er» only with a noun ending: «50 га еришди» is "reached 50".
_LAND = (r"(?:майдон|экин|боғ|ҳудуд|maydon|ekin|bog.|hudud)\w*|"
         r"(?:ер|yer|er)(?:и|ни|га|да|дан|лар\w*|ида|идан|i|ni|ga|da|dan|lar\w*|ida|idan)?(?!\w)")
_LAND_NEXT = re.compile(rf"\s*(?:(?:қўшимча|qo.shimcha|янги|yangi)\s+)?(?:{_LAND})",
                        re.IGNORECASE)
# In Uzbek text «га»/«ga» is the dative unless it ends the clause or land follows: hectares
# are «гектар»/«gektar» there.
_CLAUSE_END = re.compile(r"\s*(?:[.,;:)!?]|$)")
_MAX_DECIMALS = 4


def split_sentences(text: str) -> list[str]:
    """Sentences (and lines); an abbreviation followed by a lower-case word does not end one."""
    return [s.strip() for s in _SENTENCE_END_RE.split(text) if s and s.strip()]


def _count_unit(what: str) -> str:
    low = what.lower()
    if re.search(r"зон|айма|парк", low):
        return "zones" if "парк" not in low else "parks"
    if re.search(r"предприят|кәсіпор|завод|зауыт|корхона|korxona", low):
        return "enterprises"
    return "projects"


def _figure(kind: str, value: float, unit: str, currency: str | None, raw: str,
            sentence: str) -> dict[str, Any]:
    return {"kind": kind, "value": value, "unit": unit, "currency": currency,
            "raw": raw.strip(), "sentence": sentence}


def _read(raw: str, language: str) -> float | None:
    """The value of a number in digits or words; None for a machine value or a word that is
    no number in this language."""
    if not re.search(r"\d", raw):
        return words_value(raw, language)
    decimals = re.search(r"[.,](\d+)$", raw)
    if decimals and len(decimals.group(1)) > _MAX_DECIMALS:
        return None  # JSON or a spreadsheet left in the text: 65099999999.99999
    if language == "en" and re.fullmatch(r"\d{1,3},\d{3}", raw):
        return float(raw.replace(",", ""))  # English thousands: "5,000 jobs"
    return parse_number(raw)


def _is_label(sentence: str, m: re.Match[str]) -> bool:
    """The number of ``m`` is part of a name, a time, a date, a phone or an ordinal."""
    start = m.start("big") if m.groupdict().get("big") else m.start("num")
    return bool(_LABEL_BEFORE.search(sentence[:start])
                or _LABEL_AFTER.match(sentence, m.end("num")))


def _value(m: re.Match[str], language: str) -> float | None:
    """The value of a match, joining a sum written in two parts; None when unreadable."""
    small = _read(m["num"], language)
    if small is None:
        return None
    value = small * scale_factor(m.groupdict().get("scale"))
    if m.groupdict().get("big"):
        big = _read(m["big"], language)
        total = None if big is None else two_part_sum(big, m["bigscale"], small, m["scale"])
        # Not one sum ("5 млн 300 млн"): keep the part that is counted.
        return value if total is None else total
    return value


def _money(sentence: str, language: str, text: str,
           starts: list[int]) -> list[dict[str, Any]]:
    out = []
    for m in _matches(_MONEY_RE, sentence, starts):
        word = m["pre"] or m["cur"]
        cur = currency_code(word, language, sentence, text) if word else None
        value = _value(m, language)
        if not cur or value is None or _is_label(sentence, m):
            continue
        if value == 1 and not m["scale"]:
            continue  # one unit of a rate: «1 доллар — 512 теңге», «за 1 евро»
        two_numbers = m["big"] and two_part_sum(1.0, m["bigscale"], 1.0, m["scale"]) is None
        # "5 млн 300 млн тенге": the currency belongs to the second number only.
        raw = sentence[m.start("num"):m.end()] if two_numbers else m.group(0)
        out.append(_figure("money", value, cur, cur, raw, sentence))
    return out + _elided(sentence, language, out)


def _elided(sentence: str, language: str, found: list[dict[str, Any]]
             ) -> list[dict[str, Any]]:
    """A part of a sum whose currency the sentence already gave («2,4 млрд тенге, из них
    1,1 млрд – кредит»): the currency of the sum before it."""
    out = []
    for m in _ELIDED_RE.finditer(sentence):
        before = [f for f in found if sentence.find(f["raw"]) < m.start()]
        value = _value(m, language)
        if before and value is not None and not _is_label(sentence, m):
            cur = before[-1]["currency"]
            raw = sentence[m.start("num"):m.end()]
            out.append(_figure("money", value, cur, cur, raw, sentence))
    return out


def _hectare_is_dative(m: re.Match[str], sentence: str, language: str) -> bool:
    """«га»/«ga» after a number that is the Uzbek dative, not hectares."""
    what = m["what"].lower()
    if what not in {"га", "ga"}:
        return False
    if _DATIVE_NEXT.match(sentence, m.end()):
        return True
    if _LAND_NEXT.match(sentence, m.end()):
        return False
    if what == "ga" and language != "uz":
        return True  # Latin «ga» outside Uzbek: no hectare word we know
    return language == "uz" and not _CLAUSE_END.match(sentence, m.end())


def _simple(kind: str, rx: re.Pattern[str], sentence: str, language: str,
            starts: list[int]) -> list[dict[str, Any]]:
    out = []
    for m in _matches(rx, sentence, starts):
        value = _value(m, language)
        if value is None or _is_label(sentence, m):
            continue
        if kind == "jobs":
            unit = "jobs"
        elif kind == "area":
            if _hectare_is_dative(m, sentence, language):
                continue
            unit = "km2" if re.search(r"км|шақырым", m["what"], re.IGNORECASE) else "ha"
        else:
            unit = _count_unit(m["what"])
        out.append(_figure(kind, value, unit, None, m.group(0), sentence))
    return out


def _staff(sentence: str, language: str, jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Jobs stated as people employed, but for a count that repeats the sentence's jobs."""
    out: list[dict[str, Any]] = []
    seen = {f["value"] for f in jobs}
    for m in staff_matches(sentence):
        value = _value(m, language)
        if value is None or value in seen or _is_label(sentence, m):
            continue
        seen.add(value)
        out.append(_figure("jobs", value, "jobs", None, m.group(0), sentence))
    return out


def extract_figures(text: str, language: str = "") -> list[dict[str, Any]]:
    """Each figure: {"kind": money|jobs|area|count, "value": float, "unit": str,
    "currency": str | None, "raw": matched text, "sentence": the sentence it came from}.
    ``language``: the article's language tag; it decides the words that differ («га» is
    Uzbek dative, «сум» a Tatar rouble, «он» a Kazakh ten)."""
    figures: list[dict[str, Any]] = []
    for sentence in split_sentences(text or ""):
        starts = [m.start() for m in _START_RE.finditer(sentence)]
        if not starts:
            continue  # most sentences of a news text
        figures += _money(sentence, language, text, starts)
        jobs = _simple("jobs", _JOBS_RE, sentence, language, starts)
        figures += jobs + _staff(sentence, language, jobs)
        figures += _simple("area", _AREA_RE, sentence, language, starts)
        figures += _simple("count", _COUNT_RE, sentence, language, starts)
    return figures


def _matches(rx: re.Pattern[str], sentence: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(sentence)`` for a pattern whose matches begin only at ``starts``: the
    leftmost match from each start on, none overlapping (lookbehinds see the whole sentence)."""
    end = 0
    for start in starts:
        if start < end:
            continue
        m = rx.match(sentence, start)
        if m:
            end = m.end()
            yield m
