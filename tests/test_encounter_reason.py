"""A visit's reason read in the chapter 21 titles' words: screenings, aftercare, prenatal supervision."""

import pytest

from assistant.encounter_reason import (
    prenatal_supervision_words,
    preop_words,
    screening_words,
    surgical_aftercare_words,
    treatment_visit_words,
)


@pytest.mark.parametrize("text, words", [
    ("PSA draw for screening, 58M, no urinary symptoms", "malignant neoplasm of prostate"),
    ("annual screening mamo, bilat, no complaints", "screening mammogram for malignant neoplasm of breast"),
    ("AAA ultrasound screening, former smoker", "cardiovascular disorders"),
    ("screening colonoscopy, 6 mm polyp snared", "malignant neoplasm of colon"),
    ("DEXA for osteoporosis screening, 66F", "osteoporosis"),
    ("blood lead level as a screen, 2yo", "contaminants"),
])
def test_a_screening_reads_as_what_it_looks_for(text: str, words: str) -> None:
    assert words in screening_words(text)


@pytest.mark.parametrize("text", [
    "booked as screening colonoscopy but has bright red blood x 2 months",
    "routine screening mammogram converted to diagnostic, she feels a lump",
    "colonoscopy after a positive Cologuard",  # no screening word: a workup
    "Positive PPD on employee screening",
])
def test_a_sign_or_positive_result_makes_it_a_workup(text: str) -> None:
    assert screening_words(text) == ""


@pytest.mark.parametrize("text, words", [
    ("suture removal, excision of benign lipoma on back 10 days ago", "removal of sutures"),
    ("JP drain removal, s/p mastectomy last week", "removal of drains"),
    ("Post-op visit after sigmoid colectomy for adenocarcinoma, incision check", "surgery for neoplasm"),
    ("post-op check 2 wks after lap chole, doing well", "digestive system"),
])
def test_a_visit_after_surgery_is_its_aftercare(text: str, words: str) -> None:
    assert words in surgical_aftercare_words(text)


def test_a_wound_gone_wrong_is_the_complication_not_aftercare() -> None:
    assert surgical_aftercare_words("post-op check after appendectomy, incision red with purulent drainage") == ""


@pytest.mark.parametrize("text, words", [
    ("16 wks, hx of preterm delivery at 33 wks with her last baby, prenatal visit", "history of pre-term labor"),
    ("first prenatal visit at 30 wks, no prenatal care before this", "insufficient antenatal care"),
    ("Prenatal visit 18 wks, prior pregnancy ended in stillbirth at 37 wks", "poor reproductive"),
])
def test_a_prenatal_visit_reads_its_risk(text: str, words: str) -> None:
    assert words in prenatal_supervision_words(text)


def test_a_visit_that_is_not_prenatal_reads_no_supervision() -> None:
    assert prenatal_supervision_words("hx of preterm delivery, now 52 and postmenopausal with bleeding") == ""


@pytest.mark.parametrize("text, words", [
    ("OB visit, G1P0 at 10 wks, normal pregnancy", "normal first pregnancy"),
    ("routine OB 22 wks, G3P2, no problems", "other normal pregnancy"),
])
def test_a_routine_prenatal_visit_is_a_normal_pregnancy_by_gravida(text: str, words: str) -> None:
    assert words in prenatal_supervision_words(text)


def test_a_prenatal_visit_for_a_condition_is_not_called_normal() -> None:
    assert prenatal_supervision_words("prenatal visit 28 wks G2P1, GDM on insulin") == ""


@pytest.mark.parametrize("text, words", [
    ("preop cardiac risk assessment before elective L hip replacement, EKG done", "preprocedural cardiovascular"),
    ("Pre-op COVID swab 3 days before elective knee scope", "preprocedural laboratory"),
    ("PCP preop clearance for R TKA next week", "other preprocedural"),
])
def test_an_examination_before_an_operation_is_the_visits_reason(text: str, words: str) -> None:
    assert words in preop_words(text)


def test_a_check_after_a_transplant_is_its_aftercare_unless_it_fails() -> None:
    told = "Kidney transplant 3 weeks ago, here for post-transplant aftercare visit and tacrolimus level"
    assert "aftercare following kidney transplant" in surgical_aftercare_words(told)
    assert surgical_aftercare_words("post-transplant visit, kidney transplant with acute rejection") == ""


def test_a_first_prenatal_visit_is_not_late_care_and_an_older_mother_is_not_normal() -> None:
    told = "First prenatal visit for a 37-year-old primigravida at 11 weeks, uncomplicated so far"
    assert prenatal_supervision_words(told, aged=True) == ""
    assert prenatal_supervision_words("first prenatal visit, 26yo G1 at 9 wks, routine") == \
        "supervision of normal first pregnancy"


def test_a_drain_taken_out_during_a_procedure_is_no_visit_for_drain_removal() -> None:
    told = "Over wire, existing internal-external drain removed and a metal biliary stent placed"
    assert surgical_aftercare_words(told) == ""


@pytest.mark.parametrize("text, words", [
    ("Infusion visit: C4D1 adjuvant CAPOX for sigmoid adenoCA. Reason-for-visit code?", "chemotherapy"),
    ("C6 pembrolizumab 200 mg q3w today for stage IV NSCLC. Reason-for-visit code?", "immunotherapy"),
])
def test_a_treatment_visit_asked_for_its_reason_is_the_encounter_for_it(text: str, words: str) -> None:
    assert words in treatment_visit_words(text)


def test_a_treatment_told_without_asking_the_visits_reason_stays_the_treatment() -> None:
    assert treatment_visit_words("C6 pembrolizumab 200 mg IV today via PIV") == ""
    assert treatment_visit_words("C6 burst fracture, what is the first-listed code?") == ""
