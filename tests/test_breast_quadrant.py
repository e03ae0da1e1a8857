"""A breast finding's clock hour read as the titles' quadrant, mirrored between the two breasts."""

import pytest

from assistant.breast_quadrant import breast_quadrant_words


@pytest.mark.parametrize("text, quadrant", [
    ("IDC R breast at 10:00, 4 cm FN", "upper-outer"),
    ("L breast mass 2 o'clock 5 cm FN, core bx IDC", "upper-outer"),
    ("left breast 10:00 lesion, BI-RADS 4", "upper-inner"),
    ("right breast 4:30 mass", "lower-inner"),
    ("67M w/ firm retroareolar mass L breast", "central portion"),
])
def test_the_hour_is_the_quadrant_of_that_side(text: str, quadrant: str) -> None:
    assert breast_quadrant_words(text).startswith(quadrant)


@pytest.mark.parametrize("text", [
    "R breast mass at 12:00",          # on the edge of two quadrants
    "breast mass at 10:00",            # no side told
    "R knee effusion, seen at 10:00",  # no breast
])
def test_an_edge_hour_or_a_missing_side_reads_no_quadrant(text: str) -> None:
    assert breast_quadrant_words(text) == ""
