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
