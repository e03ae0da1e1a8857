"""Sites and states the titles name in their own words: a bone's region (M chapter), a pressure injury's region
(L89), a trapped hernia's obstruction."""

import pytest

from assistant.hernia import hernia_words
from assistant.site_regions import bone_region_words, joint_region_words, pressure_site_words


@pytest.mark.parametrize("text, words", [
    ("Stress fracture 2nd metatarsal, initial encounter", "foot"),
    ("osteomyelitis R calcaneus", "foot"),
    ("pathologic fx of left femur shaft through a met", "thigh femur"),
    ("insufficiency fracture of the pubic rami", "pelvis"),
])
def test_the_bone_reads_as_its_region(text: str, words: str) -> None:
    assert bone_region_words(text) == words


def test_an_injury_names_its_bone_and_reads_no_region() -> None:
    assert bone_region_words("displaced fx 2nd metatarsal after a fall") == ""


@pytest.mark.parametrize("text, words", [
    ("right inguinal hernia, incarcerated, no gangrene", "with obstruction"),
    ("strangulated umbilical hernia", "with obstruction"),
    ("irreducible ventral hernia", "with obstruction"),
    ("reducible ventral hernia, not incarcerated", ""),
    ("incarcerated for 3 years, now released", ""),        # a prison, no hernia
])
def test_a_trapped_hernia_is_one_with_obstruction(text: str, words: str) -> None:
    assert hernia_words(text) == words


@pytest.mark.parametrize("text, words", [
    ("Deep tissue pressure injury (DTI) of coccyx, purple intact skin", "sacral region"),
    ("stage 3 decubitus R greater trochanter", "hip"),
    ("coccyx fracture after a fall", ""),          # no pressure injury: the bone is the injury's
])
def test_a_pressure_injury_spot_reads_as_its_region(text: str, words: str) -> None:
    assert pressure_site_words(text) == words


@pytest.mark.parametrize("text, esrd", [
    ("CKD 5 on HD MWF", True),
    ("CKD stage V, dialysis-dependent", True),
    ("CKD stage 5, not yet on dialysis", False),   # stage 5 without dialysis stays stage 5
    ("AKI, started on CRRT", False),                # no chronic disease
])
def test_a_chronic_kidney_disease_on_dialysis_is_end_stage(text: str, esrd: bool) -> None:
    from assistant.kidney_stage import dialysis_as_esrd, dialysis_stage_words
    assert ("end stage renal disease" in dialysis_as_esrd(text) or bool(dialysis_stage_words(text))) == esrd


@pytest.mark.parametrize("text, words", [
    ("INR 7.8 on warfarin, no bleeding, taking as prescribed", "abnormal coagulation profile"),
    ("INR 2.4 on warfarin, routine check", ""),             # in range
    ("INR 6.1 on coumadin with melena", ""),                # the bleed is the diagnosis
])
def test_an_inr_far_above_range_on_an_anticoagulant_is_an_abnormal_profile(text: str, words: str) -> None:
    from assistant.lab_values import inr_words
    assert inr_words(text).startswith(words)


@pytest.mark.parametrize("text, words", [
    ("gout flare 1st MTP, idiopathic", "ankle and foot"),
    ("RA with MCP and PIP synovitis", "hand"),
    ("turf toe sprain of 1st MTP", ""),                  # an injury, no joint disease
])
def test_a_small_joint_reads_as_its_region_in_a_joint_disease(text: str, words: str) -> None:
    assert joint_region_words(text) == words
