"""Words for search: how text is split, how British and American spellings are made one, and
which words lie one typo away.

Pure functions, no database. The search index (`timeline.search_index`) stores every entry's
text normalised with `normalise_text`, and the search (`timeline.search`) normalises the
reader's words with the same `normalise_word`, so "sulphide" finds "sulfide" and
"industrialize" finds "industrialisation" whichever spelling either side used. `spellings`
goes back the other way, to highlight the words as the entry itself spells them.

The map is small on purpose: the words of this field (chemistry, manufacturing, vehicles),
each British form with its American one. Both sides go through it, so a word it maps the
"wrong" way round still matches itself.
"""

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

# -ise and -yse verbs and what is made from them: industrialise, industrialisation, ...
_ISE_STEMS = (
    "industrialis", "commercialis", "stabilis", "optimis", "organis", "characteris", "utilis",
    "minimis", "maximis", "standardis", "capitalis", "localis", "prioritis",
    "realis", "recognis", "finalis", "synthesis", "crystallis", "polymeris", "neutralis",
    "ionis", "passivis", "customis", "digitalis", "modernis", "normalis", "subsidis",
)  # fmt: skip
_ISE_ENDINGS = ("e", "ed", "es", "ing", "ation", "ations", "er", "ers")
_YSE_STEMS = ("analys", "electrolys", "catalys", "hydrolys", "paralys")
_YSE_ENDINGS = ("e", "ed", "es", "ing", "er", "ers")

_WORDS = {
    "aluminium": "aluminum",
    "ageing": "aging",
    "centre": "center",
    "centres": "centers",
    "colour": "color",
    "colours": "colors",
    "fibre": "fiber",
    "fibres": "fibers",
    "grey": "gray",
    "labelled": "labeled",
    "labelling": "labeling",
    "litre": "liter",
    "litres": "liters",
    "modelled": "modeled",
    "modelling": "modeling",
    "programme": "program",
    "programmes": "programs",
    "tyre": "tire",
    "tyres": "tires",
    "vapour": "vapor",
}


def _british_to_american() -> dict[str, str]:
    words = dict(_WORDS)
    for stems, endings in ((_ISE_STEMS, _ISE_ENDINGS), (_YSE_STEMS, _YSE_ENDINGS)):
        for stem in stems:
            for ending in endings:
                words[stem + ending] = stem[:-1] + "z" + ending
    return words


BRITISH_TO_AMERICAN = _british_to_american()
AMERICAN_TO_BRITISH: dict[str, set[str]] = {}
for _british, _american in BRITISH_TO_AMERICAN.items():
    AMERICAN_TO_BRITISH.setdefault(_american, set()).add(_british)
# Whole families that differ only in their beginning: sulphide, sulphur, sulphate, ...
PREFIXES = (("sulph", "sulf"),)


# Words too common to search for, left out of queries on both engines (PostgreSQL's English
# configuration drops them from its index; SQLite's FTS5 keeps them, so a query must not ask).
_STOP = """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with you your yours yourself
    yourselves"""
STOP_WORDS = frozenset(_STOP.split())


def fold(text: str) -> str:
    """Lower case without accents: "Ampère" and "ampere" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of `text`, folded; punctuation and symbols separate words."""
    return WORD.findall(fold(text))


def normalise_word(word: str) -> str:
    """One spelling for each word: the American one where the map knows both."""
    word = BRITISH_TO_AMERICAN.get(word, word)
    for british, american in PREFIXES:
        if word.startswith(british):
            return american + word[len(british) :]
    return word


def normalise_text(text: str) -> str:
    """The words of `text`, folded and normalised, separated by spaces: what is indexed."""
    return " ".join(normalise_word(word) for word in words(text))


def spellings(word: str) -> list[str]:
    """Every spelling of a normalised word: itself first, then its British forms."""
    found = [word, *sorted(AMERICAN_TO_BRITISH.get(word, ()))]
    for british, american in PREFIXES:
        if word.startswith(american):
            found.append(british + word[len(american) :])
    return found


def clean_text(text: str) -> str:
    """Text as stored for display: no control characters (they mark highlights)."""
    return CONTROL.sub(" ", text)


def one_edit_away(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion from `word`."""
    letters = set(ALPHABET) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaces = {left + c + right[1:] for left, right in splits if right for c in letters}
    inserts = {left + c + right for left, right in splits for c in letters}
    return (deletes | swaps | replaces | inserts) - {word}


def is_one_edit(first: str, second: str) -> bool:
    """Whether two different words are one deletion, transposition, replacement or insertion
    apart."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    return second in one_edit_away(first)
