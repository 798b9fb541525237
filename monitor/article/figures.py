"""The numbers readers look for first: money, jobs, area, counts, with their sentence.

Russian and Kazakh news write numbers with spaces (also no-break and thin spaces) between
thousands and a comma before decimals ("1 175", "1,2 трлн", "$543,5 млн"), and scale words
that are inflected ("185 миллиард", "13 мыңға жуық"). Each figure is normalised to a value in
units (tenge, dollars, jobs, hectares, projects) and keeps the sentence it came from. The
numbers and scale words are read by numbers.py, as the same-story keys read them.
"""

from __future__ import annotations

import re
from typing import Any

from monitor.article.numbers import (
    LETTER_SCALE,
    NUMBER,
    SCALE,
    parse_number,
    scale_factor,
    two_part_sum,
)

# A scale word, or an English one-letter abbreviation: here a currency or a unit follows.
_SCALE = f"{SCALE}|{LETTER_SCALE}"

_CURRENCIES: tuple[tuple[str, str], ...] = (
    (r"тенге|теңге|тг\.?|₸|KZT|tenge", "KZT"),
    (r"долл\w*|доллар\w*|\$|USD|dollar\w*", "USD"),
    (r"евро|€|EUR|euro\w*|еуро", "EUR"),
    (r"руб\.?|рубл\w*|₽|RUB", "RUB"),
    (r"сум|сўм|so['ʻ’]m|UZS", "UZS"),
)
_CURRENCY = "|".join(f"(?:{rx})" for rx, _ in _CURRENCIES)

# Words allowed between a number and what it counts ("13 мыңға жуық жаңа жұмыс орны").
_FILLER = (r"(?:(?:жуық|астам|шамасында|около|более|свыше|порядка|новых|новые|постоянных|"
           r"временных|дополнительных|жаңа|тұрақты|уақытша|қосымша|до|почти)\s+){0,3}")

# A sum may be written in two parts, larger scale first: "8 миллиард 100 миллион теңге".
_MONEY_RE = re.compile(
    rf"(?P<pre>[$€₽₸]\s?)?(?:(?P<big>{NUMBER})\s*(?P<bigscale>{_SCALE})\s+(?=\d))?"
    rf"(?P<num>{NUMBER})(?:-[^\W\d_]+)?\s*(?P<scale>{_SCALE})?\s*"
    rf"(?:АҚШ\s+)?(?P<cur>{_CURRENCY})?(?!\w)", re.IGNORECASE)
_JOBS_RE = re.compile(
    rf"(?P<num>{NUMBER})(?:-[^\W\d_]+)?\s*(?P<scale>{_SCALE})?\s+{_FILLER}"
    r"(?P<what>рабоч\w*\s+мест\w*|жұмыс\s+орн\w*|жұмыс\s+орын\w*|ish\s+o['ʻ’]rn\w*|jobs?)",
    re.IGNORECASE)
_AREA_RE = re.compile(
    rf"(?P<num>{NUMBER})(?:-[^\W\d_]+)?\s*(?P<scale>{_SCALE})?\s*"
    r"(?P<what>гектар\w*|га(?!\w)|hectares?|ha(?!\w)|кв\.?\s?км|км²|шаршы\s+шақырым\w*)",
    re.IGNORECASE)
_COUNT_RE = re.compile(
    rf"(?P<num>{NUMBER})(?:-[^\W\d_]+)?\s+{_FILLER}(?P<what>"
    r"(?:(?:инвестиционн|индустриальн|промышленн|производственн|крупн|новы)\w*\s+)?"
    r"проект\w*|(?:(?:инвестициялық|индустриялық|ірі)\s+)?жоба\w*|loyiha\w*|"
    r"(?:индустриальн|промышленн|специальн|свободн)\w*\s+(?:экономическ\w*\s+)?зон\w*|"
    r"(?:индустриалды|индустриялық|өнеркәсіптік|өндірістік|арнайы|еркін)\s+"
    r"(?:экономикалық\s+)?айма[қғ]\w*|"
    r"(?:индустриальн|промышленн)\w*\s+парк\w*|(?:индустриалды|индустриялық)\s+парк\w*|"
    r"предприяти\w*|кәсіпорын\w*|кәсіпорн\w*|завод\w*|зауыт\w*)",
    re.IGNORECASE)

_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9$])|\n+")


def split_sentences(text: str) -> list[str]:
    """Sentences (and lines); an abbreviation followed by a lower-case word does not end one."""
    return [s.strip() for s in _SENTENCE_END_RE.split(text) if s and s.strip()]


def _currency(word: str) -> str | None:
    for rx, code in _CURRENCIES:
        if re.fullmatch(rx, word.strip(), re.IGNORECASE):
            return code
    return None


def _count_unit(what: str) -> str:
    low = what.lower()
    if re.search(r"зон|айма|парк", low):
        return "zones" if "парк" not in low else "parks"
    if re.search(r"предприят|кәсіпор|завод|зауыт", low):
        return "enterprises"
    return "projects"


def _figure(kind: str, value: float, unit: str, currency: str | None, raw: str,
            sentence: str) -> dict[str, Any]:
    return {"kind": kind, "value": value, "unit": unit, "currency": currency,
            "raw": raw.strip(), "sentence": sentence}


def _money(sentence: str) -> list[dict[str, Any]]:
    out = []
    for m in _MONEY_RE.finditer(sentence):
        cur = _currency(m["pre"]) if m["pre"] else None
        cur = cur or (_currency(m["cur"]) if m["cur"] else None)
        if not cur or (m["pre"] is None and m["cur"] is None):
            continue
        value = parse_number(m["num"]) * scale_factor(m["scale"])
        if m["big"]:
            total = two_part_sum(m["big"], m["bigscale"], m["num"], m["scale"])
            if total is None:
                # Not one sum ("5 млн 300 млн"): keep the part the currency belongs to.
                out.append(_figure("money", value, cur, cur,
                                   sentence[m.start("num"):m.end()], sentence))
                continue
            value = total
        out.append(_figure("money", value, cur, cur, m.group(0), sentence))
    return out


def _simple(kind: str, rx: re.Pattern[str], sentence: str) -> list[dict[str, Any]]:
    out = []
    for m in rx.finditer(sentence):
        value = parse_number(m["num"]) * scale_factor(m.groupdict().get("scale"))
        if kind == "jobs":
            unit = "jobs"
        elif kind == "area":
            unit = "km2" if re.search(r"км|шақырым", m["what"], re.IGNORECASE) else "ha"
        else:
            unit = _count_unit(m["what"])
        out.append(_figure(kind, value, unit, None, m.group(0), sentence))
    return out


def extract_figures(text: str, language: str = "") -> list[dict[str, Any]]:
    """Each figure: {"kind": money|jobs|area|count, "value": float, "unit": str,
    "currency": str | None, "raw": matched text, "sentence": the sentence it came from}."""
    figures: list[dict[str, Any]] = []
    for sentence in split_sentences(text or ""):
        if not re.search(r"\d", sentence):
            continue
        figures += _money(sentence)
        figures += _simple("jobs", _JOBS_RE, sentence)
        figures += _simple("area", _AREA_RE, sentence)
        figures += _simple("count", _COUNT_RE, sentence)
    return figures
