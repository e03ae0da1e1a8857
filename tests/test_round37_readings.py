"""Readings added for the dermatologic-surgery, neonatal, inpatient-psychiatry and oral-surgery voices: a skin
lesion's site read as the region the titles group the skin by, a unit's own abbreviations read only in that unit,
a preemie's weeks written as a neonatologist writes them, and billing or payer questions answered "not found"."""

import pytest

from assistant.other_asks import asks_beyond_sources
from assistant.query import _NEWBORN_CUE, analyse, newborn_band_words, record_of
from assistant.setting_shorthand import spelled_out


@pytest.mark.parametrize("text, words", [
    ("SCCis L ear (antihelix). ICD-10-CM?", "antihelix ear"),
    ("R temple squamous cell carcinoma, Mohs 3 stages", "temple face other parts"),
    ("Mohs R nasal ala BCC, stage 1", "ala nose face"),
    ("sBCC on the mid back, planning ED&C. diagnosis code?", "mid back trunk"),
    ("superficial spreading melanoma of the back, 0.6 mm", "the back trunk"),
    ("MIS L upper arm s/p shave bx, margins involved. dx for the WLE", "melanoma in situ L upper arm upper limb"),
    ("lipoma R thigh", "thigh leg lower limb"),
    ("BCC of the philtrum", "philtrum lip"),
])
def test_a_skin_lesion_site_reads_as_the_region_the_titles_name(text: str, words: str) -> None:
    assert words in spelled_out(text)


@pytest.mark.parametrize("text", [
    "lac R forearm from a kitchen knife",
    "fell on the back of her head, CT neg",
    "cryo 10 units for fibrinogen of 90",
])
def test_sites_and_cryo_stay_themselves_outside_a_skin_note(text: str) -> None:
    assert spelled_out(text) == text


def test_a_skin_note_reads_its_destructions() -> None:
    assert "cryotherapy destruction skin" in spelled_out("LN2 cryo to 12 AKs on the face")
    assert "electrodesiccation and curettage destruction skin" in spelled_out("ED&C x3 cycles, sBCC L shin")


@pytest.mark.parametrize("text, words", [
    ("MDD rec sev w/o psychosis, PHQ-9 24", "MDD recurrent severe without psychotic features"),
    ("SI w/ plan (to jump off the bridge), no attempt", "suicidal ideations"),
    ("SA by OD on klonopin (~30 tabs)", "suicide attempt"),
    ("ETOH w/d uncomplicated, CIWA 12", "ETOH withdrawal"),
    ("BPD, chronic SI, borderline traits documented", "borderline personality disorder"),
    ("ex-25 weeker now 36 wks CGA on 2L NC, BPD", "bronchopulmonary dysplasia"),
])
def test_a_unit_reads_its_own_abbreviations(text: str, words: str) -> None:
    assert words in spelled_out(text)


def test_a_psychiatric_abbreviation_is_not_read_without_the_setting() -> None:
    assert spelled_out("SI joint injection under fluoro") == "SI joint injection under fluoro"
    assert "bronchopulmonary" not in spelled_out("BPD, chronic SI, borderline traits documented")


@pytest.mark.parametrize("text, words", [
    ("36 5/7 weeker, BW 2510 grams", "gestational age 36 completed weeks"),
    ("29 3/7 wk female, birthweight 1,560 g", "gestational age 29 completed weeks"),
    ("A's and B's in a 30 wkr on caffeine", "gestational age 30 completed weeks"),
])
def test_a_preemies_weeks_read_as_written_in_a_nicu(text: str, words: str) -> None:
    assert words in newborn_band_words(text)


@pytest.mark.parametrize("text", [
    "late onset sepsis in a 25 wkr, blood cx CoNS x2",
    "neo documents hypothermia of newborn, temp 35.4",
    "early onset GBS sepsis, blood cx + at 14 hrs",
])
def test_a_neonatal_units_note_is_the_newborns_record(text: str) -> None:
    assert record_of(text) == "newborn" and _NEWBORN_CUE.search(text)


def test_neo_for_a_neoplasm_is_no_newborn() -> None:
    assert record_of("neo of the lung, RUL mass on CT") is None


@pytest.mark.parametrize("text", [
    "is 47562 or 47563 when they do a cholangiogram",
    "units of 97110 for 38 min ther ex?",
    "J1100 dexamethasone units for 10 mg",
    "E0601 rental rules - how many months before purchase",
    "what level E/M for a pt with 2 stable chronic illnesses",
    "does aetna cover ozempic for weight loss",
    "is bariatric surgery covered by medicaid in texas",
    "what's the reimbursement for a lap chole in ohio",
    "what are symptoms of sepsis",
    "should I go to the ER for chest pain that comes and goes",
])
def test_payer_billing_and_lay_questions_are_beyond_the_sources(text: str) -> None:
    assert asks_beyond_sources(text)


@pytest.mark.parametrize("text", [
    "post-stroke depression meeting full criteria for a major depressive episode. mood d/o due to known "
    "physiological condition - which one?",
    "is it E1165 or E1169 for poorly controlled T2DM",
    "SI w/ plan, admitted to psych. dx code?",
])
def test_answerable_questions_are_not_sent_away(text: str) -> None:
    assert not asks_beyond_sources(text)


def test_the_glossary_reads_oral_surgery_words() -> None:
    assert "dislocation" in analyse("#24 laterally luxated after getting elbowed at hockey").expanded
    assert "zygomatic bone" in analyse("ORIF L ZMC - 3 point fixation").expanded
    assert "trigeminal nerve" in analyse("repair of L inferior alveolar nerve, open").expanded


def test_the_back_of_a_hand_is_no_trunk() -> None:
    assert "trunk" not in spelled_out("cellulitis on the back of the L hand")


@pytest.mark.parametrize("text", ["Common warts on the back of the L hand, LN2", "excision lipoma R forearm, subq",
                                  "MIS L upper arm, WLE with 1 cm margins"])
def test_a_procedure_on_limb_skin_keeps_the_procedure_titles_words(text: str) -> None:
    assert "limb" not in spelled_out(text) and "trunk" not in spelled_out(text)


@pytest.mark.parametrize("text", ["distal radius fx, left, open reduction + volar locking plate",
                                  "L tib shaft fx, open reduction and plating"])
def test_a_plate_told_is_an_internal_fixation_device(text: str) -> None:
    assert "internal fixation device" in analyse(text).expanded
