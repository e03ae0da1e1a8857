"""A breast cancer's receptors read as the combined status titles, only when the status is asked."""

import pytest

from assistant.receptor_status import receptor_status_words


@pytest.mark.parametrize("text, hr, her2", [
    ("triple neg status code", "negative", "negative"),
    ("receptor status? ER 95%, PR 40%, HER2 IHC 3+", "positive", "positive"),
    ("receptor status: ER+/PR+/HER2-", "positive", "negative"),
    ("ER 0%, PR 0%, HER2 3+ amplified: receptor status?", "negative", "positive"),
])
def test_the_receptors_read_as_the_combined_status(text: str, hr: str, her2: str) -> None:
    assert receptor_status_words(text) == (f"hormone receptor {hr} with human epidermal growth factor receptor 2 "
                                           f"{her2} status")


@pytest.mark.parametrize("text", [
    "IDC R breast at 10:00, ER 90%/PR 60%/HER2 IHC 1+",  # the cancer is asked, the receptors are its detail
    "receptor status: ER+, HER2 2+ pending FISH",         # HER2 equivocal: not yet a status
])
def test_no_status_is_read_unless_asked_and_told(text: str) -> None:
    assert receptor_status_words(text) == ""
