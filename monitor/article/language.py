"""The language tag of a text (ISO 639-1; ISO 639-3 where a language has no 639-1 code), right
for Kazakh and Russian.

py3langid's character n-gram model knows Kazakh but, like every statistical detector, it
confuses the Cyrillic languages on short inputs. The letters each Cyrillic alphabet adds to
the Russian one are decisive and free to count, so we look at them first and ask the model
only to choose among the languages the letters leave possible. Uzbek is in no model we have,
so it is recognised from its letters (Cyrillic) and its spelling and function words (Latin).
Where the letters leave several languages, lingua and fastText vote too (monitor.article.langvote).
Kazakh's look-alikes (Tatar, Bashkir, Sakha, Buryat, Kalmyk; Kazakh in Latin letters) are told
apart in monitor.article.turkic.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from monitor.article.langvote import second_opinions, softmax, vote
from monitor.article.turkic import kazakh_latin, russia_cyrillic
from monitor.config.langcodes import LANGUAGE_ALIASES, UNDETERMINED, normalize_lang

log = logging.getLogger(__name__)


# Letters of each alphabet that Russian lacks (lowercase).
KK_ONLY = set("әұһ")          # no other language we tell apart uses these
UZ_ONLY = set("ҳ")
UK_ONLY = set("їєґ")
SR_MK = set("јљњџ")
SR_ONLY = set("ћђ")
MK_ONLY = set("ѓќѕ")
RU_ONLY = set("ыэё")           # absent from uk, bg, mk, sr

_LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['ʻʼ’‘`][^\W\d_]+)*", re.UNICODE)

# Latin-script Uzbek: oʻ/gʻ (often typed with ' or ’), and frequent words. Turkish and
# Azerbaijani write ş ç ğ ı ə, which Uzbek Latin does not use.
_UZ_LATIN_LETTERS_RE = re.compile(r"[og][ʻʼ’‘'`]", re.IGNORECASE)
_UZ_LATIN_WORDS = frozenset(
    "va bilan uchun yil yili yilda bo'yicha boʻyicha bu ham esa qilish qildi bo'ldi boʻldi "
    "mamlakat viloyat viloyati viloyatida tuman tumani tumanida shahar shahri shahrida loyiha "
    "loyihasi loyihalar investitsiya investitsiyalar korxona ishlab chiqarish sanoat zona "
    "zonasi iqtisodiyot iqtisodiy hukumat prezident davlat yangi katta mln mlrd dollar so'm "
    "soʻm ish o'rin oʻrin o'rni oʻrni ishchi orqali kerak bor yo'q yoʻq emas edi ekan "
    "qo'shma qoʻshma respublika toshkent samarqand buxoro farg'ona andijon namangan xorazm "
    "qashqadaryo surxondaryo navoiy jizzax sirdaryo hamda shuningdek tomonidan haqida "
    "kabi uning ularning barcha biz siz men u ular bu yerda hozir qanday".split()
)
_TURKIC_LATIN = set("şçğıə")


def load_models() -> None:
    """Load py3langid's model and the second opinions now, not on the first text that needs
    them (a process that forks workers afterwards shares their memory with them)."""
    _identifier()
    second_opinions()


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model, loaded once per process (raw log-probabilities)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


# Frequent words and endings written only in one of the languages that share the Russian
# letters. Short inputs often carry no distinctive letter; one of these words then decides
# where the n-gram model is unsure. Written from grammar, not taken from any test set.
_MARKERS: dict[str, tuple[frozenset[str], re.Pattern[str] | None]] = {
    "ru": (frozenset("что это как его ему она они оно был была было были будет который "
                     "которая которые также только уже ещё еще если чтобы когда тоже себя "
                     "меня тебя вот надо нет очень можно нужно где здесь сейчас всё все "
                     "этот эта эти этого года году лет при из над под через после так же "
                     "или он мы вы их ней нём него спит стало".split()),
           re.compile(r"\w{2,}(?:ого|его|ться|тся|ый|ой|ая|яя|ое|ее|ые|ие|ых|их|ами|ями"
                      r"|ость|ости|ение|ения|ание|ания|ует|уют|ают|яют|ются|ешь|ишь|ала|ило|ыва\w*)$")),
    "kk": (frozenset("мен пен бен деп бар осы сол ол оны оған одан жылы жыл жылдары бойынша "
                     "туралы арасында бола болып болды болса болатын саны адам адамдар жас "
                     "жер жолы басы тобы ауданы атты де те да та алу рет ие оның соң мына "
                     "сондай сонымен жатыр жатады атайды аталады табылады шамасында тағы "
                     "екен ма ме ба бе па пе дейін кейін бастап орта арнайы ресми ауыл жайлы "
                     "болсын болады деген келген керек бала ала".split()),
           re.compile(r"\w{2,}(?:ында|ынан|ымен|ынша|атын|етын|айды|ейды|йды|ылды|ылып|ылады"
                      # passive present after a vowel stem (аталады, дайындалады)
                      r"|[ае]лады"
                      r"|лары|дары|тары|ларды|дарды|тарды|ларын|дарын|тарын|ларда|дарда"
                      r"|тарда|лардың|уы|уын|уына|ыпты|ысы)$"
                      # Kazakh endings on borrowed stems, impossible in Russian spelling:
                      # possessive -сы after -ка/-ия, ы after г к х ж ш ч щ, instrumental
                      # -пен/-бен/-мен after the sounds that select each, converb -ып/-іп.
                      r"|\w{2,}(?:ка|га|ия)сы$|\w{3,}[бвгдзклмнпрстфх]ын$|\w+[гкхжшчщ]ы$"
                      r"|\w+[бвгдкпстфхцчшщ]пен$"
                      r"|\w+[жз]бен$|\w+[лрймнң]мен$|\w{2,}[бвгдзклмнпрстх][ыі]п$"
                      # personal endings -мыз/-міз (we), past -дық/-дік, present -еді/-йді
                      r"|\w+(?:[мбп][ыі]з|[дт][ыі][кқ]|еді|йді)$"
                      # front-vowel plurals; locative -да/-де after ы, ау, й (Алматыда,
                      # Атырауда, Семейде), endings Russian words do not have
                      r"|\w{2,}(?:лері|дері|тері|лерді|дерді|терді|лерін|дерін|терін|лерде"
                      r"|дерде|терде|лердің|дердің|тердің)$|\w+(?:ыда|ауда|йде|йда)$"
                      r"|\w+[рй]л[ае]р$")),
    "bg": (frozenset("ще се са е това които която който като във със след няма още беше "
                     "бяха тя му ги ни ви нея него тези този тази обаче защото между пред "
                     "през чрез вече трябва може сега тук някой нещо какво където".split()),
           re.compile(r"\w*ъ[^еёюяь\W]\w*|\w{2,}(?:ът|ото|ите|ахме|ихме|аше|еше)$")),
    "mk": (frozenset("се од во со што ќе е ги го но кои која кој тоа овој оваа има нема "
                     "беше бил била биле сите".split()), None),
    "sr": (frozenset("и у од за да се су из као али или што где када сам смо сте".split()),
           None),
    "uk": (frozenset("що та як це він вона вони воно до не на був була було буде також "
                     "тому але де коли дуже ми ви ось тощо цей ця".split()),
           re.compile(r"\w*(?:ьо|'я|'є|'ю|’я|’є|’ю)\w*")),
    "ky": (frozenset("жана менен үчүн болуп болот экен деп жок бар эки жаңы бул".split()),
           re.compile(r"\w*(?:аа|оо|уу|ыы|ээ|үү|өө|ч)\w*|\w+(?:гон|гөн|дон|дөн|тон|төн)$"
                      r"|\w+(?:нын|дын|нун|дун|тун|нүн|дүн|түн|лык|дык|тык)$")),
    # Uzbek Cyrillic without ў/ҳ in sight: its frequent words and verb/plural endings.
    "uz": (frozenset("ва билан учун янги йил йилда вилоят вилояти вилоятида туман тумани эса "
                     "бу ҳам шаҳар ишлаб чиқариш корхона корхонаси".split()),
           re.compile(r"\w+(?:илди|илади|лари|ларни|ларга|идан|ини|ган|моқда)$")),
    "mn": (frozenset("нь бол юм байна болон гэж энэ тэр ба байгаа хийх гэсэн".split()),
           re.compile(r"\w*(?:ээ|өө|үү)\w*|\w+(?:ийн|гүй)$")),
}
# Common Russian words that the lists above share with Russian: no evidence against it.
_ALSO_RUSSIAN = frozenset("и у а за да из или где сам ни него между со но на до не та те то "
                          "ли же бы ведь".split()) - _MARKERS["ru"][0]
MARKER_WEIGHT = 5.0  # log-probability points a marker word adds to its language
# Russian is by far the commonest Cyrillic language on our sites. The prior matters for a
# few words (where n-grams are weak) and must not outvote the evidence of a sentence.
RU_PRIOR_SHORT = 9.0  # inputs of up to SHORT_WORDS words
RU_PRIOR_LONG = 0.0
SHORT_WORDS = 3


# Places of Kazakhstan whose names need no Kazakh-only letter. Kazakh adds case endings to
# them (Астанада, Шымкенттен) and names a thing after them with a possessive ending (Астана
# марафоны, Атырау аэропорты); Russian declines them otherwise (в Астане, марафоны Астаны).
_KZ_PLACE_NAMES = ("астана", "алматы", "шымкент", "тараз", "павлодар", "петропавл", "орал",
                   "семей", "атырау", "бурабай", "арал")
_KZ_PLACE_CASE_RE = re.compile(
    "(?:" + "|".join(_KZ_PLACE_NAMES) + r")(?:да|де|та|те|дан|ден|тан|тен|нан|нен|ны|ды|ты|ке"
    r"|мен|пен|бен|лық|лік|дық|дік|тық|тік)")
_POSSESSIVE_RE = re.compile(r"\w{3,}[^аеёиоуыэюяіь\W][ыі]")


# Russian does not decline these two: "Алматы туристы" can be Russian too.
_INDECLINABLE_IN_RUSSIAN = frozenset({"алматы", "атырау"})


def _place_marks(words: list[str]) -> int:
    """Kazakh uses of the names above: a case ending, or a following possessive noun."""
    marks = sum(1 for word in words if _KZ_PLACE_CASE_RE.fullmatch(word))
    return marks + sum(1 for first, second in zip(words, words[1:], strict=False)
                       if first in _KZ_PLACE_NAMES and first not in _INDECLINABLE_IN_RUSSIAN
                       and _POSSESSIVE_RE.fullmatch(second))


def _marker_bonus(words: list[str], candidates: tuple[str, ...]) -> dict[str, float]:
    """Marker points per candidate for the lower-cased ``words`` of a text."""
    bonus = dict.fromkeys(candidates, 0.0)
    if "kk" in bonus:
        bonus["kk"] += MARKER_WEIGHT * _place_marks(words)
    for word in words:
        if "ru" in candidates and word in _ALSO_RUSSIAN:
            continue
        for lang in candidates:
            if lang == "kk" and word in _ALSO_RUSSIAN:
                continue  # да, та, те...: Slavic words too, no evidence for Kazakh
            lexicon, endings = _MARKERS.get(lang, (frozenset(), None))
            if word in lexicon or (endings is not None and endings.fullmatch(word)):
                bonus[lang] += MARKER_WEIGHT
    # The prior stands in for evidence: a Kazakh marker (the other language we serve)
    # cancels it.
    if "ru" in bonus and not bonus.get("kk"):
        bonus["ru"] += RU_PRIOR_SHORT if len(words) <= SHORT_WORDS else RU_PRIOR_LONG
    return bonus


def _best_of(text: str, candidates: tuple[str, ...]) -> str:
    """The best language among ``candidates``: py3langid helped by marker words, then a vote."""
    words = _WORD_RE.findall(text.lower())
    bonus = _marker_bonus(words, candidates)
    if set(candidates) == {"uk", "kk"} and bonus["kk"] and not bonus["uk"] and (
            _RUSSIAN_NOT_UKRAINIAN_RE.search(text)):
        # Russian words beside і: Kazakh speech with Russian in it, not Ukrainian (which
        # would show its own words and write neither ы/э/ё/ъ nor -ский without ь).
        return "kk"
    if "kk" in candidates:
        others = max((value for lang, value in bonus.items() if lang != "kk"), default=0.0)
        # A short input with more Kazakh than other evidence, or two Kazakh words or endings
        # and not one Russian one (Kazakh speech with Russian nouns in it).
        if (len(words) <= SHORT_WORDS and bonus["kk"] > others) or (
                "ru" in candidates and bonus["kk"] >= 2 * MARKER_WEIGHT and others == 0):
            return "kk"
    scores = dict(_identifier().rank(text))
    first = softmax({lang: scores.get(lang, -1e9) + bonus[lang] for lang in candidates})
    return vote(text, candidates, first)


# Russian spellings Ukrainian never has: ы э ё ъ, the conjunction и, -ский without ь.
_RUSSIAN_NOT_UKRAINIAN_RE = re.compile(
    r"[ыэёъ]|(?<!\w)и(?!\w)|\w+ск(?:ий|ая|ое|ие|их|ую|ого|ому)(?!\w)", re.IGNORECASE)


def _cyrillic_candidates(letters: Counter[str]) -> tuple[str, ...]:
    """The Cyrillic languages the letters of the text leave possible, likeliest first."""
    has = {ch for ch in letters if letters[ch]}
    # Tajik ӣ ӯ ҷ (Tatar, Bashkir, Sakha, Buryat, Kalmyk: monitor.article.turkic); Tatar җ
    # beside a Kazakh letter.
    for marks, lang in ((set("ӣӯҷ"), "tg"), (set("җ"), "tt")):
        if has & marks:
            return (lang,)
    if has & KK_ONLY:
        return ("kk",)
    if has & UZ_ONLY or ("ў" in has and has & {"қ", "ғ"}):
        return ("uz",)
    if has & {"қ", "ғ"}:
        # қ/ғ: Kazakh, or Uzbek without ў/ҳ in this snippet (Uzbek writes no ы і ң ө ү).
        return ("kk",) if has & {"ы", "і", "ң", "ө", "ү"} else ("kk", "uz")
    if has & SR_ONLY:
        return ("sr",)
    if has & MK_ONLY:
        return ("mk",)
    if has & SR_MK:
        return ("sr", "mk")
    if has & UK_ONLY:
        # Mongolian typed in old encodings uses ї/є for ү/ө; Ukrainian always has і.
        if "і" not in has and has & {"ө", "ү", "ї", "є"} and not has & {"ґ"}:
            return ("mn", "uk")
        return ("uk",)
    if "ң" in has:
        # ң without the Kazakh-only letters: Kyrgyz writes ң ө ү but no і.
        return ("kk",) if "і" in has else ("kk", "ky")
    if "і" in has:
        if "ў" in has:
            return ("be",)
        if has & {"ө", "ү"}:
            return ("kk",)
        return ("uk", "be", "kk")
    if "ў" in has:
        return ("be", "uz")
    if has & {"ө", "ү"}:
        return ("kk", "ky", "mn")
    if has & RU_ONLY:
        # ы э ё: Russian, Belarusian (ы э ё without і in a snippet), Kazakh, Kyrgyz, Mongolian.
        # Uzbek Cyrillic writes э and ё but never ы.
        return ("ru", "kk", "be", "ky", "mn") + (() if "ы" in has else ("uz",))
    return ("ru", "bg", "kk", "uk", "be", "mk", "sr", "ky", "mn", "uz")


# Belarusian writes no и, щ or ъ, and т/д before a soft vowel, і or ь become ц/дз (шахцёр).
_NOT_BELARUSIAN_RE = re.compile(r"[ищъ]|[тд][еёюяиьі]", re.IGNORECASE)
# ...and a text with soft дз or ц (дзеці, ціхі, ць) is Belarusian even with a Russian word in it.
_BELARUSIAN_RE = re.compile(r"дз[еёюяіь]|ць|ц[ёюяі]", re.IGNORECASE)

# Kyrgyz writes long vowels doubled (аа, оо, үү, өө...), keeps ө/ү past the first syllable
# (Kazakh writes і/е there), uses ч beside ө/ү/ң in native words (Kazakh ш), and has common
# words Kazakh spells otherwise (жана/және, үчүн/үшін, жок/жоқ, менен/мен).
_KY_EVIDENCE_RE = re.compile(
    r"([аоуыэүө])\1|[өү]\w*[өү]|[аоуыэ]\w*[өү]|ч\w*[өүң]|[өүң]\w*ч"
    r"|(?<!\w)(?:жана|менен|үчүн|жок|болот|эмес|бирок|эки|жаңы|бул)(?!\w)"
    # genitive without ң (Kazakh -ның/-дың), -лык/-дык with к where Kazakh writes қ
    r"|\w+(?:нын|дын|нун|дун|тун|нүн|дүн|түн|лык|дык|тык|лук|дук|тук)(?!\w)", re.IGNORECASE)


def _latin_language(text: str, words: list[str]) -> str:
    lowered = [w.lower() for w in words]
    uz_letters = len(_UZ_LATIN_LETTERS_RE.findall(text))
    uz_words = sum(1 for w in lowered if w.replace("’", "'") in _UZ_LATIN_WORDS
                   or w in _UZ_LATIN_WORDS)
    turkic = any(ch in _TURKIC_LATIN for w in lowered for ch in w)
    if not turkic and (uz_letters + uz_words) * 3 >= max(len(words), 1) and (
            uz_letters or uz_words >= 2):
        return "uz"
    if kazakh_latin(lowered):
        return "kk"
    lang = _identifier().classify(text)[0]
    return LANGUAGE_ALIASES.get(lang, lang)


# Letters of Kazakh that Russian lacks; a Russian text shows them only in a Kazakh name
# («Ертіс Карбон», Ақтөбе). і is Ukrainian and Belarusian too, but their texts write it in
# lower-case words as well, so a rest still holding one is never read as Russian.
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
# Russian prepositions and conjunctions Kazakh never writes as words: with the markers, the
# evidence that the rest is a Russian sentence, not a list of names.
_RUSSIAN_SMALL_WORDS = frozenset("в во на и за с со по для к о об от у из".split())
# A quoted name («Сыр Өңірі», "Қазақ Тұтыну") or a capitalised word with a Kazakh letter
# (Көкөзек, Ақтөбе), with the capitalised words that continue it.
_KAZAKH_NAME_RE = re.compile(
    r"«[^«»]{1,60}»|\"[^\"]{1,60}\"|“[^“”]{1,60}”|„[^„“]{1,60}“"
    r"|(?<!\w)[А-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]*[әғқңөұүһіӘҒҚҢӨҰҮҺІ][^\W\d_]*"
    r"(?:[\s-]+[А-ЯЁӘҒҚҢӨҰҮҺІ][^\W\d_]*)*")
# Words the rest must keep for its language to be told (a bare name list is left alone).
_REST_WORDS = 3


def _without_kazakh_names(text: str, letters: Counter[str]) -> str | None:
    """``text`` without its Kazakh names when they hold all its Kazakh letters and the rest
    shows no Kazakh word or ending; else None. The caller keeps it only if it reads Russian."""
    if not set(letters) & _KAZAKH_LETTERS:
        return None
    rest = _KAZAKH_NAME_RE.sub(lambda m: m.group(0) if not (
        set(m.group(0).lower()) & _KAZAKH_LETTERS) else " ", text)
    if set(rest.lower()) & _KAZAKH_LETTERS:
        return None
    lower = [w for w in _WORD_RE.findall(rest) if w.islower()]
    ru_words, ru_endings = _MARKERS["ru"]
    russian = sum(1 for w in lower if w in ru_words or w in _RUSSIAN_SMALL_WORDS or (
        ru_endings is not None and ru_endings.fullmatch(w)))
    if len(lower) < _REST_WORDS or not russian or _marker_bonus(lower, ("ru", "kk"))["kk"]:
        return None
    return rest


# Ukrainian and Belarusian typed on Russian keyboards use the Latin i for і.
_LATIN_I_RE = re.compile(r"(?<=[\u0400-\u04ff])[iI]|[iI](?=[\u0400-\u04ff])")


def detect_language(text: str) -> str:
    """The ISO 639-1 tag of ``text``; ISO 639-3 for a language without one (sah, bua, xal);
    "und" when it has no letters."""
    if not text:
        return UNDETERMINED
    text = _LATIN_I_RE.sub("і", text)
    # Counting every character in C and dropping the non-letters after is several times
    # faster than testing each character in Python.
    letters = Counter(text.lower())
    for ch in [ch for ch in letters if not ch.isalpha()]:
        del letters[ch]
    total = sum(letters.values())
    if not total:
        return UNDETERMINED
    cyrillic = sum(n for ch, n in letters.items() if "\u0400" <= ch <= "\u04ff")
    if cyrillic * 2 >= total:
        lookalike = russia_cyrillic(text, set(letters))
        if lookalike:
            return lookalike
        rest = _without_kazakh_names(text, letters)
        if rest is not None and detect_language(rest) == "ru":
            return "ru"  # a Russian text naming a Kazakh place or firm
        candidates = _cyrillic_candidates(letters)
        if "ky" in candidates and "kk" in candidates and not _KY_EVIDENCE_RE.search(text):
            # Kazakh is the one we serve: Kyrgyz must show itself (long vowels, its words).
            candidates = tuple(lang for lang in candidates if lang != "ky")
        if "be" in candidates and len(candidates) > 1 and _NOT_BELARUSIAN_RE.search(text) and (
                not _BELARUSIAN_RE.search(text)):
            candidates = tuple(lang for lang in candidates if lang != "be")
        if len(candidates) == 1:
            return candidates[0]
        return _best_of(text, candidates)
    latin = sum(n for ch, n in letters.items() if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    if latin * 2 >= total:
        return _latin_language(text, _WORD_RE.findall(text))
    lang = _identifier().classify(text)[0]
    return LANGUAGE_ALIASES.get(lang, lang)


# --- whole articles -------------------------------------------------------------------------

# Below this many letters the body alone is not trusted; URL and page evidence may decide.
SHORT_TEXT_LETTERS = 40
# The leading language must hold this share of the body's letters to win outright.
CLEAR_MAJORITY = 0.6

_URL_PATH_LANGS = {"kz": "kk", "kk": "kk", "kaz": "kk", "qaz": "kk", "ru": "ru", "rus": "ru",
                   "uz": "uz", "oz": "uz", "en": "en", "eng": "en", "ky": "ky", "kg": "ky"}
_URL_HOST_LANGS = {"kaz": "kk", "kk": "kk", "kz": "kk", "qaz": "kk", "ru": "ru", "rus": "ru",
                   "oz": "uz", "uz": "uz", "en": "en", "eng": "en"}


def url_language(url: str | None) -> str | None:
    """The language a URL names in its first path segment or first host label, if any."""
    if not url:
        return None
    parts = urlsplit(url if "//" in url else "//" + url)
    segments = [s for s in parts.path.lower().split("/") if s]
    if segments and segments[0] in _URL_PATH_LANGS:
        return _URL_PATH_LANGS[segments[0]]
    labels = (parts.hostname or "").split(".")
    if len(labels) > 2 and labels[0] in _URL_HOST_LANGS:
        return _URL_HOST_LANGS[labels[0]]
    return None


# A block this long (in characters) says which alphabet its language writes with (a title
# may not).
_TELLING_LETTERS = 40
_SAMPLE_CHARS = 1000


_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_KAZAKH_LETTER_RE = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_ASCII_LETTER_RE = re.compile(r"[a-zA-Z]")


def _alphabet(block: str) -> str:
    """What a block's letters allow: Cyrillic with Kazakh letters, Cyrillic without, Latin,
    or another script ("" for a block too short to tell)."""
    if len(block) < _TELLING_LETTERS:
        return ""
    if _CYRILLIC_RE.search(block):
        return "cyrillic-kk" if _KAZAKH_LETTER_RE.search(block) else "cyrillic"
    if _ASCII_LETTER_RE.search(block):
        return "latin"
    return "other" if _LETTER_RE.search(block) else ""


def _body_votes(text: str, title: str) -> Counter[str]:
    """Letters per language over the paragraphs of the body (and the title).

    One alphabet throughout (every telling block Cyrillic with Kazakh letters, or every one
    without them): the body is one language's text, decided once on a sample of it.
    Otherwise, and for Latin text (where Kazakh, Uzbek, Turkish and Crimean Tatar words
    differ by a letter or two, and the blocks' words decide), each block votes with its
    letters (a Russian article quoting Kazakh)."""
    blocks = [block for block in [title, *re.split(r"\n\s*", text)] if block.strip()]
    kinds = [_alphabet(block) for block in blocks]
    alphabets = set(kinds) - {""}
    if len(alphabets) == 1 and alphabets <= {"cyrillic", "cyrillic-kk"}:
        # Short blocks (a byline, a copyright line naming a Kazakh firm) have no say.
        whole = "\n".join(block for block, kind in zip(blocks, kinds, strict=True) if kind)
        # A thousand characters of one alphabet's text name its language as well as all of
        # it: the models cost time in proportion to their input.
        sample = whole if len(whole) <= _SAMPLE_CHARS else whole[:_SAMPLE_CHARS].rsplit(" ", 1)[0]
        lang = detect_language(sample)
        letters = len(_LETTER_RE.findall(whole))
        return Counter({lang: letters}) if lang != UNDETERMINED and letters else Counter()
    votes: Counter[str] = Counter()
    for block in blocks:
        letters = len(_LETTER_RE.findall(block))
        if letters:
            lang = detect_language(block)
            if lang != UNDETERMINED:
                votes[lang] += letters
    return votes


def article_language(text: str, title: str = "", url: str | None = None,
                     html_lang: str | None = None, hint: str | None = None) -> str:
    """The tag of an article (ISO 639-1, else 639-3): the text decides; URL/lang
    attribute/site hint break ties."""
    votes = _body_votes(text or "", title or "")
    evidence = [t for t in (url_language(url), normalize_lang(html_lang), normalize_lang(hint))
                if t]
    total = sum(votes.values())
    if not votes:
        return evidence[0] if evidence else UNDETERMINED
    ranked = votes.most_common()
    leader, lead_letters = ranked[0]
    if total >= SHORT_TEXT_LETTERS and lead_letters >= CLEAR_MAJORITY * total:
        return leader
    # A near-tie or a short text: the first piece of outside evidence that names one of the
    # languages seen in the text (or, for a very short text, any language) decides.
    for tag in evidence:
        if tag in votes or total < SHORT_TEXT_LETTERS:
            return tag
    return leader
