"""Place-name keys and the spellings of one name that news writes differently.

Rules (``sitroom.geo.names.v1``):

* :func:`name_key` folds a name to the key the gazetteer is indexed by: diacritics
  removed (Unicode NFKD, combining marks dropped, and the letters NFKD does not
  split: ł ø đ ß æ œ ı), case folded, apostrophes and full stops dropped ("St." ->
  "st", "Karbalā'" -> "karbala", "U.S." -> "us"), hyphens, slashes and runs of space
  made one space ("al-Mawsil" -> "al mawsil").
* :func:`variants` gives the other keys worth trying when a key is not found, each
  with what it changed: a leading "the"; a generic word around the name ("Nineveh
  province", "Benue State", "city of Mosul", which also tells the feature class
  wanted); an Arabic article prefix (al-, el-, ar-, as-, ad-, an-, ash-, at-, az-...:
  the sun-letter assimilations of Arabic transliteration, e.g. the Library of
  Congress romanisation tables, "Arabic", 2012).
* :func:`skeleton` is a coarser key shared by common transliteration variants: Arabic
  articles dropped anywhere, ou/oo -> u, ee -> i, q -> k, kh -> k, gh -> g, dh -> d,
  ph -> f, doubled letters single, a final -ah/-eh/-e -> -a ("Mosoul"/"Mosul",
  "ar-Raqqah"/"Raqqa"/"Rakka"). Two names with one skeleton are candidates of each
  other, never a match by themselves: the resolver scores them lower than an exact key.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 120
"""Longer strings are not place names (the longest ADM1 name in GeoNames is 60 characters):
they get no key, so a hostile 1 MB "name" costs one slice."""

_SPECIAL = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss",
        "ı": "i", "ħ": "h", "Ħ": "H",
    }
)
_DROP = re.compile(r"[\'’‘ʼʻʾʿ`´.\"“”()\[\]]")
_SEP = re.compile(r"[\s\-‐‑‒–—_/,;:&+]+")
_LATIN_MAX = 0x024F  # end of Latin Extended-B: letters beyond are other scripts

ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "ash", "at", "az", "adh", "ath", "ed", "es", "en", "et", "ez", "ul", "il"})
"""Arabic definite article and its sun-letter assimilations as transliterated in English news."""

ADMIN_WORDS = frozenset(
    {"province", "governorate", "state", "region", "prefecture", "oblast", "krai", "department",
     "territory", "emirate", "wilayat", "wilaya", "muhafazat", "autonomous region", "division"}
)
"""Words that make a name a first-level region ("Nineveh province", "Benue State")."""
CITY_WORDS = frozenset({"city", "town", "village", "municipality"})
"""Words that make a name a populated place ("Mosul city", "city of Mosul")."""
DISTRICT_WORDS = frozenset({"district", "local government area", "lga", "agency", "subdistrict", "tehsil"})
"""Second-level words of districts named after their seat ("Afrin District"): the gazetteer
has no ADM2, so the name is tried as the seat's name."""
COUNTY_WORDS = frozenset({"county", "parish", "borough", "shire"})
"""Second-level words of units whose seat often has another name (Suffolk County, NY is not
Suffolk, VA): no fallback, the name stays unresolved."""

GENERIC_WORDS = frozenset(
    """north south east west central northern southern eastern western upper lower greater inner outer
    new old great little grand royal national international united federal
    airport university college school academy institute church cathedral mosque temple hospital clinic
    centre center hall house office council ministry embassy consulate court parliament palace tower
    bank reserve union league association club stadium arena park square street road avenue bridge station
    port harbor harbour bay gulf sea ocean lake river delta peninsula island islands coast valley
    mountain mountains hill hills desert forest quarter district estate camp base prison market mall
    world cup city state county province region area zone""".split()
)
"""English words that are names of places in GeoNames ("Central", "Church", "Peninsula",
"University", all towns somewhere) but, inside a longer name, are its generic part, never
the place it is named after."""

_SUFFIX = re.compile(
    r"^(?P<name>.+?) (?P<word>" + "|".join(sorted(ADMIN_WORDS | CITY_WORDS | DISTRICT_WORDS | COUNTY_WORDS, key=len, reverse=True)) + r")$"
)
_PREFIX = re.compile(r"^(?P<word>province|state|city|town|village|governorate|county|district|region) of (?P<name>.+)$")
_DOUBLE = re.compile(r"([a-z])\1+")
_DIGRAPHS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("q", "k"), ("ck", "k"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("ph", "f"))
_FINAL = re.compile(r"(?:ah|eh|e)\b")


def fold(text: str) -> str:
    """Case-folded text without diacritics ("Nīnawá" -> "ninawa")."""
    text = text.translate(_SPECIAL)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.casefold()


def is_latin(text: str) -> bool:
    """True when no character lies beyond the Latin script blocks (cheap pre-filter)."""
    return text.isascii() or all(ord(c) <= _LATIN_MAX or unicodedata.combining(c) for c in text)


def name_key(text: str) -> str:
    """The gazetteer key of a name; "" for text that cannot be a place name."""
    if not text or len(text) > MAX_NAME_CHARS:
        return ""
    key = _SEP.sub(" ", _DROP.sub("", fold(text))).strip()
    return key if key.isascii() and any(c.isalpha() for c in key) else ""


def variants(key: str) -> list[tuple[str, str]]:
    """Other keys to try for ``key``, best first, as ``(key, what changed)``.

    What changed is ``"the"``, ``"admin word"``, ``"city word"``, ``"district word"`` or
    ``"article"``; a key found through an admin or city word should be of that class.
    A county word ("Suffolk County") gives no variant.
    """
    out: list[tuple[str, str]] = []

    def add(k: str, why: str) -> None:
        if k and k != key and all(k != o for o, _ in out):
            out.append((k, why))

    base = key[4:] if key.startswith("the ") else key
    add(base, "the")
    forms = [(base, "")]
    for m in (_SUFFIX.match(base), _PREFIX.match(base)):
        if m:
            word = m.group("word")
            why = "admin word" if word in ADMIN_WORDS else "city word" if word in CITY_WORDS else "district word"
            if word in COUNTY_WORDS:
                continue
            add(m.group("name"), why)
            forms.append((m.group("name"), why))
    for k, why in forms:
        words = k.split()
        if len(words) > 1 and words[0] in ARTICLES:
            add(" ".join(words[1:]), why or "article")
    return out


def skeleton(key: str) -> str:
    """The transliteration skeleton of a key ("ar raqqah" -> "raka", "mosoul" -> "mosul")."""
    words = [w for w in key.split() if w not in ARTICLES] or key.split()
    s = " ".join(words)
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = _DOUBLE.sub(r"\1", s)
    return _FINAL.sub("a", s)
