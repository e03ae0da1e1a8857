"""The region a code's title names for the spot a note names, where the two differ.

The musculoskeletal chapter's fractures that are not injuries (stress, pathological, osteoporotic) and its bone
infections and necroses name a region ("Stress fracture, left foot", "Osteomyelitis of ankle and foot"), where the
note names the bone ("stress fracture 2nd metatarsal"). L89 names a few regions (sacral region, buttock, hip, upper
back, head) where a wound note names the bony spot under the wound ("DTI of coccyx": sacral region).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Regions:
    """Region words read from a text that tells of their kind of condition (``gate``)."""

    gate: re.Pattern[str]
    table: tuple[tuple[str, str], ...]

    def words(self, text: str) -> str:
        if not self.gate.search(text):
            return ""
        return " ".join(region for region, pattern in self.table if re.search(pattern, text, re.I))


# fractures that are not injuries, and the bone diseases whose codes go by region
_NON_INJURY = re.compile(r"\b(?:stress|fatigue|march|insufficiency|fragility|patho(?:logic(?:al)?)?|osteoporotic)"
                         r"\s+(?:fractures?|fx)\b|\b(?:fractures?|fx)\s+(?:due to|from|through)\s+"
                         r"(?:osteoporo\w*|metasta\w*|(?:a |the )?(?:lesion|tumou?r|cyst))|\bosteomyelitis\b|"
                         r"\bosteonecrosis\b|\bavascular necrosis\b|\bavn\b", re.I)
_BONE_REGIONS = (
    ("foot", r"\b(?:metatarsals?|mt|tarsals?|calcane(?:us|al)|heel|navicular|cuboid|cuneiforms?|jones)\b"),
    ("toe", r"\b(?:toes?|hallux|phalanx of (?:the )?(?:great )?toe)\b"),
    ("ankle", r"\b(?:talus|talar|ankle)\b"),
    ("hand", r"\b(?:metacarpals?|carpals?|scaphoid|lunate|hamate|fingers?|thumb|phalanx of (?:the )?(?:finger|"
             r"thumb)|hand)\b"),
    ("lower leg tibia and fibula", r"\b(?:tibia[ls]?|fibula[rs]?|shin|lower leg)\b"),
    ("forearm ulna and radius", r"\b(?:radius|radial shaft|ulna[r]?|forearm)\b"),
    ("thigh femur", r"\b(?:femur|femoral (?:neck|shaft)|thigh)\b"),
    ("upper arm humerus", r"\b(?:humer(?:us|al)|upper arm)\b"),
    ("pelvis", r"\b(?:pelvis|pelvic|sacrum|sacral|pubic rami|pubic ramus|ilium|ischium|acetabulum)\b"),
)

_PRESSURE = re.compile(r"\b(?:pressure (?:ulcers?|injur\w*|wounds?|sores?)|decub\w*|bed ?sores?|dti|"
                       r"deep tissue (?:pressure )?injur\w*|pu stage|stage (?:[1-4]|i{1,3}|iv) (?:pu|ulcer))\b", re.I)
_PRESSURE_SITES = (
    ("sacral region", r"\b(?:coccyx|coccygeal|tailbone|sacrococcygeal|sacrum)\b"),
    ("hip", r"\b(?:trochanter\w*|trochanteric)\b"),
    ("buttock", r"\b(?:gluteal|gluteus|glute)\b"),
    ("upper back", r"\b(?:scapula[re]?|shoulder blade)\b"),
    ("head", r"\b(?:occiput|occipital)\b"),
)

# joint diseases coded by region ("Idiopathic gout, left ankle and foot", "Rheumatoid arthritis of right hand"):
# the small joints a note names ("1st MTP", "PIP joints") are the region's
_ARTHROPATHY = re.compile(r"\b(?:gout\w*|podagra|pseudogout|cppd|chondrocalcinosis|arthritis|arthropath\w*|"
                          r"osteoarthritis|oa|ra)\b", re.I)
_JOINT_REGIONS = (
    ("ankle and foot", r"\b(?:(?:1st|first|great toe|big toe|\d(?:st|nd|rd|th))?\s*mtps?|metatarsophalangeal|"
                       r"toes?|hallux|podagra|midfoot|tarsometatarsal)\b"),
    ("hand", r"\b(?:mcps?|pips?|dips?|metacarpophalangeal|interphalangeal|fingers?|knuckles?)\b"),
)

BONE = Regions(_NON_INJURY, _BONE_REGIONS)
PRESSURE = Regions(_PRESSURE, _PRESSURE_SITES)
JOINT = Regions(_ARTHROPATHY, _JOINT_REGIONS)


def bone_region_words(text: str) -> str:
    """The region words for the bones a non-injury fracture or bone disease is told of, or ""."""
    return BONE.words(text)


def joint_region_words(text: str) -> str:
    """The region words for the small joints a joint disease is told in, or ""."""
    return JOINT.words(text)


def pressure_site_words(text: str) -> str:
    """The L89 region words for the spots a pressure injury is charted at, or ""."""
    return PRESSURE.words(text)
