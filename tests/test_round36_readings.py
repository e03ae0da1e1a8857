"""Readings added for the hand-surgery, pain-management, cath-lab and wound-care voices: fingers by their
initials, nerves by the PCS body part key, a nerve lesioned through a needle, stents and arteries counted the way an
interventionalist writes them, a history told as an act's reason, a denied diagnosis that shares words with a stated
one, a heart's "right" that is no side, and lay or billing questions answered "not found"."""

import pytest

from assistant.other_asks import asks_beyond_sources
from assistant.pcs_fit import side_of
from assistant.query import (
    analyse,
    coronary_count,
    describes_act,
    detect_approach,
    named_system,
    negated_words,
    stent_count_words,
)
from assistant.setting_shorthand import spelled_out


@pytest.mark.parametrize("text, words", [
    ("TF R LF code", "trigger finger R middle finger"),
    ("R IF P1 nondisplaced fx, 4 wks out", "R index finger proximal phalanx"),
    ("boxer's fx R SF metacarpal neck", "little finger metacarpal"),
    ("CRPP R RF P2 fx", "ring finger middle phalanx"),
])
def test_a_hand_note_reads_fingers_and_phalanges_by_their_initials(text: str, words: str) -> None:
    assert words in spelled_out(text)


def test_finger_initials_stay_themselves_outside_a_hand_note() -> None:
    assert spelled_out("genicular RF ablation R knee") == "genicular RF ablation R knee"
    assert spelled_out("G2P1 at 39 wks") == "G2P1 at 39 wks"


@pytest.mark.parametrize("text, approach", [
    ("ganglion impar RFA for coccydynia", "Percutaneous"),
    ("cryoneurolysis of the intercostal nerves T4-T7", "Percutaneous"),
    ("CRPP R LF proximal phalanx fx, crossed K-wires, no open incision", "Percutaneous"),
    ("RCA CTO opened antegrade w/ wire escalation, 4 DES total", "Percutaneous"),
])
def test_the_way_in_is_read_from_the_instrument_not_from_words_that_deny_or_mean_else(text: str, approach: str) -> None:
    assert analyse(text).approach == approach


@pytest.mark.parametrize("text, nerve", [
    ("splanchnic nerve RF ablation", "thoracic sympathetic nerve"),
    ("stellate ganglion RFA at C7", "head and neck sympathetic nerve"),
    ("celiac plexus neurolysis", "abdominal sympathetic nerve"),
    ("suprascapular nerve RFA L shoulder", "brachial plexus"),
    ("ilioinguinal nerve cryoablation", "lumbar plexus"),
])
def test_a_nerve_is_read_as_its_body_part_key_value(text: str, nerve: str) -> None:
    assert nerve in analyse(text).expanded


@pytest.mark.parametrize("text, arteries, stents", [
    ("mLAD DES x1 and OM1 DES x1 same session", 2, "two drug-eluting intraluminal devices"),
    ("pLAD 2 overlapping DES + mid LCx 1 DES. 2 vessels, 3 stents total", 2, "three drug-eluting"),
    ("mid RCA: 3 Onyx DES in series", 1, "three drug-eluting"),
    ("two overlapping bare metal stents in the LCx, no DES available in that size", 1, "two intraluminal devices"),
])
def test_a_pci_counts_arteries_and_stents_as_written(text: str, arteries: int, stents: str) -> None:
    assert coronary_count(text) == arteries
    assert stent_count_words(text).startswith(stents)


@pytest.mark.parametrize("text", [
    "Cervical cerclage was placed transvaginally at 14 weeks for hx of cervical insufficiency.",
    "Bone marrow aspiration and biopsy, posterior iliac crest, for diagnosis",
    "US-guided left thoracentesis for diagnostic purposes, 40 mL obtained",
])
def test_an_acts_reason_or_diagnostic_purpose_does_not_make_it_a_diagnosis_question(text: str) -> None:
    assert describes_act(text)


def test_an_act_told_in_the_past_beside_a_status_stays_a_diagnosis_question() -> None:
    assert not describes_act("s/p appendectomy 2019, here for follow-up")


def test_root_operation_asked_names_pcs() -> None:
    assert named_system("gastrostomy tube inserted for dysphagia s/p CVA, what root op + code?") == "ICD-10-PCS"
    assert named_system("what root operation is a trigger finger release") == "ICD-10-PCS"


def test_a_denied_diagnosis_keeps_the_words_a_stated_one_shares() -> None:
    negated = negated_words("clear cell RCC of the left kidney, no mets")
    assert "secondari" in negated and "malign" not in negated and "neoplasm" not in negated
    assert "acut" not in negated_words("demand ischemia from sepsis, NOT an MI")
    assert "fractur" in negated_words("postmenopausal osteoporosis, no current fx")  # nothing else says fracture


def test_a_hearts_right_or_left_is_no_side() -> None:
    assert side_of("Acute on chronic right heart failure", {}) is None
    assert side_of("Left bundle-branch block, unspecified", {}) is None
    assert side_of("Cellulitis of right finger", {}) == "Right"


@pytest.mark.parametrize("text", [
    "GMLOS for DRG 871 sepsis w MCC?",
    "Is morbid obesity still an HCC under V28?",
    "what POS do I use for an ambulatory surgery center",
    "NCD for screening colonoscopy frequency",
    "is an ABN required for a screening PSA more often than once a year",
    "Amoxicillin dose for a 20 kg child with ear infection?",
    "what antibiotics treat MRSA cellulitis outpatient",
    "which is better for knee OA, steroid shot or PRP?",
    "is a colonoscopy painful",
])
def test_billing_rules_and_lay_questions_are_beyond_the_sources(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "RCC left kidney, no mets, dx code?",
    "pt with painful L knee OA, code?",
    "NCD due to Alzheimer's disease, mild",
])
def test_coding_questions_with_those_words_are_not(text: str) -> None:
    assert not asks_beyond_sources(text)


def test_detect_approach_keeps_an_open_incision_said() -> None:
    assert detect_approach("open reduction through a dorsal incision") == "Open"
