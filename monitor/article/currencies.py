"""Currency words, signs and codes as the region's news write them, and which currency each is.

A currency word takes the case endings of its language: Kazakh «теңгені», «теңгеге»,
«теңгеден», «долларға»; Uzbek «сўмга», «сўмлик», «сўмликдан», «so‘mlik», «dollarga»; Kyrgyz
«сомдук». Some words name a different currency in a different language or are ordinary words
elsewhere, so an entry may hold only in some languages or only where the text names the
country: «сум» is the Uzbek sum in Uzbek and Russian but the rouble in Tatar and Bashkir
(«һум» too); «сом» is the Kyrgyz som in Kyrgyz text or in a text that names Kyrgyzstan or one
of its cities or regions anywhere («Бишкек», «Чуйская область»), but the Uzbek sum in a Kazakh
text about Uzbekistan, and a Kazakh «сома»/«сомға» is "an amount"; «вон»/«won» is the Korean
won only next to Korea (elsewhere an adverb or a verb); «¥» is the yuan only next to China
(else it may be the yen, which we do not report). The Tatar and Bashkir «тәңкә» is the tenge,
the Yakut «солкуобай» and the Buryat «түхэриг» the rouble. Codes (KZT, USD...) are matched in
capitals only: «try» is an English verb.

Where two entries could read one word («сом» in a Kazakh text that names both neighbours),
the surer reason wins: the article's language, then the sentence naming the country, then
the rest of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_APOSTROPHE = "[‘'ʻ’`]"


@dataclass(frozen=True)
class Currency:
    """A spelling of a currency; ``languages``/``context``: where it holds (empty = always:
    else in one of the languages, or where the context pattern finds the country: in the
    sentence, or anywhere in the text when ``whole_text``); never in ``never_in``."""

    pattern: str
    code: str
    languages: frozenset[str] = frozenset()
    context: str = ""
    whole_text: bool = False
    never_in: frozenset[str] = frozenset()


# Kyrgyzstan, its capital, regions and larger towns (not «Талас»: also a Kazakh district; «Ош»
# in capitals only: the Uzbek «ош» is pilaf).
# Uzbek «Қирғизистон», «Ўш» too.
_KYRGYZ = (r"кыргыз|киргиз|қырғыз|қирғиз|бишкек|bishkek|qirg|kyrgyz|чуйск|чүй|иссык|ысык|ыссык|"
           r"нарынск|джалал|жалал-абад|баткен|каракол|токмок|(?-i:\bОш(?:а|е|ск\w*|та)?\b)|"
           r"(?-i:\bЎш(?:да|га|дан|лик\w*)?\b)|(?-i:\bO.sh(?:da|ga|dan)?\b)")
_UZBEK = (r"өзбек|узбек|ўзбек|o.zbek|uzbek|ташкент|тошкент|самарқанд|самарканд|бухар|ферғана|"
          r"фергана|андижан|наманган|хорезм|қарақалпақ|каракалпак")
_CHINA = r"китай|қытай|кнр|қхр|хитой|xitoy|china|chinese|юан|yuan|(?-i:CNY|RMB)"
_KOREA = r"коре|корей|korea|сеул|seoul"
_AZERBAIJAN = r"азербайджан|әзірбайжан|azərbaycan|azerbaijan|baku|bakı|баку"
_TURKMENISTAN = r"туркмен|түрікмен|türkmen|turkmen|ашхабад|aşgabat|ashgabat"
_TURKIC_RUB = frozenset({"tt", "ba"})

CURRENCIES: tuple[Currency, ...] = (
    Currency(r"тенге\w*|теңге\w*|тг\.?|₸|(?-i:KZT)|tenge\w*|teñge\w*|teńge\w*|т[әе]ңкә\w*",
             "KZT"),
    # Mongolian «ам.доллар» (америк доллар)
    Currency(r"(?:US|АҚШ\s?)?\$|(?:ам\.\s?)?долл\w*|долар\w*|(?-i:USD)|dollar\w*|dolar\w*",
             "USD"),
    Currency(r"евро|еуро(?:ға|дан|ны|ның|мен|лық)?|євро|€|(?-i:EUR)|euros?|yevro\w*|avro\w*",
             "EUR"),
    Currency(r"руб\.?|рубл\w*|₽|(?-i:RUB)|rubl\w*|roubles?|һум(?!м)\w*|"
             r"солкуобай\w*|түхэриг\w*", "RUB"),  # Yakut, Buryat
    Currency(r"сум(?!м)\w*", "RUB", languages=_TURKIC_RUB),  # Tatar, Bashkir: the rouble
    Currency(rf"сўм\w*|сум(?:а|ы|ов|ам|ах|га|дан|лик\w*)?|so{_APOSTROPHE}m\w*|(?-i:UZS)",
             "UZS"),
    Currency(r"юан\w*|(?-i:CNY|RMB)|yuan\w*", "CNY"),
    Currency(r"¥", "CNY", context=_CHINA),
    Currency(r"(?-i:KGS)", "KGS"),
    # Uzbek endings too («сомга», «сомлик»): an Uzbek text about Kyrgyzstan.
    Currency(r"сом(?:ы|ов|ом|го|дон|дук\w*|ду|дун|га|дан|ни|лик\w*)?", "KGS", frozenset({"ky"}),
             _KYRGYZ, True),
    Currency(r"som(?:ga|dan|ni|lik\w*|s)?", "KGS", context=_KYRGYZ, whole_text=True),
    # «сома»: the Russian genitive of «сом», but the Kazakh word for an amount.
    Currency(r"сома", "KGS", frozenset({"ky"}), _KYRGYZ, True, frozenset({"kk"})),
    Currency(r"сом(?:ы|дық\w*)?", "UZS", frozenset(), _UZBEK, True, frozenset({"ru", "ky"})),
    Currency(r"гривн\w*|гривен\w*|гривень|грн\.?|₴|(?-i:UAH)|hryvni\w*", "UAH"),
    Currency(r"(?:турецк\w*\s+|түрік\s+)?лир(?:а|ы|у|ов|асы\w*)?|₺|(?-i:TRY)|"
             r"(?:Turkish\s+)?liras?", "TRY"),
    Currency(r"сомонӣ\w*|сомони\w*|(?-i:TJS)", "TJS"),  # Tajikistan
    Currency(r"төгрөг\w*|₮|(?-i:MNT)", "MNT"),  # Mongolia
    Currency(r"manat\w*|₼|(?-i:AZN)", "AZN", frozenset({"az"}), _AZERBAIJAN, True),
    Currency(r"manat\w*|(?-i:TMT)", "TMT", frozenset({"tk"}), _TURKMENISTAN, True),
    Currency(r"₩|(?-i:KRW)", "KRW"),
    Currency(r"(?:южнокорейск\w*\s+)?вон(?:а|ы|ов)?|won", "KRW", context=_KOREA),
)
# Any currency word, to embed in a larger pattern (no capturing group).
CURRENCY = "|".join(f"(?:{c.pattern})" for c in CURRENCIES)
# A currency written before the number: a sign or a code ("$5 млн", "KZT 9bn", "US$12m").
PREFIX = r"(?:US|АҚШ\s?)?[$€₽₸¥₴₺₩]|(?-i:KZT|USD|EUR|RUB|UZS|CNY|KGS|UAH|TRY|KRW)(?=\s?\d)"
# Words between a number and its currency that do not change it ("50 млн АҚШ долларына").
QUALIFIER = (r"(?:АҚШ|АКШ|США|американск\w*|US|U\.S\.|Amerika|amerikan|AQSh|AQSH|ABŞ"
             r"|Америка)\s+")

_COMPILED = tuple((re.compile(c.pattern, re.IGNORECASE), c) for c in CURRENCIES)


# The article's language is the surest reason, then an entry that always holds ("сум" is the
# rouble in Tatar although it is the sum elsewhere), then the country in the sentence, in the text.
_LANGUAGE, _ALWAYS, _SENTENCE, _TEXT = 4, 3, 2, 1


def currency_code(word: str, language: str = "", sentence: str = "",
                  text: str = "") -> str | None:
    """The code of a currency word or sign ("теңгені" -> KZT, "сўмликдан" -> UZS); None for
    a word that is no currency here ("сум" in Tatar is RUB, "сом" outside Kyrgyz text is no
    currency unless the text names Kyrgyzstan). ``text``: the whole article, for the
    entries whose country may be named anywhere in it (the sentence alone when empty)."""
    word = word.strip()
    best, code = 0, None
    for rx, cur in _COMPILED:
        if rx.fullmatch(word):
            strength = _strength(cur, language, sentence, text or sentence)
            if strength > best:
                best, code = strength, cur.code
    return code


def _strength(cur: Currency, language: str, sentence: str, text: str) -> int:
    """How sure it is that ``cur`` holds here: 0 when it does not."""
    if language in cur.never_in:
        return 0
    if not cur.languages and not cur.context:
        return _ALWAYS
    if language in cur.languages:
        return _LANGUAGE
    if cur.context and re.search(cur.context, sentence, re.IGNORECASE):
        return _SENTENCE
    found = cur.whole_text and cur.context and re.search(cur.context, text, re.IGNORECASE)
    return _TEXT if found else 0
