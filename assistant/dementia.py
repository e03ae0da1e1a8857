"""Dementia as its codes spell it: the cause, the stage and what the behaviour is.

ICD-10-CM (F01-F03, since 2023) codes a dementia by its severity (mild, moderate, severe, or unspecified
severity) and by one disturbance (agitation, other behavioral disturbance, psychotic disturbance, mood
disturbance, anxiety, or none of them). A geropsych note says "hitting CNAs during AM care", "convinced her
daughter is poisoning her food", "exit-seeking", "no BPSD": this module turns such words into the titles'
words. A cause named (Alzheimer's, Lewy bodies, Parkinson's ...) makes it "dementia in other diseases
classified elsewhere" (F02), coded after the disease.

"Severity" and "severe" share a stem, so "severity not documented" would read as severe: a stage is told only
by the stage's own words, and none told leaves the unspecified severity (see ``severity_told``).
"""

from __future__ import annotations

import re

# (VaD only as typed: a VAD is a ventricular assist device)
_DEMENTIA = re.compile(r"\b(?:dementia|major (?:neuro)?cognitive disorder|major ncd|b?v?ftd|dlb|lbd|(?-i:VaD))\b",
                       re.I)
_CAUSE = re.compile(r"\b(?:alzheimer\w*|ad|parkinson\w*|lewy|dlb|lbd|huntington\w*|pick'?s|frontotemporal|b?v?ftd|"
                    r"creutzfeldt|cjd|multiple sclerosis|hiv|normal pressure hydrocephalus|nph|"
                    r"traumatic brain injury|tbi)\b", re.I)
# A denial before the word, in its own clause ("no agitation"), or opening the sentence's list ("No agitation,
# psychotic features, mood disturbance or anxiety"); what an earlier sentence or clause denied is not this word's.
_NEGATED = re.compile(r"\b(?:no|not|denies|without|w/o|never|nor|negative for)\b(?:\W+\w+){0,3}\W*$", re.I)
_LIST_DENIED = re.compile(r"\b(?:no|denies|without|w/o|negative for)\b[^.;:]*$", re.I)

# The stage as told: FAST 6-7 and "end-stage" are severe, FAST 4 mild; a MoCA or MMSE score is no stage.
_SEVERITY = (
    ("severe", re.compile(r"\b(?:severe(?:ly)?|advanced|end[- ]stage|late[- ]stage|fast (?:stage )?[67][a-f]?)\b",
                          re.I)),
    ("moderate", re.compile(r"\b(?:moderate(?:ly)?|mod|middle[- ]stage|mid[- ]stage|fast (?:stage )?5)\b", re.I)),
    ("mild", re.compile(r"\b(?:mild(?:ly)?|early[- ]stage|fast (?:stage )?4)\b", re.I)),
)
# One disturbance each, in the order the codes prefer when several are told.
_DISTURBANCES = (
    ("with agitation", re.compile(
        r"\b(?:agitat\w*|combative\w*|aggress\w*|striking out|strikes out|hitting|hits|kicking|kicks|biting|"
        r"punch\w*|pushing|pushes|scratching|grabbing at|spitting|throwing|yelling|screaming|shouting|cursing|"
        r"verbally abusive|physically abusive|resists care|resisting care|pacing|restless\w*|violent|violence|"
        r"sundown\w*)\b",
        re.I)),
    ("with psychotic disturbance", re.compile(
        r"\b(?:delusion\w*|hallucinat\w*|paranoi\w*|psychos[ie]s|psychotic|seeing (?:things|people|kids|children|"
        r"animals)|hearing voices|voices|convinced\b[^.;]{0,40}\b(?:stealing|poisoning|affair|trying to)|"
        r"accus\w+ \w+ of (?:stealing|theft|poisoning))\b", re.I)),
    ("with mood disturbance", re.compile(
        r"\b(?:depress\w*|depressed mood|tearful\w*|dysphori\w*|apath\w*|anhedoni\w*|hopeless\w*|wants to die|"
        r"mood (?:disturbance|symptoms|changes?|swings)|manic|mania|euphori\w*|labile mood)\b", re.I)),
    ("with anxiety", re.compile(r"\b(?:anxiety|anxious\w*|worried|worrying|panic\w*|fearful)\b", re.I)),
    ("with other behavioral disturbance", re.compile(
        r"\b(?:wander\w*|exit[- ]seeking|elop\w*|disinhibit\w*|sexual\w*|disrob\w*|undress\w*|exposing|hoard\w*|"
        r"hyperoral\w*|compulsive\w*|impulsiv\w*|sleep disturbance|sleep[- ]wake|day[- ]night reversal|"
        r"inappropriate (?:behavior|comments|jokes|touching)|rummag\w*|shadowing|repetitive (?:calling|questions))\b",
        re.I)),
)
_STAGE_UNSAID = re.compile(
    r"\b(?:no|without|w/o) (?:severity|staging|stage)(?: (?:given|documented|noted|specified|stated|listed|"
    r"mentioned))?\b|\bseverity (?:of (?:the |her |his )?\w+ )?(?:is |was )?(?:not|never) (?:\w+ )?(?:documented|given|"
    r"specified|stated|noted|"
    r"listed|established|mentioned)(?: by (?:the )?\w+)?\b|\bseverity (?:is |was )?(?:blank|unknown|unspecified|"
    r"not specified|n/?a)\b|\bunstaged\b", re.I)


def stage_unsaid(text: str) -> str:
    """A dementia whose stage the note leaves out, in the titles' words ("severity not documented": "unspecified
    severity"), so that neither the stem nor the denial reads as a stage."""
    return _STAGE_UNSAID.sub("unspecified severity", text) if dementia_named(text) else text


def _denied(before: str) -> bool:
    clause = re.split(r"[.;:,]", before)[-1]
    sentence = re.split(r"[.;:]", before)[-1]
    return bool(_NEGATED.search(clause) or _LIST_DENIED.search(sentence) and not re.search(r"\bbut\b", sentence))


def _told(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _denied(text[max(0, m.start() - 80):m.start()]) for m in pattern.finditer(text))


def dementia_named(text: str) -> bool:
    return bool(_DEMENTIA.search(text))


def severity_told(text: str) -> str | None:
    """The dementia's stage as told ("mild", "moderate", "severe"), or None."""
    for stage, pattern in _SEVERITY:
        if _told(pattern, text):
            return stage
    return None


_VASCULAR = re.compile(r"\b(?:vascular|multi-?infarct|(?-i:VaD)|arteriosclerotic|post-?stroke)\b", re.I)


def dementia_family(text: str) -> str | None:
    """The dementia category the question's cause points to: vascular F01, another disease's F02, none F03."""
    if not dementia_named(text):
        return None
    return "F02" if _CAUSE.search(text) else "F01" if _VASCULAR.search(text) else "F03"


def dementia_words(text: str) -> str:
    """The dementia titles' words for what the question tells (nothing when no dementia is named)."""
    if not dementia_named(text):
        return ""
    words = ["in other diseases classified elsewhere"] if _CAUSE.search(text) else []
    told = [name for name, pattern in _DISTURBANCES if _told(pattern, text)]
    if told:  # (none told: the "without ..." title, which claims least, is gathered by its family)
        words.append(told[0])
    return " ".join(words)
