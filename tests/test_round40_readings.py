"""Readings added for the fortieth round's voices (hematology and transfusion, home health, urgent care, coding
audit): a code on the claim weighed against the record, a claim's remark code, a laceration closed, a foreign body
ruled out in shorthand, a home-health visit's encounter, and a myeloproliferative or myeloma clinic's shorthand."""

import pytest

from assistant.other_asks import asks_beyond_sources
from assistant.query import analyse, encounter_of, negated_words, stroke_sequela
from assistant.service import Conversation
from assistant.setting_shorthand import spelled_out
from core.codes import find_mentions


def test_a_code_billed_is_weighed_against_the_record(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("billed I50.9 but the record says acute on chronic diastolic CHF. what should it have been?")
    codes = [s["code"] for s in answer.suggestions]
    assert codes[0] == "I50.33"
    assert "I50.9" in codes  # still shown, ranked where the record puts it


def test_a_code_asked_about_alone_still_leads(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("what is I50.9")
    assert answer.suggestions[0]["code"] == "I50.9"


@pytest.mark.parametrize("text", [
    "remark code N130?",
    "denial CO-16 with remark M51, how do I fix it",
    "RARC MA130 on the EOB",
])
def test_a_claims_remark_code_is_no_diagnosis_code(text: str) -> None:
    assert find_mentions(text) == []


def test_a_diagnosis_code_written_plainly_is_still_a_mention() -> None:
    assert [m.code for m in find_mentions("code for N130 pls")] == ["N130"]


@pytest.mark.parametrize("text", [
    "laceration right index finger, nail intact, no FB seen on exploration. dx?",
    "corneal abrasion right eye, fluorescein uptake, no FB found",
])
def test_a_foreign_body_ruled_out_in_shorthand_is_ruled_out(text: str) -> None:
    assert {"foreign", "bodi"} <= negated_words(text)


@pytest.mark.parametrize("text, repair", [
    ("simple closure R shin lac, 6 sutures. pcs?", True),
    ("Closed a 3 cm lac on the palm of the R hand, single layer sutures. ICD-10-PCS pls", True),
    ("stapled scalp lac, 4 staples. pcs", True),
    ("forehead lac 2.5 cm, toddler ran into table corner. dx", False),
])
def test_a_laceration_closed_is_a_repair_of_the_skin(text: str, repair: bool) -> None:
    query = analyse(text)
    assert ("repair" in query.other_roots) == repair
    if repair:
        assert "skin" in query.expanded


@pytest.mark.parametrize("text, encounter", [
    ("L proximal humerus fx, treated nonop in sling. OT in the home", "D"),
    ("SOC 3/4: R hip fx s/p ORIF, PT/OT/SN ordered", "D"),
    ("HH PT for L femoral neck fx", "D"),
    ("fell at home, L wrist fx, ED visit", "A"),  # a fall at home is where, not a home-health visit
])
def test_a_home_health_visit_is_a_later_encounter(text: str, encounter: str) -> None:
    assert encounter_of(text) == encounter


@pytest.mark.parametrize("text, sequela", [
    ("aphasia after ischemic stroke, ST in the home", True),
    ("L sided neglect after stroke, OT working on visual scanning", True),
    ("acute L MCA stroke with aphasia, tPA given", False),
])
def test_a_deficit_after_a_stroke_seen_later_is_its_sequela(text: str, sequela: bool) -> None:
    assert bool(stroke_sequela(text)) == sequela


@pytest.mark.parametrize("text, reading", [
    ("ET - CALR+, plt 900K, on hydrea. code", "essential thrombocythemia - CALR+, plt 900K, on hydrea. code"),
    ("PV dx code, JAK2+", "polycythemia vera dx code, JAK2+"),
    ("MM in CR s/p auto transplant, on len maintenance",
     "multiple myeloma in CR s/p auto transplant, on len maintenance"),
    ("ET tube placed", "ET tube placed"),  # an endotracheal tube outside the clinic
    ("PV thrombosis with cirrhosis", "PV thrombosis with cirrhosis"),  # a portal vein
])
def test_a_myeloproliferative_or_myeloma_clinic_reads_its_shorthand(text: str, reading: str) -> None:
    assert spelled_out(text) == reading


@pytest.mark.parametrize("text", [
    "what is sarcoidosis exactly",
    "warfrin half life?",
    "knee arthroscopy cost ASC vs hospital outpatient",
    "first line abx for outpatient CAP in a healthy adult",
    "stroke risk after TAVR?",
    "mortality rate of septic shock",
    "is a colonscopy painfull",
    "life expectancy with COPD on home O2",
    "prognosis stage 4 pancreatic cancer",
    "therapeutic INR for afib",
    "is it ok to send a leading query about sepsis if the doc clearly meant it",
    "what abx cover MRSA cellulitis",
    "q code for fiberglass cast supplies short arm",
])
def test_outlooks_rates_risks_and_prices_are_beyond_the_sources(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "high risk of falls, hx of 2 falls this year. code",
    "long term (current) use of systemic steroids",
    "difference between E11.9 and E11.65",
    "what's the code for a J-pouch ileoanal anastomosis",
])
def test_code_questions_with_the_same_words_stay_answerable(text: str) -> None:
    assert not asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "SOC 3/4 for Mrs. Dunlap, elective R TKA, what goes in M1021 as primary?",
    "Wound RN, SOC 6/12: sacral pressure injury stage 4. M1311 filled out, need the ICD-10",
])
def test_an_oasis_item_is_no_code_mention(text: str) -> None:
    assert find_mentions(text) == []


def test_a_code_written_plainly_outside_a_home_health_note_is_a_mention() -> None:
    assert [m.code for m in find_mentions("what do I put in for M1711, R knee OA")] == ["M1711"]


@pytest.mark.parametrize("text", [
    "colles fx right wrist, casted, pt getting OT at home",
    "scalp lac from fall, sutured in ED, we're checking the wound and removing sutures",
])
def test_care_at_home_or_sutures_out_is_a_later_encounter(text: str) -> None:
    assert encounter_of(text) == "D"


def test_a_polyp_snared_and_retrieved_is_tissue_taken_not_a_device() -> None:
    assert analyse("colonoscopy, 8 mm sessile polyp snared and retrieved. pcs code").other_roots >= {"excis"}
    assert "remov" in analyse("IVC filter retrieved, perc").other_roots
    bolus = ("EGD showed a meat bolus lodged in the mid esophagus; it was grasped with a Roth net and retrieved "
             "through the mouth.")
    assert "excis" not in analyse(bolus).other_roots  # the matter named a sentence before
    assert "resect" not in analyse("Endoscopic papillectomy en bloc with snare, specimen retrieved.").other_roots


def test_a_body_part_never_named_is_asked(assistant) -> None:  # noqa: ANN001
    conversation = Conversation()
    first = assistant.ask("EGD with cold forceps bx to r/o H pylori. pcs", conversation=conversation)
    assert first.clarify is not None and first.clarify["axis"] == "body part"
    labels = [o["label"] for o in first.clarify["options"]]
    assert "Stomach" in labels and len(labels) >= 3
    second = assistant.ask("Stomach", conversation=conversation)
    assert second.suggestions[0]["code"] == "0DB68ZX"


@pytest.mark.parametrize("question", [
    "EGD with cold forceps biopsy of the stomach antrum. pcs",
    "lap chole",
    "ERCP w/ balloon sweep and extraction of stones from the CBD. no stent. pcs",
])
def test_no_body_part_question_when_one_is_named(assistant, question: str) -> None:  # noqa: ANN001
    answer = assistant.ask(question)
    assert answer.clarify is None or answer.clarify["axis"] != "body part"
