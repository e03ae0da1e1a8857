"""Readings added for the forty-third round's voices (a breast center, a pre-anesthesia clinic, a community health
center): a breast cancer's untold site and the patient's sex, a clock span across two quadrants, a status asked
for as a status, a breast worked on through the skin, accession numbers that are no codes, community-health
shorthand, and billing, payer and clinical questions that ask no code."""

import pytest

from assistant.breast_quadrant import breast_quadrant_words
from assistant.breast_site import breast_cancer_named, breast_sex_words, sex_told, site_unsaid
from assistant.candidates import Candidate
from assistant.features import Context, describe
from assistant.other_asks import asks_beyond_sources
from assistant.query import analyse, code_asked, expand, named_system
from assistant.store import CodeInfo
from core.codes import find_mentions

CM, PCS = "ICD-10-CM", "ICD-10-PCS"


def _row(question: str, code: str, title: str, system: str = CM) -> dict[str, float]:
    query = analyse(question)
    info = CodeInfo(code, system, title, True, "cm" if system == CM else "pcs", {})
    return describe(Candidate(info, 1.0, [], ""), Context(query, [1.0] * len(query.groups), 1.0, -1.0))


@pytest.mark.parametrize("text, sex", [
    ("R breast ca, 62F", "female"),
    ("67 yo man, invasive ductal ca of the R breast", "male"),
    ("71 yo male w/ carcinoma of the L breast", "male"),
    ("IDC left breast, 3 cm", "female"),  # the titles' default: a man only when said
    ("his mother had breast cancer, she was 40", "female"),  # a relative's sex is not the patient's
])
def test_a_breast_cancers_sex_is_the_womans_unless_a_man_is_told(text: str, sex: str) -> None:
    assert sex_told(text) == sex


def test_sex_words_come_only_with_a_breast_cancer() -> None:
    assert breast_sex_words("67 yo man, invasive ductal ca of the R breast") == "male"
    assert breast_sex_words("67 yo man with gout of the left knee") == ""
    assert breast_cancer_named("Breast, left, upper outer quadrant (2:00), core biopsy: invasive ductal ca")
    assert not breast_cancer_named("breast pain, cyclical, normal mammo")


@pytest.mark.parametrize("text", [
    "R breast cancer, surgeon's note and path both dont give a quadrant or clock position",
    "female, right breast cancer, quadrant not stated, widely metastatic now",
    "71 yo male w/ carcinoma of the L breast, path doesn't say which quadrant. code?",
])
def test_a_quadrant_the_note_lacks_reads_as_the_unspecified_site(text: str) -> None:
    read = site_unsaid(text)
    assert "unspecified site" in read and "quadrant" not in read


def test_a_quadrant_said_is_left_as_said() -> None:
    text = "L breast ca, upper outer quadrant, on tamoxifen"
    assert site_unsaid(text) == text
    assert site_unsaid("no quadrant given for the mole on her back") == "no quadrant given for the mole on her back"


@pytest.mark.parametrize("text, words", [
    ("IDC right breast, one contiguous mass spanning from 5 o'clock to 8 o'clock", "overlapping sites"),
    ("IDC R brest 7:00, 3cm FN", "lower-outer quadrant lower outer"),  # a typo'd breast is still the breast
    ("left breast mass 2:00 and 1:00, one lesion", "upper-outer quadrant upper outer"),  # one quadrant: no span
])
def test_a_clock_span_across_two_quadrants_is_overlapping_sites(text: str, words: str) -> None:
    assert breast_quadrant_words(text) == words


def test_a_status_told_is_the_status_codes_context() -> None:
    # "status" is no word of the index: the reading's status flag is what states it
    assert _row("trach status", "Z930", "Tracheostomy status")["context_unstated"] == 0.0
    assert _row("has a spinal cord stimulator, status code?", "Z9682",
                "Presence of neurostimulator")["context_unstated"] == 0.0
    assert _row("spinal cord stimulator trial leads placed", "Z9682",
                "Presence of neurostimulator")["context_unstated"] == 1.0


def test_a_status_or_presence_code_asked_is_a_diagnosis_code() -> None:
    assert named_system("PPM in place, interrogated 3/2. status code for the pacer pls") == CM
    assert named_system("presence code for the insulin pump?") == CM


def test_a_breast_is_worked_on_through_the_skin_unless_a_way_in_is_said() -> None:
    question = "R tissue expander placement after mastectomy"
    ducts = _row(question, "0HHT7NZ", "Insertion of Tissue Expander into Right Breast, Via Natural or Artificial "
                 "Opening", PCS)
    assert ducts["unstated_approach_opening"] == 0.0
    # elsewhere the opening is the gut's, airways' and urinary tract's usual way in
    colon = _row("colon polyp removed", "0DBN8ZZ", "Excision of Sigmoid Colon, Via Natural or Artificial Opening "
                 "Endoscopic", PCS)
    assert colon["unstated_approach_opening_endoscopic"] == 1.0


def test_both_components_of_one_joint_are_no_second_side() -> None:
    assert analyse("THA, ceramic head on poly liner, press-fit both components (uncemented). pcs").side is None
    assert analyse("both bones forearm fx, closed").side is None
    assert analyse("OA of both knees").side == "Bilateral"


def test_an_accession_number_is_no_code() -> None:
    mentions = [m.code for m in find_mentions("Core bx path (acc# S24-11873): invasive ductal carcinoma")]
    assert "S24" not in mentions
    assert "S2411873" not in mentions
    assert [m.code for m in find_mentions("is S24.101A right?")] == ["S24101A"]


@pytest.mark.parametrize("text, reading", [
    ("UPT pos, code?", "encounter for pregnancy test result positive"),
    ("lives at the rescue mission shelter", "sheltered homelessness"),
    ("got an eviction notice, still living there", "housing instability housed with risk of homelessness"),
    ("pt sin seguro, sliding fee", "insufficient health insurance coverage"),
    ("partner dx'd with chlamydia, giving EPT", "predominantly sexual mode of transmission"),
    ("immigration physical, I-693 form", "encounter for other administrative examinations"),
    ("R femoral shaft fx: open reduction and IM nail fixation", "intramedullary internal fixation device"),
    ("LMA placed for a GA case", "airway mouth and throat"),
    ("cell saver, 450 mL reinfused", "autologous"),
    ("VP shunt status", "cerebrospinal fluid drainage device"),
    ("s/p gastric sleeve 2020", "bariatric surgery"),
    ("FNA R breast mass for cytology", "drainage diagnostic percutaneous"),
    ("fibrocystic breast disease, both breasts", "diffuse cystic mastopathy"),
    ("new nipple inversion L breast", "retraction of nipple"),
    ("low milk supply, lactation consult", "hypogalactia"),
    ("3D nipple areola tattoo after recon", "introduction pigment"),
    ("excision of accessory breast tissue in the axilla", "supernumerary breast"),
    ("bone marrow biopsy, posterior iliac crest", "percutaneous"),
])
def test_community_health_and_anesthesia_shorthand_reads_as_the_titles_words(text: str, reading: str) -> None:
    assert reading in expand(text)[0]


@pytest.mark.parametrize("text", [
    "UPT pos, code?", "SDOH code?", "pt homeless, which z code", "mom refuses MMR, code the refusal", "icd10?",
])
def test_a_terse_ask_for_a_code_is_a_code_ask(text: str) -> None:
    assert code_asked(text)


@pytest.mark.parametrize("text", [
    "What's the dress code for the onsite audit day?", "zip code for the clinic?", "door code?",
])
def test_other_codes_are_no_code_ask(text: str) -> None:
    assert not code_asked(text)


@pytest.mark.parametrize("text", [
    "pt w/ afib, should she be on apixaban or warfarin??",
    "target LDL after an MI, is it <70 or <55 now",
    "Who do I call at Aetna to appeal a denied sleep study?",
    "What makes a cataract extraction with IOL a 66982 instead of 66984?",
    "Is metformin ok with an eGFR of 35?",
    "what's the equivalent dose for 20 mg lisinopril",
    "what are the four chambers of the heart",
    "what's the relative weight for the sepsis w/ MCC DRG",
    "what's the code for a 12 lead EKG with interp and report? CPT, not ICD",
    "bilateral knee xrays — RT/LT or mod 50?",
    "ok to give ibuprofen for a gout flare in a stage 4 CKD pt?",
    "Repeat colonoscopy interval after one 1 cm tubular adenoma was removed?",
    "When should a woman with a BRCA1 mutation start breast MRI screening",
    "PCI with a DES in the LAD — 92928?",
    "Can we bill fluoro separately on an epidural steroid injection",
    "units for 64483 when the TFESI is bilateral at L4-5?",
    "can I query the doc to document acute blood loss anemia, or is that leading",
    "ASA class for a pt with controlled HTN and DM",
    "does part B cover prolia for osteoporosis or is it part D",
    "gold standard test to diagnose DVT",
    "contrast allergy premed protocol, prednisone timing",
    "medicare frequncy limit for screening mammos",
])
def test_billing_payer_and_clinical_asks_are_beyond_the_sources(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "R IJ TLC, tip projects over right atrium on CXR, ok to use, not repositioned",
    "CPT 27447 and the ICD-10-PCS for it",
    "BMI 40.5, morbid obesity, code?",
    "pt takes apixaban for afib, long term use code",
    "screening colonoscopy, Z code?",
    "s/p bilateral mastectomies, status code",
])
def test_a_coding_question_near_those_words_is_still_answered(text: str) -> None:
    assert not asks_beyond_sources(text)


def test_a_finding_on_a_named_test_is_no_test_to_code() -> None:
    from assistant.filler import without_orders

    assert "ekg" not in without_orders("new LBBB on pre op ekg").lower()
    assert "LBBB" in without_orders("new LBBB on pre op ekg")
    assert "ekg" in without_orders("pre op ekg done today").lower()  # a test done, not evidence


def test_a_written_duration_outweighs_the_course_read_from_its_ends() -> None:
    from assistant.query import ventilation_hours

    told = "intubated in ED for overdose, extubated next morning - vent time about 18 hrs. vent code"
    assert ventilation_hours(told) == "less than 24 consecutive hours"  # not a whole day for "next morning"
    assert ventilation_hours("intubated HD1, extubated HD3") == "24-96 consecutive hours"


def test_a_tube_ruled_out_is_no_drainage_device() -> None:
    from assistant.pcs_fit import fit_parts

    query = analyse("needle decompression L chest, tension PTX, no tube left in")
    axes = {"device": "Drainage Device"}
    left_in = fit_parts(query, "0W9B30Z", "Drainage of Left Pleural Cavity with Drainage Device, Percutaneous "
                        "Approach", axes, PCS)
    assert left_in["negation"] < 0
    none = fit_parts(query, "0W9B3ZZ", "Drainage of Left Pleural Cavity, Percutaneous Approach",
                     {"device": "No Device"}, PCS)
    assert none["negation"] == 0


@pytest.mark.parametrize("text", ["B12 injection IM monthly", "A1C 7.2 today", "H2O deficit"])
def test_a_vitamin_or_lab_shaped_like_a_code_is_no_code(text: str) -> None:
    assert find_mentions(text) == []
