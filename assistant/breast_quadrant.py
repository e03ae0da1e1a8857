"""A breast finding's quadrant from the clock position a radiologist or surgeon writes ("R breast 10:00").

The breast titles name quadrants (C50.4- "upper-outer quadrant", N63.1- "upper outer quadrant"), never hours.
Facing the patient, the outer half of the right breast is 6 to 12 o'clock and of the left breast 12 to 6, so
the same hour is outer on one side and inner on the other. An hour on a quadrant's edge (12, 3, 6, 9) lies between
two quadrants and is left alone; the area behind the nipple the titles call the central portion, and one mass told at
hours of two quadrants ("from 5 to 8 o'clock") overlapping sites.
"""

from __future__ import annotations

import re

_BREAST = re.compile(r"\bbre?a?sts?\b|\bmammo\w*|\bidc\b|\bilc\b|\bdcis\b|\blcis\b|\bbi-?rads\b", re.I)
_CLOCK = re.compile(r"\b(1[0-2]|[1-9])(?::(?:00|30)|\s*o'?\s*clock|\s*(?:o'c|oc))\b", re.I)
_SIDE = re.compile(r"\b(?:(right|rt|r)|(left|lt|l))\b(?:\s+\w+){0,2}?\s+bre?a?st\b|\bbre?a?st\b[^.;]{0,12}?\b"
                   r"(?:(right|rt|r)|(left|lt|l))\b", re.I)
# hours on the right breast, facing the patient; the left breast mirrors them
_RIGHT_QUADRANTS = {10: "upper-outer", 11: "upper-outer", 1: "upper-inner", 2: "upper-inner",
                    4: "lower-inner", 5: "lower-inner", 7: "lower-outer", 8: "lower-outer"}
_MIRROR = {"upper-outer": "upper-inner", "upper-inner": "upper-outer", "lower-inner": "lower-outer",
           "lower-outer": "lower-inner"}
_BEHIND_NIPPLE = re.compile(r"\b(?:retro|sub)-?areolar\b|\bbehind the (?:nipple|areola)\b", re.I)


def breast_quadrant_words(text: str) -> str:
    """The quadrant words ("upper-outer quadrant upper outer") a breast finding's clock hour tells, or ""."""
    if not _BREAST.search(text):
        return ""
    if _BEHIND_NIPPLE.search(text):
        return "central portion"
    hours, side = {int(h) for h in _CLOCK.findall(text)}, _SIDE.search(text)
    if not hours or not side:
        return ""
    quadrants = {_RIGHT_QUADRANTS.get(hour) for hour in hours}
    if len(quadrants - {None}) > 1:
        return "overlapping sites"  # "from 5 o'clock to 8 o'clock": one mass across two quadrants
    quadrant = quadrants.pop()
    if quadrant is None:
        return ""
    if side.group(2) or side.group(4):
        quadrant = _MIRROR[quadrant]
    return f"{quadrant} quadrant {quadrant.replace('-', ' ')}"
