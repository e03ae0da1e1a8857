"""How a coder's words are read: word parts, cues that decide siblings, the index walked line by line.

These need no index: they check the rules that feed retrieval.
"""

from __future__ import annotations

import pytest

from assistant.pcs_fit import device_stated, fit, fit_parts, side_of
from assistant.pcs_index import PcsIndex
from assistant.query import (
    ENDOSCOPIC,
    analyse,
    describes_act,
    detect_side,
    drug_event,
    expand_terms,
    focus_text,
    generic_ask,
    intent_of,
    lay_task,
    lymphoma_site_words,
    named_system,
    past_cancer,
    skin_site_words,
    trimester_of,
    without_planned_acts,
)
from assistant.uncertain import unsettled_options
from ingest.builtin.pcs import index_passages


def entry(word: str):  # noqa: ANN201
    return dict(expand_terms(word))[word]


@pytest.mark.parametrize(("word", "meaning"), [
    ("parotidectomy", {"resection", "parotid"}),      # the body part is the word's own first part
    ("hepatectomy", {"excision", "liver"}),           # a Greek prefix read through the glossary ("hepat-")
    ("gastrostomy", {"bypass", "stomach"}),           # the longest suffix wins ("-ostomy", not "-otomy")
])
def test_surgical_words_are_read_by_their_parts(word: str, meaning: set[str]) -> None:
    found = entry(word)
    assert found is not None and meaning <= set(found.expansion.split())
    assert found.kind == "suffix"


def test_condition_suffixes_are_not_procedure_cues() -> None:
    assert entry("spondylitis").kind == "diagnosis"
    query = analyse("spondylitis of the lumbar spine")
    assert query.procedure_cues == 0


@pytest.mark.parametrize(("text", "side"), [
    ("No stent left.", None), ("drain left in place", None), ("no drains were left", None),
    ("left knee", "Left"), ("L knee, no drain left", "Left"), ("right and left", "Bilateral"),
    ("glaucoma OD", "Right"), ("cataract OS", "Left"), ("retinopathy OU", "Bilateral"),
    ("heroin OD, found down", None),  # away from the eye OD is an overdose
    ("Impacted cerumen AD", "Right"), ("otitis media AS", "Left"), ("ear pain as well as fever", None),
    ("NSCLC RUL", "Right"), ("adenocarcinoma LLL", "Left"),  # a lung lobe carries its side
])
def test_left_as_a_side_and_left_as_left_behind(text: str, side: str | None) -> None:
    assert detect_side(text) == side


def test_hyphenated_shorthand_is_read_part_by_part_but_l_spine_is_not_a_side() -> None:
    assert "mammari" in analyse("CABG x1 LIMA-LAD").tokens
    query = analyse("MRI L-spine without contrast")
    assert query.side is None and "lumbar" in query.tokens


def test_converted_to_open_is_coded_open() -> None:
    assert analyse("lap appy converted to open").approach == "Open"
    assert analyse("lap appy").approach == "Percutaneous Endoscopic"


def test_icd_is_a_defibrillator_unless_it_names_a_code_set() -> None:
    assert "defibril" in analyse("ICD generator implant, chest").tokens
    assert "defibril" not in analyse("ICD-10 code for asthma").tokens


def test_named_code_set_and_reason_clause() -> None:
    assert named_system("ICD-10-CM for the DVT?") == "ICD-10-CM"
    assert named_system("what's the PCS code for a lap chole") == "ICD-10-PCS"
    assert named_system("lap chole") is None
    # A diagnosis named only as the reason counts less than the procedure named as the subject.
    query = analyse("Remdesivir given by peripheral IV for COVID-19")
    assert query.procedure_cues > query.diagnosis_cues


def test_unqualified_endoscopic_prefers_the_natural_opening_for_hollow_organs() -> None:
    query = analyse("endoscopic dilation of the esophagus")
    assert query.approach == ENDOSCOPIC
    via = fit(query, "0D758ZZ", "Dilation of Esophagus, Via Natural or Artificial Opening Endoscopic", {})
    port = fit(query, "0D754ZZ", "Dilation of Esophagus, Percutaneous Endoscopic Approach", {})
    assert via > port
    query = analyse("endoscopic release of the carpal tunnel")
    elsewhere = fit(query, "01N54ZZ", "Release Median Nerve, Percutaneous Endoscopic Approach", {})
    assert elsewhere > fit(query, "01N50ZZ", "Release Median Nerve, Open Approach", {})


def test_drainage_names_the_operation_not_the_drain() -> None:
    assert not device_stated("Drainage Device", analyse("needle drainage of pericardial effusion").tokens)
    assert device_stated("Drainage Device", analyse("drainage of liver abscess, drain left in").tokens)
    query = analyse("endoscopic dilation of esophageal stricture, no stent left")
    with_stent = fit(query, "0D758DZ", "Dilation of Esophagus with Intraluminal Device, Via Natural or "
                     "Artificial Opening Endoscopic", {"device": "Intraluminal Device"})
    plain = fit(query, "0D758ZZ", "Dilation of Esophagus, Via Natural or Artificial Opening Endoscopic",
                {"device": "No Device"})
    assert plain > with_stent


def _index(term: str, content: str) -> PcsIndex:
    return PcsIndex(index_passages(term, content, "test"), lambda _word: 1.0)


def test_index_walk_takes_the_line_the_question_states() -> None:
    index = _index("Lobectomy", "see Excision\n\tLung **0BB**\nsee Resection\n\tLung, Lower Lobe, Left **0BTJ**\n"
                   "\tThyroid Gland Lobe, Left **0GTG**")
    query = analyse("left lower lobectomy of the lung")
    def cover(words: frozenset[str]) -> float:  # share of the question's concepts the path explains
        return sum(1 for group in query.groups if group & words) / len(query.groups)

    leads = {lead.target: lead.weight for lead in index.walk(query.tokens, cover)}
    assert leads["0BTJ"] > leads.get("0GTG", 0.0)


def test_index_walk_needs_the_main_term() -> None:
    index = _index("Cholecystectomy", "see Resection, Gallbladder **0FT4**")
    assert index.walk(analyse("cholecystectomy").tokens, lambda _w: 1.0)
    assert not index.walk(analyse("appendectomy").tokens, lambda _w: 1.0)


@pytest.mark.parametrize(("text", "band"), [
    ("vent >96 hrs", "greater than 96"), ("on the ventilator 6 days", "greater than 96"),
    ("ventilated for 30 hours", "24-96"), ("vent 12 h", "less than 24"),
])
def test_ventilation_duration_picks_the_band(text: str, band: str) -> None:
    assert band in analyse(text).expanded


def test_any_scope_word_states_an_endoscopic_approach() -> None:
    assert analyse("transbronchial biopsy through a flexible bronchoscope").approach == ENDOSCOPIC
    assert analyse("hernia repair with the laparoscope").approach == "Percutaneous Endoscopic"


def test_non_contrast_rules_out_contrast() -> None:
    query = analyse("Non-contrast CT of the head")
    plain = fit(query, "B020ZZZ", "Computerized Tomography (CT Scan) of Brain", {})
    contrast = fit(query, "B020YZZ", "Computerized Tomography (CT Scan) of Brain using Other Contrast", {})
    assert plain > contrast


def test_status_post_asks_for_a_status_code() -> None:
    query = analyse("s/p L AKA")
    assert query.diagnosis_cues > query.procedure_cues


@pytest.mark.parametrize(("text", "better"), [
    ("superficial parotidectomy, superficial lobe only", "0CB80ZZ"),
    ("total parotidectomy, whole gland", "0CT80ZZ"),
])
def test_part_or_whole_decides_excision_or_resection(text: str, better: str) -> None:
    query = analyse(text)
    scores = {"0CB80ZZ": fit(query, "0CB80ZZ", "Excision of Right Parotid Gland, Open Approach", {}),
              "0CT80ZZ": fit(query, "0CT80ZZ", "Resection of Right Parotid Gland, Open Approach", {})}
    assert max(scores, key=scores.get) == better


def test_unstated_approach_outside_surgery_is_not_open() -> None:
    query = analyse("routine EEG")
    external = fit(query, "4A00X4Z", "Measurement of Central Nervous Electrical Activity, External Approach", {})
    open_ = fit(query, "4A0004Z", "Measurement of Central Nervous Electrical Activity, Open Approach", {})
    assert external > open_
    assert analyse("left heart catheterization").approach == "Percutaneous"
    assert analyse("EEG with scalp electrodes").approach == "External"


@pytest.mark.parametrize(("text", "system"), [
    ("A toddler is diagnosed with croup. Code the diagnosis.", "ICD-10-CM"),
    ("Code the mother's diagnoses.", "ICD-10-CM"),
    ("Fall at home, subdural hematoma. Code the head injury, initial encounter.", "ICD-10-CM"),
    ("Craniotomy with evacuation of the clot. Code the procedure.", "ICD-10-PCS"),
    ("Code the diagnosis and the procedure.", None),  # both asked: neither set leads
    ("Heavy bleeding after delivery of the placenta. What code describes this complication?", "ICD-10-CM"),
    ("Cath lab: acute inferior STEMI, culprit lesion in the RCA. Code the MI.", "ICD-10-CM"),  # any condition
    ("Angioplasty of the LAD with one drug-eluting stent. Code the PCI.", "ICD-10-PCS"),  # an act
    ("Spontaneous vaginal delivery at 39 weeks. Code the delivery admission (diagnoses).", "ICD-10-CM"),
    ("Colonoscopy shows a polyp. Code the case.", None),  # "the case" names nothing
])
def test_what_the_question_asks_to_code_names_the_code_set(text: str, system: str | None) -> None:
    assert named_system(text) == system


def test_a_test_that_found_the_diagnosis_is_not_a_procedure_to_code() -> None:
    query = analyse("Liam fell from the monkey bars. X-ray shows a nondisplaced fracture of the right clavicle.")
    assert not describes_act(query.core_text)
    assert "x-ray" not in query.core_text.lower() and "clavicle" in query.core_text
    assert describes_act("CT scan of the abdomen with contrast")  # a test asked for is still a procedure
    scoped = analyse("Colonoscopy in a patient with rectal bleeding confirms ulcerative pancolitis. Code it.")
    assert not describes_act(scoped.core_text) and "pancolitis" in scoped.core_text
    listed = analyse("MRI and CT angiography show a left MCA infarct.").core_text
    assert "MRI" not in listed and "angiography" not in listed and "infarct" in listed
    # "EGD:" heads an operative note: the scope stays when no finding verb follows it
    assert "EGD" in analyse("EGD: four bands placed on esophageal varices.").core_text


def test_a_story_closed_by_a_bare_ask_is_read_as_one() -> None:
    assert analyse("A toddler with stridor is diagnosed with croup. Code it.").generic_ask
    assert analyse("Pleuritic chest pain. What is the correct code?").generic_ask
    assert not analyse("What is the code for lap chole?").generic_ask  # the thing to code is named
    assert not analyse("Croup. What is the ICD-10-CM code?").generic_ask  # the code set is named


def test_a_word_ruled_out_in_one_place_and_stated_in_another_stays_stated() -> None:
    negated = analyse("Hypertensive heart disease with left ventricular hypertrophy, no heart failure").negated
    assert "failur" in negated and "heart" not in negated
    assert "exacerb" in analyse("mild intermittent asthma, no recent exacerbations").negated


@pytest.mark.parametrize(("text", "band"), [
    ("fell and lost consciousness for about 15 minutes", "of 30 minutes or less"),
    ("concussion, LOC 45 min", "of 31 minutes to 59 minutes"),
    ("LOC x 2 hours", "of 1 hour to 5 hours 59 minutes"),
    ("concussion with LOC", "of unspecified duration"),
    ("concussion without loss of consciousness", None),
])
def test_a_told_length_of_unconsciousness_gives_its_band(text: str, band: str | None) -> None:
    expanded = analyse(text).expanded
    if band is None:
        assert "loss of consciousness of" not in expanded
    else:
        assert f"loss of consciousness {band}" in expanded


@pytest.mark.parametrize(("text", "wanted"), [
    ("L hemiparesis, late effect of ischemic stroke; pt R-hand dominant", "left nondominant"),
    ("Right hemiplegia after a stroke, left-handed patient", "right nondominant"),
    ("Left hemiparesis after a stroke in a left-handed man", "left dominant"),
    ("Spastic hemiplegia, right side", "right dominant"),  # no handedness documented: right is dominant
])
def test_the_affected_side_of_a_paralysis_is_dominant_or_not(text: str, wanted: str) -> None:
    query = analyse(text)
    assert query.side == wanted.split()[0].capitalize()  # the hand named is not an affected side
    assert f"{wanted} " in query.expanded
    assert analyse("laceration of right hand").side == "Right"  # a hand is a site, not handedness


def test_status_words_mark_a_done_procedure_and_ruled_out_diagnoses_reach_past_of() -> None:
    assert analyse("S/P R TKA").status and analyse("ESRD on HD").status
    assert not analyse("R TKA, cemented").status
    assert {"hypertens", "htn"} <= analyse("Elevated BP w/o diagnosis of HTN").negated
    assert "asthma" in analyse("no history of asthma").negated


def test_every_item_of_a_ruled_out_list_is_ruled_out() -> None:
    query = analyse("Alcohol withdrawal without delirium or perceptual disturbances")
    assert {"delirium", "perceptual disturbances"} <= set(query.negated_raw)
    assert analyse("no nausea, vomiting, or diarrhea").negated_raw == ["nausea", "vomiting", "diarrhea"]
    assert analyse("No fever, cough present").negated_raw == ["fever"]  # a comma alone ends the list


def test_a_ruled_out_phrase_is_ruled_out_whole() -> None:
    # "status" alone is a stop word: the phrase carries the meaning, and the code that asserts it steps back.
    query = analyse("Migraine w/o aura, not intractable, w/o status migrainosus")
    assert "status migrainosus" in query.negated_raw and "migrainosus" in query.negated
    assert analyse("without aura and with vomiting").negated_raw == ["aura"]  # "and with" starts something else
    assert analyse("no drain placed").negated_raw == ["drainage device"]  # a device keeps its glossary reading
    assert analyse("non-wood axillary crutches").negated_raw == ["wood"]  # a prefix on one word, not a phrase
    assert fit(query, "G43009", "Migraine without aura, not intractable, without status migrainosus", {},
               "ICD-10-CM") > fit(query, "G43001", "Migraine without aura, not intractable, with status migrainosus",
                                  {}, "ICD-10-CM")


@pytest.mark.parametrize("text", ["OSA on CPAP", "ESRD on HD", "Chemo-induced neutropenia", "T2DM on insulin"])
def test_a_treatment_the_patient_is_on_or_that_caused_it_is_no_procedure_cue(text: str) -> None:
    query = analyse(text)
    assert query.procedure_cues == 0 and not query.act
    assert "5A09" not in query.expanded and "3E03" not in query.expanded  # not the Assistance or Introduction table


def test_the_stated_conclusion_is_the_focus() -> None:
    query = analyse("A toddler with a barking cough and stridor at night is diagnosed with croup. Code it.")
    assert "croup" in query.focus and "cough" not in query.focus
    assert analyse("croup").focus == frozenset()
    assert analyse("Discharge diagnosis: syncope. Code it.").conclusion.startswith("syncope")
    # a finding that states nothing, or "documented by" someone, is searched as no conclusion
    assert analyse("CT shows no dissection. Code a NSTEMI documented by the cardiologist.").conclusion == ""


def test_tests_that_found_nothing_are_narration() -> None:
    core = analyse("ECG, telemetry, echo and orthostatic vitals are all normal. Diagnosis: syncope.").core_text
    assert "ECG" not in core and "telemetry" not in core and "syncope" in core
    kept = analyse("CT shows a mass and labs are normal").core_text
    assert "mass" in kept and "labs" not in kept  # a finding before the normal test stays


def test_an_everyday_word_is_an_abbreviation_only_in_capitals() -> None:
    assert "operating room" not in analyse("Sigmoid diverticulitis, no perforation or abscess").expanded
    assert "operating room" in analyse("Time in OR two hours").expanded
    assert "multiple sclerosis" not in analyse("Ms. Lopez has a migraine").expanded
    assert "multiple sclerosis" in analyse("MS, relapsing").expanded
    assert "operating room" not in analyse("SIGMOID DIVERTICULITIS, NO PERFORATION OR ABSCESS").expanded


def test_ordinals_are_read_as_titles_spell_them() -> None:
    assert "second" in analyse("2nd degree burn L forearm").expanded.split()
    assert "fifth" in analyse("fx 5th metacarpal").expanded.split()


def test_a_condition_after_an_operation_is_a_complication_not_the_operation() -> None:
    query = analyse("Hypothyroidism following total thyroidectomy")
    assert query.status and not query.act and "postprocedural" in query.expanded
    assert analyse("Total thyroidectomy for goiter").act  # the operation itself is still the act
    assert not analyse("Ten days after a laparoscopic colectomy, a surgical site infection").act


def test_a_line_that_opens_with_a_history_names_the_history() -> None:
    assert analyse("Hx of DVT, no longer on anticoagulation").history_lead
    assert not analyse("DVT of the left leg with a history of smoking").history_lead


@pytest.mark.parametrize(("text", "char"), [
    ("took her sertraline in a suicide attempt", "2"), ("rash from amoxicillin taken as prescribed", "5"),
    ("missed doses of his metoprolol", "6"), ("swallowed Tylenol by accident", "1"), ("Tylenol overdose", None),
])
def test_drug_event_words_pick_the_sixth_character(text: str, char: str | None) -> None:
    assert intent_of(text) == char


def test_open_fracture_words() -> None:
    assert analyse("bone protruding through the skin of the thigh, femoral shaft fracture").open_fracture
    assert analyse("open fracture of the right tibia").open_fracture
    assert not analyse("closed fracture of the right tibia, treated with ORIF (open approach)").open_fracture


@pytest.mark.parametrize(("text", "trimester"), [
    ("A 31-year-old at 34 weeks with severe pre-eclampsia", "third"), ("OB patient at 18 weeks has cystitis", "second"),
    ("pregnant, 10 wks, hyperemesis", "first"), ("pregnancy in the 2nd trimester", "second"),
    ("returns four weeks after ORIF of the ankle", None),  # weeks, but not a pregnancy's
])
def test_weeks_of_gestation_give_the_trimester(text: str, trimester: str | None) -> None:
    assert trimester_of(text) == trimester


def test_a_drug_event_must_be_told() -> None:
    assert not drug_event("type 2 diabetes, well controlled on metformin")
    assert drug_event("acetaminophen overdose") and drug_event("rash from amoxicillin taken as prescribed")
    # a dose given and tolerated is no event: "no reaction", "NKDA"-style denials
    assert not drug_event("Pembrolizumab 200 mg IV via PIV, C4. No reaction.")
    assert not drug_event("cefazolin 2 g IV, no known allergies")
    assert drug_event("hives after IV contrast, allergic reaction")


def test_a_cancer_that_is_gone_reads_as_history() -> None:
    assert past_cancer("prostatectomy for prostate cancer eight years ago; no evidence of disease")
    assert past_cancer("Hx colon ca s/p hemicolectomy")
    assert not past_cancer("adenocarcinoma of prostate") and not past_cancer("CLL in remission")


@pytest.mark.parametrize(("title", "side"), [
    ("Replacement of Right Knee Joint with Synthetic Substitute", "Right"),  # PCS capitalises the side
    ("Type 2 diabetes mellitus with mild nonproliferative diabetic retinopathy, bilateral", "Bilateral"),
    ("Sprain of unspecified ligament of left ankle, initial encounter", "Left"),  # CM does not
    ("Cleft palate with cleft lip, unilateral", None),  # a word that holds "left" is no side
])
def test_the_side_a_title_names(title: str, side: str | None) -> None:
    assert side_of(title, {}) == side


def test_a_title_denies_a_stated_word_only_as_a_whole_word() -> None:
    # "without esophagitis" denies nothing "gastro-esophageal" states, though both stem alike
    gerd = fit_parts(analyse("GERD"), "K219", "Gastro-esophageal reflux disease without esophagitis", {}, "ICD-10-CM")
    assert gerd.get("negation", 0.0) >= 0.0
    bleeding = fit_parts(analyse("gastric ulcer with hemorrhage"), "K259",
                         "Chronic or unspecified gastric ulcer without hemorrhage or perforation", {}, "ICD-10-CM")
    assert bleeding["negation"] < 0


@pytest.mark.parametrize(("text", "words"), [
    ("fracture of L1 vertebra", "first lumbar vertebra"),
    ("T12 compression fracture", "twelfth thoracic vertebra"),
    ("L4-L5 interbody fusion", "lumbar vertebral joint"),
    ("L5-S1 fusion", "lumbosacral joint"),
    ("C4 to C7 fusion", "cervical vertebral joints 2 or more"),
    ("T4-T10 fusion", "thoracic vertebral joints 2 to 7"),
    ("T2 weighted MRI of the brain", ""),  # a lone level counts only beside a spine word
    ("Grade II anterolisthesis of L5 on S1", "lumbosacral joint"),  # "L5 on S1": the level between them
    ("L4-5 HNP w/ L L5 radic", "fifth lumbar vertebra"),  # a disc's words are spine words too
    # a facet's nerves, a root or the sacral lateral branches: the region's nerve, not its joints
    ("RFA medial branch L3-L5 bilat", "lumbar nerve"),
    ("Right C3-C5 cervical medial branch radiofrequency neurotomy", "cervical nerve"),
    ("foraminotomy at L5-S1 to decompress the L5 nerve root", "lumbar nerve"),
    ("SI joint RFA, lateral branches S1, S2, S3", "sacral nerve"),
])
def test_spine_levels_are_read_as_the_code_sets_name_them(text: str, words: str) -> None:
    from assistant.query import spine_levels
    assert spine_levels(text).startswith(words) if words else spine_levels(text) == ""
    if words:
        assert words in analyse(text).expanded


def test_the_sides_a_question_states_and_does_not() -> None:
    assert analyse("L4-L5 fusion").side is None  # the L of a spine level is lumbar, not left
    assert analyse("nuclear cataract of the right eye; left lens is clear").side == "Right"  # found well: not coded
    # both sides told, one concluded: the conclusion's side
    story = ("Admitted with left-sided weakness; CT shows occlusion of the right middle cerebral artery. Diagnosis: "
             "cerebral infarction due to thrombosis of the right middle cerebral artery.")
    assert analyse(story).side == "Right"
    assert analyse("bilateral knee osteoarthritis").side == "Bilateral"
    assert analyse("right and left knee replacement").side == "Bilateral"
    assert analyse("left shoulder, both humeral and glenoid surfaces replaced").side == "Left"  # two parts


def test_an_open_fractures_type_and_a_hyphenated_encounter() -> None:
    query = analyse("an open, displaced comminuted fracture of the right tibial shaft, Gustilo type IIIB. Assign the "
                    "initial-encounter code.")
    assert query.open_fracture and query.open_type == "type iii" and query.encounter == "A"
    assert analyse("open type II displaced transverse fracture of tibial shaft").open_type == "type i or ii"
    assert not analyse("open reduction internal fixation of fracture of radius").open_fracture


@pytest.mark.parametrize(("text", "lay"), [
    ("How do you bleed the brakes on a car?", True),
    ("how to graft an apple tree", True),
    ("How do I code an open carotid endarterectomy?", False),
    ("How do I get the code for lap chole", False),  # a coding word
    ("How do I report bilateral TKA", False),  # a coding verb
    ("bleeding from the rectum", False),
    ("Who is the lead singer of Coldplay?", True),  # a question about the world
    ("Recommend a good sci-fi novel for a long flight", True),
    ("Who assigns the principal diagnosis code?", False),  # a coding word
    ("Who discovered penicillin?", True),
    ("When was the polio vaccine developed, and by whom?", True),
    ("What year was the first heart transplant?", True),
    ("which US state is nicknamed the heart of dixie", True),
    ("what year did ICD-10-CM replace ICD-9", False),  # a coding word
    ("which left knee replacement", False),
])
def test_a_how_to_about_an_everyday_task(text: str, lay: bool) -> None:
    assert analyse(text).lay_task is lay


def test_the_access_vessel_and_a_test_that_found_nothing_are_narration() -> None:
    from assistant.filler import strip_wrappers
    stent = strip_wrappers("Via femoral artery access, a drug-eluting stent was placed in the LAD.")
    assert "femoral" not in stent and "LAD" in stent
    assert "femoral" in strip_wrappers("Femoral-popliteal bypass from the femoral artery")  # a bypass's origin stays
    assert "X-ray" not in strip_wrappers("2 cm laceration of the left index finger. X-ray negative.")
    assert named_system("2 cm laceration of the left index finger. What is the injury code?") == "ICD-10-CM"


def test_an_unspecified_side_is_weaker_when_the_side_is_said() -> None:
    query = analyse("primary open-angle glaucoma of both eyes, moderate stage")
    parts = fit_parts(query, "H401192", "Primary open-angle glaucoma, unspecified eye, moderate stage", {}, "ICD-10-CM")
    assert parts["side"] < 0
    said = fit_parts(query, "H401132", "Primary open-angle glaucoma, bilateral, moderate stage", {}, "ICD-10-CM")
    assert said["side"] > 0


def test_an_act_written_first_is_read_with_describing_words_between() -> None:
    assert "extirpation" in analyse("removal of aspirated foreign body from right main bronchus").expanded
    assert "reposition" in analyse("reduction of left hip dislocation").expanded


def test_an_unstated_side_is_no_missing_title_word() -> None:
    query = analyse("Open thyroid lobectomy")
    lobe = fit_parts(query, "0GTG0ZZ", "Resection of Left Thyroid Gland Lobe, Open Approach", {})
    gland = fit_parts(query, "0GTK0ZZ", "Resection of Thyroid Gland, Open Approach", {})
    assert lobe["title_match"] >= gland["title_match"]
    stated = fit_parts(analyse("Open right thyroid lobectomy"), "0GTG0ZZ",
                       "Resection of Left Thyroid Gland Lobe, Open Approach", {})
    assert stated["side"] < 0  # a stated side still decides


def test_the_access_route_says_percutaneous() -> None:
    query = analyse("IVC filter placement via right femoral vein puncture")
    assert query.approach == "Percutaneous" and query.side is None


def test_a_title_qualifier_that_asserts_more_is_not_the_bare_term() -> None:
    from assistant.nos import title_term
    assert title_term("Dermatitis, unspecified") == title_term("Dermatitis")
    assert title_term("Migraine, unspecified, not intractable, without status migrainosus") == title_term("Migraine")
    # "presymptomatic" is more than the term typed: type 1 diabetes as typed is E10.9, not E10.A0
    assert title_term("Type 1 diabetes mellitus, presymptomatic, unspecified") != title_term("Type 1 diabetes mellitus")


def test_a_total_joint_replacement_is_not_a_whole_removal() -> None:
    # every surface of the joint is replaced: not a removal of all of it, and not one surface's resurfacing
    assert analyse("total knee arthroplasty").extent == "joint"
    assert analyse("TKA with cemented femoral and tibial components").extent == "joint"
    assert analyse("revision TKA, tibial component exchanged").extent is None  # one component revised
    assert analyse("total thyroidectomy").extent == "whole"


def test_a_preserved_or_spared_part_is_ruled_out_but_a_preserved_ejection_fraction_is_a_finding() -> None:
    assert "isthmus" in analyse("right thyroid lobectomy, isthmus preserved").negated
    assert "gland" in analyse("radical nephrectomy, adrenal gland spared").negated
    assert not analyse("heart failure, ejection fraction preserved").negated


def test_an_act_already_in_a_term_is_not_inverted() -> None:
    closed = analyse("Closed reduction of fracture of tibia without internal fixation")
    assert "reposition" in closed.expanded and closed.approach == "External"
    assert analyse("Closed fracture of nasal bones").approach is None  # a closed fracture is no approach


@pytest.mark.parametrize("question", [
    "What does it mean when someone says break a leg?",
    "what does the idiom 'cost an arm and a leg' mean",
])
def test_a_question_about_the_world_or_a_saying_is_a_lay_question(question: str) -> None:
    assert lay_task(question, [])


@pytest.mark.parametrize("question", [
    "What's the usual starting dose of metformin for an adult?",
    "Normal range for fasting blood glucose?",
    "How is hepatitis C transmitted?",
    "How does lisinopril actually lower blood pressure?",
    "In general terms, what does a raised troponin blood test tell a doctor?",
    "Which cranial nerve controls the muscles of facial expression?",
    "How often should adults get a tetanus booster shot?",
])
def test_a_question_about_medicine_itself_is_a_lay_question(question: str) -> None:
    assert lay_task(question, [])


@pytest.mark.parametrize("question", ["How do I code a bilateral knee replacement?",
                                      "What does it mean when someone says the code is unbundled?",
                                      "What is the dose-related underdosing code for insulin?",
                                      "How long was he on the ventilator? 96 hours. PCS for the ventilation?",
                                      "Side effect of lisinopril: cough. Which ICD-10-CM codes?"])
def test_a_coding_how_to_is_no_lay_question(question: str) -> None:
    assert not lay_task(question, [])


@pytest.mark.parametrize("ask", ["Assign the maternal codes.", "Assign the code(s) for the birth admission.",
                                 "Code the newborn codes."])
def test_the_mother_the_newborn_or_an_admission_asks_for_diagnoses(ask: str) -> None:
    assert named_system(f"Term vaginal delivery of a single liveborn at 39 weeks. {ask}") == "ICD-10-CM"


@pytest.mark.parametrize("ask", ["Assign codes in the correct order.", "Code.", "What code?"])
def test_a_bare_closing_ask_is_generic(ask: str) -> None:
    assert generic_ask(f"62M admitted with pneumonia due to COVID-19. {ask}")


@pytest.mark.parametrize(("text", "status"), [
    ("Pacemaker in situ", True), ("IUD in place", True), ("coronary stent in place", True),
    ("Carcinoma in situ of the cervix", False), ("Insertion of a dual-chamber pacemaker", False),
])
def test_a_device_in_situ_is_a_status(text: str, status: bool) -> None:
    assert analyse(text).status is status


def test_the_side_of_the_stated_diagnosis_wins_over_a_symptom_on_the_other_side() -> None:
    question = ("70-year-old with sudden right arm weakness and aphasia; MRI/MRA confirm acute cerebral infarction "
                "due to thrombosis of the left middle cerebral artery.")
    assert analyse(question).side == "Left"


def test_a_phase_named_in_a_title_is_no_unstated_detail() -> None:
    query = analyse("oropharyngeal dysphagia")
    assert fit_parts(query, "R1312", "Dysphagia, oropharyngeal phase", {}, "ICD-10-CM")["title_match"] == 1.5


def test_a_prefix_rules_out_its_word_not_the_glossary_phrase_it_starts() -> None:
    query = analyse("coronary angioplasty of one artery with a bare-metal (non-drug-eluting) stent")
    assert "stent" not in query.negated and "elut" in query.negated


def test_an_injury_titles_encounter_phrase_is_no_title_word() -> None:
    query = analyse("Displaced transverse fracture of shaft of right radius")
    initial = fit_parts(query, "S52321A", "Displaced transverse fracture of shaft of right radius, initial encounter "
                        "for closed fracture", {}, "ICD-10-CM")["title_match"]
    sequela = fit_parts(query, "S52321S", "Displaced transverse fracture of shaft of right radius, sequela", {},
                        "ICD-10-CM")["title_match"]
    assert initial == sequela == 1.5


@pytest.mark.parametrize(("question", "unstated"), [
    ("Gout flare, L great toe", True),                       # no trauma told: the toe's abrasion is no answer
    ("Osteoporotic compression fx L1, initial encounter", True),  # a fracture, but not a traumatic one
    ("Abrasion of left great toe after a fall", False),
])
def test_an_injury_code_needs_a_told_injury(question: str, unstated: bool) -> None:
    from assistant.candidates import Candidate
    from assistant.features import Context, describe
    from assistant.store import CodeInfo

    info = CodeInfo("S90412A", "ICD-10-CM", "Abrasion, left great toe, initial encounter", True, "cm", {})
    query = analyse(question)
    row = describe(Candidate(info, 1.0, [], ""), Context(query, [1.0] * len(query.groups), 1.0, -1.0))
    assert row["context_unstated"] == float(unstated)


def _row(question: str, code: str, title: str) -> dict[str, float]:
    from assistant.candidates import Candidate
    from assistant.features import Context, describe
    from assistant.store import CodeInfo

    query = analyse(question)
    info = CodeInfo(code, "ICD-10-CM", title, True, "cm", {})
    return describe(Candidate(info, 1.0, [], ""), Context(query, [1.0] * len(query.groups), 1.0, -1.0))


def test_words_in_parentheses_are_nonessential_and_claim_nothing() -> None:
    # "(adult) (pediatric)" may be present or absent without changing the code: no unstated detail
    row = _row("obstructive sleep apnea", "G4733", "Obstructive sleep apnea (adult) (pediatric)")
    assert row["unstated_words"] == 0.0 and row["fit_title_match"] == 1.5
    # a "with" clause that claims only what was said is no unstated claim
    flu = _row("influenza A with pneumonia", "J1000",
               "Influenza due to other identified influenza virus with unspecified type of pneumonia")
    assert flu["with_unstated"] == 0.0


def test_one_part_of_a_titles_joined_site_states_the_site() -> None:
    liver = _row("liver metastases", "C787", "Secondary malignant neoplasm of liver and intrahepatic bile duct")
    assert liver["unstated_words"] == 0.0
    # a part nobody stated stays unstated when the other part was not stated either
    skin = _row("metastases", "C787", "Secondary malignant neoplasm of liver and intrahepatic bile duct")
    assert skin["unstated_words"] > 0


@pytest.mark.parametrize(("text", "side"), [
    ("A right-handed woman with a left MCA infarct", "Left"),     # handedness is no side
    ("Osteoarthritis of the left knee. Right knee asymptomatic.", "Left"),
    ("Osteoarthritis of the left knee and the right knee", "Bilateral"),
])
def test_handedness_and_a_side_told_well_are_not_sides(text: str, side: str) -> None:
    assert analyse(text).side == side


@pytest.mark.parametrize(("text", "record"), [
    ("Baby girl delivered at 39 weeks by cesarean for breech. Code the maternal record.", "mother"),
    ("G2P1 at 39 weeks delivers a healthy baby boy. Code the newborn stay.", "newborn"),
    ("Baby boy born vaginally at term.", "newborn"),
])
def test_a_named_record_says_whose_record_it_is(text: str, record: str) -> None:
    assert analyse(text).record == record


@pytest.mark.parametrize(("text", "pathological"), [
    ("Compression fracture of L2; the physician attributes it to her age-related osteoporosis.", True),
    ("Osteoporotic fx of the right wrist", True),
    ("Fracture of L2 after a fall from a ladder", False),
    ("Osteoporosis, no fracture history", False),  # a fracture denied is none
    ("Osteoporosis, DEXA T-score -2.8, no fx hx", False),
])
def test_a_fracture_of_osteoporotic_bone_is_a_pathological_fracture(text: str, pathological: bool) -> None:
    assert ("pathological" in analyse(text).expanded) == pathological


@pytest.mark.parametrize(("text", "plain"), [
    ("Alcohol dependence with withdrawal. No delirium, hallucinations or seizures.", True),
    ("Alcohol withdrawal without delirium or perceptual disturbances", True),
    ("Alcohol dependence with withdrawal delirium", False),
])
def test_a_withdrawal_told_without_its_complications_is_uncomplicated(text: str, plain: bool) -> None:
    assert ("uncomplicated" in analyse(text).expanded) == plain


def test_a_detail_told_as_not_documented_is_ruled_out() -> None:
    query = analyse("acute bronchitis in a patient with COPD; an exacerbation is not documented")
    assert "exacerb" in query.negated


@pytest.mark.parametrize(("text", "pregnant"), [
    ("24-year-old at 10 weeks gestation with vomiting", True),
    ("G2P1 with a urinary tract infection", True),
    ("Baby girl delivered at 39 weeks. Code the maternal record.", True),
    ("Newborn record: baby born at 39 weeks with jaundice", False),   # the newborn's own record
    ("Pregnancy test negative; acute cystitis", False),
])
def test_a_pregnancy_told_puts_chapter_15_first(text: str, pregnant: bool) -> None:
    assert analyse(text).pregnant == pregnant


@pytest.mark.parametrize(("text", "hyperglycemia"), [
    ("DM2 poorly controlled, on insulin", True),
    ("Type 2 diabetes, out of control", True),
    ("poorly controlled hypertension", False),   # only diabetes is indexed that way
    ("Type 2 diabetes, well controlled", False),
])
def test_diabetes_told_poorly_controlled_is_hyperglycemia(text: str, hyperglycemia: bool) -> None:
    assert ("hyperglycemia" in analyse(text).expanded) == hyperglycemia


def test_control_and_stability_words_are_filler_but_diet_control_and_stable_angina_are_not() -> None:
    from assistant.filler import strip_wrappers

    assert strip_wrappers("Hypertension, well controlled") == "Hypertension"
    assert strip_wrappers("Asthma - stable").strip(" -") == "Asthma"
    assert "diet controlled" in strip_wrappers("GDM, diet controlled")
    assert "stable angina" in strip_wrappers("stable angina")


def test_a_qualifiers_side_counts_for_the_fit_but_is_not_asked_about() -> None:
    axes = {"body_part": "Coronary Artery, One Artery", "qualifier": "Left Internal Mammary"}
    title = "Bypass Coronary Artery, One Artery from Left Internal Mammary, Open Approach"
    assert side_of(title, axes) is None  # no side to ask about: the body part has none
    assert side_of(title, axes, qualifier=True) == "Left"  # "LIMA to LAD" told left matches it


@pytest.mark.parametrize(("text", "reading"), [
    ("screening colonoscopy because his father was diagnosed with colon cancer at age 60",
     "family history of colon cancer"),
    ("Her mother and sister both had breast cancer.", "family history of breast cancer"),
    ("seen because her coworker tested positive for COVID-19", "contact with and suspected exposure to COVID-19"),
    ("A 30-year-old whose roommate has influenza", "contact with and suspected exposure to influenza"),
    ("tested because a child in her classroom was diagnosed with COVID-19 yesterday",
     "contact with and suspected exposure to COVID-19"),
    ("Father dx'd with colon ca at 52", "family history of colon ca"),  # a problem-list line opening with kin
    ("My mother had breast cancer at 45, when should I start screening?", "family history of breast cancer"),
])
def test_a_condition_told_of_someone_else_is_a_family_history_or_an_exposure(text: str, reading: str) -> None:
    from assistant.others import told_of_others

    assert reading in told_of_others(text)


@pytest.mark.parametrize("text", [
    "The father has a headache and an elevated carboxyhemoglobin level.",  # the father of a family is the patient
    "Her mother has noticed a rash on the baby.",                          # no condition follows
    "Mom says her son has had a fever for three days.",                    # a child told through the parent
    "Mother has preeclampsia at 36 weeks.",                                # opening the line: may be the patient
    "my mother had a stroke last year, now her right side is weak",        # a family member telling of the patient
    "my dad has high blood pressure and kidney disease stage 3",
])
def test_a_condition_of_the_patient_told_through_others_stays_the_patients(text: str) -> None:
    from assistant.others import told_of_others

    assert told_of_others(text) == text


def test_a_mothers_condition_on_the_newborns_record_is_left_for_the_newborn_codes() -> None:
    from assistant.others import told_of_others

    text = "Newborn record: his mother has gestational diabetes."
    assert told_of_others(text, newborn=True) == text
    assert "family history" not in analyse("Newborn record: term male; his mother has gestational diabetes.").expanded


def test_a_relatives_cancer_is_no_personal_history() -> None:
    assert not analyse("family history of colon cancer").past_cancer
    assert analyse("history of colon cancer, resected").past_cancer


@pytest.mark.parametrize(("text", "kept"), [
    ("Office visit: cough and fever, probable pneumonia; chest x-ray ordered.", False),
    ("ED visit: wheezing and cough, likely asthma exacerbation, sent home", False),
    ("Discharge summary: fever and cough, probable pneumonia, treated with antibiotics.", True),  # inpatient
    ("Office visit: suspected strep throat", True),  # nothing else to code: the hedge stays
])
def test_an_outpatient_codes_symptoms_not_a_hedged_diagnosis(text: str, kept: bool) -> None:
    from assistant.uncertain import settle_uncertain

    out = settle_uncertain(text)
    assert any(d in out for d in ("pneumonia", "asthma", "strep")) == kept
    assert "cough" in out or "strep" in out


@pytest.mark.parametrize(("text", "words"), [
    ("First prenatal visit for a 37-year-old who is pregnant for the first time, 10 weeks", "elderly primigravida"),
    ("A 38-year-old G3P2 at 24 weeks for a routine prenatal visit", "elderly multigravida"),
    ("A 15-year-old G1 at 12 weeks", "young primigravida"),
    ("A 28-year-old G1 at 12 weeks", ""),
    ("A 36-year-old G2P1 at 39 weeks delivers a healthy infant", ""),  # the delivery is coded apart
])
def test_a_pregnant_patients_age_names_an_elderly_or_young_gravida(text: str, words: str) -> None:
    from assistant.query import maternal_age_words

    assert maternal_age_words(text) == words


@pytest.mark.parametrize(("text", "low"), [
    ("type 2 diabetic, fingerstick glucose was 48, shaky", True),
    ("blood sugar of 62 on arrival", True),
    ("glucose 180 after lunch", False),
    ("a 45-year-old with glucose intolerance", False),
])
def test_a_low_glucose_value_reads_hypoglycemia(text: str, low: bool) -> None:
    from assistant.query import glucose_words

    assert (glucose_words(text) == "hypoglycemia") == low


def test_spelled_out_durations_read_like_numbers() -> None:
    from assistant.query import consciousness_band, ventilation_hours

    assert consciousness_band("He lost consciousness for about two minutes.") == \
        "loss of consciousness of 30 minutes or less"
    assert ventilation_hours("on the ventilator for five days") == "greater than 96 consecutive hours"


@pytest.mark.parametrize(("text", "side"), [
    ("acute infarction of the left middle cerebral artery with right-sided hemiparesis", "Left"),
    ("left MCA stroke with right arm weakness", "Left"),
    ("right and left knee osteoarthritis", "Bilateral"),
    ("otitis media of the left ear; both parents smoke", "Left"),
])
def test_a_deficit_opposite_the_lesion_and_both_parents_are_not_two_sides(text: str, side: str) -> None:
    assert detect_side(text) == side


def test_a_prescribed_drug_taken_with_alcohol_is_an_accidental_poisoning() -> None:
    from assistant.query import intent_of

    assert intent_of("took his prescribed alprazolam as directed, then drank several beers") == "1"
    assert intent_of("took his alprazolam as prescribed and became drowsy") == "5"
    assert intent_of("swallowed his prescribed pills with vodka in a suicide attempt") == "2"


def test_encounter_words_are_diagnosis_code_words() -> None:
    assert analyse("The bead is removed with forceps. Initial encounter.").cm_words
    assert analyse("GYN office: encounter for insertion of an intrauterine device").cm_words
    assert not analyse("Insertion of an intrauterine device").cm_words


def test_one_of_a_titles_or_alternatives_states_it_and_other_than_is_a_denial() -> None:
    from assistant.features import asserted_words
    from assistant.pcs_fit import joined_site_words
    from core.text import token_set

    title = "hypertensive chronic kidney disease with stage 5 chronic kidney disease or end stage renal disease"
    free = joined_site_words(title, token_set("end stage renal disease due to hypertension"))
    assert {"5", "chronic"} <= free  # ESRD told: the stage 5 alternative need not be
    assert {"end", "renal"} <= joined_site_words(title, token_set("hypertension with stage 5 chronic kidney disease"))
    both = token_set("hypertension, chronic kidney disease stage 5, end stage renal disease")
    assert not joined_site_words(title, both)
    z09 = asserted_words("Encounter for follow-up examination after completed treatment for conditions other than "
                         "malignant neoplasm")
    assert not z09 & token_set("malignant neoplasm")


@pytest.mark.parametrize(("text", "wanted"), [
    ("Tonsillectomy and adenoidectomy", "organ"),   # the organ's -ectomy takes all of it: Resection
    ("Partial thyroidectomy, left lobe", "part"),
    ("Sigmoid colectomy", None),                    # a colon is often taken in part: left to the words
])
def test_an_organs_ectomy_takes_all_of_it_unless_part_is_told(text: str, wanted: str | None) -> None:
    from assistant.query import extent

    assert extent(text) == wanted


def test_a_biopsy_is_an_excision_and_an_aspirate_a_drainage_when_no_root_is_named() -> None:
    assert analyse("EGD with cold forceps biopsies of the gastric antrum").other_roots == {"excis"}
    assert analyse("CT-guided FNA of a thyroid nodule").other_roots == {"drainag"}


def test_a_catheter_withdrawn_at_the_end_leaves_no_device() -> None:
    query = analyse("Thoracentesis on the left with a needle and catheter that was withdrawn at the end of the "
                    "procedure")
    assert "drainage device" in " ".join(query.negated_raw)
    assert "devic" in query.negated and "drainag" not in query.negated  # the device goes, the root operation stays


def test_cataract_surgery_through_a_corneal_incision_is_percutaneous() -> None:
    assert analyse("phacoemulsification through a clear corneal incision with IOL").approach == "Percutaneous"
    assert analyse("incision and drainage of an abscess of the back").approach == "Open"


def test_a_species_named_for_a_disease_is_not_that_disease() -> None:
    from assistant.query import organism_words

    assert organism_words("UTI due to Klebsiella pneumoniae") == "UTI due to Klebsiella"
    assert organism_words("pneumonia due to H. influenzae") == "pneumonia due to hemophilus"
    assert "pneumonia" not in analyse("UTI due to Klebsiella pneumoniae").expanded.lower().replace(
        "klebsiella pneumoniae", "")


def test_a_count_of_times_is_not_a_code() -> None:
    from core.codes import find_mentions

    assert not find_mentions("Start sofosbuvir x12 weeks")
    assert [m.code for m in find_mentions("What is X12?")] == ["X12"]


@pytest.mark.parametrize(("text", "words"), [
    ("Annual physical; everything normal except a blood pressure of 148/94, no prior HTN dx",
     "with abnormal findings elevated blood pressure reading without diagnosis of hypertension"),
    ("Well child visit, normal exam", ""),  # the title's own "without abnormal findings" answers it
    ("BP 160/100, known hypertension on lisinopril", ""),
])
def test_a_routine_examination_with_a_finding_and_a_high_reading_without_hypertension(text: str, words: str) -> None:
    from assistant.query import exam_words

    assert exam_words(text) == words


@pytest.mark.parametrize(("text", "old"), [
    ("Had an MI in 2022, no current symptoms", True),
    ("history of heart attack 3 years ago", True),
    ("acute MI 2 days ago", False),
])
def test_a_past_infarction_is_an_old_mi(text: str, old: bool) -> None:
    from assistant.query import old_mi_words

    assert (old_mi_words(text) == "old myocardial infarction") == old


def test_a_planned_procedure_is_not_done_and_a_soap_assessment_is_the_conclusion() -> None:
    from assistant.filler import strip_wrappers

    assert "excision" not in strip_wrappers("path confirms melanoma of the left upper arm, wide excision planned")
    assert "cesarean" in strip_wrappers("Planned primary cesarean at 39 weeks for breech")
    query = analyse("S: burning with urination.\nO: culture grew E. coli.\nA: Acute cystitis.\nP: nitrofurantoin.")
    assert {"acut", "cystiti"} <= query.focus


def test_a_device_put_in_weeks_ago_is_there_now() -> None:
    assert analyse("PEG tube placed 3 months ago is blocked; gastrostomy malfunction").status
    assert not analyse("PEG tube placed today").status


def test_what_a_site_includes_is_no_claim() -> None:
    from assistant.features import asserted_words

    assert "shoulder" not in asserted_words("Malignant melanoma of left upper limb, including shoulder")


def test_dementia_with_a_named_cause_is_dementia_in_other_diseases() -> None:
    from assistant.query import dementia_words

    assert dementia_words("late-onset Alzheimer's disease with moderate dementia") == \
        "in other diseases classified elsewhere"
    assert dementia_words("moderate dementia, cause not determined") == ""


def test_nothing_abnormal_found_is_no_finding_and_a_first_visit_is_a_diagnosis_word() -> None:
    from assistant.query import exam_words

    assert exam_words("Annual physical, normal exam. Nothing abnormal found.") == ""
    assert analyse("Burn clinic, first visit: second-degree burn of the right forearm").cm_words


@pytest.mark.parametrize(("text", "ruled_out"), [
    ("Admitted with chest pain; MI was ruled out with serial troponins.", True),
    ("Chest pain, pulmonary embolism has been excluded by CT angiogram", True),
    ("Admitted with chest pain; NSTEMI ruled in by troponin rise.", False),
])
def test_a_diagnosis_ruled_out_is_absent_and_one_ruled_in_is_present(text: str, ruled_out: bool) -> None:
    from assistant.query import negated_words
    from assistant.uncertain import settle_uncertain

    said = {"MI": "infarct", "pulmonary": "embol", "NSTEMI": "nstemi"}
    word = next(v for k, v in said.items() if k in text)
    assert any(w.startswith(word) for w in negated_words(text)) == ruled_out
    # "ruled in" is no hedge: the inpatient reading keeps the diagnosis and the text as told
    assert settle_uncertain(text) == text


@pytest.mark.parametrize(("text", "read"), [
    ("G.A.D.", "GAD"),
    ("Tobacco use d/o - cigarettes", "Tobacco use disorder - cigarettes"),
    ("Acute DVT L femoral v.", "Acute DVT L femoral vein"),
    ("E. coli UTI", "E. coli UTI"),  # a genus's initial is no initialism
])
def test_short_forms_no_glossary_row_can_hold_are_written_out(text: str, read: str) -> None:
    from assistant.query import unabbreviate

    assert unabbreviate(text) == read


@pytest.mark.parametrize(("text", "opened"), [
    ("Sepsis, organism not identified", True),
    ("flu w/ pneumonia -- flu type not tested", True),
    ("DVT leg (side and vein not documented)", True),
    ("Sepsis due to E. coli", False),
])
def test_a_detail_the_record_leaves_open_reads_as_unspecified(text: str, opened: bool) -> None:
    from assistant.query import open_details

    assert ("unspecified" in open_details(text)) == opened


@pytest.mark.parametrize(("text", "tissue"), [
    ("The uterus and cervix were removed for fibroids.", True),
    ("The ureteral stent was removed via cystoscopy.", False),
    ("Plaque removed from the internal carotid artery.", False),  # matter taken out: Extirpation
    ("The old catheter was removed. The gallbladder was removed.", True),  # sentence by sentence
])
def test_removed_tissue_reads_as_excision_or_resection_not_a_device_removal(text: str, tissue: bool) -> None:
    from assistant.query import removed_tissue

    assert ("resected" in removed_tissue(text)) == tissue


@pytest.mark.parametrize(("text", "kept"), [
    ("Closed reduction of the distal radius; a sugar-tong splint was applied.", False),
    ("Sugar-tong splint was applied to the left forearm for a nondisplaced fracture.", True),
])
def test_a_splint_after_a_reduction_is_part_of_it(text: str, kept: bool) -> None:
    from assistant.query import integral_immobilization

    assert ("splint" in integral_immobilization(text)) == kept


@pytest.mark.parametrize(("reading", "text", "words"), [
    ("use_disorder_words", "meets criteria for severe opioid use disorder", "opioid dependence"),
    ("use_disorder_words", "mild alcohol use disorder", "alcohol abuse"),
    ("use_disorder_words", "opioid use disorder", ""),  # no severity: the glossary's reading
    ("overdose_words", "took about 40 tablets of extra-strength acetaminophen", "poisoning overdose"),
    ("overdose_words", "takes two tablets of acetaminophen for headaches", ""),
    ("spread_words", "metastatic adenocarcinoma to the liver", "secondary malignant neoplasm of liver"),
    ("spread_words", "metastatic breast cancer", ""),  # names the primary only
])
def test_readings_of_severity_overdose_and_spread(reading: str, text: str, words: str) -> None:
    from assistant import query

    assert getattr(query, reading)(text) == words


def test_wanting_to_die_is_intentional_self_harm() -> None:
    from assistant.query import intent_of

    assert intent_of("took the pills after an argument, stating she wanted to die") == "2"


@pytest.mark.parametrize(("text", "history"), [
    ("hep C - resolved (SVR after treatment)", True),
    ("C. diff colitis, resolved", True),
    ("Admitted with pneumonia, treated with antibiotics; the infiltrate resolved by day 4 and she was "
     "discharged home on oral therapy to complete the course.", False),  # a story's course, not a history
])
def test_a_problem_line_marked_resolved_is_a_history(text: str, history: bool) -> None:
    from assistant.query import analyse

    assert analyse(text).history_lead == history


@pytest.mark.parametrize(("text", "system"), [
    ("Lumpectomy is scheduled. Assign the ICD-10-CM codes for this visit.", "ICD-10-CM"),
    ("Which codes, and what goes first?", "ICD-10-CM"),
    ("Laparoscopic cholecystectomy. PCS?", "ICD-10-PCS"),
    ("Code the burn, extent, and external cause.", None),  # what it asks to code is a hint, not a filter
    # a diagnosis category asked for by name: the procedures told beside it are not what is asked
    ("Hypoxic respiratory failure from pneumonia, placed on HFNC. Need the J96 code.", "ICD-10-CM"),
    ("G1P0 at 30 wks with gestational diabetes. Which O24 code?", "ICD-10-CM"),
])
def test_only_a_code_set_named_in_words_filters(text: str, system: str | None) -> None:
    from assistant.query import explicit_system

    assert explicit_system(text) == system


@pytest.mark.parametrize(("text", "hedged_kept"), [
    ("Chest pain, r/o ACS", False),  # no setting told: read as outpatient
    ("Contact with and suspected exposure to COVID-19, no symptoms", True),  # a code's own words, no hedge
])
def test_a_hedge_with_no_setting_reads_as_outpatient(text: str, hedged_kept: bool) -> None:
    from assistant.uncertain import settle_uncertain

    out = settle_uncertain(text)
    assert any(w in out for w in ("ACS", "COVID")) == hedged_kept


def test_parts_left_in_place_and_nothing_else_done_are_filler() -> None:
    from assistant.filler import strip_wrappers

    out = strip_wrappers("The uterus was removed. Both tubes and ovaries were left in place. No other services.")
    assert "uterus" in out and "ovaries" not in out and "services" not in out


def test_a_reduction_without_an_incision_is_external() -> None:
    from assistant.query import detect_approach

    assert detect_approach("fracture manipulated back into alignment without any incision") == "External"


@pytest.mark.parametrize(("reading", "text", "words"), [
    ("aftercare_words", "Home health: discharged 3 days ago after a right total knee replacement; skilled PT "
     "ordered", "aftercare following joint replacement surgery presence of artificial joint"),
    ("aftercare_words", "Osteoarthritis of the right knee, total knee replacement planned", ""),
    ("contraception_words", "prescribes a combined oral contraceptive for the first time", "initial prescription"),
    ("contraception_words", "refill of her birth control pills, doing well", ""),
])
def test_aftercare_of_a_replaced_joint_and_a_first_contraceptive(reading: str, text: str, words: str) -> None:
    from assistant import query

    assert getattr(query, reading)(text) == words


@pytest.mark.parametrize(("line", "kept"), [
    ("CT head – headache, r/o bleed", "headache, r/o bleed"),
    ("Echo/Holter – syncopal episode", "syncopal episode"),
    ("WPW – EP referral", "WPW"),
    ("gout – on allopurinol", "gout"),
    ("Ortho referral – L knee primary OA, failed steroid injections, TKA eval",
     "L knee primary OA, failed steroid injections"),
    ("Referral to GI for chronic GERD w/ esophagitis", "chronic GERD w/ esophagitis"),
    ("Osteoporosis (DEXA T-score -2.8), no fx – start alendronate", "Osteoporosis, no fx"),
    ("ESRD - on dialysis", "ESRD, on dialysis"),  # a treatment the patient is under is a status, kept
    ("Hip fracture, initial encounter", "Hip fracture, initial encounter"),
])
def test_an_order_referral_or_plan_is_context_for_the_diagnosis(line: str, kept: str) -> None:
    from assistant.filler import without_orders

    assert without_orders(line) == kept


def test_an_order_line_reads_as_a_diagnosis_but_a_procedure_title_stays_one() -> None:
    from assistant.query import analyse

    assert not analyse("CT head – headache, r/o bleed").act
    assert analyse("Colonoscopy – polypectomy").act  # what is left is an act: the title is kept whole


def test_asked_for_the_principal_a_problem_list_answers_with_its_first_problem() -> None:
    from assistant.query import explicit_system, principal_problem

    note = "A/P 63F:\n1. NSTEMI — troponin peak 4.2; heparin gtt.\n2. T2DM — SSI.\n3. Hyperlipidemia.\nPrincipal?"
    assert explicit_system(note) == "ICD-10-CM"
    out = principal_problem(note)
    assert "NSTEMI" in out and "T2DM" not in out and "Hyperlipidemia" not in out and out.endswith("Principal?")
    hiv = "A/P:\n1. Pneumocystis pneumonia — BAL positive.\n2. HIV disease, CD4 45.\n3. Thrush.\nPrincipal dx?"
    assert "HIV" in principal_problem(hiv) and "Thrush" not in principal_problem(hiv)
    assert principal_problem("1. Sepsis\n2. UTI\nAssign all codes.") == "1. Sepsis\n2. UTI\nAssign all codes."


def test_accents_in_titles_match_what_coders_type() -> None:
    from core.text import tokenize

    assert tokenize("Ménière's disease") == tokenize("Meniere's disease")
    assert tokenize("Sjögren syndrome") == tokenize("Sjogren syndrome")


@pytest.mark.parametrize(("text", "reads"), [
    ("cough x 10 wks", "chronic cough"),
    ("dry cough for 5 weeks", "dry subacute cough"),
    ("productive cough for 8 days, no fever", "productive acute cough, no fever"),
    ("cough (acute, 4 days) and fever", "cough (acute, 4 days) and fever"),  # the length a clinician names wins
])
def test_a_coughs_length_reads_as_its_titles_word(text: str, reads: str) -> None:
    from assistant.query import told_cough

    assert told_cough(text) == reads


@pytest.mark.parametrize(("text", "reads", "not_reads"), [
    ("his third major depressive episode in 10 yrs, current episode moderate, no psychotic sx",
     "recurrent without psychotic features", "single episode"),
    ("bipolar I disorder, acute mania, severe, with grandiose delusions", "with psychotic features", "recurrent"),
    ("nondisplaced fractures of left ribs 5, 6 and 7", "multiple fractures of ribs", "recurrent"),
])
def test_episodes_psychotic_features_and_several_ribs(text: str, reads: str, not_reads: str) -> None:
    from assistant.query import analyse

    expanded = analyse(text).expanded
    assert reads in expanded and not_reads not in expanded


@pytest.mark.parametrize(("text", "intent"), [
    ("takes oxycodone exactly as prescribed, then drank 6 beers; no intent to self-harm", "1"),
    ("took 2 of her husband's alprazolam (not prescribed to her), drowsy", "1"),
    ("took 30 of her pills wanting to die", "2"),
    ("dizzy on lisinopril taken as prescribed; denies suicidal ideation", "5"),
])
def test_a_denied_intent_is_no_intent_and_someone_elses_drug_is_a_poisoning(text: str, intent: str) -> None:
    from assistant.query import intent_of

    assert intent_of(text) == intent


def test_a_stated_diagnosis_with_a_bare_ask_is_a_diagnosis_question() -> None:
    from assistant.query import named_system

    ed = "Bead seen in R ear canal, removed w/ alligator forceps. Dx: foreign body, right ear canal. Code?"
    assert named_system(ed) == "ICD-10-CM"
    # a note labelled by its procedure asks for that procedure; its "Dx:" is the reason the procedure was done
    op = "Procedure: removal of foreign body from right ear canal with forceps. Dx: foreign body. Code?"
    assert named_system(op) == "ICD-10-PCS"
    assert named_system("Dx: fracture of the left mandibular angle. Procedure: open reduction with a miniplate. "
                        "What code?") == "ICD-10-PCS"


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Dx: concussion. Dispo: home w/ parent, no return to play until cleared. Code?", "parent", "concussion"),
    ("60F scheduled for elective knee replacement; nasal swab positive for MRSA", "replacement", "MRSA"),
])
def test_where_the_patient_goes_next_and_operations_to_come_are_filler(text: str, gone: str, kept: str) -> None:
    from assistant.filler import strip_wrappers

    out = strip_wrappers(text)
    assert gone not in out and kept in out


def test_graded_hemorrhoids_and_abbreviated_operations_read_as_titles_do() -> None:
    from assistant.query import after_procedure, unabbreviate

    assert unabbreviate("grade III internal hemorrhoids") == "third degree internal hemorrhoids"
    assert after_procedure("Home PT after R THA, 3 wks post-op")


@pytest.mark.parametrize(("text", "words"), [
    ("BMI 42 (adult)", "40.0-44.9 adult"),
    ("morbid obesity, BMI 27.5", "27.0-27.9 adult"),
    ("12 y/o boy, BMI 31", ""),  # a child's BMI is coded by percentile
])
def test_an_adults_bmi_reads_as_its_band(text: str, words: str) -> None:
    from assistant.query import bmi_words

    assert bmi_words(text) == words


@pytest.mark.parametrize(("text", "act"), [
    ("A 31-year-old with a 3-cm abscess in the right armpit; incision and drainage performed in the office. "
     "Assign the code.", False),
    ("ED: a nursemaid's elbow reduced in the ED. What code?", False),
    ("Admitted from the ED; the abscess was incised and drained in the operating room. Code it.", True),
    ("Incision and drainage of a back abscess in the office. ICD-10-PCS code?", True),  # the code set is named
])
def test_a_procedure_in_an_office_or_the_ed_is_not_the_answer_to_a_bare_ask(text: str, act: bool) -> None:
    assert analyse(text).act is act


@pytest.mark.parametrize(("text", "system"), [
    ("Assign the diagnosis codes.", "ICD-10-CM"),
    ("Pt with cough and fever, CXR shows RLL infiltrate. Diagnoses?", "ICD-10-CM"),
    ("Renal colic; CT shows a 6 mm left ureteral stone. dx", "ICD-10-CM"),
    ("6 yo, crusted right eye. Dx acute mucopurulent conjunctivitis right eye. Polytrim drops.", "ICD-10-CM"),
    ("5-week-old with projectile vomiting. Dx pyloric stenosis, pyloromyotomy tomorrow.", "ICD-10-CM"),
    ("dx LP, CSF sent for studies", None),  # a diagnostic procedure, not a diagnosis
    ("Dx appendicitis. Procedure: laparoscopic appendectomy", "ICD-10-PCS"),  # an op note labels its procedure
    ("Procedure: aspiration thrombectomy of the RCA. 71F, late presentation STEMI.", "ICD-10-PCS"),
])
def test_a_story_that_names_its_diagnosis_asks_for_it(text: str, system: str | None) -> None:
    from assistant.query import named_system

    assert named_system(text) == system


def test_a_procedure_still_to_come_is_not_done() -> None:
    assert not analyse("Cath shows 90% LAD stenosis; unstable angina. PCI planned tomorrow. Code it.").act
    assert analyse("Cath shows 90% LAD stenosis; PCI with one DES done today. Code it.").act


def test_whose_codes_names_the_birth_record() -> None:
    from assistant.query import record_of

    assert record_of("nsvd single liveborn uncomplicated, mom's dx codes") == "mother"
    assert record_of("term boy born vaginally here, baby's codes") == "newborn"


@pytest.mark.parametrize("text", [
    "What does an ejection fraction of 35% mean for someone's heart?",
    "Is it safe to fly two weeks after a laparoscopic cholecystectomy?",
    "recovery time after a total knee replacement before i can drive again",
    "Turn these notes into bullet points: sepsis poster; parking; gloves",
    "fix the grammar pls: 'the orthopedic department have went to the conference'",
])
def test_questions_about_medicine_or_pasted_text_are_lay_tasks(text: str) -> None:
    from assistant.query import lay_task

    assert lay_task(text, [])


def test_a_coding_question_about_meaning_is_not_a_lay_task() -> None:
    from assistant.query import lay_task

    assert not lay_task("history of MI more than 4 weeks ago, what does that mean for coding?", [])
    assert not lay_task("What is the code for NSTEMI?", [])


@pytest.mark.parametrize("text", ["Colostomy status", "L BKA status", "Cochlear implant status",
                                  "Attention to tracheostomy", "IUD check"])
def test_a_status_or_an_encounter_for_a_device_is_no_act(text: str) -> None:
    query = analyse(text)
    assert not query.act
    assert query.status or query.cm_words


def test_a_test_that_found_the_diagnosis_is_not_the_procedure() -> None:
    query = analyse("AIDS patient admitted with hypoxia; bronchoalveolar lavage confirms Pneumocystis pneumonia. "
                    "Assign the codes.")
    assert not query.act


def test_what_an_operation_puts_in_is_asked_of_by_its_procedure() -> None:
    from assistant.query import named_system

    assert named_system("Stage 4 sacral pressure injury. A gluteal rotation flap was raised and rotated into the "
                        "defect. Code the flap.") == "ICD-10-PCS"
    assert named_system("Mitral regurgitation; a 32 mm annuloplasty ring was sewn in. Code the ring.") == "ICD-10-PCS"
    assert named_system("Dual-chamber pacemaker generator change. What is the code for the new generator?") == (
        "ICD-10-PCS")
    assert named_system("Is there a dress code for the holiday party?") is None
    assert named_system("Hypertension and CKD stage 3. Code the hypertension.") == "ICD-10-CM"


def test_an_operative_notes_diagnosis_line_is_the_reason_not_the_ask() -> None:
    from assistant.query import named_system

    note = ("PROCEDURE PERFORMED: Bilateral myringotomy with placement of ventilation tubes.\n"
            "PREOPERATIVE DIAGNOSIS: Recurrent acute otitis media.")
    assert named_system(note) == "ICD-10-PCS"


def test_a_problem_lines_plan_is_not_what_it_asks_to_code() -> None:
    from assistant.filler import without_orders

    assert without_orders("Hypothyroidism - continue levothyroxine 88 mcg, recheck TSH in 6 wks. Code it.") == (
        "Hypothyroidism, Code it.")  # the plan goes, the ask stays
    assert "sevelamer" not in without_orders("Hyperphosphatemia - sevelamer 800 mg TID with meals")
    # a dose that is the act itself stays: a transfusion is coded by what was given
    assert without_orders("Transfusion of 2 units packed RBCs, peripheral vein") == (
        "Transfusion of 2 units packed RBCs, peripheral vein")
    assert "transfused" in without_orders("Acute blood loss anemia, transfused 2u PRBC")
    assert without_orders("Cellulitis L leg, started on cefazolin").startswith("Cellulitis L leg")


def test_litres_are_no_side_and_accents_are_no_obstacle() -> None:
    from assistant.query import detect_side
    from assistant.validate import clean_question

    assert detect_side("Dehydration - 2 L LR bolus") is None
    assert detect_side("1.5 L drained from the L pleural space") == "Left"
    assert clean_question("Ménière's disease, right ear") == "Meniere's disease, right ear"


def test_the_closing_ask_is_no_part_of_what_the_question_means() -> None:
    from assistant.filler import without_asks

    assert without_asks("I have black lung. Code it.") == "I have black lung."
    assert without_asks("Pt with afib. What is the correct code?") == "Pt with afib."
    assert without_asks("Gluteal flap rotated into the defect. Code the flap.") == (
        "Gluteal flap rotated into the defect. Code the flap.")  # an ask that names its object keeps it


def test_an_op_note_body_asks_for_its_procedure_and_a_story_does_not() -> None:
    from assistant.query import named_system

    note = ("Under tourniquet the wound was extended. The flexor tendon was found divided in zone II. Both ends were "
            "retrieved and coapted with a four-strand core suture. The skin was closed.")
    assert named_system(note) == "ICD-10-PCS"
    story = ("Ortho follow-up, 6 weeks out: the patient was treated with cannulated screws for a femoral neck "
             "fracture. "
             "The wound was healed. The screws were stable on x-ray.")
    assert named_system(story) != "ICD-10-PCS"  # a visit told after the operation asks for its diagnosis


def test_an_operations_positioning_makes_an_organ_ask_a_procedure_ask() -> None:
    note = ("7 cm right ovarian dermoid. Supine, lithotomy. Three laparoscopic ports. The cyst was shelled out intact "
            "from the ovarian stroma and removed in a bag. Code for the right ovary.")
    assert named_system(note) == "ICD-10-PCS"  # the ovary's procedure, not its cyst
    # the same ask after a visit with no operating room in it asks for the ovary's condition
    visit = "Ultrasound shows a 7 cm right ovarian dermoid; she is referred to gynecology. Code for the right ovary."
    assert named_system(visit) != "ICD-10-PCS"


def test_a_numbered_procedure_list_asked_by_item_asks_for_the_procedure() -> None:
    question = ("PROCEDURES: 1. EGD 2. Epi injection + 2 hemoclips to a bleeding duodenal bulb ulcer with visible "
                "vessel. Code #2.")
    assert named_system(question) == "ICD-10-PCS"
    read = analyse(question)
    assert "control" in read.expanded  # the scope item tells how #2 was done
    assert read.approach == "Via Natural or Artificial Opening Endoscopic"


def test_eye_and_ear_sides_in_latin_letters_read_as_words() -> None:
    assert detect_side(analyse("Chalazion OS").core_text) == "Left"
    assert "left eye" in analyse("Chalazion OS").expanded
    assert "bilateral ears" in analyse("Cerumen impaction AU").expanded
    assert "right eye" in analyse("ENUCLEATION OD").expanded
    assert "eye" not in analyse("OD on heroin, found down").expanded  # no eye in question: an overdose


def test_an_abbreviations_plural_reads_as_the_abbreviation() -> None:
    terms = dict(expand_terms("frequent PVCs on Holter"))
    assert terms.get("pvcs") is not None and terms["pvcs"].term == "pvc"
    assert dict(expand_terms("frequent pvcs")).get("pvcs") is None  # typed lower case, it is no abbreviation


def test_a_coders_ask_for_a_code_is_told_from_other_codes() -> None:
    from assistant.query import code_asked

    for ask in ("Albert, 70, gets his yearly flu shot. Which ICD-10-CM code is used?",
                "What is the principal diagnosis?", "Which code supports the hepatitis C test?",
                "Which codes are reported, first-listed first?", "Code it."):
        assert code_asked(ask), ask
    for other in ("What's the dress code for the onsite audit day?", "Write a regex that matches a US ZIP code.",
                  "How do I reset my encoder password", "What is the capital of France?"):
        assert not code_asked(other), other


def test_a_closed_reduction_without_any_fixation_is_external() -> None:
    held = "Closed reduction of distal radius fracture without internal or external fixation; splint applied."
    assert analyse(held).approach == "External"  # nothing put through the skin
    assert analyse("closed reduction and percutaneous pinning of distal radius fracture").approach == "Percutaneous"


def test_a_stage_typed_against_its_name_reads_as_the_stage() -> None:
    from assistant.query import unabbreviate

    assert unabbreviate("HTN w/ CKD3b") == "HTN with CKD 3b"
    assert unabbreviate("stage3 CKD") == "stage 3 CKD"
    assert unabbreviate("G3P2 at 30 weeks") == "G3P2 at 30 weeks"  # gravida and para are no stage


def test_ventilation_hours_are_counted_between_the_stamps() -> None:
    from assistant.query import ventilation_hours

    assert ventilation_hours("intubated in the ED 11/30 at 20:10, extubated 12/1 at 19:55") == (
        "less than 24 consecutive hours")  # 23 h 45 min
    assert ventilation_hours("on the vent 12/30 22:00, extubated 1/2 08:00") == "24-96 consecutive hours"
    # intubated at another hospital: the count starts on arrival, 92.5 hours, not 99 from the intubation
    came = ("Intubated at the OSH 1/13 at 23:00, arrived to our ED already on the vent 1/14 at 05:30. "
            "Extubated 1/18 at 02:00.")
    assert ventilation_hours(came) == "24-96 consecutive hours"
    assert ventilation_hours("ventilated for 5 days") == "greater than 96 consecutive hours"


def test_ventilation_hours_are_counted_between_clock_times_and_hospital_days() -> None:
    from assistant.query import course_hours, ventilation_hours

    # 22:00 to 16:00 the next day is 18 hours, not "next day" read as a whole day
    assert ventilation_hours("Intubated 2200 after the ingestion, extubated next day 1600. Code the vent.") == (
        "less than 24 consecutive hours")
    assert course_hours("intubated 0800, extubated 1430 same day") == 6.5
    # still on the vent at discharge: hospital day 1 at 23:00 to hospital day 14
    assert ventilation_hours("mech vent - intubated HD1 @2300, trach'd HD6, still on full vent support at d/c "
                             "on HD14") == "greater than 96 consecutive hours"
    assert course_hours("intubated for 1500 mL blood loss") is None  # a volume is no clock time
    # dates written with the month's name: 22:00 on March 4 to 09:00 on March 9 is 107 hours
    assert course_hours("intubated in the ICU at 22:00 on March 4 and ventilated. He was extubated at 09:00 on "
                        "March 9.") == 107.0


def test_a_ventilation_course_leads_with_the_ventilation_not_the_tube() -> None:
    expanded = analyse("Vent hrs: intubated in ED 3/2 0140, extubated 3/4 0915").expanded.lower()
    assert "24-96 consecutive hours" in expanded and "endotracheal" not in expanded
    assert "endotracheal" in analyse("Intubated at bedside, 8.0 ETT first pass").expanded.lower()


def test_a_note_headed_by_a_procedure_setting_asks_for_its_act() -> None:
    ir = ("IR: recurrent PE despite anticoagulation with bleeding. Right IJ access, cavogram normal. Retrievable "
          "filter deployed with its apex just below the renal veins. Code?")
    assert named_system(ir) == "ICD-10-PCS"
    asked = ("IR: recurrent PE despite anticoagulation. Retrievable filter deployed below the renal veins. "
             "What is the diagnosis code?")
    assert named_system(asked) == "ICD-10-CM"  # a diagnosis asked for by name stays a diagnosis


def test_words_that_only_look_like_an_operation_do_not_make_an_op_note() -> None:
    story = ("Dana, 58, had a port placed last year for chemotherapy and is prone to infections. She presents with "
             "fever; blood cultures grow MSSA and the port was removed. What is the diagnosis code?")
    assert named_system(story) == "ICD-10-CM"
    from assistant.query import op_note_body

    assert not op_note_body("Accident-prone toddler. Cut on the chin was closed. Code it.")
    assert op_note_body("Prone position. Cut on the back was closed. Code it.")  # the same act in an OR record


def test_a_healing_told_as_delayed_is_the_delayed_healing_encounter() -> None:
    assert analyse("displaced bimalleolar fx L ankle, f/u visit, healing delayed per ortho").encounter == "G"
    assert analyse("bimalleolar fx L ankle, f/u visit, routine healing").encounter == "D"


def test_an_order_named_do_not_resuscitate_denies_nothing() -> None:
    from assistant.pcs_fit import claimed_text

    assert "resuscitate" in claimed_text("Do not resuscitate")
    assert "complication" not in claimed_text("Type 2 diabetes mellitus without complications")


def test_a_side_typed_inside_a_glossary_phrase_reads_before_it() -> None:
    from assistant.query import expand_terms

    phrases = [p for p, _ in expand_terms("infected L tka prosthesis, initial")]
    assert phrases[:2] == ["l", "infected tka"]
    assert analyse("infected L tka prosthesis, initial").side == "Left"
    assert [p for p, _ in expand_terms("L hip OA")] == ["l", "hip", "oa"]


def test_a_fracture_not_told_displaced_or_not_denies_the_nondisplaced_titles() -> None:
    from assistant.pcs_fit import fit_parts

    told = analyse("#2 Closed R humerus surgical neck fx - sling")
    assert "nondisplaced" in told.negated_raw
    nondisplaced = fit_parts(told, "S42214A", "Unspecified nondisplaced fracture of surgical neck of right humerus, "
                             "initial encounter for closed fracture", {}, "ICD-10-CM")
    assert nondisplaced["negation"] < 0
    assert "nondisplaced" not in analyse("nondisplaced fracture of surgical neck of right humerus").negated_raw
    assert "nondisplaced" not in analyse("osteoporotic fracture of the right humerus").negated_raw


@pytest.mark.parametrize("report", [
    "FINAL DIAGNOSIS: Skin, right upper back, shave biopsy: Basal cell carcinoma, nodular type.",
    "Transverse colon, cold snare polypectomy: Sessile serrated lesion without cytologic dysplasia.",
    "ECG: Sinus rhythm with second-degree AV block, Mobitz type I.",
    "RUQ ultrasound IMPRESSION: Cholelithiasis with wall thickening, consistent with acute cholecystitis. code?",
])
def test_a_pasted_report_asks_for_what_it_found_not_the_biopsy_that_took_it(report: str) -> None:
    assert named_system(report) == "ICD-10-CM"


def test_an_operation_with_its_labels_is_still_the_procedure() -> None:
    note = ("PROCEDURE PERFORMED: Total thyroidectomy. PREOPERATIVE DIAGNOSIS: multinodular goiter. Both lobes "
            "removed, nerves preserved.")
    assert named_system(note) != "ICD-10-CM"


def test_the_furniture_of_a_procedure_note_asks_for_the_procedure() -> None:
    note = ("Postmenopausal bleeding. Cervix dilated to 8 mm, sharp curettage of the uterine cavity, tissue sent "
            "for pathology. Minimal bleeding.")
    assert named_system(note) == "ICD-10-PCS"
    assert named_system("Postmenopausal bleeding, endometrial stripe 9 mm on ultrasound.") is None
    # a procedure in the office or the ED is the physician's CPT: a bare ask wants the diagnosis
    assert named_system("ED: 2 cm scalp laceration, closed with staples after irrigation, 4-0 nylon. Code?") != \
        "ICD-10-PCS"


def test_a_skin_lesions_site_is_its_region() -> None:
    assert skin_site_words("Skin, left upper chest, punch: Dermatofibroma") == "trunk"
    assert skin_site_words("Merkel cell carcinoma of the right thigh") == "lower limb including hip"
    assert skin_site_words("Basal cell carcinoma of the back, excised with margins and closed") == ""  # an act
    assert skin_site_words("thigh pain") == ""


def test_a_query_answer_is_the_conclusion_and_its_unsettled_choices_are_not_told() -> None:
    assert focus_text("Query sent; surgeon answered 'acute blood loss anemia'. Code?") == "'acute blood loss anemia'"
    assert focus_text("Query: type? Answer: acute hypoxic") == "acute hypoxic"
    assert focus_text("She responded well to fluids.") == ""
    assert focus_text("shooting pain down my leg, doctor called it sciatica") == "sciatica"  # a patient's voice
    assert focus_text("the doctor said to rest and come back") == ""
    unsettled = unsettled_options("Anemia query asking acute blood loss vs chronic disease vs iron deficiency. "
                                  "Provider response: 'clinically unable to determine'.")
    assert "iron" not in unsettled and "blood loss" not in unsettled
    settled = "Query asking hypoxic vs hypercapnic; response: acute hypoxic respiratory failure."
    assert unsettled_options(settled) == settled


def test_a_report_headed_as_a_procedure_note_asks_for_the_procedure() -> None:
    report = ("IR PROCEDURE NOTE\nIndication: Crohn's, R iliopsoas abscess 5 cm.\nCT-guided posterior approach into "
              "the R psoas muscle abscess. 10 Fr drain placed, 60 mL pus.")
    assert named_system(report) == "ICD-10-PCS"
    assert named_system("Indication: Crohn's, R iliopsoas abscess 5 cm.\nCT shows a 5 cm collection.") is None
    # a drain put in is an act; one not put in is not
    assert describes_act("10 Fr drain placed")
    assert not describes_act("no drain placed, abscess small")
    # "volume status" is a finding, not a status code asked for: the catheter placed is still the act
    assert describes_act("Mixed shock, unclear volume status. PA catheter placement, L IJ, wedge at 52 cm.")
    assert not describes_act("s/p kidney transplant status, here for labs")


def test_the_artery_a_catheter_went_in_by_is_not_the_one_treated() -> None:
    read = analyse("R CFA 8 Fr, balloon guide in L ICA. Stent retriever thrombectomy of the left MCA. TICI 2c.")
    assert "femoral" not in read.expanded
    assert "intracranial" in read.expanded
    assert read.approach == "Percutaneous"  # a sheath in an artery is the way in
    cut_down = analyse("Right femoral artery cutdown, 8 Fr sheath; stent retriever thrombectomy of the left MCA.")
    assert cut_down.approach == "Open"
    # a vein a sheath went in by is no site of a stent elsewhere; a line put in to stay keeps its vein
    stented = analyse("R femoral vein 10 Fr. SVC near-occlusion crossed, Wallstent deployed in SVC.")
    assert "femoral" not in stented.expanded
    assert "femoral" in analyse("US guided R femoral vein 7 Fr TLC placed and sutured.").expanded


def test_an_assessment_and_plan_asked_by_number_is_that_problem_without_its_plan() -> None:
    read = analyse("A/P:\n1. AFib w RVR - new dx, HR 140s, dilt gtt, start apixaban. TTE pending.\n"
                   "2. HTN - holding lisinopril\n3. DM2 - SSI, A1c 7.1\ncode for #1?")
    assert "apixaban" not in read.core_text and "lisinopril" not in read.core_text
    assert "afib" in read.core_text.lower()


def test_care_after_an_injury_is_a_subsequent_encounter_and_a_visit_setting_is_no_concept() -> None:
    assert analyse("Burn clinic dressing change, 2nd degree burn R forearm, day 5").encounter == "D"
    assert analyse("Rehab admit after ORIF of R intertrochanteric hip fx").encounter == "D"
    assert analyse("Return to play clearance 3 weeks after concussion").encounter == "D"
    assert "nurse" not in analyse("flu shot only, nurse visit").core_text


def test_a_drainage_catheter_taken_out_at_the_end_leaves_no_device() -> None:
    out = analyse("PROCEDURE: US-guided paracentesis. LLQ, 5 Fr Yueh catheter. 6.8 L clear fluid removed. "
                  "Catheter removed.")
    stays = analyse("CT-guided paracentesis, 8 Fr pigtail catheter left in place to gravity, 3 L removed.")
    assert "cathet" not in out.tokens and "cathet" in stays.tokens  # stemmed


def test_an_unnumbered_problem_line_whose_plan_tells_an_act_is_its_problem() -> None:
    from assistant.query import problem_of_line

    line = ("Persistent afib - failed DCCV x2, back in AF on today's ECG. Cont amio 200 daily + eliquis, "
            "EP referral for ablation. ICD-10?")
    assert problem_of_line(line) == "Persistent afib ICD-10?"
    assert problem_of_line("Lap chole - converted to open due to adhesions").startswith("Lap chole - converted")
    assert problem_of_line("Colonoscopy - polypectomy x2, cold snare. Code?").startswith("Colonoscopy - polypectomy")
    assert not analyse("R bimalleolar fx ORIF 10 wks ago, delayed healing on x-ray").act  # "wks ago": the past


def test_a_check_after_finished_treatment_is_the_follow_up_examination() -> None:
    from assistant.query import followup_words

    assert followup_words("Recheck ears after finishing amoxicillin for R AOM, TMs clear today").startswith(
        "encounter for follow-up examination after completed treatment")
    # after a cancer the words decide between the history code and the follow-up: no reading added
    assert followup_words("hx breast CA, lumpectomy + radiation 2016, no current meds, yearly f/u, mammogram "
                          "negative") == ""
    assert followup_words("2 wk ear recheck after abx - still has fluid behind the R TM") == ""


def test_birth_control_is_no_control_of_bleeding_and_starting_it_is_the_visit() -> None:
    assert "control" not in analyse("starting birth control pills, first rx").other_roots
    assert "birth control" in analyse("starting birth control pills, first rx").core_text
    assert "control" in analyse("Return to OR: laparotomy for control of intra-abdominal hemorrhage").other_roots


def test_hits_of_equal_score_share_a_rank_so_an_index_rebuild_cannot_reorder_them() -> None:
    from types import SimpleNamespace

    from assistant.retrieve import tied_ranks

    hits = [SimpleNamespace(score=s) for s in (3.0, 2.0, 2.0, 2.0, 1.0)]
    assert [rank for rank, _ in tied_ranks(hits)] == [0, 1, 1, 1, 4]


@pytest.mark.parametrize("text, kept", [
    ("Soft mobile 3 cm subq mass R forearm, c/w lipoma. Plan excision.", "lipoma"),
    ("Invasive melanoma L calf, Breslow 0.6 mm. Pt referred for WLE and SLNB discussion.", "melanoma"),
])
def test_an_act_still_to_come_beside_a_condition_is_not_the_question(text: str, kept: str) -> None:
    now = without_planned_acts(text)
    assert kept in now and "excision" not in now.lower() and "wle" not in now.lower()


@pytest.mark.parametrize("text", [
    "pt scheduled for lap chole tomorrow",                  # all plan: the question is the plan
    "Dislodged RA lead repositioned; generator change planned",  # an act done now stays
])
def test_a_question_that_is_all_plan_or_tells_an_act_keeps_its_words(text: str) -> None:
    assert without_planned_acts(text) == text


def test_an_earlier_babys_weeks_are_not_this_pregnancys() -> None:
    told = "G2P0101, first baby born at 32 weeks after preterm labor, seen at 20 weeks for a routine prenatal visit"
    assert trimester_of(told) == "second"


@pytest.mark.parametrize("text, words", [
    ("Follicular lymphoma grade 1, nodes cervical, axillary and inguinal", "lymph nodes of multiple sites"),
    ("DLBCL, bulky retroperitoneal and mesenteric adenopathy", "intra-abdominal lymph nodes"),
    ("Hodgkin lymphoma, 9 cm anterior mediastinal nodal mass", "intrathoracic lymph nodes"),
    ("DLBCL in a R cervical lymph node; marrow from the R iliac crest negative", "lymph nodes of head face and neck"),
])
def test_a_lymphomas_nodes_read_as_the_titles_region(text: str, words: str) -> None:
    assert lymphoma_site_words(text) == words


def test_a_parenthesis_left_intact_drops_only_itself() -> None:
    # "(isthmus left intact)" tells what was spared, not that the lobectomy before it was not done
    query = analyse("Procedure: right thyroid lobectomy (isthmus left intact) via collar incision for 3.5 cm "
                    "indeterminate nodule. PCS code?")
    assert "lobectomy" in query.core_text and query.act
    assert "isthmus" not in query.core_text


def test_a_grade_on_a_scale_is_not_a_route() -> None:
    expanded = analyse("right thyroid lobectomy for a nodule, Bethesda IV").expanded.lower()
    assert "intravenous" not in expanded and "peripheral vein" not in expanded
    assert "intravenous" in analyse("vancomycin IV q12h via PICC").expanded.lower()


@pytest.mark.parametrize("question", [
    "Op note: Lt open carpal tunnel release. Indication: EMG-confirmed CTS. CM for the indication?",
    "Trauma note: Lt tib shaft fx, open. I&D + IMN. What's the CM for the fracture?",
])
def test_the_cm_named_in_capitals_asks_for_a_diagnosis(question: str) -> None:
    from assistant.query import explicit_system

    assert explicit_system(question) == "ICD-10-CM"
    assert explicit_system("excision of a 2 cm lesion of the back skin, what's the cm size limit?") is None


def test_a_bypass_conduit_vein_is_the_graft_not_the_body_part() -> None:
    bypass = analyse("R fem to AK pop bypass w/ reversed ipsilateral GSV, open (harvest coded separately)")
    assert "autologous venous tissue" in bypass.expanded.lower() and "gsv" not in bypass.core_text.lower()
    harvest = analyse("fem-pop bypass with reversed GSV harvested endoscopically: just the vein harvest code")
    assert "gsv" in harvest.core_text.lower()  # the harvest asked for is the vein's own code


def test_a_contraceptive_device_by_its_brand_is_removed_not_excised() -> None:
    query = analyse("Paragard removed in office by grasping the strings with ring forceps")
    assert "remov" in query.other_roots and "excis" not in query.other_roots


def test_a_device_ruled_out_in_the_plural_is_ruled_out() -> None:
    plural = analyse("L posterior tibial artery ballooned (plain balloons, no stents)")
    assert {"intralumin", "devic"} <= plural.negated
    assert plural.negated == analyse("L posterior tibial artery ballooned (plain balloons, no stent)").negated


@pytest.mark.parametrize("question, roots", [
    ("Fistulagram, cephalic arch stenosis, 8 mm balloon angioplasty, no stent. PCS for the angioplasty?", {"dilat"}),
    ("L SFA directional atherectomy, then a drug-coated balloon. What's the code for the atherectomy part?",
     {"extirp"}),
    ("Trauma note: tib shaft fx, I&D + IMN. What's the CM for the fracture?", set()),
])
def test_the_one_act_asked_for_among_several_leads(question: str, roots: set[str]) -> None:
    query = analyse(question)
    assert query.asked_roots == frozenset(roots)
    if roots:
        assert query.other_roots == roots and roots <= query.focus


@pytest.mark.parametrize("text, word", [
    ("Pulmonary TB, sputum AFB smear 3+, RIPE started. HIV neg.", "hiv"),
    ("PrEP follow-up on Descovy, HIV Ag/Ab neg today", "hiv"),
    ("EMB path negative for malignancy", "malign"),
])
def test_a_test_told_negative_rules_its_condition_out(text: str, word: str) -> None:
    assert word in analyse(text).negated


@pytest.mark.parametrize("text", ["ER negative PR negative HER2 positive breast ca", "gram negative sepsis",
                                  "Rh negative mother at 28 wks", "HIV positive, CD4 300"])
def test_a_finding_told_negative_is_not_a_test_ruled_out(text: str) -> None:
    assert not analyse(text).negated


def test_a_nerve_at_a_level_is_not_its_joint() -> None:
    from assistant.query import spine_levels
    assert "joint" not in spine_levels("RFA medial branch L3-L5 bilat")
    assert "joint" in spine_levels("posterolateral fusion L3 to L5")


def test_an_osteoporotic_fracture_reads_as_the_age_related_kind_a_fragility_one_only_as_pathological() -> None:
    from assistant.query import fracture_words
    assert fracture_words("osteoporotic L1 compression fracture") == \
        "age-related osteoporosis with current pathological fracture"
    assert fracture_words("fragility fracture of the wrist") == "current pathological fracture"
    assert fracture_words("osteoporosis, on alendronate") == ""
    assert fracture_words("glucocorticoid-induced osteoporosis, new L1 compression fx") == \
        "current pathological fracture"  # another kind of osteoporosis: not the age-related one


def test_an_indication_sent_for_a_procedure_asks_the_diagnosis() -> None:
    from assistant.filler import strip_wrappers
    assert strip_wrappers("pyogenic liver abscess 6 cm R lobe for drain") == "pyogenic liver abscess 6 cm R lobe"
    assert strip_wrappers("solitary RUL nodule, growing, for CT bx - indication code").count("bx") == 0
    assert "drain" in strip_wrappers("admitted for drain of a liver abscess")  # done, not planned
    assert "drain" in strip_wrappers("liver abscess for drain. PCS?")  # the procedure code is asked


def test_a_first_visit_is_no_first_degree_and_a_failed_scope_no_way_in() -> None:
    from assistant.filler import strip_wrappers
    assert "first" not in strip_wrappers("burn of the right thigh, seen for first treatment today")
    assert "first degree" in strip_wrappers("first degree burn of the right thigh")
    assert "egd" not in strip_wrappers("GDA coil embolization for bleeding ulcer after failed EGD").lower()


@pytest.mark.parametrize("text, site", [
    ("SCC L lateral tongue", "tongue"), ("glottic SCC, T1a", "glottis"),
    ("squamous cell carcinoma of the anal canal", "anal canal"), ("RUL squamous cell lung cancer", "lung"),
])
def test_a_squamous_cell_carcinoma_of_an_organ_is_that_organs_cancer_not_skin(text: str, site: str) -> None:
    query = analyse(text)
    assert "squamous" not in query.expanded.lower() and "carcinoma" in query.expanded.lower()


def test_a_squamous_cell_carcinoma_of_the_skin_stays_a_skin_cancer() -> None:
    assert "squamous" in analyse("SCC of the R cheek skin").expanded.lower()


def test_a_lobe_word_before_a_brain_lesion_names_the_lobe() -> None:
    assert "frontal lobe" in analyse("R frontal ICH, 30 cc").expanded.lower()
    assert "frontal lobe" not in analyse("R frontal sinus mucocele").expanded.lower()


def test_one_side_told_states_a_unilateral_title_and_paralysis_is_no_act() -> None:
    query = analyse("L vocal cord paralysis, idiopathic")
    assert not query.act
    title = "Paralysis of vocal cords and larynx, unilateral"
    assert fit_parts(query, "J3801", title, {}, "ICD-10-CM")["title_match"] == 1.5
    both = analyse("bilateral vocal cord paralysis")
    assert fit_parts(both, "J3801", title, {}, "ICD-10-CM")["title_match"] < 1.5


def test_a_count_of_a_named_drug_taken_is_an_overdose_and_a_note_left_is_self_harm() -> None:
    from assistant.query import intent_of, overdose_words
    assert overdose_words("took ~40 Tylenol ES after a fight") == "poisoning overdose"
    assert overdose_words("took 2 Tylenol for a headache") == ""  # a dose, not an overdose
    assert overdose_words("took her dog for a walk") == ""
    assert intent_of("took 30 of her alprazolam, left a note") == "2"


def test_the_intent_is_read_where_an_x_holds_the_sixth_place() -> None:
    from assistant.features import intent_character
    assert intent_character("T6111XA") == "1" and intent_character("T5802XA") == "2"
    assert intent_character("T391X2A") == "2" and intent_character("T63011A") == "1"
    assert analyse("ciguatera after eating barracuda").drug_event  # a fish toxin named alone is a toxic event


@pytest.mark.parametrize("text, words", [
    ("long-term tacrolimus use (kidney tx pt) - what Z code?", "calcineurin inhibitor"),
    ("Z code for long-term mycophenolate (CellCept)?", "inhibitors of nucleotide synthesis"),
    ("on everolimus long term after liver transplant - Z79?", "mTOR inhibitor"),
])
def test_an_immunosuppressant_taken_for_long_reads_as_its_z79_class(text: str, words: str) -> None:
    from assistant.long_term_use import long_term_use_words
    assert words in long_term_use_words(text)
    assert long_term_use_words(text.replace("long-term", "").replace("long term", "").replace("Z code", "")
                               .replace("Z79", "").replace("Z ", "")) == ""  # no long use told: no class


def test_dextrose_by_its_strength_is_no_code_where_sugar_is_the_story() -> None:
    from core.codes import find_mentions
    assert not find_mentions("found unresponsive, BG 22, woke up after an amp of D50")
    assert not find_mentions("term newborn, glucose 28, needed D10 infusion")
    assert [m.code for m in find_mentions("what is D50?")] == ["D50"]


def test_a_lab_value_with_a_decimal_point_names_no_number() -> None:
    query = analyse("DKA in T1DM, AG 26, bicarb 8, BHB 6.2, insulin gtt")
    assert "2" not in query.tokens and "1" in query.tokens  # "Type 1", not the 2 of "6.2"


def test_a_negated_diagnosis_word_rules_out_what_the_glossary_reads_it_as() -> None:
    assert "coma" in analyse("HHS, T2DM, lethargic but not comatose").negated


def test_an_eponyms_possessive_reads_as_the_eponym() -> None:
    assert any(e.term == "hirschsprung" for e in analyse("Dx Hirschsprung's").glossary_hits)


@pytest.mark.parametrize("text", [
    "Type 2 MI, post-op day 2 after hip ORIF",
    "ileus POD #4 s/p right hemicolectomy",
])
def test_days_counted_from_an_operation_tell_it_in_the_past(text: str) -> None:
    assert "postprocedural" in analyse(text).expanded


def test_a_note_headed_by_the_emergency_department_is_the_initial_encounter() -> None:
    assert analyse("ED: nondisplaced fx of lateral malleolus, left fibula, closed").encounter == "A"
    assert analyse("bed: 4, wrist fx").encounter is None


@pytest.mark.parametrize("text, record", [
    ("Prenatally dx'd gastroschisis, born 36 wk via SVD, bowel eviscerated", "newborn"),
    ("singleton born in our hospital via primary c-section, admitted to NICU for TTN", "newborn"),
    ("Twin B, delivered by cesarean at our facility, 34 wk", "newborn"),
    ("G2P1 at 34 wk, twin A breech, c-section", "mother"),
])
def test_a_baby_told_by_its_birth_is_the_newborns_record(text: str, record: str) -> None:
    assert analyse(text).record == record


def test_the_birth_code_leads_only_where_the_birth_is_told() -> None:
    assert "single liveborn" in analyse("Newborn, born via SVD at 39 wk, jaundice").expanded
    assert "single liveborn" not in analyse("Newborn unable to pass OGT, coiled in upper pouch -> EA").expanded


def test_a_line_pulled_is_taken_out_and_one_pulled_back_has_slipped() -> None:
    from assistant.query import pulled_out
    assert pulled_out("pulled the non-tunneled R IJ HD cath at bedside") .startswith("removed")
    assert "pulled back" in pulled_out("tunneled HD cath has pulled back, cuff visible")
    assert "removed" not in pulled_out("pulled muscle in the back")


def test_a_dialysis_run_through_its_access_takes_no_side_or_way_in_from_it() -> None:
    query = analyse("inpatient HD, 4 hrs via L AVF")
    assert query.side is None and query.approach is None


def test_not_yet_and_no_longer_rule_out_as_not_and_no_do() -> None:
    assert "dialysi" in analyse("Hypertensive CKD, not yet on dialysis").negated
    assert "warfarin" in analyse("no longer on warfarin").negated


def test_a_half_day_told_as_a_fraction_counts_in_the_ventilation_band() -> None:
    from assistant.query import ventilation_hours
    assert ventilation_hours("HFOV from DOL 1 through DOL 6 (~5 1/2 days)") == "greater than 96 consecutive hours"


def test_a_skin_infection_on_part_of_a_limb_reads_as_the_limb_unless_drained() -> None:
    from assistant.query import limb_named
    assert "upper limb" in limb_named("cellulitis L forearm")
    assert "lower limb" in limb_named("R thigh abscess w cellulitis, dx codes?")
    assert limb_named("I&D R thigh abscess") == "I&D R thigh abscess"  # the PCS body part is the thigh's
    assert limb_named("LLE cellulitis") == "LLE cellulitis"            # the side stays with its limb
