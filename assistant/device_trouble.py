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
           r"avf|avg|fistula|pocket|lvad|tdc|permcath|tenckhoff|caths?)")
# the trouble's kind in the titles' words, first match wins
_KINDS = (
    (r"(?:fractur\w*|broken|breakdown|malfunction\w*|failed|failure|noise|crack\w*)", "breakdown (mechanical)"),
    (r"(?:dislodg\w*|displac\w*|migrat\w*|malposition\w*|dislocat\w*|pulled back|retracted|flipped)",
     "displacement"),
    (r"(?:leak\w*|paravalvular|perivalvular)", "leakage"),
    (r"(?:infect\w*|infxn|erosion|erod\w*|purulen\w*|endocarditis|cellulitis|abscess)",
     "infection and inflammatory reaction due to"),
    (r"(?:thromb\w*|clott\w*|occlu\w*)", "thrombosis embolism"),
    (r"(?:stenos\w*|restenos\w*|structural (?:valve )?deterioration)", "stenosis"),
    (r"(?:complications?|problems?)", "complication"),  # "pacemaker complication": a complication, kind untold
)
_NEAR = 40  # characters between the device and its trouble, either way round
# A broken bone near a joint replacement or a plate is a periprosthetic or a new fracture, not a device breaking:
# "fracture" is a device's trouble only for the devices that snap.
_SNAPS = r"(?:leads?|electrodes?|catheters?|wires?|generator|battery|stents?|valve|pump|mesh|icd|ppm|pacemaker|tdc|" \
         r"permcath|hub)"


def _near(device: str, kind: str) -> re.Pattern[str]:
    return re.compile(rf"\b{device}\b[^.;]{{0,{_NEAR}}}?\b{kind}\b|\b{kind}\b[^.;]{{0,{_NEAR}}}?\b{device}\b", re.I)


_TROUBLE = tuple((_near(_SNAPS if words.startswith("breakdown") else _DEVICE, kind), words) for kind, words in _KINDS)
# A graft narrowed by atherosclerosis is the coronary disease of the graft (I25.7-), not a device's complication.
_DISEASE_OF_GRAFT = re.compile(r"\batheroscl\w*|\bnative (?:vessel|arter)", re.I)
# a dialysis access: a fistula or graft made for it, or named beside dialysis ("clotted L BC fistula", "HD")
_ACCESS = re.compile(r"\b(?:avf|avg|bvt|av (?:fistula|graft)|arteriovenous (?:fistula|graft)|access graft|"
                     r"(?:bc|rc|bb|brachiocephalic|radiocephalic|brachiobasilic|basilic|cephalic) (?:av )?fistula)\b",
                     re.I)
_DIALYSIS = re.compile(r"\b(?:hd|dialy\w*|esrd|cannulat\w*|needl\w*|thrill|bruit)\b", re.I)
# the device as the titles name it
_TITLE_DEVICE = (
    (re.compile(r"\b(?:pd cath\w*|peritoneal dialysis cath\w*|tenckhoff)\b", re.I),
     "intraperitoneal dialysis catheter peritoneal dialysis catheter"),
    (re.compile(r"\b(?:tdc|permcath|perm-?cath|hd cath\w*|dialysis cath\w*|tunneled (?:hd |dialysis )?cath\w*)\b",
                re.I), "vascular dialysis catheter"),
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
    if not device and (_ACCESS.search(text) or re.search(r"\b(?:fistula|graft)\b", text, re.I)
                       and _DIALYSIS.search(text)):
        # (their titles split thrombosis from embolism and name the kind: no "complication" of a kind untold)
        kind = "thrombosis" if kind.startswith("thrombosis") else kind
        return f"{kind} vascular prosthetic devices implants and grafts other cardiac and vascular"
    return f"{kind} {device} complication".strip()


# (only the accesses: their shorthand is also their creation; a stent or a lead named is no act to take out)
_DEVICE_NAME = re.compile(rf"{_ACCESS.pattern}|\b(?:avf|avg|fistula|graft)\b", re.I)


# the device's own placing, told as what came before the trouble ("leak after PD cath placement")
_PLACED_BEFORE = re.compile(r"\b(?:after|following|since|s/p)\s+(?:the\s+|its\s+|recent\s+)?(?:[\w-]+\s+){0,3}?"
                            r"(?:placement|insertion|creation|implant\w*)\b", re.I)


def without_devices(text: str) -> str:
    """The text without its devices' names and their earlier placing: "infected LUE AVG" names no act once the
    graft (whose shorthand is also its creation) is taken out, so what is told is the trouble."""
    return _DEVICE_NAME.sub(" ", _PLACED_BEFORE.sub(" ", text))
