"""Eye-clinic abbreviations read as the eye's only in an eye note."""

import pytest

from assistant.eye_shorthand import eye_terms, eye_words
from assistant.query import analyse


@pytest.mark.parametrize("text, words", [
    ("NS 2+ OD, BCVA 20/50", "nuclear cataract"),
    ("PSC OS", "posterior subcapsular"),
    ("DES OU, TBUT 4s", "dry eye syndrome"),
])
def test_an_eye_note_reads_the_abbreviation_as_the_eyes(text: str, words: str) -> None:
    assert words in eye_words(text)


@pytest.mark.parametrize("text", ["NS 1L bolus IV for hypotension", "PCI with DES to the mid LAD"])
def test_outside_an_eye_note_the_abbreviation_keeps_its_other_meaning(text: str) -> None:
    assert eye_words(text) == "" and eye_terms(text) == frozenset()


def test_a_dry_eye_drops_the_stent_reading() -> None:
    expanded = analyse("DES OU - TBUT 4s, inferior PEE OU").expanded.lower()
    assert "dry eye" in expanded and "stent" not in expanded
