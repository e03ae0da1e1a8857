"""Reading a coder's question: codes it names, shorthand expanded, and the PCS details it states.

Expansion uses the project's glossary (corpus/glossary.tsv). The detail cues
(approach, side, diagnostic intent, encounter) are coding rules written here
by hand, since they decide between sibling codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.codes import CodeMention, find_mentions
from assistant.text import tokenize, words
from ingest.builtin.glossary import Entry, read_glossary

MAX_QUESTION_CHARS = 4000

# Approach labels as PCS titles write them, longest first, with the words that state them.
APPROACH_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Via Natural or Artificial Opening Endoscopic", (
        "via natural or artificial opening endoscopic", "egd", "colonoscopy", "colonoscopic", "cystoscopy",
        "cystoscopic", "cysto", "bronchoscopy", "bronchoscopic", "ureteroscopy", "ureteroscopic",
        "hysteroscopy", "hysteroscopic", "sigmoidoscopy", "esophagoscopy", "endoscopically via",
        "ercp", "upper endoscopy", "gastroscopy", "laryngoscopy", "enteroscopy", "proctoscopy", "nasal endoscopy",
    )),
    ("Percutaneous Endoscopic", (
        "percutaneous endoscopic", "laparoscopic", "laparoscopically", "lap", "laparoscopy", "arthroscopic",
        "arthroscopically", "arthroscopy", "thoracoscopic", "thoracoscopy", "vats", "robotic", "robot assisted",
        "robotic-assisted", "mediastinoscopy", "endoscopic", "scope", "pelviscopy",
    )),
    ("Via Natural or Artificial Opening", (
        "via natural or artificial opening", "transurethral", "transvaginal", "vaginal", "transoral",
        "transanal", "nasogastric", "per rectum", "via stoma", "via natural opening",
    )),
    ("Percutaneous", ("percutaneous", "percutaneously", "needle", "puncture", "catheter-based",
                      "transcatheter", "endovascular", "cath")),
    ("External", ("external", "externally", "closed reduction", "topical", "skin surface")),
    ("Open", ("open", "opened", "incision", "incisional", "laparotomy", "thoracotomy", "sternotomy",
              "craniotomy", "arthrotomy", "open approach")),
)

APPROACH_WORDS = frozenset(c for _, cues in APPROACH_CUES for c in cues if " " not in c)

SIDES = {"left": "Left", "lt": "Left", "l": "Left", "right": "Right", "rt": "Right", "r": "Right",
         "bilateral": "Bilateral", "bilat": "Bilateral", "b/l": "Bilateral", "both": "Bilateral"}
DIAGNOSTIC_CUES = ("biopsy", "biopsies", "bx", "diagnostic", "fna", "needle aspiration biopsy", "core biopsy")
ENCOUNTER_CUES = (("subsequent", "D"), ("follow-up", "D"), ("follow up", "D"), ("f/u", "D"),
                  ("sequela", "S"), ("sequelae", "S"), ("late effect", "S"),
                  ("initial", "A"), ("first visit", "A"), ("first encounter", "A"), ("active treatment", "A"))
DIAGNOSIS_CUES = ("diagnosis", "dx", "disease", "fracture", "fx", "syndrome", "disorder", "infection",
                  "injury", "pain", "history of", "hx", "diabetes", "cancer", "carcinoma", "neoplasm",
                  "failure", "icd-10-cm", "icd 10 cm", "cm code", "diagnosis code", "encounter", "poisoning",
                  "deficiency", "pneumonia", "hypertension", "sprain", "strain", "laceration", "ulcer")


@dataclass
class Query:
    text: str
    mentions: list[CodeMention]
    expanded: str
    tokens: set[str]
    approach: str | None = None
    side: str | None = None
    diagnostic: bool = False
    encounter: str | None = None
    glossary_hits: list[Entry] = field(default_factory=list)
    groups: list[set[str]] = field(default_factory=list)
    coder_terms: list[bool] = field(default_factory=list)  # per group: a glossary term (coder language)
    negated: set[str] = field(default_factory=set)
    negated_raw: list[str] = field(default_factory=list)
    look_only: bool = False
    other_roots: set[str] = field(default_factory=set)
    procedure_cues: int = 0
    diagnosis_cues: int = 0


@lru_cache(maxsize=1)
def glossary() -> tuple[dict[str, Entry], list[Entry], int]:
    entries = read_glossary()
    terms = {e.term: e for e in entries if not e.term.startswith("-")}
    suffixes = [e for e in entries if e.term.startswith("-")]
    longest = max((len(t.split()) for t in terms), default=1)
    return terms, suffixes, longest


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![\w/&-]){re.escape(phrase)}(?![\w/&-])", text) is not None


def _split(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9/&'-]*[a-z0-9]|[a-z0-9]", text.lower())


def expand_terms(text: str) -> list[tuple[str, Entry | None]]:
    """The question as phrases, each with the glossary entry it matched (longest match first)."""
    terms, suffixes, longest = glossary()
    tokens = _split(text)
    out: list[tuple[str, Entry | None]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i:i + size])
            entry = terms.get(phrase)
            if entry:
                out.append((phrase, entry))
                i += size
                break
        else:
            word = tokens[i]
            # An approach word ("thoracotomy", "laparotomy") names the way in, not the operation.
            match = None if word in APPROACH_WORDS else next((e for e in suffixes if e.term.endswith("-") is False
                          and len(word) > len(e.term) + 2 and word.endswith(e.term[1:])), None)
            out.append((word, match))
            i += 1
    return out


def expand(text: str) -> tuple[str, list[Entry]]:
    """The question plus the glossary expansions of every term it uses."""
    hits = [e for _, e in expand_terms(text) if e is not None]
    extra = " ".join(dict.fromkeys(e.expansion for e in hits))
    return (f"{text} {extra}".strip() if extra else text), hits


_NEGATION = re.compile(r"\b(?:no|without|w/o|not|nothing|non)\s+(?:an?\s+|the\s+|any\s+)?([a-z/-]+)")


_NEGATED_AFTER = re.compile(
    r"\b([a-z-]+)\s+(?:were|was|is|are)?\s*(?:not|never)\s+(?:removed|done|performed|excised|taken|resected|used|placed)\b")


def negated_phrases(text: str) -> list[str]:
    """The words the question rules out, as written ("drain", "status", "intractable")."""
    lowered = text.lower()
    return [m.group(1) for m in _NEGATION.finditer(lowered)] + [m.group(1) for m in _NEGATED_AFTER.finditer(lowered)]


def negated_words(text: str) -> set[str]:
    """Stemmed words the question rules out ("no drain", "without mesh")."""
    terms = glossary()[0]
    out: set[str] = set()
    for match in _NEGATED_AFTER.finditer(text.lower()):
        out.update(tokenize(match.group(1)))
    for match in _NEGATION.finditer(text.lower()):
        word = match.group(1)
        out.update(tokenize(word))
        if word in terms:
            out.update(tokenize(terms[word].expansion))
    return out


ROOT_OPERATION_WORDS = frozenset(tokenize(
    "alteration bypass change control creation destruction detachment dilation division drainage excision "
    "extirpation extraction fragmentation fusion insertion inspection map occlusion reattachment release removal "
    "repair replacement reposition resection restriction revision supplement transfer transplantation "
    "introduction irrigation transfusion imaging radiography fluoroscopy ultrasonography monitoring measurement "
    "assistance performance restoration delivery abortion psychotherapy detoxification"))


PROCEDURE_WORDS = frozenset(tokenize(
    "procedure surgery operation removal insertion placement injection infusion biopsy scan ct mri x-ray xray "
    "ultrasound echo therapy transplant graft implant stent repair reduction fixation ablation lithotripsy "
    "dialysis ventilation intubation catheterization angioplasty angiography endoscopy arthroplasty debridement "
    "incision reconstruction amputation anastomosis ligation cast splint vaccine administration counseling"))


def is_procedure_entry(entry: Entry) -> bool:
    if entry.kind in ("procedure", "approach", "suffix", "device"):
        return True
    return entry.kind == "shorthand" and bool(set(tokenize(entry.expansion)) & ROOT_OPERATION_WORDS)


def concept_groups(text: str) -> list[set[str]]:
    return [g for g, _ in concept_groups_with_source(text)]


def concept_groups_with_source(text: str) -> list[tuple[set[str], bool]]:
    """Each phrase of the question with the words its glossary entry adds: one concept each.

    A code answers a concept when it carries any word of its group, so "lap chole"
    is covered by a title that says "Percutaneous Endoscopic ... Gallbladder".
    """
    negated = negated_words(text)
    groups: list[tuple[set[str], bool]] = []
    for phrase, entry in expand_terms(text):
        words_ = set(tokenize(phrase))
        if entry is not None:
            words_ |= set(tokenize(entry.expansion))
        words_ -= negated
        if words_:
            groups.append((words_, entry is not None))
    return groups


def approach_words(text: str) -> list[str]:
    return [c for _, cues in APPROACH_CUES for c in cues if c not in ("open", "scope") and _phrase_in(c, text)]


def detect_approach(text: str) -> str | None:
    lowered = text.lower()
    for label, cues in APPROACH_CUES:
        for cue in cues:
            if _phrase_in(cue, lowered):
                return label
    return None


_NOT_A_SIDE = re.compile(r"\bleft\s+(in|in place|open|alone|behind|to|over|untreated|intact)\b")


def detect_approach_label(text: str) -> str | None:
    """An approach named in PCS words (as glossary expansions write it), not guessed from cue words."""
    for label, _ in APPROACH_CUES:
        phrase = label.lower()
        if label in ("Open", "External"):
            phrase += " approach"
        if _phrase_in(phrase, text):
            return label
    return None


def detect_side(text: str) -> str | None:
    text = _NOT_A_SIDE.sub(" ", text.lower())
    found = {SIDES[w] for w in re.findall(r"[a-z/]+", text) if w in SIDES}
    if "Bilateral" in found or {"Left", "Right"} <= found:
        return "Bilateral"
    return found.pop() if len(found) == 1 else None


_SYSTEM_NAMES = re.compile(r"\b(icd[- ]?10(?:[- ]?(?:cm|pcs))?|icd|cpt|hcpcs)\b", re.I)


def analyse(text: str) -> Query:
    original = text
    mentions = find_mentions(text)
    text = _SYSTEM_NAMES.sub(" ", text).strip() or text
    expanded, hits = expand(text)
    lowered = text.lower()
    expanded_lower = expanded.lower()
    encounter = next((c for cue, c in ENCOUNTER_CUES if cue in lowered), None)
    negated = negated_words(text)
    sourced = concept_groups_with_source(text)
    biopsy = any(_phrase_in(c, lowered) for c in DIAGNOSTIC_CUES if c != "diagnostic")
    scope = bool(re.search(r"scop(y|ic)\b|\begd\b|\bcysto\b|\bscope\b", lowered))
    # "Diagnostic cystoscopy" only looks (Inspection); the Diagnostic qualifier is for tissue or fluid taken.
    look_only = scope and not biopsy and bool(re.search(r"\b(diagnostic|only|look|inspection)\b", lowered))
    diagnostic = biopsy or ("diagnostic" in lowered and not look_only) or (
        "diagnostic" in expanded_lower and not look_only and not scope)
    other_roots = set(tokenize(expanded)) & ROOT_OPERATION_WORDS - set(tokenize("inspection")) - negated
    return Query(
        text=original,
        mentions=mentions,
        expanded=expanded,
        tokens=set(tokenize(expanded)) - negated,
        groups=[g for g, _ in sourced],
        coder_terms=[from_glossary for _, from_glossary in sourced],
        negated=negated,
        negated_raw=negated_phrases(text),
        approach=detect_approach(lowered) or detect_approach_label(expanded_lower[len(lowered):]),
        side=detect_side(lowered),
        diagnostic=diagnostic,
        look_only=look_only,
        other_roots=other_roots,
        encounter=encounter,
        glossary_hits=hits,
        procedure_cues=sum(1 for e in hits if is_procedure_entry(e))
        + len(set(tokenize(text)) & (PROCEDURE_WORDS | ROOT_OPERATION_WORDS)) + int(bool(approach_words(lowered))),
        diagnosis_cues=sum(1 for e in hits if e.kind == "diagnosis")
        + sum(1 for c in DIAGNOSIS_CUES if _phrase_in(c, lowered)),
    )


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if len(w) > 1]
