"""Kazakh's look-alikes: the Cyrillic languages of Russia that share its letters, and Kazakh
in the 2021 Latin alphabet.

Tatar, Bashkir, Yakut (Sakha), Buryat and Kalmyk write Cyrillic with some of the letters Russian
lacks and Kazakh has (ә ө ү ң һ), so a test that took ә or һ for Kazakh tagged them Kazakh (or
Kyrgyz). None of them writes қ, ұ or і, which nearly every Kazakh sentence has; each has its
own letters (Bashkir ҙ ҫ ҡ, Sakha ҕ ҥ, Tatar and Kalmyk җ), spellings (Tatar and Kalmyk write ә
past the first syllable, Kazakh almost never; Buryat, Kalmyk and Sakha write э after a
consonant; Sakha has the diphthongs уо иэ ыа үө) and frequent words. Without any of that
evidence a text keeps the Kazakh tag: Kazakh is the language the monitor serves.

Kazakh in the 2021 Latin alphabet (ä ğ ı ñ ö ū ü ş, q for қ, j for ж) looked Turkmen or
Crimean Tatar to the n-gram model, which has no Latin Kazakh. Its own letters (ū; ä beside q or
j; Turkmen writes ň ý ž, Crimean Tatar â c) and frequent words decide.

Tags: ISO 639-1 where there is one (tt, ba, kk), else ISO 639-3 (sah, bua, xal).
Word lists and patterns were written from grammars, not taken from any test set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Letters of Kazakh that none of the languages below writes (і also Ukrainian/Belarusian).
KAZAKH_SURE = frozenset("құі")
_SHARED = frozenset("әһҗ")  # Kazakh-looking letters these languages do write
_VOWELS = "аеёиоуыэюяәөүі"

# Per language: frequent words and a pattern of spellings (each match is one point).
_EVIDENCE: dict[str, tuple[frozenset[str], re.Pattern[str]]] = {
    "tt": (frozenset("һәм белән өчен буенча ел елда елны елга булды була булган итеп дип иде "
                     "түгел гына генә кебек шулай ләкин хәзер татарстан казан казанда милли "
                     "буларак тиеш инде аның аларның яңа бер".split()),
           re.compile(r"\w+(?:ләр|ләрне|ләргә|ләрдә|нең|гән|кән|әчәк|ачак|лек)")),
    "ba": (frozenset("менән һәм был ине өсөн буйынса башҡортостан өфө өфөлә йыл йылда тип "
                     "булды итеп һуң".split()),
           re.compile(r"\w+(?:аһы|әһе|ыһы|еһе)|й[ыә]\w+")),
    "xal": (frozenset("болн хальмг хальмгин таңһч элст элстд эн тер мини чигн бәәнә бәәх "
                      "бәәсн кеһә нернь келн җил җилд эврә".split()),
            re.compile(r"\w+(?:сн|лн|гн|дг|мг)|\w*(?:әә|өө|үү)\w*|\w*[^\W" + _VOWELS
                       + r"]э\w*")),
    "bua": (frozenset("болон байна юм гэжэ гэхэ гээд ехэ олон һайн хүн буряад буряадай үдэ "
                      "соо дээрэ тухай хэлэн һургуули мүн тиихэдэ байгаа байһан эдэ энэ тэрэ "
                      "ажал ажалай".split()),
            re.compile(r"\w+(?:һаа|һээ|һоо|һөө)|һ[аоуэыүө]\w*|\w*(?:аа|ээ|оо|үү|ии)\w*"
                       r"|\w*[^\W" + _VOWELS + r"]э\w*")),
    "sah": (frozenset("уонна буолар буолла буолбута саха дьокуускай киһи сыл сылга үлэ "
                      "үлэтэ олох тыа кэм диэн тус быһыытынан эрэ дьон".split()),
            re.compile(r"\w*(?:уо|иэ|ыа|үө)\w*|(?:дь|нь)\w+")),
}
# ә past the first syllable: Tatar, Bashkir and Kalmyk harmony; Kazakh keeps ә up front.
_LATE_AE = re.compile(r"\w*[" + _VOWELS + r"][^\W" + _VOWELS + r"]+ә\w*")
_WORD = re.compile(r"[^\W\d_]+")
# Without һ, ә or җ, Sakha and Buryat look Kyrgyz or Mongolian: only evidence those never show
# counts (Sakha diphthongs, Buryat words spelt otherwise in Mongolian: ехэ/их, шэнэ/шинэ;
# Tatar къ/гъ and words Kyrgyz spells otherwise: өч/үч, быел/быйыл).
_STRONG: dict[str, tuple[frozenset[str], re.Pattern[str]]] = {
    "sah": (frozenset("уонна буолар буолла буолбута саха дьокуускай дьон".split()),
            re.compile(r"\w*(?:уо|иэ|ыа|үө)\w*")),
    "bua": (frozenset("буряад буряадай ехэ гэжэ гэхэ шэнэ жэл жэлдэ жэлэй".split()),
            re.compile(r"\w+нуудай|\w+нүүдэй")),
    # Tatar writes the uvulars къ гъ (икътисад, мәгълүмат); Kyrgyz and Kazakh have қ ғ or none
    "tt": (frozenset("өчен буенча быел тагын эшли өч түгел кебек гына генә".split()),
           re.compile(r"\w*[кг]ъ[аоуыэ]\w*")),
    # Kalmyk drops final vowels: past -в, participle -сн, infinitive -х after a consonant
    # (Mongolian -сан, -лаа, -ах).
    "xal": (frozenset("хальмг хальмгин элст элстд болн келн".split()),
            re.compile(r"\w{3,}(?:сн|[гдлрнм]в|лн)|\w+[бгджзклмнпрстх][лдр]х")),
}
STRONG_POINTS = 2  # one word of the list, or two spellings


def _scores(text: str, langs: Iterable[str],
            evidence: dict[str, tuple[frozenset[str], re.Pattern[str]]] = _EVIDENCE,
            ) -> dict[str, float]:
    words = _WORD.findall(text.lower())
    scores = dict.fromkeys(langs, 0.0)
    for lang in scores:
        lexicon, pattern = evidence[lang]
        scores[lang] = sum(2.0 if w in lexicon else 1.0 if pattern.fullmatch(w) else 0.0
                           for w in words)
        if lang in ("tt", "ba", "xal"):
            scores[lang] += sum(1.0 for w in words if _LATE_AE.fullmatch(w))
    return scores


def _possible(has: set[str]) -> tuple[str, ...]:
    """The languages the letters leave: Sakha and Buryat write no ә, only Tatar and Kalmyk җ,
    only Bashkir (here) ғ; the evidence must still be Bashkir (Kazakh writes ғ too)."""
    if "җ" in has:
        return ("tt", "xal")
    if "ғ" in has:
        return ("ba",)
    if "ә" in has:
        return ("tt", "ba", "xal")
    return ("bua", "sah", "tt", "ba", "xal")


def russia_cyrillic(text: str, has: set[str]) -> str | None:
    """The tag of a Cyrillic text in one of Kazakh's look-alikes, or None (not one of them).

    ``has``: the lower-case letters of the text."""
    if has & set("ҙҫҡ"):
        return "ba"
    if has & set("ҕҥ"):
        return "sah"
    if has & KAZAKH_SURE:
        return None
    if not has & _SHARED:
        return _without_shared_letters(text, has)
    scores = _scores(text, _possible(has))
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] >= 2:
        return best
    return "tt" if "җ" in has else None  # җ is in no Kazakh word


def _without_shared_letters(text: str, has: set[str]) -> str | None:
    if not has & set("өү"):
        return None
    scores = _scores(text, _STRONG, _STRONG)
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= STRONG_POINTS else None


# --- Kazakh in Latin letters ---------------------------------------------------------------

_KK_LATIN_WORDS = frozenset(
    "jäne men jaña jyl jıl jylı jılı jyly jılğı jylğy boiynşa boiınşa turaly bolıp "
    "bolyp bolady boldy dep degen jūmys jūmıs qazaqstan qazaqstannyñ qazaqstandağı "
    "oblysy oblısı oblysynda oblısında audany audanynda audanında qalasy qalası qalasynda "
    "qalasında äkım äkimi äkımı äkımdıgı ükımet ükimet memlekettık memlekettik teñge "
    "million milliard mlrd mln jobasy jobası jobalar käsıporyn käsiporyn käsıpker käsipker "
    "salynady salınadı aşyldy aşıldı ašıldy zauyt zauıt onerkäsıp önerkäsıp önerkäsip "
    "investitsiia investisiya aimaq aimağy aimağı osy bul bar joq emes keiın kejin üşın "
    "üşin arqyly arqılı jönınde jöninde".split())
_KK_LATIN_ENDING = re.compile(
    r"\w+(?:dağy|dağı|degı|degi|tağy|tağı|tegı|tegi|nyñ|nıñ|dyñ|dıñ|tyñ|tıñ"
    r"|ynda|ında|ınde|inde|ğan|qan|gen|ken|lary|ları|lerı|leri|dary|darı|tary|tarı|lyq|lıq"
    r"|dyq|dıq|tyq|tıq|ady|adı|edı|edi|ıldı|yldy|ılady|ylady)")
# Turkmen (ň ý ž), Crimean Tatar and Turkish (â, c for дж), Azerbaijani (ə): not Kazakh; nor
# their common words.
_OTHER_TURKIC_LATIN = frozenset("ňýžâəc")
_OTHER_TURKIC_WORDS = frozenset("ve ile için içün olarak olaraq yeni yañı yıl yılı we bilen "
                                "üçin bolan ýyl".split())
# Kazakh writes q ä ñ ū (Turkish none of them) and ğ ı ñ ū ş q (German ä ö ü none of them).
_NOT_TURKISH = frozenset("qäñū")
_NOT_GERMAN = frozenset("ğıñūşq")


# The 2017-2018 Kazakh Latin alphabet marks ә ғ ң ө ү у with acute accents (á ǵ ń ó ú ý) and
# writes ш ч as sh ch: no Turkic neighbour writes acutes, and the Czech or Polish that do
# never write q (Kazakh қ) nor the dotless ı (Kazakh ы, и).
_KK_2018 = frozenset("áǵńóúý")
# Other Turkic letters, and the acute é í (and others) that Kazakh never writes but Spanish,
# Portuguese, Czech, Hungarian and Irish do.
_NOT_KK_2018 = frozenset("äöüňşžâəçğñéíàèìòùãõőűěřůąęłśźżćčšďťň")
_KK_2018_MIN = 2  # acute letters in the text


def kazakh_latin(words: list[str]) -> bool:
    """Whether lower-cased Latin ``words`` are Kazakh in the 2021 (or the 2018) alphabet."""
    letters = {ch for word in words for ch in word}
    acutes = sum(1 for word in words for ch in word if ch in _KK_2018)
    if acutes >= _KK_2018_MIN and letters & {"q", "ı"} and not letters & _NOT_KK_2018:
        return True
    if not (letters & _NOT_TURKISH and letters & _NOT_GERMAN) or letters & _OTHER_TURKIC_LATIN:
        return False
    points = sum(2 if w in _KK_LATIN_WORDS else 1 if _KK_LATIN_ENDING.fullmatch(w)
                 else -2 if w in _OTHER_TURKIC_WORDS else 0 for w in words)
    points += 2 * ("ū" in letters) + ("q" in letters) + ("j" in letters)
    return points >= 3 and points * 2 >= len(words)
