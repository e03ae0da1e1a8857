"""One record of features per candidate code: everything the scorer may weigh, computed once.

Each coding rule is a feature, not an override: how much of the question the
code answers, how strongly the evidence voted for it, each detail rule of
assistant.pcs_fit apart, title precision (details the title asserts that the
question never stated), the encounter's 7th character, and which code set the
question's words lean to. The weights come from data (bench/fit_weights.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.candidates import Candidate
from assistant.fetus import title_fetus
from assistant.nos import title_terms
from assistant.pcs_fit import (
    FIT_PARTS,
    NEUTRAL,
    NONESSENTIAL,
    UNILATERAL_WORDS,
    approach_of,
    claimed_text,
    fit_parts,
    joined_site_words,
)
from assistant.query import Query, secondary_sites
from core.codes import CM, PCS
from core.text import token_set

# Codes the guidelines never list first: organisms as the cause of a disease coded elsewhere
# (B95-B97), external causes (V00-Y99) and the weeks of gestation (Z3A, beside a chapter 15 code) always stand
# beside the condition's own code.
_NEVER_FIRST = re.compile(r"^(B9[5-7]|[VWXY]\d|Z3A)")
# ... unless the question asks for that code itself ("ext cause only: slipped on a wet floor", "place of occurrence
# code for the factory floor", "just need the weeks code")
_COMPANION_ASKED = re.compile(r"\b(?:ext(?:ernal)?\.? cause|place of (?:occurrence|injury)|activity codes?|"
                              r"y9[23]|w codes?|weeks? codes?|z3a)\b", re.I)
_ENCOUNTER_CHAPTERS = ("S", "T", "M")
# Eye and ear titles name the organ beside a side ("right eye", "unspecified ear") but not beside "bilateral".
_EYE_WORDS = token_set("eye eyes")
_EAR_WORDS = token_set("ear ears")
# A pregnant patient's chapter 15 titles frame every condition as "maternal care for (suspected) ... in fetus" or
# "... complicating pregnancy": the story told in pregnancy states that frame without its words.
_PREGNANCY_FRAME = token_set("maternal care suspected fetus fetal pregnancy complicating childbirth puerperium")
# "with <a manifestation>" in a title asserts it ("... with thyrotoxic crisis"); "without" denies it.
_WITH = re.compile(r"\bwith ([^,;]+)")
# Detail classes a diagnosis title can assert (guideline I.A and the "unspecified" convention): a code
# claiming one of these when the question never said it is less likely than the plain code.
DETAIL_WORDS = frozenset(token_set(
    "with intractable status complicated complication perforation perforated gangrene obstruction hemorrhage "
    "bleeding abscess recurrent acute chronic bilateral right left initial subsequent sequela secondary induced "
    "drug alcohol stage severe moderate mild persistent single episode multiple infection infected ulcer "
    "psychotic remission hypertensive diabetic congenital traumatic nontraumatic postprocedural malignant "
    "benign metastatic neonatal newborn perinatal pregnancy childbirth puerperium maternal fetal"))
# Chapters and blocks whose codes describe a setting that must be stated: the newborn, pregnancy,
# an encounter for an examination, a history, a status. Each with the words that state it.
_STATUS_CODES = re.compile(r"^Z8[89]|^Z9[0-9]")
_STATUS_WORD = re.compile(r"\bstatus\b", re.I)
CONTEXTS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"^P"), frozenset(token_set("newborn neonatal neonate perinatal infant baby birth born preterm "
                                            "premature gestational fetal nicu"))),
    (re.compile(r"^O|^Z3[0-9]"), frozenset(token_set(
        "pregnancy pregnant gestation gestational trimester weeks postpartum puerperal puerperium delivery "
        "delivered labor obstetric prenatal antepartum intrapartum iup g1 g2 g3 gravida ectopic abortion "
        "miscarriage placenta preeclampsia eclampsia hyperemesis"))),
    (re.compile(r"^Z0[0-9]|^Z1[0-3]"), frozenset(token_set(
        "screening screen exam examination check checkup physical wellness well visit encounter routine "
        "follow observation evaluation test testing counseling vaccination immunization"))),
    (re.compile(r"^Z8[0-7]"), frozenset(token_set("history hx fhx h/o family personal past prior previous ago "
                                                  "former remote resolved"))),
    (_STATUS_CODES, frozenset(token_set(
        "status s/p post history hx absence absent presence dependent dependence transplant replacement "
        "amputation ostomy noncompliance allergy long term use"))),
)
# An injury code (S00-T34: wounds, fractures, burns, frostbite) describes trauma, which the words must tell: a
# gout flare of the great toe is no abrasion of it, an osteoporotic or stress fracture is no traumatic one.
_INJURY_CODE = re.compile(r"^(?:S|T[0-2]|T3[0-4])")
_INJURY_WORDS = token_set(
    "injury injured injuries trauma traumatic fall fell fallen accident hit struck cut laceration lacerated sprain "
    "sprained strain strained fracture fractured fx wound bite bitten burn burned burns contusion bruise bruised "
    "abrasion dislocation dislocated crush crushed traumatic amputation foreign body blister puncture scratch "
    "sting stung gunshot collision assault assaulted tear torn concussion frostbite avulsion whiplash kicked "
    "twisted rolled jammed caught dropped slipped tripped stab stabbed shot")
_NOT_TRAUMA = re.compile(r"\b(?:osteoporo\w*|pathologic\w*|stress fx|stress fractures?|fragility|insufficiency "
                         r"fractures?)\b", re.I)
_PREGNANCY_CODE = re.compile(r"^(?:O|Z3)")
# Codes that belong on the other record of a birth (assistant.query.record_of).
_OTHER_RECORD = {"mother": re.compile(r"^(?:Z38|P)"), "newborn": re.compile(r"^(?:O|Z3[37A])")}
_UNSTATED_APPROACH = (("Open", "open"), ("Percutaneous", "percutaneous"), ("Percutaneous Endoscopic", "endoscopic"),
                      ("Via Natural or Artificial Opening", "opening"),
                      ("Via Natural or Artificial Opening Endoscopic", "opening_endoscopic"), ("External", "external"))

DONOR_BLOOD = frozenset(token_set("nonautologous"))
_GIVEN_SECTIONS = frozenset("3X")  # Administration, New Technology
FEATURES = (
    "vote", "coverage", "focus_coverage", "concepts", "all_concepts", "coder_term", "named_table", "index_vote",
    *(f"fit_{name}" for name in FIT_PARTS),
    "unstated", "unstated_words", "cm_unstated_words", "with_unstated", "title_words", "detail_unstated",
    "context_unstated", "plain_unspecified",
    "default_code", "nos_default", "inclusion_term", "title_term", "other_kind", "cm_length",
    *(f"unstated_approach_{name}" for _, name in _UNSTATED_APPROACH),
    "encounter_match", "encounter_mismatch", "encounter_default", "behavior_mismatch",
    "intent_match", "intent_mismatch", "intent_default", "event_unstated", "trimester_match", "trimester_mismatch",
    "past_cancer_current", "status_procedure", "history_current",
    "pcs", "cm", "lean_pcs", "lean_cm", "act_pcs", "act_cm", "title_act_cm", "ask_cm", "ask_cm_act",
    "named_match", "named_mismatch", "never_first",
    "pregnancy_outside", "pcs_cm_words", "record_mismatch", "weak_match",
)


@dataclass(frozen=True)
class Context:
    """What every candidate of one question is measured against."""

    query: Query
    weights: list[float]  # per concept group of the question
    top_vote: float
    lean: float  # > 0: the question's words lean to a procedure; < 0: to a diagnosis
    terms: tuple[frozenset[str], ...] = ()  # the question as a bare term (assistant.nos.asked_terms)


_OTHER_KIND = re.compile(r"^other |\b(?:with|of|in|and) other\b(?! than)")


# Words any number of titles share: a concept matched by one of these alone ("infection" of "urinary tract
# infection" in "Escherichia coli infection") is barely answered.
GENERIC = token_set("unspecified other specified site type not elsewhere classified nos infection infections "
                    "disease diseases disorder disorders syndrome condition acute chronic abnormal abnormality injury "
                    "lesion pain")  # (the approach and encounter words have features of their own)


def weak_match(query: Query, weights: list[float], words: set[str] | frozenset[str]) -> float:
    """Share of the question's concepts (weighted) that these words meet only by a generic word."""
    total = sum(weights)
    if not total:
        return 0.0
    return sum(w for g, w in zip(query.groups, weights, strict=True)
               if (hit := g & words) and hit <= GENERIC and not g <= GENERIC) / total


def coverage(query: Query, weights: list[float], words: set[str] | frozenset[str]) -> float:
    """Share of the question's concepts (weighted by rarity) that these words answer."""
    total = sum(weights)
    if not total:
        return 0.0
    return sum(w for g, w in zip(query.groups, weights, strict=True) if g & words) / total


def focus_coverage(query: Query, weights: list[float], words: set[str] | frozenset[str]) -> float:
    """Coverage of the concepts the question states as its conclusion; plain coverage when it states none."""
    focus = [g & query.focus or typed & query.focus for g, typed in
             zip(query.groups, query.typed or [frozenset()] * len(query.groups), strict=True)]
    total = sum(w for f, w in zip(focus, weights, strict=True) if f)
    if not total:
        return coverage(query, weights, words)
    return sum(w for g, f, w in zip(query.groups, focus, weights, strict=True) if f and g & words) / total


@lru_cache(maxsize=65_536)
def asserted_words(title: str) -> frozenset[str]:
    """The details a title asserts: its words less the generic ones and those it denies (cached: a title is
    described for many questions, and for a question hundreds of titles are)."""
    return token_set(claimed_text(title)) - NEUTRAL


def lean(query: Query) -> float:
    """Procedure against diagnosis words, from -1 (a diagnosis) to +1 (a procedure)."""
    if query.named_system == CM:
        return -1.0
    if query.named_system == PCS:
        return 1.0
    if query.procedure_cues == 0:  # nothing names a procedure: a diagnosis, the more so when words name one
        return -1.0 if query.diagnosis_cues else -0.3
    diff = query.procedure_cues - query.diagnosis_cues
    return max(-1.0, min(1.0, diff / 2.0))


# A neoplasm's behaviour is read from its morphology (the Neoplasm Table's columns): a carcinoma is
# malignant, an adenoma benign, "in situ" is its own column. A code of another behaviour is a wrong code.
_BEHAVIOR_WORDS = (
    ("in situ", re.compile(r"\bin situ\b|\b(?:dcis|lcis|cis|cin ?(?:3|iii))\b")),
    ("uncertain", re.compile(r"\buncertain (?:behaviou?r|potential)\b")),
    ("malignant", re.compile(r"\bmalignan\w*|\bcancer|\w*carcinoma\b|\w*sarcoma\b|\bmelanoma\b|\w*lymphoma\b|"
                             r"\bleuka?emia\b|\bmyeloma\b|\w*blastoma\b|\bmetasta\w*|\bmets\b|\bca\b|"
                             r"\b(?:ns|s)clc\b|\b(?:bcc|scc|idc|ilc|hcc|rcc|crc|gbm)\b")),
    ("benign", re.compile(r"\bbenign\b|\w*adenoma\b|\w*lipoma\b|\w*fibroma\b|\w*myoma\b|\bhemangioma\b|"
                          r"\bpapilloma\b|\bneurofibroma\b|\bmeningioma\b|\bfibroids?\b")),
)


@lru_cache(maxsize=1024)
def behavior_asked(text: str) -> str | None:
    """The neoplasm behaviour the question's morphology words give, the first class in order that matches."""
    lowered = text.lower()
    return next((name for name, pattern in _BEHAVIOR_WORDS if pattern.search(lowered)), None)


def behavior_of(code: str, title: str) -> str | None:
    """A CM neoplasm code's behaviour, from its block (C00-D49) and title."""
    lowered = title.lower()
    if code[0] == "C":
        return "malignant"
    if code.startswith("D3A"):
        return "malignant" if "malignant" in lowered else "benign"
    if code[0] != "D" or not code[1:3].isdigit() or int(code[1:3]) > 49:
        return None
    block = int(code[1:3])
    if block <= 9:
        return "in situ"
    if block <= 36:
        return "benign"
    return "uncertain" if block <= 48 else "unspecified"


_TRIMESTER_TITLE = re.compile(r"\b(?:(first|second|third|unspecified) trimester|(childbirth|complicating labor)|"
                              r"(puerperium))\b")
# A condition "complicating pregnancy" or "in pregnancy" by trimester has siblings for childbirth and the
# puerperium; a labor's or a maternal care's trimester is the delivery's own.
_PREGNANCY_TRIMESTER = re.compile(r"\b(?:complicating|in) pregnancy, (?:first|second|third|unspecified) trimester\b")


# The 7th character's encounter (as query.ENCOUNTER_CUES names it) and, for fractures, open or closed.
_FAMILY = {"A": "A", "B": "A", "C": "A", "D": "D", "E": "D", "F": "D", "G": "G", "H": "G", "J": "G",
           "K": "K", "M": "K", "N": "K", "P": "P", "Q": "P", "R": "P", "S": "S"}


def seventh_character(code: str, title: str) -> tuple[str, bool]:
    """Which encounter an injury code's 7th character is for, and whether it is for an open fracture."""
    char = code[-1]
    if "fracture" not in title.lower():
        return char, False
    return _FAMILY.get(char, char), "open fracture" in title.lower()


def intent_character(code: str) -> str:
    """A poisoning code's intent: its 6th character, or its 5th where an X holds the 6th place ("T61.11XA",
    "T58.01XA")."""
    if len(code) != 7:
        return ""
    return code[4] if code[5] == "X" else code[5]


@lru_cache(maxsize=4096)
def companion_asked(text: str) -> bool:
    """Whether the question asks for a code that is otherwise never listed first (an external cause, the weeks)."""
    return bool(_COMPANION_ASKED.search(text))


def describe(cand: Candidate, ctx: Context) -> dict[str, float]:
    query, info = ctx.query, cand.info
    code, system = info.code, info.system
    words = token_set(info.title) | token_set(cand.extra_text) | {code[:3].lower(), code[:4].lower()}
    if system == CM and code[0] == "H" and "bilateral" in info.title.lower():
        words |= _EYE_WORDS if code[1:3] < "60" else _EAR_WORDS  # "bilateral" there is both eyes (ears)
    matched = [g for g in query.groups if g & words]
    row = dict.fromkeys(FEATURES, 0.0)
    row["vote"] = cand.vote / ctx.top_vote if ctx.top_vote else 0.0
    row["index_vote"] = cand.index_vote / ctx.top_vote if ctx.top_vote else 0.0
    row["coverage"] = coverage(query, ctx.weights, words)
    row["focus_coverage"] = focus_coverage(query, ctx.weights, words)
    row["weak_match"] = weak_match(query, ctx.weights, words)
    row["concepts"] = len(matched) / len(query.groups) if query.groups else 0.0
    row["all_concepts"] = float(bool(query.groups) and len(matched) == len(query.groups))
    row["coder_term"] = float(any(t and g & words for g, t in zip(query.groups, query.coder_terms, strict=False)))
    row["named_table"] = float(cand.named_table)
    # a question that asks for its diagnoses gives a procedure's axes nothing to fit: a cystoscopy told on the way
    # ("cystoscopy and CT negative") is no answer to "Code the hematuria"
    if not (system == PCS and query.named_system == CM):
        for name, value in fit_parts(query, code, info.title, info.axes, system).items():
            row[f"fit_{name}"] = value
    asserted = asserted_words(info.title)
    unstated = asserted - query.tokens - token_set(cand.extra_text if system == PCS else "")
    if query.side in ("Right", "Left"):
        unstated -= UNILATERAL_WORDS  # one side told states a "unilateral" title
    if query.pregnant and system == CM:
        unstated -= _PREGNANCY_FRAME
    if system == CM:
        unstated -= joined_site_words(info.title.lower(), query.tokens)
    elif code.startswith("302"):
        unstated -= DONOR_BLOOD  # a transfusion is of donor blood unless the patient's own is said
    row["unstated_words"] = float(len(unstated))
    row["unstated"] = len(unstated) / len(asserted) if asserted else 0.0
    row["title_words"] = float(len(asserted))
    row["detail_unstated"] = float(len((asserted & DETAIL_WORDS) - query.tokens))
    stated = query.tokens | token_set(query.text)
    # ("status" is no token of the index: "trach status", "status code?" tell it in the words as typed)
    status_said = bool(_STATUS_WORD.search(query.text))
    row["context_unstated"] = float(system == CM and (any(
        pattern.match(code) and not (words_ & stated) and not (status_said and pattern is _STATUS_CODES)
        for pattern, words_ in CONTEXTS)
        or bool(_INJURY_CODE.match(code)) and (not stated & _INJURY_WORDS or bool(_NOT_TRAUMA.search(query.text)))))
    # the other record's codes: a newborn's Z38/P codes on the mother's delivery record, her O codes on his
    # (the delivery itself, an Obstetrics-section procedure, is done to the mother and coded on her record)
    row["record_mismatch"] = float(system == CM and bool(query.record and _OTHER_RECORD[query.record].match(code))
                                   or system == PCS and query.record == "newborn" and code.startswith("10"))
    lowered = info.title.lower()
    # "with unspecified type of pneumonia" claims the pneumonia only; "(acute)" is a nonessential modifier
    with_unstated = any(token_set(m) - query.tokens - NEUTRAL for m in _WITH.findall(NONESSENTIAL.sub(" ", lowered)))
    # In a diagnosis title every word is a claim about the patient ("Cough syncope", "... with crisis"):
    # PCS titles repeat their table's words, so their unstated words say less and weigh apart.
    row["cm_unstated_words"] = float(len(unstated)) if system == CM else 0.0
    row["with_unstated"] = float(system == CM and with_unstated)
    row["plain_unspecified"] = float(system == CM and len(query.groups) <= 2 and not (asserted & DETAIL_WORDS)
                                     and ("unspecified" in lowered or "not otherwise specified" in lowered)
                                     and not with_unstated)
    # The unspecified, NOS or "without complication" code is the default when the question documents no
    # detail of any class (an acuity, a complication, a side, a stage, a population).
    plain = ("unspecified" in lowered or "not otherwise specified" in lowered or "without" in lowered) and not (
        asserted & DETAIL_WORDS) and not with_unstated
    row["default_code"] = float(system == CM and plain and not (query.tokens & DETAIL_WORDS))
    row["nos_default"] = float(cand.nos_default)
    # "Other X" is for a documented form of X that has no code of its own: never the default.
    # ("Type 2 diabetes mellitus with other skin ulcer" when the question names a foot ulcer)
    row["other_kind"] = float(system == CM and bool(_OTHER_KIND.search(NONESSENTIAL.sub(" ", lowered)))
                              and "other" not in query.tokens)
    row["inclusion_term"] = float(cand.inclusion_term)
    row["title_term"] = float(system == CM and any(t in ctx.terms for t in title_terms(info.title)))
    row["cm_length"] = (len(code) - 3) / 4 if system == CM else 0.0
    # (a substance given goes in through a needle unless the note says otherwise: for Administration and New
    # Technology codes the fit_approach part alone weighs an unsaid approach)
    if system == PCS and not query.approach and code[:1] not in _GIVEN_SECTIONS:
        approach = approach_of(info.title, info.axes)
        for label, name in _UNSTATED_APPROACH:
            # (the prior for a way in through an opening is the gut's, airways' and urinary tract's: a breast is
            # worked on through the skin, through its ducts only when a note says so)
            if approach == label and not (code[:2] == "0H" and label.startswith("Via")):
                row[f"unstated_approach_{name}"] = 1.0
    # Only a penalty: a match must not lift a neoplasm code over "history of" or "family history of" codes.
    if system == CM and (asked := behavior_asked(query.core_text)) and (has := behavior_of(code, info.title)):
        row["behavior_mismatch"] = float(has != asked)
    if system == CM and "C00" <= code[:3] <= "C75" and token_set(info.title) & secondary_sites(query.text):
        row["behavior_mismatch"] = 1.0  # a primary of the place the question says the cancer spread to
    if system == CM and "T36" <= code[:3] <= "T65" and not query.drug_event:
        row["event_unstated"] = 1.0  # a drug taken is a status (Z79), not a poisoning or an adverse effect
    if system == CM and query.pregnant and not query.period and (said := _TRIMESTER_TITLE.search(lowered)) \
            and any(said.groups()[1:]):
        row["trimester_mismatch"] = 1.0  # pregnant, no delivery or puerperium told: not "in childbirth"
    elif system == CM and (query.trimester or query.period) and (said := _TRIMESTER_TITLE.search(lowered)):
        trimester, *period = said.groups()
        if any(period):  # "... complicating childbirth", "... complicating labor", "... in the puerperium"
            told = "childbirth" if period[0] else "puerperium"
            row["trimester_match" if query.period == told else "trimester_mismatch"] = 1.0
        elif query.period and _PREGNANCY_TRIMESTER.search(lowered):
            row["trimester_mismatch"] = 1.0  # the condition in childbirth or after it has its own code
        elif query.trimester:
            row["trimester_match" if trimester == query.trimester else "trimester_mismatch"] = 1.0
    if system == CM and (fetus := title_fetus(info.title)) is not None and fetus != (query.fetus or "0"):
        row["encounter_mismatch"] = 1.0  # the 7th character names a fetus the question does not (0: none named)
    if query.past_cancer and (system == PCS or (system == CM and code[0] == "C")):
        row["past_cancer_current"] = 1.0  # the cancer is history: neither a current malignancy nor its operation
    row["status_procedure"] = float(system == PCS and query.status)  # "s/p R TKA" is Z96.651, not the operation
    # "Hx of DVT" names the history (Z86.718), not a current thrombosis
    row["history_current"] = float(query.history_lead and system == CM and not code.startswith(("Z8", "Z9")))
    # a drug named is coded to its class, not to the unspecified drug of its chapter ("amoxicillin": penicillins)
    if system == CM and "T36" <= code[:3] <= "T50" and "unspecified" in lowered and any(
            e.kind == "drug" and "unspecified" not in e.expansion for e in query.glossary_hits):
        row["other_kind"] = 1.0
    intent = intent_character(code)
    if system == CM and "T36" <= code[:3] <= "T65" and intent and intent in "123456":
        if query.intent:
            row["intent_match" if intent == query.intent else "intent_mismatch"] = 1.0
        elif intent == "1":
            row["intent_default"] = 1.0
    if system == CM and len(code) == 7 and code[0] in _ENCOUNTER_CHAPTERS and code[-1].isalpha():
        family, is_open = seventh_character(code, info.title)
        if query.encounter:
            match = family == query.encounter and is_open == query.open_fracture and (
                not is_open or query.open_type in info.title.lower())  # Gustilo IIIB: the type III letter
            row["encounter_match" if match else "encounter_mismatch"] = 1.0
        elif query.open_fracture and "fracture" in info.title.lower() and not (
                is_open and query.open_type in info.title.lower()):
            row["encounter_mismatch"] = 1.0  # an open fracture told: a closed code, or the other type, says otherwise
        elif family == "A" and is_open == query.open_fracture:
            row["encounter_default"] = 1.0
    is_pcs, is_cm = float(system == PCS), float(system == CM)
    row["pcs"], row["cm"] = is_pcs, is_cm
    row["lean_pcs"], row["lean_cm"] = is_pcs * ctx.lean, -is_cm * ctx.lean
    row["act_pcs"], row["act_cm"] = is_pcs * query.act, is_cm * query.act
    row["title_act_cm"] = is_cm * query.title_act
    # a bare ask ("What is the correct code?") closes exam vignettes, which ask for diagnoses, and op notes ("Code
    # it."), which ask for the procedure: weighed apart, by whether the question tells an act
    row["ask_cm"] = is_cm * query.generic_ask * (not query.act)
    row["ask_cm_act"] = is_cm * query.generic_ask * query.act
    if query.named_system:
        row["named_match" if system == query.named_system else "named_mismatch"] = 1.0
    # A manifestation code ("... in diseases classified elsewhere") follows its underlying disease (guideline
    # I.A.13): "code first" is in its notes, never a place of its own at the head of the list.
    # A pregnant patient's conditions are coded in chapter 15 first (guideline I.C.15.a.1): hyperemesis with
    # dehydration is O21.1 before E86.0, cystitis in pregnancy O23.1- before N30.
    # "Initial encounter", "encounter for ...", a newborn's record: words of the diagnosis code set, whatever act
    # the story also tells ("the bead is removed with forceps. Initial encounter." is T16.1XXA)
    row["pcs_cm_words"] = is_pcs * query.cm_words
    row["pregnancy_outside"] = float(system == CM and query.pregnant and not _PREGNANCY_CODE.match(code))
    row["never_first"] = float(system == CM and (bool(_NEVER_FIRST.match(code)) and not companion_asked(query.text)
                                                 or "in diseases classified elsewhere" in lowered))
    return row
