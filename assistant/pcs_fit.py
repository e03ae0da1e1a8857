"""How well a PCS code's axes fit what the question states.

Sibling codes under one stem differ only in approach, device, qualifier and
side; this scores those differences so that the stated details pick the code
and, where nothing is stated, the plainest code (no device, no qualifier) wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.dementia import severity_told
from assistant.query import ENDOSCOPIC, ROOT_OPERATION_WORDS, Query, glossary
from core.codes import CM
from core.text import token_set, tokenize

DEVICE_WORDS = {"devic", "stent", "drain", "mesh", "graft", "implant", "prosthesi", "substitut", "fixat",
                "pacemak", "lead", "catheter", "defibril", "tube", "port", "pump", "valv", "spacer", "plate",
                "screw", "rod", "wire", "cage", "balloon", "electrod", "monitor", "stimul", "tissu"}


# Words that make a title no more or less specific to the question.
NEUTRAL = frozenset(tokenize("unspecified other specified site type phase not elsewhere classified nos approach "
                             "initial subsequent encounter sequela new technology group"))


# A title's "without ...", "not ..." and "no ..." phrases deny a detail: they assert nothing.
SIDE_WORDS = frozenset(tokenize("left right bilateral"))
# ("Do not resuscitate" names an order, and denies nothing)
DENIED = re.compile(r"\bwithout [a-z]+ disturbance(?:, [a-z]+ disturbance)+,? and [a-z]+"  # a dementia's list
                    r"|\b(?:without|(?<!do )not|no|w/o|other than|except)\b[^,;()]*", re.I)
# An injury title's 7th-character phrase ("initial encounter for closed fracture", "subsequent encounter for open
# fracture type I or II with delayed healing", "sequela"): the encounter features weigh it, so it is no title
# word to match or to leave unstated.
ENCOUNTER_PHRASE = re.compile(
    r"\b(?:(?:initial|subsequent) encounter(?: for (?:closed|open) fracture(?: type [ivx]+[abc]?"
    r"(?:,? (?:or |and )?[ivx]+[abc]?)*)?)?(?: with (?:routine|delayed) healing| with nonunion| with malunion)?"
    r"|sequela)\b", re.I)
# Words in parentheses are nonessential modifiers ("Essential (primary) hypertension", "Obstructive sleep apnea
# (adult) (pediatric)"): they may be present or absent without changing the code, so they claim nothing.
NONESSENTIAL = re.compile(r"\([^()]*\)")


# "of liver and intrahepatic bile duct", "of ankle and foot": a diagnosis title's "and" joins the parts of one
# region the code covers, so stating one part states the code's site.
_JOINED_SITES = re.compile(r"\bof ((?:[\w'-]+ ){0,3}?[\w'-]+) and ((?:[\w'-]+ ){0,3}?[\w'-]+)"
                           r"(?=,|$| with\b| without\b| due\b| in\b)")


# "with stage 5 chronic kidney disease or end stage renal disease", "..., or unspecified ...": a title's "or"
# (and a title's "and" between two words) offers alternatives, and the question states one of them.
_CLAUSE_BREAK = re.compile(r",|\b(?:with|without|due to|in|of)\b")


_ADJECTIVES = re.compile(r"\b([a-z]+(?:al|ic|ous|ar|ary))\s+and\s+([a-z]+(?:al|ic|ous|ar|ary))\b")


def _alternatives(lowered_title: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    pieces = [p.strip() for p in _CLAUSE_BREAK.split(NONESSENTIAL.sub(" ", lowered_title))]
    pairs = []
    for before, piece in zip(["", *pieces], pieces, strict=False):
        if piece.startswith("or "):  # "..., or unspecified chronic kidney disease"
            pairs.append((before, piece[3:]))
        elif " or " in piece:
            a, _, b = piece.partition(" or ")
            pairs.append((a, b))
        elif re.fullmatch(r"[\w'-]+ and [\w'-]+", piece):
            # "and" in a title means "and/or" (convention I.A.14): "Syncope and collapse", "Hemiplegia and
            # hemiparesis". Only between two single words: "Hypertensive heart and chronic kidney disease" needs both.
            a, _, b = piece.partition(" and ")
            pairs.append((a, b))
        else:  # two describing words: "renal and ureteral calculous obstruction"
            pairs.extend(_ADJECTIVES.findall(piece))
    return [(token_set(a) - NEUTRAL - SIDE_WORDS, token_set(b) - NEUTRAL - SIDE_WORDS) for a, b in pairs]


def joined_site_words(lowered_title: str, stated: set[str] | frozenset[str]) -> frozenset[str]:
    """The words of a title's "A and B" site, or of its "A or B" alternatives, that the question need not
    say, having said the other part."""
    out: set[str] = set()
    for match in _JOINED_SITES.finditer(lowered_title):
        a, b = (token_set(part) - NEUTRAL - SIDE_WORDS for part in match.groups())
        if a & stated and not b & stated:
            out |= b
        elif b & stated and not a & stated:
            out |= a
    for a, b in _alternatives(lowered_title):
        if b and b <= stated and not a <= stated:
            out |= a - b
        elif a and a <= stated and not b <= stated:
            out |= b - a
    return frozenset(out)


# "of left upper limb, including shoulder": what a site includes widens it, it claims nothing more.
_INCLUDING = re.compile(r",?\s*\bincluding\b[^,;()]*", re.I)


@lru_cache(maxsize=65_536)
def claimed_text(title: str) -> str:
    """A diagnosis title less what it denies, its 7th-character phrase, what it includes and its nonessential
    modifiers."""
    return NONESSENTIAL.sub(" ", ENCOUNTER_PHRASE.sub(" ", _INCLUDING.sub(" ", DENIED.sub(" ", title))))

_APPROACH_IN_TITLE = re.compile(r", ((?:Via )?[A-Z][A-Za-z ]*?) Approach\b")


# Body systems whose scopes usually go in through a natural opening (mouth, nose, anus, urethra,
# vagina): ENT, respiratory, mouth and throat, digestive, hepatobiliary (ERCP), urinary, female and
# male reproductive. Elsewhere an unqualified "endoscopic" is a port through the skin.
ENDOSCOPIC_VIA_OPENING = frozenset({"09", "0B", "0C", "0D", "0F", "0T", "0U", "0V"})

_OPENING_LABELS = ("Via Natural or Artificial Opening Endoscopic", "Via Natural or Artificial Opening")

EXTENT_FIT = 0.5

SURGICAL_SECTIONS = frozenset("01")
UNSTATED_OPEN = 0.3

# Words of a title's denial that deny nothing themselves ("without diagnosis of hypertension").
_DENIAL_FRAME_WORDS = frozenset({
    "without", "not", "no", "w/o", "diagnosis", "history", "evidence", "sign", "signs", "mention", "documentation",
    "of", "the", "a", "an", "any", "other", "or", "and"})


def _denied_words(lowered_title: str, agreed: frozenset[str] = frozenset()) -> frozenset[str]:
    """What a diagnosis title says is absent: "Acute gastric ulcer without hemorrhage or perforation".
    Whole words, not stems: "without esophagitis" denies nothing "gastro-esophageal" states. A word the title
    also asserts outside its denials is a place, not the thing denied ("without rupture of ear drum, left ear").
    A denial that holds a stem in ``agreed`` (what the question denies too: "no current fx" and "without
    current pathological fracture") is agreement, not a contradiction."""
    kept = frozenset(re.findall(r"[a-z]+", DENIED.sub(" ", lowered_title)))
    items = (item for m in DENIED.finditer(lowered_title) for item in re.split(r",|\bor\b|\band\b", m.group(0)))
    return frozenset(w for item in items if not token_set(item) & agreed
                     for w in re.findall(r"[a-z]+", item) if w not in _DENIAL_FRAME_WORDS and w not in kept)


# Denials a glossary reading copies from the titles ("... site not specified", "... without abnormal findings"):
# they state nothing the title could deny.
_NOT_SPECIFIED = re.compile(r"\bnot (?:otherwise )?specified\b|\bnot elsewhere classified\b|"
                            r"\bwithout (?:abnormal findings|complications?)\b", re.I)


@lru_cache(maxsize=1024)
def _stated_words(text: str) -> frozenset[str]:
    """(cached: read once per question, not once per candidate)"""
    words = re.findall(r"[a-z]+", text.lower())
    return frozenset(words) | frozenset(w[:-1] for w in words if w.endswith("s"))


FIT_PARTS = ("title_match", "approach", "side", "diagnostic", "device", "inspection", "extent", "root", "negation",
             "unspecified", "qualifier", "severity")

ROOT_MATCH = 0.3
ROOT_MISMATCH = 0.2


def root_of(title: str, axes: dict[str, str]) -> str:
    """The code's root operation as a stemmed word, from its axes or its title's first word."""
    word = axes.get("root_operation") or title.split(" ", 1)[0]
    stem = tokenize(word)
    return stem[0] if stem and stem[0] in ROOT_OPERATION_WORDS else ""


def approach_of(title: str, axes: dict[str, str]) -> str:
    if axes.get("approach"):
        return axes["approach"]
    match = _APPROACH_IN_TITLE.search(title)
    if match:
        return match.group(1)
    # Titles of the endoscopic natural-opening approaches end without the word "Approach".
    return next((label for label in _OPENING_LABELS if title.endswith(label) or f"{label}," in title), "")


# An ICD-10-CM title whose side is left open: "unspecified eye", "of unspecified knee", "unspecified side".
UNSPECIFIED_SIDE = re.compile(
    r"\bunspecified (?:side|eyes?|ears?|eyelids?|orbit|lacrimal|lung|kidney|ureter|breast|ovary|fallopian|testis|"
    r"upper (?:limb|arm|extremity)|lower (?:limb|leg|extremity)|arm|leg|hand|foot|feet|fingers?|thumb|toes?|"
    r"great toe|shoulder|elbow|wrist|hip|knee|ankle|thigh|forearm|femur|tibia|fibula|humerus|radius|ulna|"
    r"clavicle|scapula|calcaneus|patella|metacarpal|metatarsal)\b", re.I)


# "Right heart failure", "left bundle-branch block", "double outlet right ventricle": a diagnosis title's "right"
# or "left" that names part of the heart, not the side of a paired organ (a procedure's "Right Heart", capitalised,
# is the side its measurement or imaging is of).
CARDIAC_SIDE = re.compile(r"\b(?:[Rr]ight|[Ll]eft)(?= (?:heart|ventric[a-z]*|atri(?:al|um)|bundle-branch)\b)")


def side_of(title: str, axes: dict[str, str], qualifier: bool = False) -> str | None:
    """The side a code names: its body part's; with ``qualifier``, for a body part with no side ("Coronary
    Artery"), its qualifier's ("from Left Internal Mammary"): a side the question states may match it, but it
    is no side to ask about (a mitral valve's "Atrioventricular Valve, Left")."""
    body = axes.get("body_part")
    return _side_in(body or title, not body, axes.get("qualifier", "") if qualifier else "")


_SIDES = tuple((side, re.compile(rf"\b{side}\b", re.I)) for side in ("Bilateral", "Right", "Left"))


@lru_cache(maxsize=65_536)
def _side_in(body: str, is_title: bool, qualifier: str) -> str | None:
    """(cached: the same titles are read for every question)"""
    for label in (CARDIAC_SIDE.sub(" ", body) if is_title else body, qualifier):
        for side, pattern in _SIDES:
            # PCS capitalises the side ("Right Knee Joint"), ICD-10-CM does not (", bilateral", "of left radius")
            if pattern.search(label):
                return side
    return None


UNILATERAL_WORDS = frozenset(tokenize("unilateral"))


# An artery left on its origin and swung to the target ("pedicled", "in situ"; an internal mammary unless said
# to be free) is the bypass's own conduit. A pedicle screw is a spine's.
_PEDICLE = re.compile(r"\bpedicled?\b(?![- ]screws?)|\bin[- ]situ\b|\b[lrb]?ima\b|\bbima\b|\binternal mammary\b", re.I)
_FREE_GRAFT = re.compile(r"\bfree\b", re.I)
_OTHER_CONDUIT = re.compile(r"\b(?:svgs?|veins?|venous|saphenous|gsv|radial|gastroepiploic|graft from the aorta)\b",
                            re.I)


_CAGE = re.compile(r"(?<!no )(?<!without )(?<!w/o )(?:\bcages?\b|\bpeek\b|\binterbody (?:devices?|cages?|implants?)\b)",
                   re.I)


@lru_cache(maxsize=256)
def denied_meanings(words: tuple[str, ...]) -> frozenset[str]:
    """What the glossary reads the question's single denied words as ("fx": fracture), less generic words."""
    terms = glossary()[0]
    return frozenset(t for w in words if w in terms for t in tokenize(terms[w].expansion)) - NEUTRAL - \
        ROOT_OPERATION_WORDS



# What a question says when a device is there, for devices whose name shares its word with a root
# operation ("drainage" names the operation; a drain, tube or catheter left in names the device).
DEVICE_SYNONYMS = {"Drainage Device": frozenset(tokenize("drain drains tube catheter pigtail"))}
# Words a device's name shares with body parts: "Autologous Arterial Tissue" is stated by "autologous"
# or "graft", not by the artery being operated on.
GENERIC_DEVICE_WORDS = frozenset(tokenize("device other tissue arterial venous artery vein"))


def device_stated(device: str, tokens: set[str]) -> bool:
    words = token_set(device) - ROOT_OPERATION_WORDS - GENERIC_DEVICE_WORDS
    return bool(words & tokens or DEVICE_SYNONYMS.get(device, frozenset()) & tokens)


# Words a qualifier shares with other things said: "Hand-Assisted" is told by the hand, not by a robot's
# "assisted"; "Rapid Deployment Technique" by "rapid", not by a stent or valve "deployed".
_QUALIFIER_SHARED = frozenset(tokenize("assisted deployment technique"))


def fit(query: Query, code: str, title: str, axes: dict[str, str], system: str = "") -> float:
    """Roughly -3..+3: positive when the code's distinguishing details match the question."""
    return sum(fit_parts(query, code, title, axes, system).values())


def fit_parts(query: Query, code: str, title: str, axes: dict[str, str], system: str = "") -> dict[str, float]:
    """Each coding rule's say on this code, apart, so the scorer can weigh them (assistant.features)."""
    parts = dict.fromkeys(FIT_PARTS, 0.0)
    # A diagnosis title's "without ..." and "not ..." phrases deny details: they are not words to match.
    title_tokens = token_set(claimed_text(title) if system == CM else title) - NEUTRAL
    if not query.side:  # an unstated side is the side rule's say (and a clarifying question), not a missing word
        title_tokens -= SIDE_WORDS - (token_set(" ".join(CARDIAC_SIDE.findall(title))) if system == CM else set())
    elif query.side in ("Right", "Left"):  # one side told: a "unilateral" title states it
        title_tokens -= UNILATERAL_WORDS
    if title_tokens:
        parts["title_match"] = 1.5 * len(title_tokens & query.tokens) / len(title_tokens)
    approach = approach_of(title, axes)
    if query.approach == ENDOSCOPIC and approach:
        if approach.endswith("Endoscopic"):
            via_opening = approach.startswith("Via")
            parts["approach"] = 1.0 if via_opening == (code[:2] in ENDOSCOPIC_VIA_OPENING) else 0.4
        else:
            parts["approach"] = -1.0
    elif query.approach and approach:
        parts["approach"] = 1.0 if approach == query.approach else -1.0
    elif not query.approach and approach == "Open" and code[:1] not in SURGICAL_SECTIONS:
        parts["approach"] = -UNSTATED_OPEN  # outside surgery, an open approach is the exception and would be said
    side = side_of(title, axes, qualifier=True)
    if query.side and side:
        parts["side"] = 0.8 if side == query.side else -1.0
    elif query.side and system == CM and UNSPECIFIED_SIDE.search(title):
        parts["side"] = -0.5  # "unspecified eye" when the question says which
    qualifier = axes.get("qualifier", "")
    is_diagnostic = qualifier == "Diagnostic" or title.endswith("Diagnostic") or ", Diagnostic" in title
    if is_diagnostic:
        parts["diagnostic"] = 0.8 if query.diagnostic else -0.6
    elif query.diagnostic and code[0] == "0" and code[2] in "B9":
        parts["diagnostic"] = -0.4
    device = axes.get("device", "")
    # the balloon of an angioplasty dilates and comes out again: a device only when something else is left in
    tools = frozenset({"balloon"}) if "dilat" in query.other_roots else frozenset()
    # a pedicled artery (a LIMA left on its origin) is the bypass's own conduit: no device, whatever "graft" says
    # (a rule, not a hint: it outweighs the device words "graft" brings to every title)
    in_situ = code[:1] == "0" and code[2:3] == "1" and bool(_PEDICLE.search(query.text)) and not \
        _FREE_GRAFT.search(query.text)
    pedicle = in_situ and "Internal Mammary" in axes.get("qualifier", "")
    if in_situ and not pedicle and code[:3] == "021" and not _OTHER_CONDUIT.search(query.text):
        parts["device"] = -1.0  # the in-situ mammary is the only conduit: the bypass starts there
    elif code[:1] == "0" and code[2:3] == "G" and "Tissue Substitute" in device and _CAGE.search(query.text):
        parts["device"] = -1.0  # a cage packed with bone graft is the Interbody Fusion Device (guideline B3.10c)
    elif device and device != "No Device":
        parts["device"] = -1.0 if pedicle else 0.5 if device_stated(device, query.tokens) else -0.4
    elif device == "No Device" and pedicle:
        parts["device"] = 1.0
    elif device == "No Device" and query.tokens & (DEVICE_WORDS - tools):
        parts["device"] = -0.3
    lowered = title.lower()
    if system != CM and (axes.get("root_operation") == "Inspection" or lowered.startswith("inspection")):
        # Inspection done to reach another objective is not coded apart (PCS guideline B3.11a).
        if query.look_only:
            parts["inspection"] = 0.8
        elif query.other_roots:
            parts["inspection"] = -1.0
    root = root_of(title, axes) if system != CM else ""
    if root in ("excis", "resect") and query.extent == "organ":
        # an organ's "-ectomy" with no word for part or whole leans to Resection, without overruling told words
        parts["extent"] = EXTENT_FIT / 2 if root == "resect" else 0.0
    elif root in ("excis", "resect") and query.extent in ("part", "whole"):
        # Excision takes part of a body part, Resection all of it (guideline B3.8): the words decide.
        parts["extent"] = EXTENT_FIT if (root == "excis") == (query.extent == "part") else -EXTENT_FIT
    if root == "replac" and query.extent == "joint" and "Surface" in axes.get("body_part", ""):
        parts["extent"] = -EXTENT_FIT  # a total joint's components are not one surface's resurfacing
    if root and query.other_roots and root != "inspect":
        # The question (or its glossary reading) names the root operation: codes of another root step back.
        parts["root"] = ROOT_MATCH if root in query.other_roots else -ROOT_MISMATCH
        if query.asked_roots and root not in query.asked_roots:
            parts["root"] -= ROOT_MISMATCH  # a note of several acts asked for one: the others step back further
        if root == "insert" and "reposit" in query.other_roots:
            # a fracture reduced and fixed is one Reposition with its device (guideline B3.15), not an Insertion
            parts["root"] = -ROOT_MISMATCH
    device_tokens = token_set(device) if device and device != "No Device" else frozenset()
    for word in query.negated_raw:
        # "no stent": not an Intraluminal Device; "no tube left in": not a Drainage Device
        if device_tokens and (device_tokens <= token_set(word) or token_set(word) & DEVICE_SYNONYMS.get(device, set())):
            parts["negation"] -= 0.8
        elif re.search(rf"\b(without|not|no)\b[^,]*?\b{re.escape(word)}", lowered):
            # ... unless the title claims part of it elsewhere ("Hypertensive heart and CKD without heart
            # failure" for "no heart failure": the heart disease is its own, unstated, claim)
            claimed = token_set(word) & token_set(DENIED.sub(" ", lowered))
            if not claimed:
                parts["negation"] += 0.5
            elif claimed - query.tokens:
                parts["negation"] -= 0.4  # it claims what the question mentions only to deny
        elif re.search(rf"\b{re.escape(word)}(?:e?s)?\b", lowered) or (
                token_set(word) and token_set(word) <= token_set(DENIED.sub(" ", lowered))):
            parts["negation"] -= 0.8  # "no hypertension" against "Hypertensive CKD" too
    if system == CM and not parts["negation"] and token_set(DENIED.sub(" ", lowered)) & (
            denied_meanings(tuple(query.negated_raw)) & query.negated):
        parts["negation"] -= 0.8  # a denied abbreviation's meaning: "no current fx" against "with ... fracture"
    # (the glossary's reading may copy a title's own denial, "urinary tract infection site not specified": it
    # states nothing)
    stated = _stated_words(_NOT_SPECIFIED.sub(" ", query.expanded))
    told = stated - _stated_words(" ".join(query.negated_raw))
    if system == CM and _denied_words(lowered, frozenset(query.negated)) & told:
        parts["negation"] -= 0.8  # "without hemorrhage" when the question says the ulcer bleeds
    if system == CM:
        # ICD-10-CM: with no detail stated, the unspecified code is the coder's default, "other" is not.
        if "unspecified" in lowered:
            parts["unspecified"] = 0.3
        elif lowered.startswith("other") and "other" not in query.text.lower():
            parts["unspecified"] = -0.3
        if "dementia" in lowered:
            parts["severity"] = _dementia_stage_fit(lowered, query.text)
    # a transfusion is of donor blood unless the patient's own is said: Nonautologous is the plain one there
    plain = ("No Qualifier", "Diagnostic") + (("Nonautologous",) if code.startswith("302") else ())
    if qualifier and qualifier not in plain:
        parts["qualifier"] = 0.3 if (token_set(qualifier) - _QUALIFIER_SHARED) & query.tokens else -0.25
    # a New Technology code names its technology ("using Ultrasound Ablation"): one the question does not name is
    # another procedure's code, however well its root operation and body part fit
    technology = _NEW_TECHNOLOGY.search(title) if code.startswith("X") else None
    if technology and {w for w in token_set(technology.group(1)) - NEUTRAL if len(w) > 1} - query.tokens:
        parts["qualifier"] -= 0.5
    return parts


_TITLE_STAGE = re.compile(r", (mild|moderate|severe|unspecified severity),")
STAGE_FIT = 0.25


def _dementia_stage_fit(lowered_title: str, text: str) -> float:
    """A dementia's stage, told or not: "severity not documented" is the unspecified severity, not severe
    (the two share a stem, so the title's words cannot tell them apart)."""
    stage = _TITLE_STAGE.search(lowered_title)
    if stage is None:
        return 0.0
    told = severity_told(text) or "unspecified severity"
    return STAGE_FIT if stage.group(1) == told else -STAGE_FIT


_NEW_TECHNOLOGY = re.compile(r"\busing ([^,]+)", re.I)
