"""A stoma or its tube gone wrong ("G-tube clogged", "PEG site cellulitis", "trach stoma bleeding"), read in the
titles of the stoma's own complications (K94, J95.0, N99.51: "Gastrostomy malfunction", "Infection of
tracheostomy stoma"), not as the tube's insertion nor as a T8x device complication.

A tube blocked, leaking, dislodged or pulled out is the stoma's malfunction; redness, pus or cellulitis at its
site its infection; bleeding from it its hemorrhage.
"""

from __future__ import annotations

import re

# the stoma, as a note names it or its tube, and as its titles do
_STOMAS = (
    (re.compile(r"\b(?:g-?tubes?|g-?j tubes?|peg(?: tube)?|gastrostomy(?: tube)?|button)\b", re.I), "gastrostomy"),
    (re.compile(r"\b(?:trach(?:eostomy)?(?: tube| stoma)?)\b", re.I), "tracheostomy stoma"),
    (re.compile(r"\b(?:colostomy|ostomy)\b", re.I), "colostomy"),
    (re.compile(r"\b(?:ileostomy|jejunostomy|j-?tube|enterostomy)\b", re.I), "enterostomy"),
    (re.compile(r"\b(?:suprapubic (?:cath\w*|tube)|sp (?:cath\w*|tube)|spc|cystostomy)\b", re.I), "cystostomy"),
)
_KINDS = (
    (re.compile(r"\b(?:clog\w*|block\w*|occlu\w*|obstruct\w*|won'?t flush|not flushing|leak\w*|dislodg\w*|"
                r"fell out|pulled out|came out|malfunction\w*|broken|cracked|migrat\w*|displac\w*)\b", re.I),
     "malfunction"),
    (re.compile(r"\b(?:infect\w*|infxn|cellulitis|purulen\w*|pus|abscess)\b", re.I), "infection"),
    (re.compile(r"\b(?:bleed\w*|hemorrhag\w*|oozing blood)\b", re.I), "hemorrhage"),
    (re.compile(r"\b(?:prolaps\w*|retract\w*|stenos\w*|stricture\w*|necros\w*|herniat\w*|granulation)\b", re.I),
     "other complications"),
)
# pus seeping from a site is a sign, not a Drainage done
_SEEPING = re.compile(r"\b(?:purulent|serous|serosanguinous|bloody|foul|malodorous|yellow|green|copious)\s+drainage\b",
                      re.I)


def seeping(text: str) -> str:
    return _SEEPING.sub("pus", text)


def without_stomas(text: str) -> str:
    """The note with its stomas named as stomas: "gastrostomy" in "gastrostomy site infection" is the opening
    the trouble is at, not an act of making one."""
    for stoma, _ in _STOMAS:
        text = stoma.sub("stoma", text)
    return seeping(text)
_NEAR = 50
# a tube swapped or taken out on purpose is a procedure, told by its verb; a trouble then is only its reason
_ACT_ON_IT = re.compile(r"\b(?:replac\w*|exchang\w*|chang\w*|reinsert\w*|re-?placed|placed|inserted)\b", re.I)


def stoma_trouble_words(text: str) -> str:
    """The stoma complication the note tells, in its titles' words ("gastrostomy malfunction"), or ""."""
    if _ACT_ON_IT.search(text):
        return ""
    for stoma, name in _STOMAS:
        for found in stoma.finditer(text):
            window = text[max(0, found.start() - _NEAR):found.end() + _NEAR]
            for kind, words in _KINDS:
                if kind.search(window):
                    return f"{name} {words} complication"
    return ""
