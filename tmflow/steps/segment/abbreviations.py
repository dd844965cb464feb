"""Built-in abbreviation lists of the sentence segmenter, per source language.

Entries are written without their final dot and compared case-insensitively. Entries with a
space ("т. д", "z. B") match the words before the dot, with any white space between them.
Projects add to these lists in ``[tool.tmflow.segmentation]`` (``never-ends``, ``may-end``).

* ``NEVER_ENDS``: a dot after these never ends a sentence ("Dr. Smith", "z. B. Kinder").
* ``MAY_END``: these may end a sentence; the dot ends one when the next word starts with a
  capital letter (or a caseless letter, or a digit): "signed by Acme Inc. The terms…".
* ``NUMBER_ABBREVIATIONS``: followed by a number they never end a sentence ("No. 5", "д. 5",
  "p. 12"); otherwise they are ordinary words.
* ``AFTER_NUMBER``: may end a sentence only right after a number ("в 1992 г. Он…"); elsewhere
  they never do ("г. Москва").
* ``ORDINAL_LANGUAGES``: languages that write ordinals as a number and a dot ("am 26. Februar",
  "19. yüzyıl", "1. Dünya Savaşı"): a dot after a one- or two-digit number does not end a
  sentence there.
* ``STARTERS``: words that commonly start a sentence; after a dotted acronym ("U.S.") a
  sentence ends only when one of these follows ("…in the U.S. He said" but "the U.S. Senate").
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in text.split("|") if w.strip())


NEVER_ENDS: dict[str, frozenset[str]] = {
    "en": _words(
        "mr|mrs|ms|messrs|dr|prof|sr|st|mt|gen|lt|col|maj|capt|cpt|sgt|cpl|cmdr|adm|gov|sen|"
        "rep|reps|rev|hon|pres|supt|insp|det|e.g|i.e|cf|vs|viz|approx|est|dept|univ|assn|fig|"
        "figs|vol|vols|ch|chap|sec|para|ed|eds|jan|feb|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
        "mon|tue|tues|thu|thur|thurs|fri|ca|c|et al|op|ibid|ref|avg"
    ),
    "ru": _words(
        "проф|акад|доц|ул|пер|просп|пр-т|пл|наб|бул|им|св|тов|гр|см|ср|напр|обл|ок|ред|изд|"
        "т|т. е|т.е|т. к|т.к|т. н|т.н|т. ч|т.ч|в т. ч|вкл|гос|ген|полк|кап|лейт|тел|"
        "янв|февр|апр|авг|сент|окт|нояб|дек|рис|табл|прим|акад|чл.-корр|г-н|г-жа|др. ч"
    ),
    "tr": _words(
        "dr|prof|doç|yrd|av|sn|bkz|örn|mah|cad|sok|alb|yzb|tğm|ütğm|bşk|gen|org|tuğg|kor|"
        "mr|ms|st|vd. ö|çev|haz|yay|opr|uzm|ecz|müh|ord|öğr|gör|arş"
    ),
    "az": _words(
        "prof|akad|dos|dr|küç|pr|prosp|məs|ün|t.e.d|f.e.d|f.ü.f.d|b.m|s.a|əd|ş.ş|"
        "gen|pol|mayor|kap|leyt|baş|müəl|red|nəşr"
    ),
    "fr": _words(
        "mm|mme|mmes|mlle|mlles|dr|pr|me|st|ste|sts|cf|p. ex|p.ex|env|av|apr|art|chap|"
        "vol|éd|fig|bd|boul|ibid|op. cit|ca|sq|sqq|éts|gal|cdt|col|lt|sgt|mgr|vve|janv|"
        "févr|avr|juil|sept|oct|nov|déc|lun|mar|mer|jeu|ven|sam|dim|ex|resp|tél|vs|min"
    ),
    "de": _words(
        "dr|prof|hr|hrn|fr|frl|s|z|z. b|z.b|u. a|u.a|d. h|d.h|u. u|u.u|i. d. r|i.d.r|bzw|ca|"
        "vgl|sog|ggf|inkl|exkl|evtl|gem|lt|abs|bd|mio|mrd|st|hl|geb|gest|verh|jan|feb|"
        "febr|apr|aug|sept|okt|nov|dez|mo|di|mi|do|sa|v. a|v.a|o. ä|o.ä|u. ä|u.ä|"
        "dt|engl|franz|russ|orig|ehem|allg|zzgl|max|min|tel|nachf|str|pl|m. e|m.e|a. d|"
        "s. o|s. u|s.o|s.u|i. a|i.a|dipl|ing|mag|bzgl|ggü|insb|urspr|vs|zit|v. chr|n. chr"
    ),
    "ar": _words("إلخ. ص.ب|ص.ب|ق.م|ش.م.ل|م.ق"),
}

MAY_END: dict[str, frozenset[str]] = {
    "en": _words(
        "etc|inc|ltd|co|corp|llc|plc|jr|esq|bros|a.m|p.m|ave|rd|blvd|cie|al|ft|yrs|mins|hrs|sq|no"
    ),
    "ru": _words(
        "т. д|т.д|т. п|т.п|и др|и пр|др|пр|руб|коп|млн|млрд|тыс|в|вв|г|гг|долл|экз|чел|км|кг|мм"
    ),
    "tr": _words("vb|vs|vd|yy|şti|a.ş|ltd|inc|co|tl"),
    "az": _words("s|b|və s|və b|manat|a.ş|mmc|ltd|inc|ASC"),
    "fr": _words("etc|hab|cie|inc|ltd|j.-c|av. j.-c|apr. j.-c|h|kg|km"),
    "de": _words("usw|etc|ff|f|jh|jhd|gmbh|ag|kg|co|inc|ltd|v. chr|n. chr|chr|u. s. w"),
    "ar": _words("إلخ|الخ"),
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

AFTER_NUMBER: dict[str, frozenset[str]] = {
    "ru": _words("г|гг|в|вв"),
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
