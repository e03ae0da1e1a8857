"""Word handling shared by the lexical index and query analysis."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKENIZER_VERSION = "5"  # bump when tokenize() changes: the BM25 index is rebuilt
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
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


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text).lower())


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stop-word-free, stemmed tokens (the same for documents and queries)."""
    tokens = [w for w in words(text) if keep_stopwords or w not in STOPWORDS]
    stemmer = _stemmer()
    return stemmer.stemWords(tokens) if stemmer else tokens


@lru_cache(maxsize=200_000)
def token_set(text: str) -> frozenset[str]:
    """Cached tokens of a title or passage: the same titles are scored for many questions."""
    return frozenset(tokenize(text))
