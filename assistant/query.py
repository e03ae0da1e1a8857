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


def expand(text: str) -> tuple[str, list[Entry]]:
    """The question plus the glossary expansions of every term it uses (longest match first)."""
    terms, suffixes, longest = glossary()
    lowered = text.lower()
    tokens = re.findall(r"[a-z0-9][a-z0-9/&'-]*[a-z0-9]|[a-z0-9]", lowered)
    hits: list[Entry] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i:i + size])
            entry = terms.get(phrase)
            if entry:
                hits.append(entry)
                i += size
                break
        else:
            word = tokens[i]
            for entry in suffixes:
                if len(word) > len(entry.term) + 2 and word.endswith(entry.term[1:]):
                    hits.append(entry)
                    break
            i += 1
    extra = " ".join(dict.fromkeys(e.expansion for e in hits))
    return (f"{text} {extra}".strip() if extra else text), hits


def detect_approach(text: str) -> str | None:
    lowered = text.lower()
    for label, cues in APPROACH_CUES:
        for cue in cues:
            if _phrase_in(cue, lowered):
                return label
    return None


def detect_side(text: str) -> str | None:
    found = {SIDES[w] for w in re.findall(r"[a-z/]+", text.lower()) if w in SIDES}
    if "Bilateral" in found or {"Left", "Right"} <= found:
        return "Bilateral"
    return found.pop() if len(found) == 1 else None


def analyse(text: str) -> Query:
    mentions = find_mentions(text)
    expanded, hits = expand(text)
    lowered = text.lower()
    expanded_lower = expanded.lower()
    encounter = next((c for cue, c in ENCOUNTER_CUES if cue in lowered), None)
    procedure_kinds = {"procedure", "approach", "suffix", "device"}
    return Query(
        text=text,
        mentions=mentions,
        expanded=expanded,
        tokens=set(tokenize(expanded)),
        approach=detect_approach(lowered) or detect_approach(expanded_lower),
        side=detect_side(lowered),
        diagnostic=any(_phrase_in(c, lowered) for c in DIAGNOSTIC_CUES) or "diagnostic" in expanded_lower,
        encounter=encounter,
        glossary_hits=hits,
        procedure_cues=sum(1 for e in hits if e.kind in procedure_kinds),
        diagnosis_cues=sum(1 for e in hits if e.kind == "diagnosis")
        + sum(1 for c in DIAGNOSIS_CUES if _phrase_in(c, lowered)),
    )


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if len(w) > 1]
