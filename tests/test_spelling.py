"""Misspelled medical words are read as the word the code sets use, and nothing else is touched."""

from __future__ import annotations

import json

import pytest

from assistant.spelling import Speller
from core.text import source_words
from tests.conftest import run_cli

WORDS = source_words([
    "Pneumonia, unspecified organism; lobar pneumonia; hypothyroidism, unspecified; diverticulitis of large "
    "intestine; osteoarthritis of hip; endogenous depression; hypertensive heart disease; ruptured aneurysm; "
    "Leprosy [Hansen's disease]; hospitalism in children; dehydration; intubation",
])


@pytest.fixture
def speller() -> Speller:
    return Speller(lambda: WORDS, lambda word: False)


@pytest.mark.parametrize(("typed", "read"), [
    ("Pnuemonia", "Pneumonia"),                       # a transposition
    ("Hypothyrodism", "Hypothyroidism"),              # a letter dropped
    ("Diverticulitus of sigmoid", "Diverticulitis of sigmoid"),
    ("osteoarthritus of left hip", "osteoarthritis of left hip"),
])
def test_a_misspelled_medical_word_is_read_as_the_sources_word(speller: Speller, typed: str, read: str) -> None:
    text, fixes = speller.correct(typed)
    assert text == read
    assert len(fixes) == 1 and fixes[0].typed.lower() != fixes[0].read


@pytest.mark.parametrize("text", [
    "Mr. Jansen presents with a cough",      # a name inside a sentence is a name, not Hansen's disease
    "hypotensive after induction",           # a real word two edits from another keeps its meaning
    "endovenous laser ablation",             # a prefix on a known word ("venous") is no typo
    "unruptured aneurysm",
    "rehydration with oral fluids",          # the first letters carry meaning: not "dehydration"
    "extubated on day two",
    "Please repot the plant",                # short words and everyday words are left alone
])
def test_real_words_names_and_derived_words_are_left_alone(speller: Speller, text: str) -> None:
    assert speller.correct(text) == (text, [])


def test_a_misspelled_name_on_a_problem_list_is_answered_and_the_reading_is_shown(small_home) -> None:  # noqa: ANN001
    answer = json.loads(run_cli("ask", "--json", "Pnuemonia", home=small_home).stdout)
    assert answer["found"] and answer["suggestions"][0]["code"] == "J18.9"
    assert any('"Pnuemonia" as "pneumonia"' in notice for notice in answer["notices"])


def test_the_ingest_saves_the_sources_words_and_an_older_index_counts_them_itself(small_home, tmp_path) -> None:  # noqa: ANN001
    """The word counts are read from the index rather than counted at every start (cold start), and an index
    built before they were saved still corrects spelling."""
    import shutil

    from assistant.store import Store
    from core.config import Settings
    from core.lexical_meta import WORDS_FILE, WORDS_QUERY, built_words

    settings = Settings(home=small_home)
    saved = built_words(settings.lexical_path)
    store = Store(settings)
    assert saved and saved == source_words(row[0] for row in store.db.execute(WORDS_QUERY))
    assert saved.get("pneumonia", 0) > 0
    older = tmp_path / "older"
    shutil.copytree(small_home, older)
    (Settings(home=older).lexical_path / WORDS_FILE).unlink()
    answer = json.loads(run_cli("ask", "--json", "Pnuemonia", home=older).stdout)
    assert answer["suggestions"][0]["code"] == "J18.9"
