"""Questions copied from charts and forms: the label they were copied under, whose birth record a delivery
story is, and a drug given correctly or deliberately.

These need no index: they check the readings that feed retrieval.
"""

from __future__ import annotations

import pytest

from assistant.filler import strip_wrappers
from assistant.query import analyse, intent_of, named_system, record_of


@pytest.mark.parametrize(("text", "kept"), [
    ('Podiatry superbill: "Athlete\'s foot." Code?', '"Athlete\'s foot." Code?'),
    ("ED clinical impression: cervical muscle strain, initial.", "ED clinical impression: cervical muscle strain, "
     "initial."),  # a diagnosis label marks the conclusion and stays
    ('Problem list (legacy format) for Jamal Reyes, 42: "Hernia, inguinal." Code it.', '"Hernia, inguinal." Code it.'),
    ("Claim line 2: Pneumonia, organism unspecified", "Pneumonia, organism unspecified"),
    ("Discharge summary for Rosa Duarte, 64: acute pyelonephritis. Codes in order?", "acute pyelonephritis."),
])
def test_a_chart_or_form_label_is_where_the_words_came_from_not_what_they_say(text: str, kept: str) -> None:
    assert strip_wrappers(text) == kept


@pytest.mark.parametrize("text", [
    "Hx of DVT, dx: PE",                       # a finding before "dx:" is no label
    "Note that the patient has pneumonia: code?",
])
def test_a_label_is_only_a_few_words_naming_a_chart_or_form(text: str) -> None:
    assert strip_wrappers(text) == text


def test_the_labels_words_count_for_nothing_but_a_diagnosis_label_asks_for_diagnosis_codes() -> None:
    query = analyse('Dermatology superbill: "Seborrheic keratosis." Codes in order?')
    assert not {"superbil", "order", "dermatolog"} & {t for g in query.groups for t in g}
    # "Foley placed" is what was done for it; the impression is what is asked
    asked = "ED clinical impression: acute urinary retention due to BPH; Foley placed. Codes in order?"
    assert named_system(asked) == "ICD-10-CM"


@pytest.mark.parametrize(("text", "record"), [
    ("A 35-year-old G2P1 chooses a repeat cesarean at 39 weeks. A single healthy infant is born.", "mother"),
    ("A term infant was born by cesarean to a G2P1 mother; hypoglycemia noted.", "newborn"),
    ("A healthy baby is born at 40 weeks. Assign the ICD-10-CM codes for the mother.", "mother"),
])
def test_a_birth_story_is_coded_on_the_record_of_its_subject(text: str, record: str) -> None:
    assert record_of(text) == record


@pytest.mark.parametrize("text", [
    "penicillin G, correctly ordered and administered, then anaphylaxis",
    "rash after amoxicillin properly prescribed and taken",
])
def test_a_drug_given_correctly_is_an_adverse_effect(text: str) -> None:
    assert intent_of(text) == "5"


def test_a_denial_reaches_only_its_own_clause() -> None:
    told = "depression, not further specified, deliberately swallowed 30 of her sertraline tablets"
    assert intent_of(told) == "2"
    assert intent_of("took 20 tablets, denies suicidal intent") is None


def test_no_other_complications_leaves_the_told_ones_in_place() -> None:
    told = "G1 at 40 weeks, vaginal delivery; second-degree perineal tear repaired. No other complications."
    assert "uncomplicated" not in analyse(told).expanded
    assert "uncomplicated" in analyse("Type 2 diabetes without complications").expanded
