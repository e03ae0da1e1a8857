"""Readings added for the thirty-ninth round's voices (ENT office, inpatient rehab, vascular lab, allergy and
immunology): an open fracture told after the fracture ("fx, open type II"), a birth by vacuum, forceps or cesarean
read as its Extraction, and a clarifying question when the top code asserts a kind the question never named."""

import pytest

from assistant.other_asks import asks_beyond_sources
from assistant.query import (
    analyse,
    detect_side,
    dominance,
    encounter_of,
    open_fracture,
    open_type,
    stroke_sequela,
    unabbreviate,
)
from assistant.service import Conversation
from assistant.setting_shorthand import spelled_out


@pytest.mark.parametrize("text, kind", [
    ("displaced transverse fx R tibial shaft, open type II", "type i or ii"),
    ("R tib shaft fx open IIIB, 5 mo delayed healing", "type iii"),
    ("L pilon fx (open), initial", ""),
    ("open type IIIA tibial plateau fx", "type iii"),
])
def test_an_open_fracture_told_after_the_fracture_is_open(text: str, kind: str) -> None:
    assert open_fracture(text)
    assert open_type(text) == kind


@pytest.mark.parametrize("text", [
    "distal radius fx, open reduction and internal fixation",
    "ankle fx open treatment with plate",
    "clavicle fx, closed, open wound care elsewhere on the arm",
])
def test_an_open_reduction_or_treatment_is_no_open_fracture(text: str) -> None:
    assert not open_fracture(text)


@pytest.mark.parametrize("text", [
    "Vacuum-assisted vaginal delivery",
    "Operative vaginal delivery with forceps, what's the PCS",
    "Primary C-section. Code the delivery.",
])
def test_a_birth_by_vacuum_forceps_or_cesarean_is_no_delivery_root(text: str) -> None:
    query = analyse(text)
    assert "deliveri" not in query.other_roots
    assert not any("10E0" in e.expansion for e in query.glossary_hits)


@pytest.mark.parametrize("text", [
    "SVD, 2nd degree lac repaired",
    "spontaneous labor; the midwife guided the head, no forceps or vacuum. Which PCS for the vaginal delivery?",
])
def test_a_spontaneous_birth_keeps_its_delivery(text: str) -> None:
    query = analyse(text)
    assert any("10E0" in e.expansion for e in query.glossary_hits)


def test_a_top_code_asserting_an_unnamed_kind_asks_which_kind(assistant) -> None:  # noqa: ANN001
    conversation = Conversation()
    first = assistant.ask("acute on chronic CHF", conversation=conversation)
    assert first.clarify is not None and first.clarify["axis"] == "type"
    options = {o["label"]: o["codes"] for o in first.clarify["options"]}
    assert {"Systolic", "Diastolic", "Combined systolic and diastolic"} <= set(options)
    assert first.suggestions[0]["code"] in {c for codes in options.values() for c in codes}
    second = assistant.ask("Systolic", conversation=conversation)
    assert second.suggestions[0]["code"] == "I50.23"


@pytest.mark.parametrize("question", [
    "chronic systolic CHF",  # the kind is told
    "acute on chronic HFrEF, dx",  # ... in other words
    "persistent AF, on apixaban",  # the top's kind is the one taken when the record is silent
])
def test_no_kind_question_when_the_kind_is_told_or_defaulted(assistant, question: str) -> None:  # noqa: ANN001
    answer = assistant.ask(question)
    assert answer.clarify is None or answer.clarify["axis"] != "type"


@pytest.mark.parametrize("text, encounter", [
    ("SCI C5 ASIA B, traumatic, admit to IRF from acute after fusion. code?", "D"),
    ("displaced bicondylar tibial plateau fx R, s/p ORIF, NWB RLE. code for IRF", "D"),
    ("20yo diving accident C6 ASIA A, admitting to SCI unit today", "D"),
    ("urgent care, R ankle sprain, no specific ligament documented. code?", "A"),
])
def test_a_rehabilitation_stay_is_a_later_encounter_and_urgent_care_the_first(text: str, encounter: str) -> None:
    assert encounter_of(text) == encounter


def test_the_asia_grade_tells_a_complete_or_incomplete_cord_lesion() -> None:
    assert "complete lesion" in analyse("C6 ASIA A tetraplegia from a diving injury").expanded
    assert "incomplete lesion" in analyse("SCI T10 AIS C after MVC").expanded


@pytest.mark.parametrize("text, dilation", [
    ("L SFA stent, one bare metal self-expanding stent, perc", True),
    ("Left renal artery stent, 1 bare metal stent, perc. code", True),
    ("s/p L SFA stent, on plavix, dx?", False),
    ("ERCP W BILIARY STENT, CBD", True),
    ("hx of R SFA stent, claudication is back", False),
    ("thrombosed L renal artery stent, dx?", False),
])
def test_a_vessels_stent_told_by_name_is_a_dilation(text: str, dilation: bool) -> None:
    assert ("dilat" in analyse(text).other_roots) == dilation


@pytest.mark.parametrize("text, reading", [
    ("cat dander AR code pls", "cat dander allergic rhinitis code pls"),
    ("AD, moderate-severe, starting dupilumab", "atopic dermatitis, moderate-severe, starting dupilumab"),
    ("4yo PN anaphylaxis in the ED", "4yo peanut anaphylaxis in the ED"),
    ("AR 3+ on echo, dx?", "AR 3+ on echo, dx?"),  # a valve's regurgitation outside an allergy note
    ("DRESS from allopurinol, eos 2200", "drug rash with eosinophilia and systemic symptoms syndrome from allopurinol, "
                                         "eos 2200"),
    ("Is there a dress code for the holiday party?", "Is there a dress code for the holiday party?"),
])
def test_an_allergy_note_reads_its_own_shorthand(text: str, reading: str) -> None:
    assert spelled_out(text) == reading


def test_an_ear_word_lets_au_say_both_ears() -> None:
    assert detect_side("presbycusis AU") == "Bilateral"


@pytest.mark.parametrize("text", [
    "what is lisinopril used for",
    "INR therapeutic range for someone with a mechanical mitral valve",
    "write a SOAP note for a pt with a sore throat",
    "what are the stages of a pressure ulcer, just the clinical description not codes",
    "denial CO-97 on a wound debridement claim, what does it mean",
    "what is a CC vs MCC and how does it change the DRG payment",
    "is prior auth needed for a CT abdomen with contrast under Aetna commercial",
])
def test_clinical_writing_and_payer_questions_are_beyond_the_sources(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "Pt here only for scheduled skin prick testing, no complaint today. what's the encounter reason code",
    "how is I50.22 different from I50.32",
    "hgb 6.8, below the transfusion threshold, transfused 2 units via peripheral IV. pcs",
])
def test_questions_about_codes_stay_answerable(text: str) -> None:
    assert not asks_beyond_sources(text)


@pytest.mark.parametrize("text, sequela", [
    ("CVA w L hemiparesis, R dom, IRF admit", True),
    ("R MCA stroke w/ dense L hemispatial neglect, coded as a stroke sequela", True),
    ("aphasia since her stroke 2 years ago", True),
    ("acute L MCA stroke with R hemiparesis, tPA given", False),  # the stroke's own stay
    ("hx of CVA, no residual deficits", False),
])
def test_a_deficit_told_after_a_stroke_reads_as_its_sequela(text: str, sequela: bool) -> None:
    assert bool(stroke_sequela(text)) == sequela


def test_a_sequela_takes_the_side_left_weak_not_the_lesions() -> None:
    assert analyse("L hemiparesis residual from prior R MCA infarct, pt right-hand dominant").side == "Left"
    assert analyse("acute right MCA infarct with left hemiparesis").side == "Right"  # the infarct's own code


def test_a_stroke_note_reads_hp_and_dom() -> None:
    assert spelled_out("CVA w L HP, R dom") == "CVA w L hemiplegia, R dom"
    assert dominance("CVA w L hemiplegia, R dom", "Left") == "left nondominant non-dominant side"
    assert dominance("R hemiparesis, L dom", "Right") == "right nondominant non-dominant side"


def test_a_qualifier_told_apart_by_the_word_only_it_needs() -> None:
    from assistant.clarify import _told_apart

    kinds = {"Posterior Approach, Anterior Column": frozenset({"posterior", "approach", "anterior", "column"}),
             "Anterior Approach, Anterior Column": frozenset({"anterior", "approach", "column"})}
    assert _told_apart(kinds, {"lumbar", "posterior", "approach"}) == {"Posterior Approach, Anterior Column"}
    assert _told_apart(kinds, {"anterior", "cervic"}) == {"Anterior Approach, Anterior Column"}


def test_a_replacement_naming_no_material_takes_the_plain_synthetic_substitute(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("R hip hemiarthroplasty for displaced FNF, cemented stem. PCS?")
    assert answer.suggestions[0]["code"] == "0SRR0J9"
    assert answer.clarify is None or answer.clarify["axis"] != "device"
    metal = assistant.ask("right hip hemiarthroplasty, metal head, cemented")
    assert metal.suggestions[0]["code"] == "0SRR019"


@pytest.mark.parametrize("text, reading", [
    ("CKD IV code pls", "CKD stage 4 code pls"),
    ("nephrologist wrote CKD G3a A2 in the consult", "nephrologist wrote CKD stage 3a in the consult"),
    ("stage IIIb CKD", "stage 3b CKD"),
    ("stage IV lung cancer", "stage IV lung cancer"),  # a cancer's stage is no kidney's
])
def test_a_kidney_diseases_roman_or_gfr_stage_is_its_numbered_stage(text: str, reading: str) -> None:
    assert unabbreviate(text) == reading
