"""A device gone wrong, told as the clinician sees it ("RA lead dislodged", "ICD lead fracture", "port pocket
infection"), read in the complication titles' words (T82-T85: "Displacement of cardiac electrode", "Breakdown
(mechanical) of ...", "Infection and inflammatory reaction due to ...").

A device word beside a trouble word is a complication to code, not the device's insertion: without this the
device's own name ("lead", "PPM") leads to an Insertion table.
"""

from __future__ import annotations

import re

_DEVICE = (r"(?:leads?|electrodes?|generator|battery|ppm|pacemaker|icd|aicd|defibrillator|crt-?[dp]|stents?|"
           r"grafts?|prosthe\w*|valve|tavr|savr|avr|mvr|ports?|port-a-cath|catheters?|picc|shunt|pump|implant|"
           r"mesh|hardware|plate|screws?|rod|nail|(?:knee|hip|shoulder) (?:replacement|arthroplasty)|tka|tha|"
           r"avf|avg|fistula|pocket|lvad)")
# the trouble's kind in the titles' words, first match wins
_KINDS = (
    (r"(?:fractur\w*|broken|breakdown|malfunction\w*|failed|failure|noise)", "breakdown (mechanical)"),
    (r"(?:dislodg\w*|displac\w*|migrat\w*|malposition\w*|dislocat\w*|pulled back|retracted)", "displacement"),
    (r"(?:leak\w*|paravalvular|perivalvular)", "leakage"),
    (r"(?:infect\w*|erosion|erod\w*|purulen\w*|endocarditis|cellulitis|abscess)",
     "infection and inflammatory reaction due to"),
    (r"(?:thromb\w*|clott\w*|occlu\w*)", "thrombosis embolism"),
    (r"(?:stenos\w*|restenos\w*|structural (?:valve )?deterioration)", "stenosis"),
    (r"(?:complications?|problems?)", "complication"),  # "pacemaker complication": a complication, kind untold
)
_NEAR = 40  # characters between the device and its trouble, either way round
# A broken bone near a joint replacement or a plate is a periprosthetic or a new fracture, not a device breaking:
# "fracture" is a device's trouble only for the devices that snap.
_SNAPS = r"(?:leads?|electrodes?|catheters?|wires?|generator|battery|stents?|valve|pump|mesh|icd|ppm|pacemaker)"


def _near(device: str, kind: str) -> re.Pattern[str]:
    return re.compile(rf"\b{device}\b[^.;]{{0,{_NEAR}}}?\b{kind}\b|\b{kind}\b[^.;]{{0,{_NEAR}}}?\b{device}\b", re.I)


_TROUBLE = tuple((_near(_SNAPS if words.startswith("breakdown") else _DEVICE, kind), words) for kind, words in _KINDS)
# A graft narrowed by atherosclerosis is the coronary disease of the graft (I25.7-), not a device's complication.
_DISEASE_OF_GRAFT = re.compile(r"\batheroscl\w*|\bnative (?:vessel|arter)", re.I)
# the device as the titles name it
_TITLE_DEVICE = (
    (re.compile(r"\b(?:leads?|electrodes?)\b", re.I), "cardiac electrode"),
    (re.compile(r"\b(?:generator|battery)\b", re.I), "cardiac pulse generator (battery)"),
    (re.compile(r"\b(?:valve|tavr|savr|avr|mvr|bioprosthe\w*)\b", re.I), "heart valve prosthesis"),
    (re.compile(r"\bstents?\b", re.I), "coronary artery stent"),
    (re.compile(r"\b(?:ppm|pacemaker|icd|aicd|defibrillator|crt-?[dp]|pocket)\b", re.I),
     "other cardiac and vascular devices implants"),
)


def device_trouble(text: str) -> str:
    """The complication's kind words when a device is told gone wrong; "" otherwise."""
    if _DISEASE_OF_GRAFT.search(text):
        return ""
    return next((words for pattern, words in _TROUBLE if pattern.search(text)), "")


def device_trouble_words(text: str) -> str:
    """The complication title's words: its kind and, where the titles name it, the device."""
    kind = device_trouble(text)
    if not kind:
        return ""
    device = next((words for pattern, words in _TITLE_DEVICE if pattern.search(text)), "")
    return f"{kind} {device} complication".strip()
