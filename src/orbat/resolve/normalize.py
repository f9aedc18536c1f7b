"""Name variants: the spellings under which one real thing appears across sources.

`orbat.names.normalize_name` decides when two strings are *the same name*
(and so share an id). This module goes further and decides when two different
names *may* denote the same thing, at graded strength:

- `strict_key`: spelling noise only (punctuation, "al-"/"el-"/"Al " articles,
  "Defence"/"Defense", "&"/"and"). Two names with equal strict keys are the
  same name written differently.
- `loose_key`: also plurals, Arabic transliteration variants (a consonant
  skeleton, so "Kfar Hod" = "Kafr Hud", "Mhardeh" = "Maharda") and Arabic
  generic words ("Jabhat al-Nusra" = "Nusra Front"). Loose keys collide by
  design, so a loose match is only a candidate that other evidence must confirm.

Parts of a name that distinguish things of the same name are kept out of the
keys and compared separately: a descriptive disambiguator ("(Syria)",
"(Syrian rebel group)") and *markers* (years, months, ordinals, numbers), so
that "Raqqa campaign (2012–2013)" never keys like "Raqqa campaign".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from orbat.names import normalize_name

# Arabic article forms, written with a hyphen ("al-", "as-Suwayda", "ad-Dumayr") or
# as a separate word ("Al Qusayr", "El Bab"). Only "al"/"el" are safe without a
# hyphen: "as", "an", "at" are English words.
_SUN_ARTICLES = {"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"}
_SUN_ARTICLES |= {"ed", "en", "er", "es", "esh", "et", "ez"}
_ARTICLE_HYPHEN = re.compile(
    r"(?<![\w'])(?:al|el|ul|" + "|".join(sorted(_SUN_ARTICLES, key=len, reverse=True)) + r")-(?=\w)"
)
_ARTICLE_WORD = {"al", "el"}
_STOP = {"the", "of", "and", "for", "in", "de", "la", "le", "du"}

# British/American and other spelling pairs that name the same thing.
_SPELLING = {
    "defence": "defense",
    "organisation": "organization",
    "organisations": "organizations",
    "centre": "center",
    "armour": "armor",
    "armoured": "armored",
    "honour": "honor",
    "labour": "labor",
    "programme": "program",
    "mobilisation": "mobilization",
    "revolutionnary": "revolutionary",
}

# Generic words of Arabic group names and their English counterparts: a group's
# name is often transliterated in one source and translated in another.
_ARABIC_GENERIC = {
    "jabhat": "front",
    "jabha": "front",
    "jabhet": "front",
    "jaish": "army",
    "jaysh": "army",
    "jeish": "army",
    "liwa": "brigade",
    "liwaa": "brigade",
    "alwiya": "brigades",
    "alwiyat": "brigades",
    "harakat": "movement",
    "haraka": "movement",
    "harakah": "movement",
    "katibat": "battalion",
    "kataib": "battalions",
    "kata'ib": "battalions",
    "faylaq": "legion",
    "failaq": "legion",
    "saraya": "companies",
    "tajamu": "gathering",
    "hizb": "party",
    "majlis": "council",
    "quwat": "forces",
    "dawlat": "state",
}

_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_ORDINAL_WORDS = {
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
    "sixth": "6th",
    "seventh": "7th",
    "eighth": "8th",
    "ninth": "9th",
    "tenth": "10th",
}
_NUMBER = re.compile(r"^\d+(?:st|nd|rd|th|s)?$")
_PAREN = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_TRAILING_COMMA = re.compile(r"^(?P<name>[^,]+),\s*(?P<inner>[^,]+)$")
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")

# Arabic script: letters that are written several ways for one sound.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,
    }
)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name split into what identifies it and what tells same-named things apart."""

    base: str  # the name without a descriptive disambiguator, as written
    disambiguator: str | None  # "Syria" for "… (Syria)" (normalised), None if absent
    markers: frozenset[str]  # years, months, ordinals, numbers anywhere in the name


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


@lru_cache(maxsize=1 << 17)
def fold(name: str) -> str:
    """normalize_name, then without punctuation: "Ba'ath" = "Baath", "Ithriyah-Raqqa" = 2 words."""
    return _fold_normalized(normalize_name(name))


def _fold_normalized(text: str) -> str:
    if is_arabic(text):
        text = text.translate(_ARABIC_FOLD)
    text = text.replace("'", "").replace("&", " and ")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def _is_period_text(text: str) -> bool:
    """Whether a parenthetical is a time ("2012–2013", "June–July 2016", "2015–present")."""
    words = fold(text).split()
    if not words:
        return False
    timeish = [w for w in words if _NUMBER.match(w) or w in _MONTHS or w == "present"]
    return len(timeish) > 0 and len(timeish) >= len(words) - 1


@lru_cache(maxsize=1 << 17)
def split_name(name: str) -> NameParts:
    """Separate a descriptive disambiguator ("(Syria)", ", Syria") from the name.

    A parenthetical that is a time stays part of the name (it identifies a battle);
    it is reported among the markers instead.
    """
    text = unicodedata.normalize("NFKC", name).strip()
    disamb: str | None = None
    m = _PAREN.match(text)
    if m and m.group("name") and not _is_period_text(m.group("inner")):
        text, disamb = m.group("name").strip(), fold(m.group("inner"))
    else:
        c = _TRAILING_COMMA.match(text)
        if c and _is_country(c.group("inner")):
            text, disamb = c.group("name").strip(), fold(c.group("inner"))
    return NameParts(text, disamb or None, markers(name))


def _is_country(text: str) -> bool:
    from orbat.resolve.countries import country_name

    return country_name(text) is not None


def markers(name: str) -> frozenset[str]:
    """Years, months, ordinals and numbers: what tells "2013 X" from "2014 X"."""
    out = set()
    for w in fold(name).split():
        if _NUMBER.match(w):
            out.add(w)
        elif w in _MONTHS:
            out.add(w[:3])
        elif w in _ORDINAL_WORDS:
            out.add(_ORDINAL_WORDS[w])
        elif w == "present":
            out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1 << 17)
def tokens(name: str) -> tuple[str, ...]:
    """Words of a name without articles, stop words or spelling variants.

    An assimilated article written as a word ("Ar Raqqah", "As Salamiyah",
    "Ash Shaykh") is recognised by the next word starting with its consonant.
    """
    text = _ARTICLE_HYPHEN.sub("", normalize_name(name))
    words = _fold_normalized(text).split()
    out = []
    for i, w in enumerate(words):
        if w in _ARTICLE_WORD or w in _STOP:
            continue
        if w in _SUN_ARTICLES and i + 1 < len(words) and words[i + 1].startswith(w[1:]):
            continue
        if is_arabic(w) and w.startswith("ال") and len(w) > 3:
            w = w[2:]
        out.append(_SPELLING.get(w, w))
    return tuple(out)


def strict_key(name: str) -> str:
    """The name without spelling noise; the descriptive disambiguator is left out."""
    return " ".join(tokens(split_name(name).base))


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A consonant skeleton for Arabic transliterations: Kafr/Kfar, Hod/Hud, Mhardeh/Maharda.

    Vowels carry little information in romanised Arabic (they are often not
    written in Arabic at all), so they are dropped; "w"/"y" are dropped inside a
    word (Jawbar/Jobar, Jaysh/Jaish); doubled letters collapse (Muhammad/Mohamed);
    a final "-ah"/"-eh" (ta marbuta) is dropped; q/k and ch/sh are unified.
    """
    if not word or word.isdigit() or _NUMBER.match(word) or is_arabic(word):
        return word
    w = _FINAL_H.sub(r"\1", word.lower())
    w = w.replace("ch", "sh").replace("dj", "j").replace("ph", "f").replace("q", "k")
    w = w.replace("ou", "u").replace("ee", "i")
    head, rest = w[0], _INNER_VOWELS.sub("", w[1:])
    w = _DOUBLED.sub(r"\1", ("" if head in "aeiou" else head) + rest)
    return w or word


_FINAL_H = re.compile(r"([aeiou])h$")
_INNER_VOWELS = re.compile(r"[aeiouwy]")
_DOUBLED = re.compile(r"(.)\1+")


# Plurals that vary between sources ("National Defence Force(s)"). Only generic nouns:
# stripping an "s" from a proper name turns "Homs" into "Hom".
_PLURALS = {
    "forces": "force",
    "brigades": "brigade",
    "battalions": "battalion",
    "units": "unit",
    "groups": "group",
    "fronts": "front",
    "armies": "army",
    "companies": "company",
    "regiments": "regiment",
    "divisions": "division",
    "militias": "militia",
    "committees": "committee",
    "councils": "council",
    "guards": "guard",
    "legions": "legion",
    "movements": "movement",
    "offensives": "offensive",
    "campaigns": "campaign",
    "operations": "operation",
    "organizations": "organization",
    "wings": "wing",
    "squadrons": "squadron",
    "corps": "corps",
}


def _singular(word: str) -> str:
    return _PLURALS.get(word, word)


def loose_tokens(name: str) -> list[str]:
    """Tokens under every variant rule, sorted so that word order does not matter."""
    out = []
    for w in tokens(split_name(name).base):
        w = _ARABIC_GENERIC.get(w, w)
        out.append(skeleton(_singular(w)))
    return sorted(out)


def translated_key(name: str) -> str:
    """Words with Arabic generic words in English, plural-free, in sorted order:
    "Jabhat al-Nusra" and "Nusra Front" both give "front nusra"."""
    return " ".join(
        sorted(_singular(_ARABIC_GENERIC.get(w, w)) for w in tokens(split_name(name).base))
    )


# Loose keys are stored beside strict ones (table resolution_keys) under this prefix.
LOOSE_PREFIX = "~"


def loose_key(name: str) -> str:
    return " ".join(loose_tokens(name))


def used_generic_translation(name: str) -> bool:
    """Whether the name has an Arabic generic word that loose keys translate."""
    return any(w in _ARABIC_GENERIC for w in tokens(split_name(name).base))


# Not initials_match (orbat.extract.prose.rules.names): one exact key to index a name under,
# where that tests whether written letters may be initials of a name, skipping words.
def acronym(name: str) -> str | None:
    """The initials of a multi-word name: "National Defence Forces" → "NDF"."""
    words = [w for w in fold(split_name(name).base).split() if w not in _STOP]
    words = [w for w in words if w not in _ARTICLE_WORD]
    if len(words) < 2 or any(is_arabic(w) for w in words):
        return None
    return "".join(w[0] for w in words).upper()


def is_acronym(text: str) -> bool:
    """ "NDF", "ISIL", "I.S.I.S." — short all-capital names that many things share."""
    letters = text.replace(".", "").strip()
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def arabic_key(text: str) -> str | None:
    """An Arabic-script name folded (hamza forms, ta marbuta, article) for comparison."""
    if not is_arabic(text):
        return None
    return " ".join(tokens(text)) or None
