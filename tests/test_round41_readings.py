"""Readings added for the forty-first round's voices (a podiatry clinic, an outpatient therapy clinic, surgery
booking sheets): therapy after an injury as a later encounter, orthopedic aftercare and an implant's presence, a
foot's joints and amputation levels, ear tubes, a sentinel node biopsy beside a lumpectomy, a booking's
"indication", and outlooks, doses and quality-program questions that ask no code."""

import pytest

from assistant.clarify import ask_for
from assistant.encounter_reason import orthopedic_aftercare_words
from assistant.other_asks import asks_beyond_sources
from assistant.query import (
    _AMPUTATION_LEVELS,
    aftercare_words,
    analyse,
    code_asked,
    detect_side,
    dominance,
    ear_tubes,
    encounter_of,
    foot_ulcer_site,
    limb_named,
    named_system,
    spine_levels,
)


@pytest.mark.parametrize("text, encounter", [
    ("R ankle sprain of the ATFL, stepped off a curb 3 wks ago, now PT referral. code?", "D"),
    ("s/p L4 compression fx, outpatient PT for strengthening. dx?", "D"),
    ("L distal radius fx, hand therapy eval for stiffness", "D"),
    ("Plan of care: R shoulder dislocation, stabilization program", "D"),
    # "pt" alone is the patient: an ED visit stays the first encounter
    ("R ankle sprain in the ED today, start pt on ibuprofen", "A"),
])
def test_therapy_after_an_injury_is_a_later_encounter(text: str, encounter: str) -> None:
    assert encounter_of(text) == encounter


@pytest.mark.parametrize("text, words", [
    ("s/p L4-S1 posterior fusion 8 wks ago for stenosis, PT aftercare. which Z codes?",
     "encounter for other orthopedic aftercare"),
    ("Spinal fusion T4-L1 for scoliosis 3 months ago, aftercare PT - Z code?",
     "encounter for orthopedic aftercare following scoliosis surgery"),
    ("R BKA 2 mo ago, PT for preprosthetic training. orthopedic aftercare Z code?",
     "encounter for orthopedic aftercare following surgical amputation"),
    # an injury's care goes on under the injury's code; a joint replaced has aftercare of its own
    ("ACL recon R knee 4 wks ago, tore it playing soccer, PT aftercare", ""),
    ("s/p R TKA 3 wks, PT eval & tx. dx code?", ""),
    ("post-op visit after lap hernia repair, doing well", ""),
])
def test_orthopedic_aftercare_is_read_only_after_a_bone_or_joint_operation(text: str, words: str) -> None:
    assert orthopedic_aftercare_words(text) == words


@pytest.mark.parametrize("text, present", [
    ("R reverse total shoulder 6 wks post op - what's the status code for the prosthesis", True),
    ("L total hip in January, I have Z47.1, which code do I add for the hip implant itself?", True),
    ("L total hip in January, PT eval. dx?", False),
])
def test_a_replaced_joints_presence_is_read_when_asked(text: str, present: bool) -> None:
    assert (aftercare_words(text) == "presence of artificial joint") == present


def test_the_implant_asked_for_leads(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("Pt had a L total hip in January, referral says 'aftercare THA'. I already have Z47.1, "
                           "which code do I add for the hip implant itself?")
    assert answer.suggestions[0]["code"] == "Z96.642"


@pytest.mark.parametrize("text, level", [
    ("R 5th toe amp at the DIPJ", "low"),
    ("L 2nd toe amputated through the PIPJ", "mid"),
    ("amputation R hallux at the MTPJ for osteo", "complete"),
])
def test_a_toes_amputation_level_is_read_from_podiatry_joint_names(text: str, level: str) -> None:
    import re

    assert next(name for name, pattern in _AMPUTATION_LEVELS if re.search(pattern, text, re.I)) == level
    assert f" {level} " in f" {analyse(text).expanded} "


@pytest.mark.parametrize("text, side", [
    ("BOOKING: L breast lumpectomy w SLNB. I only need the lumpectomy code right now", "Left"),
    ("DM2 w/ ulcer of the heel - DM code goes first right?", None),
    ("R knee scope, is that right?", "Right"),
])
def test_right_as_time_or_agreement_is_no_side(text: str, side: str | None) -> None:
    assert detect_side(text) == side


def test_a_sentinel_node_biopsy_does_not_make_the_lumpectomy_diagnostic() -> None:
    assert not analyse("L breast lumpectomy w SLNB for L breast ca. pcs for the lumpectomy").diagnostic
    assert analyse("excisional bx L breast mass. pcs").diagnostic


def test_tubes_through_the_eardrums_are_drainage_devices_not_fallopian_tubes() -> None:
    assert "fallopian" not in ear_tubes("BMT - bilat myringotomy w tubes").lower()
    assert ear_tubes("BMT - bilat myringotomy w tubes") == "BMT - bilat myringotomy w drainage device"
    # the tubes' presence asked as a status keeps its words
    assert ear_tubes("f/u for PE tubes in place. Z code for tube status?") == \
        "f/u for PE tubes in place. Z code for tube status?"
    assert ear_tubes("bilateral tubal ligation") == "bilateral tubal ligation"


def test_both_sides_done_where_the_part_has_no_bilateral_value_asks_no_side(assistant) -> None:  # noqa: ANN001
    query = analyse("bilateral open carpal tunnel release")
    found = ask_for(assistant.store, query, "0FT40ZZ", "ICD-10-PCS")
    assert found is None or found.axis != "side"


def test_a_lefty_has_a_dominant_left_side() -> None:
    assert dominance("Pt is a lefty. left-sided hemiparesis after ischemic stroke", "Left") == \
        "left dominant side"
    assert dominance("left-sided hemiparesis after ischemic stroke", "Left").startswith("left nondominant")


def test_an_abscess_of_the_foot_keeps_its_foot() -> None:
    assert "foot" in limb_named("abscess R plantar foot, dx?")
    assert "lower limb" in limb_named("cellulitis R foot, dx?")


def test_a_cervical_disc_level_is_named_as_the_titles_name_it() -> None:
    assert "c5-c6 level" in spine_levels("C5-6 HNP with radiculopathy")
    # a fusion or a disc replaced is the procedure's; a canal stenosis is no disc disorder
    for other in ("C5-6 ACDF fusion with cage", "C6-7 total disc arthroplasty (Mobi-C) for radiculopathy",
                  "central canal stenosis C5-6, no myelopathy noted"):
        assert "level" not in spine_levels(other)


@pytest.mark.parametrize("text", [
    "I always forget - difficulty walking, what's the R code",
    "L knee OA, need the pcs for the scope",
    "dx pls",
])
def test_a_code_asked_in_a_booking_or_chat_voice_is_a_code_ask(text: str) -> None:
    assert code_asked(text)


@pytest.mark.parametrize("text", [
    "papillary thyroid ca, total thyroidectomy. indication?",
    "BPH w LUTS, TURP booked - indication code",
])
def test_a_bookings_indication_asks_for_the_diagnosis(text: str) -> None:
    assert named_system(text) == "ICD-10-CM"


@pytest.mark.parametrize("text", [
    "how do you calculate CHA2DS2-VASc, pt is 72 F with HTN and DM",
    "what sodium level counts as hyponatremia clinically",
    "amoxicillin dose for ear infection 20 kg child",
    "normal lactic acid? our lab says 2.3",
    "is hep C curable now",
    "morphine to hydromorphone conversion IV",
    "RSV vaccine who qualifies, age 60+?",
    "what's the clinical definition of acute respiratory failure",
    "HEDIS controlling blood pressure measure, what reading counts",
    "NHSN CLABSI definition — line in place how many days",
    "can 99406 smoking cessation be billed same day as the AWV G0439",
    "delirium vs metabolic encephalopathy clinically? not asking for a code",
])
def test_clinical_quality_and_billing_questions_ask_no_code(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "Methadone maintenance dosing for OUD",
    "rituximab IV via peripheral line, inpatient dose for CLL",
    "therapeutic lithium level drawn, level 2.1, toxicity. dx code?",
])
def test_a_treatment_to_code_is_still_answered(text: str) -> None:
    assert not asks_beyond_sources(text)


def test_a_hcpcs_shaped_code_in_a_billing_question_is_not_read_as_a_diagnosis(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("can E1165 be billed the same day as the wheelchair fitting?")
    assert answer.suggestions == []
    # written with its dot it is the diagnosis code, answered whatever else is asked
    dotted = assistant.ask("can E11.65 be billed the same day as the wheelchair fitting?")
    assert dotted.suggestions[0]["code"] == "E11.65"


@pytest.mark.parametrize("text, site", [
    ("Chronic ulcer at the tip of the L 3rd toe, fat layer exposed", "other part of foot foot ulcer"),
    ("diabetic ulcer (type 2) L hallux tip, limited to breakdown of skin", "other part of foot foot ulcer"),
    ("nonhealing ulcer R heel, fat layer exposed", "heel and midfoot foot ulcer"),
    # a pressure injury has its own titles; a debridement is the procedure's
    ("stage 3 pressure ulcer R heel", ""),
    ("excisional debridement R calcaneus, soft bone rongeured out of the heel ulcer", ""),
])
def test_a_chronic_foot_ulcer_is_named_by_the_titles_parts_of_the_foot(text: str, site: str) -> None:
    assert foot_ulcer_site(text) == site
