"""How the words of obstetric, newborn, imaging, radiation, burn, behavioral-health and injury notes are read.

These need no index: they check the rules that turn a specialty's shorthand into the code sets' own words.
"""

from __future__ import annotations

import pytest

from assistant.candidates import Candidate
from assistant.features import Context, describe
from assistant.filler import without_orders
from assistant.obstetric import obstetric_reading
from assistant.query import (
    Query,
    analyse,
    beam_energy_words,
    burn_extent_words,
    newborn_band_words,
    period_of,
    trimester_of,
    use_disorder_words,
    without_care_after_injury,
    wound_matter,
)
from assistant.store import CodeInfo


def _row(query: Query, code: str, title: str) -> dict[str, float]:
    info = CodeInfo(code.replace(".", ""), "ICD-10-CM", title, True, "cm", {})
    return describe(Candidate(info, 1.0, [], ""), Context(query, [1.0] * len(query.groups), 1.0, -1.0))


@pytest.mark.parametrize(("text", "trimester"), [
    ("G2P1 at 32+4 wks w/ preeclampsia w/o severe features", "third"),   # not the "4 wks" after the plus
    ("G1 @ 35+1, BP 168/112 x2, undelivered this admit", "third"),        # a gestational age with no "weeks"
    ("G2P1 at exactly 14w0d, routine prenatal visit", "second"),
    ("hx LTCS x1, now 38+6 wks, scheduled repeat c/s", "third"),
    ("pyelonephritis in pregnancy at 24 wks", "second"),
])
def test_a_pregnancys_weeks_give_its_trimester(text: str, trimester: str) -> None:
    assert trimester_of(text) == trimester


@pytest.mark.parametrize(("text", "period"), [
    ("Delivery admit: A2GDM on NPH insulin, delivered today via primary LTCS.", "childbirth"),
    ("GBS+ carrier, admitted in labor, PCN x2 doses, delivered vag", "childbirth"),
    ("readmit PPD 4 w/ BP 152/98 and proteinuria", "puerperium"),
    ("4 months postpartum, still breastfeeding, mastitis", "puerperium"),
    ("G1 @ 35+1, BP 168/112 x2, undelivered this admit", None),
    ("hx LTCS x1, now 38+6 wks, scheduled repeat c/s", None),              # a cesarean planned, not done
])
def test_a_delivery_in_the_stay_or_after_it_is_the_period_coded(text: str, period: str | None) -> None:
    assert period_of(text) == period


def test_childbirth_and_puerperium_titles_match_the_period_and_rule_out_the_trimester() -> None:
    delivered = analyse("Delivery admit: A2GDM on NPH insulin, delivered today via primary LTCS")
    assert delivered.period == "childbirth"
    assert _row(delivered, "O24.424", "Gestational diabetes mellitus in childbirth, insulin controlled"
                )["trimester_match"] == 1.0
    assert _row(delivered, "O10.013", "Pre-existing essential hypertension complicating pregnancy, third trimester"
                )["trimester_mismatch"] == 1.0
    antepartum = analyse("prenatal visit 34wk - gestational diabetes managed w/ metformin")
    assert _row(antepartum, "O24.425", "Gestational diabetes mellitus in childbirth, controlled by oral "
                "hypoglycemic drugs")["trimester_mismatch"] == 1.0
    # a preterm labor's trimester is the delivery's own: no childbirth sibling rules it out
    preterm = analyse("preterm labor at 33 wks progressed, delivered SVD at 33+5, singleton")
    row = _row(preterm, "O60.14X0", "Preterm labor third trimester with preterm delivery third trimester, not "
               "applicable or unspecified")
    assert row["trimester_match"] == 1.0 and row["trimester_mismatch"] == 0.0
    assert "with preterm delivery" in preterm.expanded
    assert "without delivery" in analyse("26 wks, regular ctx w/ cervical change 2->3 cm, nifedipine tocolysis, "
                                         "contractions stopped, d/c home undelivered").expanded


@pytest.mark.parametrize(("text", "table"), [
    ("NSVD with 2nd degree lac repair", "0KQM"),                       # perineal muscle
    ("SVD, small 1st degree perineal lac repaired w/ 3-0 vicryl", "0HQ9"),   # perineal skin
    ("repair of 3rd degree perineal laceration (3b) after SVD", "0DQR"),     # anal sphincter
    ("4th degree lac repair after delivery, rectal mucosa closed", "0DQP"),  # rectum
    ("repair of R labial lac after delivery", "0UQM"),
    ("cervical lac after precipitous delivery, repaired w/ chromic", "0UQC"),
])
def test_a_tear_repaired_after_birth_is_the_mothers_tissue_not_the_products_of_conception(text: str,
                                                                                          table: str) -> None:
    reading = obstetric_reading(text)
    assert table in reading.tables and "10Q0" in reading.ruled_out
    assert table in analyse(text).tables and "10Q0" in analyse(text).tables_ruled_out


def test_a_curettage_after_a_pregnancy_loss_takes_out_retained_products() -> None:
    assert obstetric_reading("D&C for missed ab at 9 wks, suction curettage").tables == ("10D1",)
    assert "0UDB" in obstetric_reading("ED: incomplete SAB 10 wks, D&C done in OR").ruled_out
    assert obstetric_reading("D&C for postmenopausal bleeding").tables == ()      # no pregnancy: the endometrium
    assert obstetric_reading("D&E at 18 wks elective").tables == ()               # a termination is Abortion


@pytest.mark.parametrize(("text", "words"), [
    ("term 39 wk female, SGA, BW 2300 g", "2000-2499 grams"),
    ("light for dates, 1900 g", "1750-1999 grams"),
    ("macrosomic baby 4720 g born at term", "exceptionally large newborn baby"),
    ("24+3 wk micropreemie, BW 650 g", "500-749 grams extreme immaturity gestational age 24 completed weeks"),
    ("Twin B born here via c/s at 34 wks, 2100 g", "preterm newborn gestational age 34 completed weeks"),
])
def test_a_newborns_weight_and_age_read_as_the_titles_bands(text: str, words: str) -> None:
    assert words in newborn_band_words(text)


def test_a_newborns_record_names_the_patient_a_newborn() -> None:
    assert "neonatal" in analyse("2 wk old w/ white plaques on tongue and buccal mucosa, thrush").expanded
    assert "neonatal" not in analyse("white plaques on tongue, thrush, on inhaled steroids").expanded


@pytest.mark.parametrize("text", ["CT abd/pelvis w/ and w/o contrast", "MRI brain w/wo", "CT chest with/without",
                                  "MRI L-spine +/- contrast"])
def test_a_study_before_and_after_contrast_is_unenhanced_and_enhanced_and_denies_no_contrast(text: str) -> None:
    query = analyse(text)
    assert "unenhanced and enhanced" in query.expanded
    assert "contrast" not in query.negated


@pytest.mark.parametrize(("text", "words"), [
    ("IMRT 60 Gy to prostate, 20 fx, 6 MV photons", "photons 1 - 10 mev"),
    ("Neoadjuvant RT rectum, 50.4 Gy, 18 MV photons", "photons >10 mev"),
    ("Superficial x-ray therapy 100 kV, BCC L cheek, 35 Gy/7 fx", "photons <1 mev"),
    ("L breast cavity boost, 10 Gy electrons (12 MeV e-)", "electrons"),
    ("CXR 2 views", ""),
])
def test_a_beams_energy_reads_as_its_band(text: str, words: str) -> None:
    assert beam_energy_words(text) == words


def test_a_course_of_radiation_counts_fractions_not_fractures_or_births() -> None:
    query = analyse("IMRT 60 Gy to prostate, 20 fx, 6 MV photons. pcs code for the treatment delivery?")
    assert "fracture" not in query.expanded and "products of conception" not in query.expanded


def test_a_burns_extent_is_read_in_bands_when_the_extent_is_asked() -> None:
    assert burn_extent_words("total burn 24% TBSA, of which 12% is full thickness. Extent code?") == \
        "involving 20-29% of body surface with 10-19% third degree"
    assert burn_extent_words("House fire, 35% TBSA partial-thickness burns, no full thickness. Need the T31 code") \
        .endswith("0% to 9% third degree")
    assert burn_extent_words("2nd degree burn of the chest wall from coffee, about 3% TBSA") == ""  # the site


@pytest.mark.parametrize(("text", "words"), [
    ("AUD, mild - meets 2 criteria", "alcohol abuse"),
    ("opiod use disorder, mild (2-3 criteria)", "opioid abuse"),
    ("methamphetamine use d/o, severe - IV meth daily", "other stimulant dependence"),
    ("benzo use disorder, moderate", "sedative hypnotic or anxiolytic dependence"),
    ("Dx: cannabis use d/o, mild.", "cannabis abuse"),
    ("moderate OUD on bupe", "opioid dependence"),
])
def test_a_use_disorders_level_is_the_classifications_abuse_or_dependence(text: str, words: str) -> None:
    assert use_disorder_words(text) == words


def test_a_plan_part_that_tells_the_conditions_state_is_kept() -> None:
    assert "full remission" in without_orders("Med mgmt f/u: MDD recurrent, in full remission on sertraline 100mg")
    assert without_orders("HTN - lisinopril 10 mg daily") == "HTN"


@pytest.mark.parametrize(("text", "words"), [
    ("laceration R knee with gravel embedded", "with foreign body"),
    ("Glass in L little finger lac, nail ok", "with foreign body"),
    ("3 cm lac L forearm, no FB", "without foreign body"),
    ("4 cm lac R forearm. XR neg for retained glass.", "without foreign body"),
    ("cellulitis L leg", ""),
])
def test_matter_left_in_a_wound_is_the_titles_with_foreign_body(text: str, words: str) -> None:
    assert wound_matter(text) == words


@pytest.mark.parametrize(("text", "dropped"), [
    ("R anterior shoulder dislocation, reduced in ED under procedural sedation", "reduced"),
    ("3 cm scalp lac, stapled x4", "stapled"),
    ("L eyebrow lac 2 cm, closed w/ dermabond", "dermabond"),
    ("Fishhook embedded in the pad of R thumb, removed with advance-and-cut technique.", "removed"),
])
def test_what_a_visit_did_for_an_injury_told_first_is_not_the_act(text: str, dropped: str) -> None:
    assert dropped not in without_care_after_injury(text)
    assert not analyse(text).act


def test_an_operation_in_a_stay_or_a_note_that_opens_on_the_act_keeps_it() -> None:
    assert analyse("Admitted 3 days ago with a hip fracture, she underwent open reduction and internal fixation "
                   "today. Code it.").act
    assert "Stapled" in without_care_after_injury("Stapled 3 cm scalp lac")


def test_packs_a_day_count_cigarettes() -> None:
    assert "cigarettes" in analyse("smokes 1 ppd x 20 yrs, nicotine dependence").expanded
    assert "cigarettes" not in analyse("PPD placed, read at 48 hrs, 0 mm").expanded


@pytest.mark.parametrize(("text", "words"), [
    ("prenatal visit 34wk - gestational diabetes managed w/ metformin 500 bid",
     "controlled by oral hypoglycemic drugs"),
    ("Delivery admit: A2GDM on NPH insulin, delivered today via primary LTCS", "insulin controlled"),
    ("GDM A1 (diet-controlled), delivered via SVD this admission", "diet controlled"),
])
def test_diabetes_in_pregnancy_reads_as_what_controls_it(text: str, words: str) -> None:
    assert words in analyse(text).expanded


def test_a_gestational_ages_days_are_no_number_of_the_titles() -> None:
    query = analyse("preterm labor at 33 wks progressed, delivered SVD at 33+5, singleton")
    assert "5" not in query.tokens and query.trimester == "third"


def test_a_pregnancy_told_only_by_a_glossary_reading_still_has_its_trimester() -> None:
    assert analyse("35 wks c/o decreased FM since this AM, NST reactive").trimester == "third"
    assert analyse("1 hr GCT 152 at 26 wks, 3 hr GTT not yet done").trimester == "second"


def test_a_condition_complicating_labor_is_the_deliverys_period() -> None:
    delivered = analyse("eclamptic seizure in active labor at 38 wks, given Mg, delivered vaginally")
    assert _row(delivered, "O15.1", "Eclampsia complicating labor")["trimester_match"] == 1.0
    assert _row(delivered, "O15.03", "Eclampsia complicating pregnancy, third trimester")["trimester_mismatch"] == 1.0


def test_a_pregnancy_with_no_delivery_told_is_not_in_childbirth_and_its_weeks_never_come_first() -> None:
    pregnant = analyse("pregnant pt with pre-existing type 2 DM -- which O code?")
    assert pregnant.pregnant and pregnant.period is None
    assert _row(pregnant, "O24.12", "Pre-existing type 2 diabetes mellitus, in childbirth")["trimester_mismatch"] == 1.0
    assert _row(pregnant, "O24.119", "Pre-existing type 2 diabetes mellitus, in pregnancy, unspecified trimester"
                )["trimester_mismatch"] == 0.0
    weeks = analyse("GDM, 31 wks")
    assert _row(weeks, "Z3A.31", "31 weeks gestation of pregnancy")["never_first"] == 1.0
    gdm = _row(weeks, "O24.419", "Gestational diabetes mellitus in pregnancy, unspecified control")
    assert gdm["never_first"] == 0.0
