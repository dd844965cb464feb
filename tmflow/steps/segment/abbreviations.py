"""Language data of the sentence segmenter: abbreviation classes, per source language.

Two sources feed the abbreviation lists:

* the non-breaking prefixes of the Moses toolkit, as maintained in the ``sacremoses`` package
  (read by ``tmflow.io.prefixes``; en, ru, fr, de, es and 30 more languages): words that do
  not end a sentence when a dot and a capital follow ("Sens.", "Gov.", "bzw.", "просп.").
  They are compared with their case, as Moses compares them ("макс." is an abbreviation,
  "Макс." a name); a few that are ordinary words of the language are left out
  (``MOSES_EXCLUDED``); single letters, numbers and Roman numerals are left to tmflow's own
  rules for initials and ordinals;
* the classes below, kept here, which win over the Moses lists.

Entries are written without their final dot and compared case-insensitively. Entries with a
space ("т. д", "z. B") match the words before the dot, with any white space between them.
Projects add to these lists in ``[tool.tmflow.segmentation]`` (``never-ends``, ``may-end``).

* ``NEVER_ENDS``: a dot after these never ends a sentence ("Dr. Smith", "z. B. Kinder");
  titles before a capitalised name are the main class ("Amb. Ruth Kline", "Prof. Dr. Weber").
  ``LATIN_TITLES`` are added in every language (English names in any text: "Dr. PawPaw").
  In verb-final languages (tr, az) "Jr." and "Sr." are titles too: a name seldom ends a
  sentence there.
* ``MAY_END``: these may end a sentence; the dot ends one when the next word starts with a
  capital letter (or a caseless letter, or a digit): "signed by Acme Inc. The terms…".
* ``MONTHS``: month abbreviations never end a sentence before a number ("Feb. 3") and may end
  one before a capital ("available on 1 Jan. Space for…").
* ``NUMBER_ABBREVIATIONS``: followed by a number (digits, or a Roman numeral of two letters or
  more, or V, X, L, C) they never end a sentence ("No. 5", "д. 5", "p. 12", "vol. IV");
  otherwise they are ordinary words. ``STREETS`` join them: street abbreviations before a
  house number ("Nizami küç. 25", "Atatürk Cad. No: 12"), and in German any word ending in
  ``STREET_SUFFIXES`` ("Goethestr. 12").
* ``ERAS``: era abbreviations after a year ("800 v. Chr.", "600 av. J.-C.", "V в. до н. э.",
  "500 B.C.", "ق.م") may end a sentence (before a capital, not before a lower-case word: "um
  800 v. Chr. gegründet"), and the dots inside them never do ("v." before "Chr."). Era
  abbreviations written before the number (``ERAS_BEFORE``: "M.Ö. 3. yüzyıl", "e.ə. IV
  əsr", "A.D. 79") never end a sentence before a number.
* ``JOINS``: the dot after the word never ends a sentence when one of the listed words comes
  next: the inner dots of eras and of spaced abbreviations ("EE. UU."), and "a.m."/"p.m."
  before a time zone or a day ("7 p.m. ET tonight", "at 10 a.m. Monday"; Arabic writes them
  out: "الساعة 10:08 مساءً. يوم الاثنين").
* ``SPELLED_INITIALS``: Latin letters spelled out in another script, as initials ("دي. كي.
  أريا"); the last letter of a spelled acronym ends a sentence like any word ("سي إن إن.").
* ``AFTER_NUMBER``: may end a sentence only right after a number ("в 1992 г. Он…", "10 см.
  Для…", "عام 632 م."); elsewhere they never do ("г. Москва", "см. приложение", "م. خالد").
* ``ORDINAL_LANGUAGES``: languages that write ordinals as a number and a dot ("am 26. Februar",
  "19. yüzyıl", "1. Dünya Savaşı", "Kraliçe II. Elizabeth"): a dot after a one- or two-digit
  number or a Roman numeral does not end a sentence there.
* ``STARTERS``: words that commonly start a sentence; after a dotted acronym ("U.S.") a
  sentence ends only when one of these follows ("…in the U.S. He said" but "the U.S. Senate").
* ``SPEECH_VERBS``: in a caseless script, a quotation ending in "?", "!" or "." followed by a
  verb of speech is one sentence («متى ستعودون؟» سأل الصحفي الوزير.), as “…?” he asked is in
  English; a verb is matched as a whole word with one of ``SPEECH_ENDINGS`` ("سألته"), or
  after a particle of ``SPEECH_PARTICLES`` ("كما أضاف"), and only when the rest of the
  sentence is a short clause that opens no quotation or reported speech of its own (Arabic
  news starts sentences with a verb of speech: "قال جون: «…»", "وقال إن…"). A short
  quotation right after a verb of speech or ``SPEECH_INTRODUCERS`` (or a colon) is speech, and
  its "?" or "!" ends a sentence, unlike a short quoted title ("حملة "العدالة لخوجالي!" عام").
* ``SENTENCE_VERBS``: with و or ف, they and the verbs of speech open a sentence: after a
  spelled initial ("…بي. وقال") the initial ended the sentence.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in text.split("|") if w.strip())


NEVER_ENDS: dict[str, frozenset[str]] = {
    "en": _words(
        "mr|mrs|ms|messrs|dr|prof|sr|st|mt|gen|lt|col|maj|capt|cpt|sgt|cpl|cmdr|adm|gov|sen|"
        "rep|reps|rev|hon|pres|supt|insp|det|e.g|i.e|cf|vs|viz|approx|est|dept|univ|assn|fig|"
        "figs|vol|vols|ch|chap|sec|para|ed|eds|amb|ambs|atty|brig|incl|excl|"
        "mon|tue|tues|thu|thur|thurs|fri|ca|c|et al|op|ibid|ref|avg"
    ),
    "ru": _words(
        "проф|акад|доц|ул|пер|просп|пр-т|пл|наб|бул|им|св|тов|гр|см|ср|напр|обл|ок|ред|изд|"
        "т|т. е|т.е|т. к|т.к|т. н|т.н|т. ч|т.ч|в т. ч|вкл|гос|ген|полк|кап|лейт|тел|"
        "рис|табл|прим|акад|чл.-корр|г-н|г-жа|др. ч|дж|ед. ч|ед.ч|мн. ч|мн.ч|"
        # names of languages in etymologies and glosses ("MWP (от англ. Member of…)")
        "англ|франц|лат|греч|др.-греч|итал|исп|португ|укр|азерб|польск|япон"
    ),
    "tr": _words(
        "dr|prof|doç|yrd|av|sn|bkz|örn|mah|cad|sok|alb|yzb|tğm|ütğm|bşk|gen|org|tuğg|kor|"
        "mr|ms|st|vd. ö|çev|haz|yay|opr|uzm|ecz|müh|ord|öğr|gör|arş|bulv|"
        # a name seldom ends a sentence where the verb comes last ("Piquet Jr. 2008'de…")
        "jr|sr"
    ),
    "az": _words(
        "prof|akad|dos|dr|küç|pr|prosp|məs|ün|t.e.d|f.e.d|f.ü.f.d|b.m|s.a|əd|ş.ş|"
        "gen|pol|mayor|kap|leyt|baş|müəl|red|nəşr|jr|sr"
    ),
    "fr": _words(
        "mm|mme|mmes|mlle|mlles|dr|pr|prof|me|st|ste|sts|cf|p. ex|p.ex|env|av|apr|art|chap|"
        "éd|fig|bd|boul|ibid|op. cit|ca|sq|sqq|éts|gal|cdt|col|lt|sgt|mgr|vve|"
        "lun|mar|mer|jeu|ven|sam|dim|ex|resp|tél|vs|min"
    ),
    "de": _words(
        "dr|prof|hr|hrn|fr|frl|s|z|z. b|z.b|u. a|u.a|d. h|d.h|u. u|u.u|i. d. r|i.d.r|bzw|ca|"
        "vgl|sog|ggf|inkl|exkl|evtl|gem|lt|abs|bd|mio|mrd|st|hl|geb|gest|verh|"
        "mo|di|mi|do|sa|v. a|v.a|o. ä|o.ä|u. ä|u.ä|"
        "dt|engl|franz|russ|orig|ehem|allg|zzgl|max|min|tel|nachf|str|pl|m. e|m.e|a. d|"
        "s. o|s. u|s.o|s.u|i. a|i.a|dipl|ing|mag|bzgl|ggü|insb|urspr|vs|zit"
    ),
    "ar": _words("إلخ. ص.ب|ص.ب|ش.م.ل|م.ق"),
}

# titles of English names and the "v." of court cases, which appear in text of any language
# ("Six Flags St. Louis", "Roe v. Wade")
LATIN_TITLES = _words("mr|mrs|ms|messrs|dr|st|prof|v|vs")

# Latin letters spelled out as initials ("جون إف. كينيدي", "دي. كي. أريا"): they do not end a
# sentence, unless the word before them is a spelled letter without a dot, which makes them
# the end of a spelled acronym ("على قناة سي إن إن.")
SPELLED_INITIALS: dict[str, frozenset[str]] = {
    "ar": frozenset(
        "إيه بي سي دي إي إف جي جيه إتش آي كيه كي إل إم إن أو كيو آر إس تي يو في دبليو إكس "
        "واي زد".split()
    ),
}

MAY_END: dict[str, frozenset[str]] = {
    "en": _words(
        "etc|inc|ltd|co|corp|llc|plc|jr|esq|bros|a.m|p.m|ave|rd|blvd|cie|al|ft|yrs|mins|hrs|sq|no"
    ),
    "ru": _words(
        "т. д|т.д|т. п|т.п|и др|и пр|др|пр|руб|коп|млн|млрд|тыс|в|вв|г|гг|долл|экз|чел|км|кг|мм"
    ),
    "tr": _words("vb|vs|vd|yy|şti|a.ş|ltd|inc|co|tl"),
    "az": _words("s|b|və s|və b|manat|a.ş|mmc|ltd|inc|ASC|mln|mlrd"),
    "fr": _words("etc|hab|cie|inc|ltd|h|kg|km"),
    "de": _words("usw|etc|ff|f|jh|jhd|gmbh|ag|kg|co|inc|ltd|u. s. w"),
    "ar": _words("إلخ|الخ"),
    "es": _words("ee. uu|ee.uu"),
}

MONTHS: dict[str, frozenset[str]] = {
    "en": _words("jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"),
    "de": _words("jan|feb|febr|apr|jun|jul|aug|sep|sept|okt|nov|dez"),
    "fr": _words("janv|févr|avr|juil|sept|oct|nov|déc"),
    "ru": _words("янв|фев|февр|апр|авг|сен|сент|окт|нояб|дек"),
    "az": _words("yan|fev|apr|avq|sent|okt|noy|dek"),
}

ERAS: dict[str, frozenset[str]] = {
    "en": _words("b.c|a.d|b.c.e|c.e"),
    "de": _words("v. chr|n. chr|chr|v. u. z|n. u. z"),
    "ru": _words("до н. э|н. э|н.э|до н.э"),
    "fr": _words("av. j.-c|apr. j.-c|j.-c"),
    "tr": _words("m.ö|m.s"),
    "az": _words("e.ə|b.e|m.ö"),
    "ar": _words("ق.م"),
    "es": _words("a. c|d. c|a.c|d.c"),
}

ERAS_BEFORE: dict[str, frozenset[str]] = {
    "en": _words("a.d"),
    "tr": _words("m.ö|m.s|mö|ms"),
    "az": _words("e.ə|b.e"),
}

NUMBER_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _words("no|nos|p|pp|art|sec|fig|vol|ch|para|nr|tel|op|ed|rev|ex|v|ver"),
    "ru": _words("д|стр|с|ст|т|ч|кв|рис|гл|п|пп|№|корп|оф|табл|прил|тел"),
    "tr": _words("no|s|md|sy|sf|c|tel"),
    "az": _words("no|s|səh|maddə|bənd|tel|ev|mən"),
    "fr": _words("no|n|p|pp|art|al|chap|vol|t|tél|fig"),
    "de": _words("nr|s|abs|art|bd|hnr|tel|ziff|kap|lfd|sz"),
    "ar": _words("ص|رقم|م"),
}

STREETS: dict[str, frozenset[str]] = {
    "en": _words("st|ave|rd|blvd"),
    "ru": _words("ул|пр|просп|пр-т|пер|пл|наб|бул|ш|корп|стр"),
    "tr": _words("cad|sok|sk|mah|bulv|blv|apt"),
    "az": _words("küç|pr|prosp|pr-t|mkr|məh"),
    "fr": _words("av|bd|boul"),
    "de": _words("str|pl"),
}

STREET_SUFFIXES: dict[str, tuple[str, ...]] = {"de": ("str",)}

_TIME_ZONES = _words(
    "et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|gmt|utc|bst|cet|cest|eet|eest|wet|msk|ist|"
    "aest|aedt|hst|akst|akdt|eastern|central|mountain|pacific|local|"
    # American news style: "at 10 a.m. Monday"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)

_ARABIC_DAYS = frozenset(
    "يوم الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد بتوقيت بالتوقيت توقيت".split()
)

JOINS: dict[str, dict[str, frozenset[str]]] = {
    "en": {"a.m": _TIME_ZONES, "p.m": _TIME_ZONES},
    "de": {"v": _words("chr|u"), "n": _words("chr|u"), "u": _words("z")},
    "ru": {"н": _words("э")},
    "fr": {"av": _words("j.-c"), "apr": _words("j.-c")},
    # "a. C.", "d. C.", "EE. UU.", "p. m."
    "es": {"a": _words("c|m"), "d": _words("c"), "ee": _words("uu"), "p": _words("m")},
    # "الساعة 10:08 مساءً. يوم الاثنين" (p.m. Monday), "صباحًا. بالتوقيت المحلي"
    "ar": dict.fromkeys(
        "صباحًا صباحاً صباحا مساءً مساءا مساء ظهرًا ظهراً ظهرا ص م".split(), _ARABIC_DAYS
    ),
}

AFTER_NUMBER: dict[str, frozenset[str]] = {
    "ru": _words("г|гг|в|вв|см|мин|сек|ч|шт|га|мг|мл|дм"),
    # "م" (AD, metres) and "ص" (a.m.) after a number; elsewhere a letter is an initial
    # ("م. خالد")
    "ar": _words("م|ص"),
}

ORDINAL_LANGUAGES = frozenset(
    {
        "de",
        "tr",
        "az",
        "da",
        "nb",
        "no",
        "fi",
        "et",
        "hu",
        "cs",
        "sk",
        "sl",
        "hr",
        "sr",
        "bs",
        "lv",
        "is",
        "fo",
    }
)

STARTERS: dict[str, frozenset[str]] = {
    "en": _words(
        "the|he|she|it|they|we|i|you|this|that|these|those|there|his|her|its|their|our|my|"
        "a|an|in|on|at|but|and|so|yet|however|meanwhile|after|before|when|while|if|as|for|"
        "from|by|with|to|many|some|most|all|both|several|one|two|three|no|not|what|who|why|"
        "how|where|since|although|though|then|now|today|yesterday|tomorrow|last|next|"
        "according|officials|also|still|such|each|every|other|another|because"
    ),
}

# verbs of speech that follow a quotation in the same sentence, for caseless scripts: matched
# as a whole word with one of the endings (he/she/they said, asked him/her…); a form with و or
# ف ("and said") starts a new sentence
SPEECH_VERBS: dict[str, frozenset[str]] = {
    "ar": frozenset(
        "قال سأل تساءل أضاف هتف صاح صرخ صرح صرّح أكد أكّد أجاب علق علّق أوضح تابع استطرد "
        "رد ردّ أردف همس يقول تقول يسأل تسأل يضيف تضيف يتساءل تتساءل".split()
    ),
}
SPEECH_ENDINGS: dict[str, tuple[str, ...]] = {
    "ar": ("", "ت", "وا", "ه", "ها", "هم", "ته", "تها", "تهم", "ني", "تني", "ون", "ن"),
}
SPEECH_PARTICLES: dict[str, frozenset[str]] = {
    "ar": frozenset("كما حسبما هكذا".split()),
}
# words right before a quotation that introduce it as speech (with ``SPEECH_ENDINGS`` and the
# verbs of speech): a short quotation after one is speech, not a title inside the sentence
# ("تقول للشخص الذي تحدثه "تظنني حزينة؟" أنا فقط غاضبة.")
SPEECH_INTRODUCERS: dict[str, frozenset[str]] = {
    "ar": frozenset("تحدث يتحدث حدث يحدث خاطب يخاطب قائلا قائلاً قائلًا قائلة قائلين".split()),
}
# conjunctions written apart from the next word: after "!" they go on with the sentence (a
# name that ends in "!": "ياهو! و خدمات مايكروسوفت"); Arabic writes و joined to the word that
# opens a sentence
DETACHED_CONJUNCTIONS: dict[str, frozenset[str]] = {"ar": frozenset({"و"})}
# verbs that open a sentence with و/ف ("and he said"): after a spelled initial they show that
# the initial ended the sentence ("…جون إف. وقال إن…"); names do not start so
SENTENCE_VERBS: dict[str, frozenset[str]] = {
    "ar": frozenset("كان كانت أشار أشارت أعلن أعلنت".split()),
}

# Moses entries that are ordinary words of the language, left out: German "Art" (kind), "Bart"
# (beard), "Gen" (gene); "BSE", "SA" (acronyms that end sentences); French "sec" (dry), "vol"
# (flight; "vol. 3" stays a number abbreviation); Russian "хор" (choir), "кол" (stake)
MOSES_EXCLUDED: dict[str, frozenset[str]] = {
    "de": frozenset({"Art", "Bart", "Gen", "BSE", "SA"}),
    "fr": frozenset({"sec", "vol"}),
    "ru": frozenset({"хор", "кол"}),
}
