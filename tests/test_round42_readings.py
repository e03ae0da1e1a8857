"""Readings added for the forty-second round's voices (a geriatric psychiatry service, a GI endoscopy suite, wound
and ostomy nurses): a dementia's stage and behaviour, the gut's lumen worked on through a scope, a procedure named
only to rule it out, a PCS table asked by its first characters, wound-care shorthand, and clinical, billing and
query-writing questions that ask no code."""

import pytest

from assistant.clarify import _stage_key
from assistant.dementia import dementia_family, dementia_words, severity_told, stage_unsaid
from assistant.other_asks import asks_beyond_sources
from assistant.pcs_fit import claimed_text, fit_parts
from assistant.query import analyse, detect_approach, expand, named_system, record_of, tables_asked

CM = "ICD-10-CM"


@pytest.mark.parametrize("text, stage", [
    ("moderate dementia NOS seeing little kids in her room at night", "moderate"),
    ("FAST 7c, bedbound, nonverbal dementia", "severe"),
    ("end-stage Alzheimer's, hospice", "severe"),
    ("mild VaD, classic sundowning", "mild"),
    # a score is no stage; a stage denied is none
    ("memory clinic f/u, dementia, MoCA 21/30", None),
    ("dementia, not severe per the note", None),
])
def test_a_dementias_stage_is_read_from_its_own_words(text: str, stage: str | None) -> None:
    assert severity_told(text) == stage


@pytest.mark.parametrize("text, words", [
    ("unspec dementia, pt hitting CNAs during AM care", "with agitation"),
    ("Dementia NOS w/ paranoid delusions - convinced her daughter is poisoning her food", "with psychotic disturbance"),
    ("dementia with depressed mood - tearful, poor appetite", "with mood disturbance"),
    ("SNF resident w/ dementia, exit-seeking and wandering off the unit", "with other behavioral disturbance"),
    ("moderate AD with depression, code for the dementia part", "in other diseases classified elsewhere with mood "
     "disturbance"),
    # a disturbance denied is not told; no dementia, no dementia words
    ("severe dementia, no agitation, calm", ""),
    ("agitated and pacing, delirium from UTI", ""),
])
def test_a_dementias_disturbance_is_read_in_the_titles_words(text: str, words: str) -> None:
    assert dementia_words(text) == words


@pytest.mark.parametrize("text, family", [
    ("vascular dementia, no behaviors", "F01"),
    ("NPH w/ moderate dementia", "F02"),
    ("dementia, type never worked up", "F03"),
    ("mild neurocognitive disorder due to TBI", None),
])
def test_a_dementias_cause_picks_its_category(text: str, family: str | None) -> None:
    assert dementia_family(text) == family


def test_a_stage_left_out_is_the_unspecified_severity_not_severe() -> None:
    text = stage_unsaid("unspec dementia, severity not documented, pt hitting CNAs")
    assert "severity not documented" not in text and "unspecified severity" in text
    query = analyse("unspec dementia, severity not documented, pt hitting CNAs")
    plain = fit_parts(query, "F03.911", "Unspecified dementia, unspecified severity, with agitation", {}, CM)
    severe = fit_parts(query, "F03.C11", "Unspecified dementia, severe, with agitation", {}, CM)
    assert plain["severity"] > 0 > severe["severity"]
    assert stage_unsaid("severity not documented, CHF") == "severity not documented, CHF"  # no dementia named


def test_the_dementia_without_any_disturbance_claims_none_of_them() -> None:
    assert claimed_text("Unspecified dementia, mild, without behavioral disturbance, psychotic disturbance, mood "
                        "disturbance, and anxiety").strip(" ,") == "Unspecified dementia, mild"


@pytest.mark.parametrize("text", [
    "Barrett's RFA (HALO 90) to the distal esophagus today. pcs code pls",
    "Schatzki ring at the GEJ, balloon dilated to 20 mm. PCS code",
    "esophageal biopsies taken, note doesn't say which part. pcs?",
    "descending colon polyp, snared. ICD-10-PCS code for polypectomy",
    "EUS-FNB of a 3cm pancreatic head mass, 22g needle, 3 passes",
    "enteral stent placed in the duodenum for malignant gastric outlet obstruction",
])
def test_the_guts_lumen_worked_on_with_no_way_in_named_is_through_a_scope(text: str) -> None:
    assert detect_approach(text) == "Via Natural or Artificial Opening Endoscopic"


@pytest.mark.parametrize("text, approach", [
    ("sigmoid colectomy for a polyp", None),
    ("percutaneous biliary drain with stent into the CBD", "Percutaneous"),
    ("PTA and stent of the left renal artery", "Percutaneous"),
])
def test_an_operation_on_the_bowel_or_a_vessel_keeps_its_own_way_in(text: str, approach: str | None) -> None:
    assert detect_approach(text) == approach


def test_a_procedure_named_only_to_rule_it_out_is_not_searched() -> None:
    query = analyse("pcs for cholecystectomy? 62F, biliary colic, no cholangiogram done")
    assert "fluoroscopy bile ducts" not in query.expanded
    assert "resection gallbladder" in query.expanded
    assert "fluoroscopy bile ducts" in analyse("lap chole with cholangiogram").expanded


def test_a_cholangiogram_ruled_out_leaves_the_gallbladder_first(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("pcs for cholecystectomy? 62F, biliary colic, no cholangiogram done")
    assert answer.suggestions[0]["code"].startswith("0FT4")


@pytest.mark.parametrize("text, tables", [
    ("hemi right hip for displaced femoral neck fx, 0SR?", ("0SR",)),
    ("Repeat C-section today, baby girl 3.2 kg. Which 10D code?", ("10D",)),
    ("ECMO in the unit. which 5A15 code", ("5A15",)),
    # a vitamin, an ordinal, a count of days or a full code is no table asked
    ("B12 deficiency, 2ND toe, 10D ago", ()),
    ("what is 0SRR0J9", ()),
])
def test_a_pcs_table_asked_by_its_first_characters(text: str, tables: tuple[str, ...]) -> None:
    assert tables_asked(text) == tables
    if tables:
        assert named_system(text) == "ICD-10-PCS"


def test_a_table_asked_leads_with_its_codes(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("hemi right hip for displaced femoral neck fx, 0SR?")
    assert answer.suggestions[0]["code"].startswith("0SRR")


def test_a_cesareans_pcs_code_is_the_mothers_whatever_the_baby_weighed() -> None:
    assert record_of("Repeat C-section today via uterine incision, baby girl 3.2 kg. Which 10D code?") == "mother"
    assert record_of("C-section, baby girl 3.2 kg. pcs?") == "mother"
    assert record_of("baby girl born via C-section, 3.2 kg, code the newborn") == "newborn"


@pytest.mark.parametrize("text, words", [
    ("sacral PI stg 3, no tunneling", ("pressure ulcer", "stage")),
    ("L heel unstg - stable dry eschar", ("unstageable",)),
    ("IAD buttocks/perineum, incontinent of stool and urine", ("due to fecal, urinary or dual incontinence",)),
    ("nonexcisional debridement of fibrin off a venous ulcer", ("extraction",)),
    ("cold snare polypectomy, 7mm polyp ascending colon", ("ascending colon",)),
])
def test_wound_and_endoscopy_shorthand_reads_as_the_titles(text: str, words: tuple[str, ...]) -> None:
    expanded = expand(text)[0]
    assert all(w in expanded for w in words)


def test_a_segment_named_is_not_the_whole_large_intestine() -> None:
    assert "large intestine" not in expand("cold snare polypectomy, 7mm polyp ascending colon")[0]


def test_a_pressure_ulcer_stage_in_shorthand_is_a_stage() -> None:
    assert _stage_key("sacral PI stg 3") == "stage 3"


@pytest.mark.parametrize("text", [
    "pt had lap chole yesterday, how long before she can lift her 2 yr old?",
    "whats the typical length of stay after a CABG x3",
    "colonoscopy started as screening, they snared a polyp - does the patient owe coinsurance now?",
    "afib with RVR, what's the usual starting rate for a diltiazem drip",
    "HCC for diabetic CKD stage 3, what's the RAF value",
    "What's the MS-DRG for a spinal fusion with MCC?",
    "What level ED visit is a simple laceration repair with no imaging",
    "CDI question: how can I ask the attending to clarify anemia type without leading",
    "MRSA pneumonia - vanco trough target?",
    "what antibiotic for a UTI in a pregnant woman in her 1st trimester",
    "after a stent placement how long does the patient need to be on Plavix?",
    "sertraline and tramadol together dangerous?",
    "which nerve is damaged in carpal tunnel",
    "does ACL reconstruction with hamstring graft reimburse better than patellar tendon graft",
])
def test_clinical_payment_and_query_wording_questions_ask_no_code(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "#2 MRSA PNA - vanc, trough goal 15-20",
    "Psych progress note: bipolar II d/o, currently depressed. Starting lamotrigine titration",
    "pt skipped 3 treatments bc she cant afford the transport copay. z code for missed dialysis?",
    "Methadone maintenance dosing (OTP)",
    "EMG: fibrillation potentials in L5-innervated muscles. IMPRESSION: acute L5 radiculopathy",
])
def test_a_problem_list_or_a_z_code_ask_that_mentions_a_dose_or_a_copay_is_still_answered(text: str) -> None:
    assert not asks_beyond_sources(text)


def test_an_intact_blister_keeps_its_side() -> None:
    from assistant.query import detect_side
    assert detect_side("left heel intact serum-filled blister, staged a stage 2 pressure injury") == "Left"
    assert detect_side("right knee intact, left knee swollen") == "Left"


@pytest.mark.parametrize("text, words", [
    ("outpt visit for lithium level check + renal fx, pt stable", "therapeutic drug level monitoring"),
    ("admitting for respite care so the wife can get a break", "holiday relief care"),
    ("benzodiazepine dependence, uncomplicated, on clonazepam", "sedative, hypnotic or anxiolytic dependence"),
])
def test_geropsych_shorthand_reads_as_the_titles(text: str, words: str) -> None:
    expanded = expand(text)[0]
    assert words in expanded and "fracture" not in expanded


def test_a_suction_biopsy_and_a_snared_vessel_device_are_no_gut_scope() -> None:
    assert detect_approach("rectal suction biopsy at bedside to r/o Hirschsprung") != \
        "Via Natural or Artificial Opening Endoscopic"
    assert detect_approach("coil loop prolapsed into the M2, snared and pulled out endovascularly") != \
        "Via Natural or Artificial Opening Endoscopic"


def test_a_device_ruled_out_leaves_the_drainage_searched() -> None:
    query = analyse("L thigh abscess, #11 blade incision, pus expressed, irrigated. No packing, no drain. PCS?")
    assert "drainage" in query.expanded


def test_an_age_and_sex_is_no_table() -> None:
    assert tables_asked("steroid-induced hyperglycemia for a 60M getting IV methylprednisolone") == ()


def test_a_denied_list_and_an_earlier_sentence_are_read_apart() -> None:
    assert dementia_words("dementia due to Alzheimer's. No agitation, psychotic symptoms, mood disturbance or "
                          "anxiety documented") == "in other diseases classified elsewhere"
    assert dementia_words("Alzheimer's dementia, onset not documented. apathetic, tearful") == \
        "in other diseases classified elsewhere with mood disturbance"
    assert severity_told("dementia, type not specified, severe, with psychotic disturbance") == "severe"
    assert dementia_words("mild VaD, classic sundowning") == "with agitation"
    query = analyse("dementia. No agitation, psychotic symptoms, mood disturbance or anxiety documented")
    assert {"psychot", "anxieti"} <= query.negated


def test_a_fine_needle_biopsy_through_the_echoendoscope_takes_tissue_for_study() -> None:
    query = analyse("EUS-FNB of a 3cm pancreatic head mass, 22g needle, 3 passes, ROSE adequate. pcs?")
    assert query.diagnostic and query.other_roots == {"excis"}
