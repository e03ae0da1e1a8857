"""Readings added for the ophthalmic-surgery, infusion-centre, urogynaecology and sports-medicine voices: a drug told
with its dose and route as given, the line it ran through, an antibody given for no cancer, donor blood the plain
transfusion, an incision in the vagina's wall as an open way in, eyelids by side and place, and questions that ask
for another code set or for clinical advice answered "not found"."""

import pytest

from assistant.administration import given_substance, through_device
from assistant.other_asks import asks_advice, asks_beyond_sources, asks_other_set
from assistant.query import analyse, glossary
from assistant.setting_shorthand import spelled_out


def _given(text: str):  # noqa: ANN202
    return given_substance(text, analyse(text).glossary_hits)


@pytest.mark.parametrize("text, words", [
    ("Solu-Medrol 1 g IV day 2 of 3 for MS relapse, 22g PIV", "introduction anti-inflammatory peripheral vein"),
    ("rocephin 1 g IM in the clinic, gluteal", "introduction anti-infective muscle"),
    ("hydration 1L NS over 2h, peripheral IV", "introduction electrolytic and water balance substance peripheral"),
    ("Ocrevus 600 mg given thru her old mediport", "introduction other therapeutic monoclonal antibody central vein"),
    ("Herceptin q3wk, accessed R chest port, 30 min infusion", "antineoplastic monoclonal antibody central"),
    ("zoledronic acid 4 mg IV via implanted port, bone mets", "introduction other therapeutic substance central vein"),
    ("RiaSTAP fibrinogen concentrate 4 g IV via peripheral line", "transfusion peripheral vein"),  # a blood product
])
def test_a_drug_told_with_its_dose_and_route_is_given_as_the_section_names_it(text: str, words: str) -> None:
    given = _given(text)
    assert given is not None and words in given.words


def test_a_standing_medication_is_no_substance_given() -> None:
    assert _given("Lantus 20 units subq nightly, A1c 9") is None
    assert _given("on spironolactone 25 mg IV") is None


def test_a_port_in_use_is_the_route_not_an_insertion() -> None:
    text = "port flushed, no blood return, alteplase 2 mg instilled"
    query = analyse(text)
    assert "alteplase" in query.core_text  # the dose given is no plan to drop
    assert "thrombolytic central vein" in query.expanded
    assert "totally implantable vascular access device" not in query.expanded  # the port's reading set aside
    port = glossary()[0]["port"]
    assert through_device(text, [port]) == [port.expansion]


@pytest.mark.parametrize("text, approach", [
    ("anterior prolapse repair with mesh kit placed through an anterior vaginal wall incision", "Open"),
    ("sacrospinous hysteropexy, cervix sutured to the ligament through a posterior vaginal incision", "Open"),
    ("total vaginal hysterectomy for prolapse", "Via Natural or Artificial Opening"),
])
def test_an_incision_in_the_vaginal_wall_is_an_open_way_in(text: str, approach: str) -> None:
    assert analyse(text).approach == approach


def test_an_eyelid_note_reads_the_lids_by_side_and_place() -> None:
    assert "right upper eyelid" in spelled_out("xanthelasma excision RUL")
    assert "left upper eyelid" in spelled_out("gold weight implant LUL for lagophthalmos")
    assert "eyelid" not in spelled_out("RUL nodule 8 mm on CT, PET avid")  # a lung's lobe elsewhere


@pytest.mark.parametrize("text", [
    "cpt for colonoscopy with snare polypectomy",
    "J code for Keytruda",
    "which modifier for bilateral procedure on medicare claim, 50 or RT/LT?",
    "what's the ICD-11 code for type 2 diabetes",
    "what is the SNOMED CT concept ID for myocardial infarction",
])
def test_another_code_set_asked_for(text: str) -> None:
    assert asks_other_set(text) and asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "side effects of amiodarone",
    "how is a lumbar puncture done",
    "recommended INR target for a mechanical mitral valve",
    "what's the max infusion rate for Privigen on a first-time pt?",
])
def test_clinical_advice_asked_for(text: str) -> None:
    assert asks_advice(text) and asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "CPT 27447 - what's the ICD-10-PCS for it, right TKA?",   # ICD-10 asked too
    "pulm fibrosis from old mantle field radiation... which J code",  # an ICD chapter
    "HCC, Child-Pugh A, SBRT",                                 # hepatocellular carcinoma
    "APC ablation of endotracheal tumor, mid trachea",         # argon plasma coagulation
    "side effects of amiodarone, hypothyroid - what's the code?",  # a code asked
    "PTSD, chronic - Cont sertraline, CPT therapy via VA. code",   # cognitive processing therapy
])
def test_an_icd_question_is_never_read_as_beyond_the_sources(text: str) -> None:
    assert not asks_beyond_sources(text)


def test_glossary_rows_for_the_new_voices() -> None:
    terms, _, _ = glossary()
    assert "08U0" in terms["scleral buckle"].expansion and "supplement" in terms["scleral buckle"].expansion
    assert "multiple channel cochlear prosthesis" in terms["cochlear implant"].expansion
    assert "synthetic substitute" in terms["vp shunt"].expansion


def test_a_device_said_not_placed_rules_out_what_it_reads_as() -> None:
    negated = analyse("ECCE OD, posterior capsule ruptured so IOL was NOT placed").negated
    assert {"iol", "synthet"} <= negated  # the lens implant and its Synthetic Substitute reading
    assert "synthet" not in analyse("phaco with IOL placed OD").negated


def test_clinical_advice_about_an_act_the_index_holds_is_not_answered_with_its_code(assistant) -> None:  # noqa: ANN001
    advice = assistant.retrieve("how is a laparoscopic cholecystectomy performed")
    assert not advice.found and advice.suggestions == []
    coded = assistant.retrieve("laparoscopic cholecystectomy, what is the code")
    assert coded.found and coded.suggestions[0].code == "0FT44ZZ"


@pytest.mark.parametrize("text, read, kept", [
    ("MCL repair L knee, open", "medial collateral ligament knee", None),
    ("needle decompression R chest 2nd ICS MCL for tension PTX", None, "MCL"),   # the midclavicular line
    ("PK OD full thickness donor button", "penetrating keratoplasty", None),
    ("former smoker, 30 pk-yr hx, LDCT ordered", None, "pk-yr"),                # pack-years
    ("enucleation OD, blind painful eye", "resection eye", None),
    ("HoLEP enucleation of prostate", None, "enucleation of prostate"),
    ("anterior repair for cystocele", "anterior colporrhaphy", None),
    ("anterior repair of inguinal hernia", None, "anterior repair of inguinal"),
    ("TACO after 3 units PRBC", "transfusion associated circulatory overload", None),
])
def test_a_short_form_reads_as_its_setting_says(text: str, read: str | None, kept: str | None) -> None:
    spelled = spelled_out(text)
    assert (read in spelled) if read else (kept in spelled)


def test_the_other_eye_found_normal_is_not_a_side() -> None:
    assert analyse("Pseudoexfoliation glaucoma OD, mild stage, PXF flakes on ant capsule OD. OS WNL.").side == "Right"
    assert analyse("POAG OS, OD: within normal limits").side == "Left"
    assert analyse("cataract OU").side == "Bilateral"
