"""Conditions a vignette tells of someone other than the patient.

"Screening colonoscopy because his father had colon cancer" does not give the patient colon
cancer: a blood relative's disease is a family history (Z80-Z84), and a contact's infection
("her coworker tested positive for COVID-19") is the patient's exposure (Z20). Anyone else's
other conditions ("his wife has diabetes") are nobody's to code on this record. The clause is
rewritten into the words the code titles use, so the rest of the reading sees what a coder sees.
"""

from __future__ import annotations

import re

# Blood relatives whose disease is a family history. Children are left out on purpose: in a
# paediatric vignette "her son has a fever" is usually the patient, told through the parent.
_RELATIVE = (r"(?:father|mother|mom|dad|parents?|brothers?|sisters?|siblings?|grandmother|grandfather|"
             r"grandparents?|aunt|uncle|cousin|twin)")
_CONTACT = (r"(?:co-?workers?|colleagues?|roommates?|housemates?|classmates?|spouse|husband|wife|partner|"
            r"boyfriend|girlfriend|fianc[ée]e?|friends?|neighbou?rs?|teacher|boss|caregiver|babysitter|"
            r"household members?|family members?|(?:close )?contacts?|"
            # someone the patient shares a room, class or ward with: "a child in her classroom"
            r"(?:child|kid|student|pupil|patient|resident|person|someone|somebody)(?:ren|s)?\s+(?:in|at|on|from)\s+"
            r"(?:his|her|their|the)\s+(?:class(?:room)?|daycare|day care|school|household|home|unit|ward|floor|"
            r"office|workplace|dorm(?:itory)?|team|building))")
# Whose relative or contact: "the father" of a family brought in may be the patient ("The father has a
# headache"), so only a possessive names someone else.
_WHOSE = r"his|her|their|whose|my|(?:the |an? )?[\w-]+'s"  # "the patient's", "a 9-year-old's"
_VERB = (r"(?:(?:has had|had had|has|had|have|is|was|were)\s+(?:been\s+)?)?(?:recently\s+)?"
         r"(?:diagnosed with|dx'?d with|treated for|sick with|ill with|hospitali[sz]ed (?:with|for)|positive for)"
         r"|(?:has |had |have )?(?:recently )?(?:tested|tests|test) positive for"
         r"|(?:has|had|have) (?:a )?(?:history of|hx of)"
         r"|(?:died|passed away|died young) (?:of|from|with)"
         r"|(?:came|has come|come) down with|suffered from|developed|has|had|have")
# What follows the verb up to the end of its clause: the condition.
_CLAUSE = re.compile(
    # a problem-list line may open with the relative: "Father dx'd with colon ca at 52"
    rf"(?:(?:^\W*|\b(?:{_WHOSE})\s+)(?P<rel>{_RELATIVE})"
    rf"|\b(?:{_WHOSE}|an?|one of (?:his|her|their))\s+(?P<con>{_CONTACT}))"
    rf"(?:\s+(?:and|or|&)\s+(?:his |her |their )?(?:{_RELATIVE}|{_CONTACT}))?(?:\s+both)?\s+"
    rf"(?P<verb>{_VERB})\s+(?:an?\s+|the\s+)?"
    r"(?P<what>[^.;:,()]{2,60}?)"
    r"(?=\s*[.;:,()]|\s+(?:and|but|so|who|which|that|at|when|while|since|last|yesterday|recently|ago|"
    r"in (?:her|his|their|the)|in \d|\d|before)\b|\s*$)",
    re.I)
# What a bare "has"/"had" is followed by when it is not a condition ("her mother had noticed", "his dad has
# been worried"): the clause is left as it is.
_NOT_A_CONDITION = re.compile(
    r"^(?:been|noticed|brought|seen|taken|given|told|reported|called|asked|found|heard|said|no|not|never|any|"
    r"to|him|her|them|it|concerns?|questions?|trouble|some|a (?:question|concern)|insurance|surgery|"
    r"an? (?:appointment|visit))\b", re.I)
_INFECTION = re.compile(
    r"\b(?:covid\S*|coronavirus|sars-cov-2|tuberculosis|tb|influenza|flu|strep\w*|pertussis|whooping cough|"
    r"measles|mumps|rubella|chicken ?pox|varicella|shingles|hepatitis|hiv|aids|meningitis|meningococc\w*|"
    r"scabies|lice|pinworms?|gonorrh\w*|chlamydia|syphilis|trichomon\w*|herpes|zika|ebola|mpox|monkeypox|"
    r"rabies|cholera|anthrax|rsv|norovirus|c\.? ?diff\w*|mrsa|impetigo|ringworm|pink ?eye|conjunctivitis|"
    r"infect\w*|contagious|communicable|typhoid|polio|diphtheria|tetanus|malaria)\b", re.I)


_SPEAKER = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|myself|mine|my own)\b(?!\s*[/-])", re.I)


def told_of_others(text: str, newborn: bool = False) -> str:
    """The text with conditions of relatives read as family history and contacts' infections as exposure.

    ``newborn``: a newborn's record, where the mother's conditions are the baby's (P00-P04): left alone."""
    if newborn:
        return text

    # "my dad has COPD, he's more short of breath" is a family member telling of the patient; "my mother had breast
    # cancer, when should I start screening" is the patient telling of a relative
    speaker_patient = bool(_SPEAKER.search(text))

    def rewrite(match: re.Match[str]) -> str:
        what = match.group("what").strip()
        if _NOT_A_CONDITION.match(what):
            return match.group(0)
        who = match.start("rel") if match.group("rel") else match.start("con")
        if not speaker_patient and re.search(r"\bmy\s+$", text[max(0, who - 4):who], re.I):
            return match.group(0)
        if _INFECTION.search(what):
            return f"contact with and suspected exposure to {what}"
        if match.group("rel"):
            # opening the line, "Mother has preeclampsia" may be the patient herself; a diagnosis told of a
            # relative ("Father dx'd with ...") is not
            bare = re.fullmatch(r"(?:has|had|have|developed)", match.group("verb").strip(), re.I)
            if bare and not text[:match.start("rel")].strip(" -*\u2022"):
                return match.group(0)
            return f"family history of {what}"
        return " "  # a contact's own illness, not an infection: nothing of the patient's

    return _CLAUSE.sub(rewrite, text)
