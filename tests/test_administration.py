"""A substance given, read as the Administration section reads it: the drug's class as the section names it,
the vessel, cavity or tube it went into, and the line it ran through left as it was.

These need no index: they check the readings that feed retrieval.
"""

from __future__ import annotations

import pytest

from assistant.administration import site, substance
from assistant.query import analyse


@pytest.mark.parametrize(("text", "body", "table"), [
    ("vanc 1 g via the PICC", "central vein", "3E04"),          # a PICC's tip lies in a central vein
    ("Levophed gtt via TLC", "central vein", "3E04"),
    ("cefazolin 2 g IV", "peripheral vein", "3E03"),             # plain IV is a peripheral vein
    ("infused L AC 18g", "peripheral vein", "3E03"),
    ("intrathecal methotrexate via LP", "spinal canal", "3E0R"),
    ("mitomycin instilled into the bladder via foley", "genitourinary tract", "3E0K"),
    ("tPA via R chest tube", "pleural cavity", "3E0L"),
    ("gentamicin injected into R knee joint", "joints", "3E0U"),
    ("tube feeds via existing PEG", "upper gi", "3E0G"),
    ("intravitreal Eylea 2 mg OS", "eye", "3E0C"),
    ("nivolumab infused through implanted port", "central vein", "3E04"),
])
def test_the_route_is_the_body_system_the_substance_went_into(text: str, body: str, table: str) -> None:
    assert site(text)[:2] == (body, table)


@pytest.mark.parametrize("text", ["CKD stage IV", "NYHA class IV heart failure"])
def test_a_roman_four_is_no_intravenous_route(text: str) -> None:
    assert site(text) is None


@pytest.mark.parametrize(("words", "value"), [
    ("keytruda immune checkpoint inhibitors", "antineoplastic monoclonal antibody"),
    ("cytarabine", "antineoplastic"),               # a drug-name stem (-citabine) says antineoplastic
    ("mitomycin", "antineoplastic"),                # an antitumour antibiotic, not an anti-infective
    ("ceftriaxone", "anti-infective"),
    ("MMR given subcutaneously", "serum toxoid and vaccine"),   # a vaccine by its name
    ("NS 20 mL/kg bolus", "electrolytic and water balance substance"),
    ("zyvox", "oxazolidinones"),
    ("levophed", "vasopressor"),
])
def test_a_drug_reads_as_the_sections_substance(words: str, value: str) -> None:
    assert substance(words) == value


def test_a_substance_given_asks_for_its_introduction_into_the_site() -> None:
    read = analyse("HiDAC cytarabine via PICC for AML consolidation")
    assert {"introduct", "antineoplast"} <= read.tokens
    assert read.tables[0] == "3E04" and {"3E03", "XW03"} <= read.tables_ruled_out
    assert read.approach == "Percutaneous"
    assert "insert" not in read.other_roots  # the PICC was there already


def test_blood_goes_to_the_vein_it_ran_into_and_the_other_vein_is_dropped() -> None:
    read = analyse("1u pRBCs hung through the R IJ triple lumen. pcs code pls")
    assert read.tables[0] == "3024" and "3023" in read.tables_ruled_out


def test_a_line_placed_now_is_still_its_insertion() -> None:
    read = analyse("PICC placed and vancomycin started via the PICC")
    assert "insert" in read.other_roots


def test_a_drug_taken_as_a_status_or_an_event_is_no_administration() -> None:
    assert "introduct" not in analyse("DM2 on insulin").tokens
    assert "introduct" not in analyse("accidental overdose of IV heroin").tokens


@pytest.mark.parametrize("text", [
    # a treatment told inside a story is its care, not the question
    "9-year-old with 5 days of shin pain and fever. MRI: acute osteomyelitis of the right tibia. IV cefazolin "
    "via PICC. Codes?",
    # an op note's anesthetic is part of the operation
    "Urgent care: 4 cm thigh abscess. Local lidocaine field block, then a 3 cm incision into the subcutaneous "
    "abscess cavity; pus expressed, cavity irrigated and packed. PCS?",
    "PCS? Right knee effusion. 18 g needle, 35 mL of fluid aspirated and sent for culture. No steroid injected.",
])
def test_a_substance_that_is_not_the_question_adds_no_administration(text: str) -> None:
    assert "introduct" not in analyse(text).tokens


def test_an_epidural_the_patient_was_under_is_no_route() -> None:
    assert site("With the patient under epidural, the placenta was removed by hand") is None
    assert site("80 mg methylprednisolone injected into the lumbar epidural space") is not None


def test_dialysis_through_a_fistula_codes_the_filtration_not_the_fistula() -> None:
    read = analyse("iHD session 3.5 hrs via L arm AVF, ESRD pt on MWF schedule")
    assert "bypass" not in read.other_roots
    assert not any("0318" in e.expansion for e in read.glossary_hits)


def test_a_drug_the_section_has_no_class_for_is_another_therapeutic_substance() -> None:
    assert "therapeut" in analyse("Intrathecal baclofen trial: 50 mcg bolus via LP").tokens


def test_an_antibody_injected_into_the_eye_is_another_therapeutic_substance_not_a_cancer_drug() -> None:
    tokens = analyse("intravitreal ranibizumab 0.5 mg OD").tokens
    assert "therapeut" in tokens and "monoclon" not in tokens


def test_where_on_the_body_a_shot_went_names_no_body_part() -> None:
    expanded = analyse("MMR given subcutaneously L thigh").expanded.lower()
    assert "vaccine" in expanded and "thigh" not in expanded and "upper leg" not in expanded


def test_a_cancer_drug_told_with_its_dose_and_route_was_given_but_a_daily_drug_is_a_status() -> None:
    assert "antineoplast" in analyse("Bortezomib 1.3 mg/m2 subQ abd, C1D8 VRd").tokens
    assert "introduct" not in analyse("T2DM on Lantus 20 units subq qhs, A1c 7.2").tokens
