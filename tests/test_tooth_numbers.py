"""A tooth's Universal number read as the jaw and count the PCS titles name."""

import pytest

from assistant.tooth_numbers import tooth_words


@pytest.mark.parametrize("text, words", [
    ("extraction #30, nonrestorable", "lower tooth single"),
    ("tooth extraction #17 #32 full bony", "lower tooth multiple"),
    ("ext 1, 16, 17, 32 under GA", "lower tooth multiple upper tooth multiple"),
    ("extract #3", "upper tooth single"),
    ("primary teeth #A and #T extracted", "lower tooth single upper tooth single"),
])
def test_the_number_names_the_jaw_and_the_count(text: str, words: str) -> None:
    assert tooth_words(text) == words


@pytest.mark.parametrize("text", [
    "toothache, no numbers given",          # a tooth, but no number
    "room #17, knee effusion",              # a number with no tooth
    "extraction of 3 foreign bodies",       # no tooth number after "#"
    "extracted 3 teeth today",              # a count of teeth, not tooth #3
])
def test_no_tooth_number_reads_nothing(text: str) -> None:
    assert tooth_words(text) == ""
