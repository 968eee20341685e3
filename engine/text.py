"""Text normalisation for comparing Vietnamese: every comparison goes through `fold`."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = re.compile(r"\s*[-‐‑‒–—―]\s*")
_SPACES = re.compile(r"\s+")
_TRIM = " \t\r\n.;:,"

# Old and new tone placement ("hoá"/"hóa", "uỷ"/"ủy") name the same word: fold both
# to the placement on the first vowel. Only open syllables differ ("hoạch" is
# written one way), so only a pair that ends the word is rewritten.
_TONE_PLACEMENT = {}
for _pair in ("oa", "oe", "uy"):
    for _tone in "\u0300\u0301\u0303\u0309\u0323":
        _new = unicodedata.normalize("NFC", _pair[0] + _pair[1] + _tone)
        _old = unicodedata.normalize("NFC", _pair[0] + _tone + _pair[1])
        _TONE_PLACEMENT[_new] = _old
# "qu" is a consonant: the tone of "quý" stays on the y.
_TONE_RE = re.compile("(?<!q)(?:" + "|".join(map(re.escape, _TONE_PLACEMENT)) + r")(?!\w)")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)   # plans repeat the same owners and deadlines
def fold(text: str) -> str:
    """The comparison form: NFC, lower case, one tone placement, dashes as " - ",
    single spaces, no surrounding punctuation."""
    folded = nfc(text).casefold()
    folded = _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], folded)
    # A combining mark after a moved tone ("uý" + U+0300) now meets the bare vowel and composes
    # with it: normalise again, or a second fold would give another string.
    folded = nfc(folded)
    folded = _DASHES.sub(" - ", folded)
    folded = _SPACES.sub(" ", folded)
    return folded.strip(_TRIM)


@lru_cache(maxsize=65536)
def fold_words(text: str) -> str:
    """`fold` without punctuation: "Các sở, ban, ngành" and "các sở ban ngành" agree."""
    return _SPACES.sub(" ", re.sub(r"[,;.()\"“”'‘’:/]", " ", fold(text))).strip()


# Abbreviations agency names are written with, spelled out for comparison.
_AGENCY_WORDS = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "vp": "văn phòng"}


@lru_cache(maxsize=65536)
def agency_key(name: str) -> str:
    """An agency name as compared: `fold_words` with UBND, HĐND and VP spelled out,
    so "UBND cấp xã" and "Ủy ban nhân dân cấp xã" agree."""
    return " ".join(_AGENCY_WORDS.get(word, word) for word in fold_words(name).split())


def roman(number: int) -> str:
    """A positive number in Roman numerals, as plans number their sections ("IV", "XII")."""
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += numeral
            number -= value
    return out
