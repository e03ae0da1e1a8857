"""A device gone wrong read as its complication, not as the device's insertion."""

import pytest

from assistant.device_trouble import device_trouble, device_trouble_words
from assistant.query import analyse


@pytest.mark.parametrize("text, kind", [
    ("RA lead dislodged POD2 after dual-chamber PPM", "displacement"),
    ("ICD RV lead fracture, noise on EGMs, inappropriate shocks", "breakdown (mechanical)"),
    ("PPM pocket infection w/ erosion, purulent drainage", "infection and inflammatory reaction due to"),
    ("s/p On-X mechanical AVR, moderate paravalvular leak on TEE", "leakage"),
])
def test_a_device_and_its_trouble_read_as_the_complication(text: str, kind: str) -> None:
    assert device_trouble(text) == kind


@pytest.mark.parametrize("text", [
    "periprosthetic fracture of the femur below a TKA",          # a bone broke, not the device
    "LIMA-LAD graft with 70% atherosclerotic stenosis, angina",  # the graft's coronary disease
    "dual-chamber PPM placed for complete heart block",          # nothing wrong
])
def test_a_broken_bone_a_diseased_graft_or_a_working_device_is_no_device_trouble(text: str) -> None:
    assert device_trouble(text) == ""


def test_the_complication_asks_a_diagnosis_and_drops_the_insertion_table() -> None:
    query = analyse("RA lead dislodged POD2 after dual-chamber PPM")
    assert query.named_system == "ICD-10-CM" and "cardiac electrode" in device_trouble_words(query.text)
    assert "02H6" not in query.expanded and "insertion" not in query.expanded.lower()


def test_a_dislodged_lead_put_back_is_the_procedure() -> None:
    assert analyse("Dislodged RA lead repositioned to RA appendage, pocket reopened").named_system is None


def test_a_device_complication_of_no_named_kind_is_still_a_complication() -> None:
    assert device_trouble("Pacemaker complication: RA lead, initial encounter") == "complication"
    assert analyse("Pacemaker complication: RA lead, initial encounter").named_system == "ICD-10-CM"


@pytest.mark.parametrize("text, words", [
    ("clotted L BC fistula, no thrill, unable to cannulate", "thrombosis vascular prosthetic"),
    ("thrombosed RUE forearm loop AVG (PTFE)", "thrombosis vascular prosthetic"),
    ("TDC w cracked hub on the venous limb", "breakdown (mechanical) vascular dialysis catheter"),
    ("PD catheter migration, tip in LUQ", "displacement intraperitoneal dialysis catheter"),
])
def test_a_dialysis_access_gone_wrong_reads_as_its_device(text: str, words: str) -> None:
    assert device_trouble_words(text).startswith(words)


def test_an_access_named_by_its_creation_shorthand_is_still_the_device_in_trouble() -> None:
    # "AVF" is also the fistula's creation; with it taken out nothing is done, so the infection is the question
    query = analyse("RC fistula site infection, native AVF, cellulitis over the needling zone")
    assert "infection and inflammatory reaction due to" in query.expanded
    # a fistula with no access or dialysis word is no vascular graft
    assert "vascular prosthetic" not in device_trouble_words("perianal fistula, clotted blood at the opening")
