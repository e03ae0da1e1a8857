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


@pytest.mark.parametrize(("text", "left_out"), [
    ("Colon, sigmoid, polypectomy:\n- Tubular adenoma.\nICD-10?", "polypectomy"),
    ("FINAL DIAGNOSIS:\nA. Uterus, cervix, tubes and ovaries, total laparoscopic hysterectomy and BSO:\n"
     "- Endometrioid adenocarcinoma, FIGO grade 1", "hysterectomy"),
])
def test_a_pathology_report_asked_for_its_diagnosis_drops_how_the_specimen_was_taken(text: str,
                                                                                    left_out: str) -> None:
    read = analyse(text)
    assert read.named_system == "ICD-10-CM"
    assert left_out not in read.core_text and not read.act


def test_a_pathology_report_asked_for_the_procedure_keeps_it() -> None:
    assert "polypectomy" in analyse("Colon, sigmoid, polypectomy: tubular adenoma. PCS code?").core_text


@pytest.mark.parametrize("text", [
    "CC: fell off ladder. CT chest: fx L ribs 6 thru 9, no PTX.",
    "XR shows a coin in the upper esophagus",
])
def test_the_scan_that_found_a_finding_is_not_searched(text: str) -> None:
    core = analyse(text).core_text
    assert "CT" not in core and "XR" not in core


@pytest.mark.parametrize(("text", "encounter"), [
    ("ED Dx: closed fx R distal radius. Sugar tong splint, ortho f/u 1 wk.", None),  # a visit still to come
    ("Deformity L clavicle, displaced midshaft fx. Sling, peds ortho f/u.", None),
    ("Ortho f/u 6 wks s/p ORIF L bimalleolar ankle fx, healing as expected.", "D"),  # this visit is the follow-up
])
def test_a_follow_up_in_the_plan_is_not_the_encounter(text: str, encounter: str | None) -> None:
    assert analyse(text).encounter == encounter


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("heroin paraphernalia at scene, responded to narcan", "heroin", "narcan"),
    ("Rattlesnake bite L ankle, CroFab started", "rattlesnake", "crofab"),
])
def test_an_antidote_given_is_the_treatment_not_the_poison(text: str, kept: str, dropped: str) -> None:
    core = analyse(text).core_text.lower()
    assert kept in core and dropped not in core


def test_intent_that_cannot_be_determined_is_undetermined() -> None:
    assert intent_of("overdose; per note intent of the overdose cannot be determined") == "4"


@pytest.mark.parametrize("text", ["Stopped his amlodipine on his own", "missed Keppra x 3 days",
                                  "ran out of insulin and couldn't afford the refill"])
def test_a_drug_not_taken_as_prescribed_is_underdosing(text: str) -> None:
    assert intent_of(text) == "6"


@pytest.mark.parametrize(("text", "region"), [
    ("Lymph node, right cervical, excision: diffuse large B-cell lymphoma", "head face and neck"),
    ("Stomach biopsy: diffuse large B-cell lymphoma", "extranodal and solid organ sites"),
    ("mantle cell lymphoma, right axillary lymph node", "axilla and upper limb"),
    ("splenic marginal zone lymphoma", "spleen"),
])
def test_a_lymphomas_site_reads_as_the_titles_region(text: str, region: str) -> None:
    assert region in analyse(text).expanded


@pytest.mark.parametrize(("text", "held"), [
    ("CT confirms nondisplaced fx through the waist of the R scaphoid. Thumb spica cast.", False),
    ("Achilles rupture, + Thompson test. Splint in plantarflexion.", False),
    ("Short arm cast applied to the left forearm for a nondisplaced distal radius fracture", True),  # its subject
])
def test_a_splint_after_the_injury_is_its_care_not_the_act_asked_for(text: str, held: bool) -> None:
    core = analyse(text).core_text.lower()
    assert (("cast" in core) or ("splint" in core)) == held
