"""Readings added for the maternal-fetal, neurointerventional, occupational-health and hospice voices: a pregnancy
told only by its weeks or its tests, the weeks-of-gestation code asked for itself, the brain's arteries by segment,
an external cause asked for itself, and payer, EHR and risk-model questions answered "not found"."""

import pytest

from assistant.features import companion_asked
from assistant.filler import strip_wrappers
from assistant.named_codes import _DOUBT
from assistant.other_asks import asks_beyond_sources
from assistant.query import analyse, gestation_weeks, is_pregnant, record_of, weeks_code_words
from assistant.setting_shorthand import spelled_out


@pytest.mark.parametrize("text, trimester", [
    ("29w, chronic essential HTN on labetalol. dx?", "third"),
    ("di/di twins seen today at 19 wks for growth", "second"),
    ("now 10w, drinking until the + test, alcohol use code", "first"),
    ("25 wks, HTN from fibromuscular dysplasia", "second"),
    ("EFW 3rd %ile on the 31w growth scan", "third"),
    ("MFM consult: lupus on hydroxychloroquine", None),
])
def test_a_pregnancy_is_read_from_its_weeks_and_its_tests(text: str, trimester: str | None) -> None:
    query = analyse(text)
    assert query.pregnant
    assert query.trimester == trimester


@pytest.mark.parametrize("text", [
    "8 wk f/u R distal radius fx, healing",
    "6 wks s/p ORIF L ankle, wound drainage",
    "5 wk M with projectile vomiting, pyloric stenosis",
    "ex-27 weeker now 35 wks CGA on 1L NC",
    "angioectasias ablated with APC at 30W",
    "seen at 6 weeks for a closed fibula fracture, cast changed",
])
def test_weeks_since_an_injury_an_infants_age_or_a_wattage_are_no_pregnancy(text: str) -> None:
    assert not is_pregnant(text, record_of(text))


def test_the_weeks_code_asked_for_spells_out_the_weeks() -> None:
    assert gestation_weeks("weeks code for 35w6d?") == 35
    assert weeks_code_words("weeks code for 35w6d?") == "35 weeks gestation of pregnancy"
    assert weeks_code_words("Z3A for 39+1") == "39 weeks gestation of pregnancy"
    assert weeks_code_words("GDM A1 at 30w, dx?") == ""  # the weeks told, their code not asked


def test_a_compact_gestational_age_is_no_concept_of_its_own() -> None:
    groups = analyse("ECV at 38w, breech to cephalic. pcs").groups
    assert not any("38w" in g for g in groups)


def test_just_need_the_code_is_the_ask_but_need_the_code_for_keeps_what_it_asks() -> None:
    assert "need" not in strip_wrappers("just need the weeks code - 33w4d")
    assert "Need the code for the ileal biopsies" in strip_wrappers("Need the code for the ileal biopsies only.")


@pytest.mark.parametrize("text, words", [
    ("R M2 occlusion, 3 passes with a stentriever. pcs?",
     "R middle cerebral artery intracranial artery occlusion, 3 passes with a stent retriever"),
    ("Acomm aneurysm coiled with bioactive coils, PCS", "anterior communicating artery intracranial artery aneurysm"),
    ("flow diverter across a paraophthalmic ICA aneurysm, pcs", "intracranial artery aneurysm"),
    ("L vert V1 stenosis, one balloon-expandable stent placed", "L vertebral artery stenosis"),
    ("CVST of the SSS and L transverse sinus, heparin gtt",
     "cerebral venous sinus thrombosis nonpyogenic thrombosis intracranial venous system"),
    ("L P2 embolus after thrombectomy elsewhere", "posterior cerebral artery"),
])
def test_a_stroke_note_reads_the_brains_arteries_by_segment(text: str, words: str) -> None:
    assert words in spelled_out(text)


def test_the_procedure_titles_body_part_is_added_only_where_an_act_is_told() -> None:
    told = spelled_out("ruptured PComm aneurysm with SAH, HH 2. dx code")
    assert "posterior communicating artery" in told and "intracranial artery" not in told
    assert "TICI" not in spelled_out("L M1 occlusion, TICI 2b after one pass")


@pytest.mark.parametrize("text", [
    "anterior STEMI, ST elevation V1-V4, LAD occlusion",
    "sickle cell pain crisis, hydromorphone PCA, IVF",
    "Sofia, 41, is seen for a routine eye exam",
    "pipeline welder with a rattlesnake bite of the L ankle",
])
def test_segment_names_stay_themselves_outside_a_stroke_note(text: str) -> None:
    assert spelled_out(text) == text


@pytest.mark.parametrize("text", [
    "RT LT or 50 for a bilateral knee injection?",
    "global days for a lap chole",
    "does Humana need prior auth for a lumbar MRI",
    "how do I merge two charts in Epic",
    "dental code for a simple extraction",
    "ASA code for a colonoscopy",
    "does CKD 4 map to an HCC",
    "my sugar is 250 should I worry",
    "which DRG pays more, sepsis or pneumonia",
    "EOB says bundled, what do I do",
])
def test_claim_rules_ehr_and_lay_questions_are_beyond_the_sources(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "Prior auth anti-VEGF: wet AMD OD with active CNV",
    "dermatochalasis both upper lids, VF loss documented. codes for the bleph prior auth",
    "R knee OA, bone on bone. dx for the TKA",
])
def test_a_diagnosis_for_a_prior_authorisation_is_answered(text: str) -> None:
    assert not asks_beyond_sources(text)


def test_an_external_cause_asked_for_itself_may_lead() -> None:
    assert companion_asked("ext cause only: fell off a ladder at work")
    assert companion_asked("place of occurrence code for a warehouse")
    assert not companion_asked("fell off a ladder at work, closed L wrist fx")


def test_a_code_the_coder_already_has_is_not_the_answer() -> None:
    assert _DOUBT.search("already have the T54.3 code, just need the burn site")



def test_a_pregnancy_note_reads_the_amniotic_fluid() -> None:
    assert "oligohydramnios" in spelled_out("AFI 3.9 at 33w, oligo, singleton. code")
    assert "polyhydramnios" in spelled_out("MFM: poly, AFI 29, GTT normal")
    assert spelled_out("metal on poly liner, cemented stem") == "metal on poly liner, cemented stem"


def _ranked(*codes: tuple[str, str]) -> list:
    from assistant.retrieve import Suggestion

    return [Suggestion(code, system, code, True, True, 1.0) for code, system in codes]


def test_a_status_code_asked_for_puts_the_status_codes_first() -> None:
    from assistant.status_asked import status_first

    ranked = _ranked(("027034Z", "ICD-10-PCS"), ("I2510", "ICD-10-CM"), ("Z955", "ICD-10-CM"), ("Z86718", "ICD-10-CM"))
    asked = status_first("CAD s/p PCI with DES 2019, here for a colonoscopy. status code for the stent?", ranked)
    assert [s.code for s in asked] == ["Z955", "Z86718", "027034Z", "I2510"]
    told = status_first("CAD s/p PCI with DES 2019, new chest pain. dx?", ranked)
    assert [s.code for s in told] == ["027034Z", "I2510", "Z955", "Z86718"]
    assert status_first("DNR, code status discussed. dx?", ranked) == ranked
