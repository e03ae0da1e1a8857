"""Readings added for the bariatric, geriatric, labor-and-delivery and orthopaedic-trauma voices: a central line
taken out, the fetus a maternal-care code names, a fracture's grade, a stoma gone wrong, a pregnancy's own
shorthand, a tear told by its degree, a pregnancy past 42 weeks, a resection's ends joined."""

import pytest

from assistant.fetus import fetus_named, title_fetus
from assistant.fracture_grades import graded
from assistant.line_removal import central_line_removed
from assistant.obstetric import obstetric_reading
from assistant.query import (
    analyse,
    ends_joined,
    named_system,
    negated_words,
    period_of,
    prolonged_told,
    without_guidance,
)
from assistant.setting_shorthand import spelled_out
from assistant.stoma_trouble import stoma_trouble_words


@pytest.mark.parametrize("text, table, approach", [
    ("PICC (R arm) removed today at bedside, catheter pulled intact", "02PY", "External"),
    ("pulled the non-tunneled R IJ HD cath at bedside, tip had been in SVC", "02PY", "External"),
    ("removal nontunneled femoral HD catheter, bedside, tip was in IVC", "06PY", "External"),
    ("Bedside removal of tunneled Hickman catheter, cuff freed by blunt dissection", "02PY", "Percutaneous"),
])
def test_a_central_line_taken_out_is_removal_from_its_vessels_group(text: str, table: str, approach: str) -> None:
    removal = central_line_removed(text)
    assert removal is not None and (removal.table, removal.approach) == (table, approach)
    query = analyse(text)
    assert table in query.tables and query.approach == approach and "removal" in query.expanded


@pytest.mark.parametrize("text", [
    "PICC placed R basilic, tip at cavoatrial junction",       # put in
    "over-the-wire exchange of malfunctioning R IJ TDC",        # swapped: a new line goes in
    "port removal R chest, pocket closed",                      # a port comes out of its pocket
])
def test_no_central_line_removal_when_none_is_taken_out(text: str) -> None:
    assert central_line_removed(text) is None


@pytest.mark.parametrize("text, fetus", [
    ("decreased FM x 1 day at 34+2", ""),                 # a stray number names no fetus
    ("di/di twins at 32 wks, twin B breech", "2"),
    ("twin A vertex, twin B transverse", ""),             # both named: the code says which per line
])
def test_the_fetus_named(text: str, fetus: str) -> None:
    assert fetus_named(text) == fetus


def test_a_maternal_care_title_names_its_fetus() -> None:
    assert title_fetus("Maternal care for decreased fetal movements, third trimester, fetus 1") == "1"
    assert title_fetus("Oligohydramnios, third trimester, not applicable or unspecified") == "0"
    assert title_fetus("Oligohydramnios, third trimester, other fetus") == "9"
    assert title_fetus("Preterm labor without delivery, third trimester") is None


@pytest.mark.parametrize("text, reads", [
    ("Garden IV L femoral neck fx", "Garden displaced"),
    ("Garden I valgus impacted", "Garden nondisplaced"),
    ("Mason II radial head fx", "Mason displaced"),
    ("R pilon fx, OTA 43-C3", "OTA classification"),
    ("Neer 3-part proximal humerus fx R", "Neer 3-part"),      # the titles' own parts
])
def test_a_fracture_grade_reads_as_its_displacement_not_a_number(text: str, reads: str) -> None:
    assert reads in graded(text) and "IV" not in graded(text) and "C3" not in graded(text)


def test_a_category_asked_by_its_letter_asks_icd10cm() -> None:
    assert named_system("cHTN w/ superimposed preE. Do I need both the O11 and an O10?") == "ICD-10-CM"
    assert named_system("kyphoplasty of the T12 vertebra") is None


@pytest.mark.parametrize("text, words", [
    ("G-tube clogged, won't flush", "gastrostomy malfunction complication"),
    ("PEG site with cellulitis and purulent drainage", "gastrostomy infection complication"),
    ("trach stoma bleeding", "tracheostomy stoma hemorrhage complication"),
    ("colostomy prolapse", "colostomy other complications complication"),
    ("G-tube exchange at bedside, old tube clogged", ""),     # the exchange is the act
])
def test_a_stoma_gone_wrong_reads_as_its_own_complication(text: str, words: str) -> None:
    assert stoma_trouble_words(text) == words


def test_a_stoma_complication_asks_a_diagnosis() -> None:
    query = analyse("redness around PEG site, purulent drainage, MD: gastrostomy site infection")
    assert query.named_system == "ICD-10-CM" and "gastrostomy infection" in query.expanded


@pytest.mark.parametrize("text, reads, not_reads", [
    ("AFI 3.2 at 37+5, oligohydramnios, admitted for IOL", "induction of labor", "lens"),
    ("ICP - itching palms/soles, bile acids 28, 35 wks", "intrahepatic cholestasis of pregnancy", "intracranial"),
    ("phaco with IOL under GA, left eye", "IOL", "induction"),          # an eye note keeps its lens
])
def test_a_pregnancy_reads_its_own_shorthand(text: str, reads: str, not_reads: str) -> None:
    out = spelled_out(text)
    assert reads in out and not_reads not in out


def test_a_tear_told_by_its_degree_is_the_births_and_sewn_open() -> None:
    reading = obstetric_reading("4th degree lac repair: rectal mucosa closed, IAS and EAS repaired")
    assert "0DQP" in reading.tables and reading.approach == "Open"
    delivery = obstetric_reading("Kiwi cup applied. Second-degree laceration repaired. How do I code the delivery?")
    assert delivery.approach is None  # the delivery asked keeps its own approach


def test_a_pregnancy_past_42_weeks_is_prolonged() -> None:
    assert "prolonged pregnancy" in prolonged_told("IOL at 42w2d, dating by 1st tri US")
    assert prolonged_told("G1 at 41+3 wks, post dates") == "G1 at 41+3 wks, post dates"
    assert prolonged_told("42 weeks after the operation") == "42 weeks after the operation"


def test_a_planned_cesarean_is_no_childbirth_in_the_stay() -> None:
    assert period_of("G1 at 39 wks, breech, scheduled c-section with spinal") is None
    assert period_of("delivered today by c-section with spinal") == "childbirth"


def test_a_resections_ends_joined_are_part_of_it() -> None:
    assert "anastomosis" not in ends_joined("Lap sigmoid colectomy w/ primary anastomosis")
    assert "anastomosis" in ends_joined("Hartmann: sigmoid colectomy, end colostomy, no anastomosis")


def test_a_denial_ends_at_who_said_it() -> None:
    words = negated_words("small R SDH, no LOC per witnesses")
    assert {"loss", "conscious"} <= words and "wit" not in words


def test_a_marker_placed_by_needle_is_no_way_in() -> None:
    assert "needle" not in without_guidance("Lumpectomy, needle-localized, for DCIS")


def test_a_scope_in_the_morning_is_a_plan_not_the_act() -> None:
    query = analyse("Melena x2 days, Hgb 7.9, EGD in AM")
    assert not query.act and "inspection" not in query.expanded
