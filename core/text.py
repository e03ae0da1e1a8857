"""Word handling shared by the lexical index and query analysis."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

TOKENIZER_VERSION = "7"  # bump when tokenize() changes: the BM25 index is rebuilt
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A word with a letter no accent-folding makes English ("nasılsın", "straße", "привет") is another language's
# word, not a code-set word: kept whole and dropped, not cut into fragments that happen to spell an abbreviation.
_FOREIGN = re.compile(r"\w*[^\W\x00-\x7f]\w*")
_STOP = """
a an and are as at be by for from has have how i if in into is it its me my of on or that the their there this to
was what when where which who will with do does did code codes coding icd icd10 pcs cm please pt patient should would
could can we you your our i'm what's whats no w given done performed placed taken underwent undergo
undergoing having had then also only through status today pt's s/p
nothing else going just really got get gets getting like kind sort thing things stuff something anything
"""
STOPWORDS = frozenset(_STOP.split())


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - optional dependency
    try:
        import Stemmer

        return Stemmer.Stemmer("english")
    except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
        return None


def fold(text: str) -> str:
    """"Ménière's" as "Meniere's", "Sjögren" as "Sjogren": titles carry accents that coders never type."""
    if text.isascii():
        return text
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def plain(text: str) -> str:
    """Lower case, accents folded, other languages' words blanked: what every reader of words starts from."""
    text = fold(text).lower()
    return text if text.isascii() else _FOREIGN.sub(" ", text)


def words(text: str) -> list[str]:
    return _WORD.findall(plain(text))


# Species named after a disease, kept apart from it: stemmed, "Klebsiella pneumoniae" counts "pneumonia" twice
# and outranks plain pneumonia; "Haemophilus influenzae" would be an influenza.
_EPITHETS = frozenset({"pneumoniae", "influenzae"})


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stop-word-free, stemmed tokens (the same for documents and queries)."""
    tokens = [w for w in words(text) if keep_stopwords or w not in STOPWORDS]
    stemmer = _stemmer()
    if not stemmer:
        return tokens
    return [w if w in _EPITHETS else s for w, s in zip(tokens, stemmer.stemWords(tokens), strict=True)]


@lru_cache(maxsize=200_000)
def token_set(text: str) -> frozenset[str]:
    """Cached tokens of a title or passage: the same titles are scored for many questions."""
    return frozenset(tokenize(text))


def source_words(texts: Iterable[str]) -> dict[str, int]:
    """Lower-case words of the sources with their counts; a word seen only capitalised is a name."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in re.findall(r"\b[a-z]{4,}\b", text):
            counts[word] = counts.get(word, 0) + 1
    return counts


def said_unless_before(pattern: re.Pattern[str], before: re.Pattern[str], text: str, window: int = 30) -> bool:
    """Whether ``pattern`` matches somewhere not preceded (within ``window`` characters) by what ``before`` finds:
    "vacuum" but not "no forceps or vacuum", a stent but not "s/p L SFA stent"."""
    return any(not before.search(text[max(0, m.start() - window):m.start()]) for m in pattern.finditer(text))
