"""Misspelled medical words read as the word the code sets use ("Pnuemonia", "Diverticulitus").

People type problem lists and vignettes fast; a word no index knows matches nothing, and a capitalised one is
then taken for a person's name. A word is corrected only when it is unknown both to English and to the
sources, and only to a word the sources use in lower case (so never to an eponym: "Jansen" stays a name, not
"Hansen"). SymSpell does the lookup; the English list that ships with it says which words are real words.
"""

from __future__ import annotations

import importlib.resources
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

MIN_LENGTH = 7  # shorter words are abbreviations, names or other languages more often than typos
# One edit (a transposition counts as one), and the first two letters kept: a prefix carries meaning in medical
# words ("hypo-" / "hyper-", "re-" / "de-", "in-" / "ex-"), and typos rarely fall on the first letters.
EDITS = 1
KEPT = 2
SHORT_ENTRY = 6  # an entry this short (a problem-list line) is corrected even where capitalised


# A word this common in general English (counts of the list SymSpell ships) says nothing about the domain; one
# rarer, that the sources know, is a term of the trade ("syncope", "chalazion"): rarity runs 0..1 between them.
COMMON_COUNT = 3e7
RARE_COUNT = 3e4


@cache
def english_counts() -> dict[str, int]:
    listing = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    pairs = (line.split(" ", 1) for line in listing.read_text(encoding="utf-8").splitlines())
    return {word: int(count) for word, count in pairs}


def rarity(word: str) -> float:
    """How far a word is from everyday English: 0 for common words, 1 for words English hardly uses."""
    count = english_counts().get(word, 0)
    span = math.log10(COMMON_COUNT) - math.log10(RARE_COUNT)
    return min(1.0, max(0.0, (math.log10(COMMON_COUNT) - math.log10(count + 1)) / span))


@dataclass(frozen=True)
class Fix:
    typed: str
    read: str


# A word the way typos come: letters only, not an acronym; where it starts decides whether a capital means a name.
_WORD = re.compile(r"(?<![\w/'-])([A-Za-z][a-z]+)(?![\w/'-])")
# A word built from a known one is no typo ("endovenous", "hospitalist", "unruptured").
_PREFIXES = ("endo", "intra", "trans", "peri", "sub", "supra", "retro", "para", "hyper", "hypo", "pre", "post",
             "re", "un", "non", "anti", "de", "dis", "over", "under", "extra", "inter", "micro", "neo", "multi",
             "poly", "semi", "auto", "pseudo", "ex", "in")
_SUFFIXES = ("ist", "ists", "al", "ic", "ous", "y", "s", "es", "ed", "ing", "er", "ers", "ly", "ness", "ant", "ive")
_SENTENCE_START = re.compile(r"(?:^|[.?!:;\n•*-])\s*$")


class Speller:
    """``words`` are the sources' lower-case words with their counts; ``known`` says whether the index already
    holds a word in some form (an inflection the word list lacks)."""

    def __init__(self, words: Callable[[], dict[str, int]], known: Callable[[str], bool]) -> None:
        self._words = words
        self._known = known

    @cached_property
    def _english(self) -> frozenset[str]:
        return frozenset(english_counts())

    @cached_property
    def _sym(self):  # noqa: ANN202 - symspellpy is untyped
        from symspellpy import SymSpell

        sym = SymSpell(max_dictionary_edit_distance=EDITS, prefix_length=7)
        for word, count in self._words().items():
            if len(word) >= MIN_LENGTH - 1:
                sym.create_dictionary_entry(word, count)
        return sym

    def _real(self, word: str) -> bool:
        return word in self._english or word in self._words()

    def unknown(self, word: str) -> bool:
        lower = word.lower()
        if len(lower) < MIN_LENGTH or lower in self._english or self._known(lower) or lower in self._words():
            return False
        return not (any(lower.startswith(p) and self._real(lower[len(p):]) for p in _PREFIXES)
                    or any(lower.endswith(s) and self._real(lower[:-len(s)]) for s in _SUFFIXES))

    def jargon(self, text: str) -> float:
        """The rarest word of the text that the sources know: a domain signal the sentence embedding misses on
        one-word entries ("Syncope", "Chalazion"), where chit-chat and nonsense have no such word."""
        words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}
        return max((rarity(w) for w in words if w in self._words() or self._known(w)), default=0.0)

    def best(self, word: str) -> str | None:
        from symspellpy import Verbosity

        lower = word.lower()
        found = self._sym.lookup(lower, Verbosity.CLOSEST, max_edit_distance=EDITS)
        return next((f.term for f in found if f.term[:KEPT] == lower[:KEPT]), None)

    def correct(self, text: str) -> tuple[str, list[Fix]]:
        """The text with each unknown word replaced by its nearest source word, and what was changed."""
        entry = len(text.split()) <= SHORT_ENTRY
        fixes: list[Fix] = []

        def swap(match: re.Match[str]) -> str:
            word = match.group(1)
            if word[0].isupper() and not entry and not _SENTENCE_START.search(text[:match.start()]):
                return word  # a capital inside a sentence is a name
            if not self.unknown(word):
                return word
            read = self.best(word)
            if not read:
                return word
            fixes.append(Fix(word, read))
            return read.capitalize() if word[0].isupper() else read

        return _WORD.sub(swap, text), fixes
