#!/usr/bin/env python3
"""Builds data/geo/common_words.txt: common English words that name no real place of note, so that
"Desk" in "(Pacific Desk)" is no village in Hungary (Deszk, alias "Desk") and "Human" no Uman.

A word is listed when it is a lower-case entry of the Debian `wamerican` word list (SCOWL, Kevin
Atkinson; /usr/share/dict/american-english) and a one-word name or alias in the gazetteer
(data/geo/places.tsv.gz, folded like muster_geo::fold), but not the own name of a town of 30,000
people or more, nor an alias of one of 100,000 or more, nor a capital's ("Acre", "Marks", "Police"
stay places). Run from the repository root: python3 scripts/build_common_words.py
"""
import gzip
import unicodedata

DICT = "/usr/share/dict/american-english"
BIG = 100_000
NAMED = 30_000


# letters NFKD leaves whole, transliterated as deunicode (muster_geo::fold) does
EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "Æ": "ae",
                       "œ": "oe", "Œ": "oe", "ı": "i", "ħ": "h", "þ": "th", "ð": "d"})


def fold(s):
    s = unicodedata.normalize("NFKD", s.translate(EXTRA))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return "".join(c for c in s if c.isalnum() or c == " ").strip()


words = set()
for line in open(DICT, encoding="utf-8"):
    w = line.strip()
    if len(w) >= 3 and w.isascii() and w.isalpha() and w.islower():
        words.add(w)

small, big = set(), set()
with gzip.open("data/geo/places.tsv.gz", "rt", encoding="utf-8") as f:
    for row in f:
        cols = row.rstrip("\n").split("\t")
        name, feature, pop = cols[1], cols[6], int(cols[7] or 0)
        names = [name] + (cols[8].split("|") if len(cols) > 8 and cols[8] else [])
        for i, n in enumerate(names):
            k = fold(n)
            if " " not in k and k in words:
                own = i == 0
                noted = feature.startswith("PPLC") or pop >= (NAMED if own else BIG)
                (big if noted else small).add(k)

listed = sorted(small - big)
with open("data/geo/common_words.txt", "w", encoding="utf-8") as out:
    out.write("# Common English words that name no place of note (the own name of no town of 30,000 people or\n")
    out.write("# more, the alias of none of 100,000 or more, no capital's): a single capitalised word of these is\n")
    out.write("# no place unless the text gives it a place's cue. Source: the Debian wamerican word list (SCOWL,\n")
    out.write("# http://wordlist.aspell.net/, permissive licence) crossed with data/geo/places.tsv.gz by\n")
    out.write("# scripts/build_common_words.py.\n")
    for w in listed:
        out.write(w + "\n")
print(len(listed), "words")
