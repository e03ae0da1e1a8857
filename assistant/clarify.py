"""Ask instead of guessing: when the leading code's siblings differ on a detail the question does not state
(side, approach, device, qualifier; laterality, encounter, diabetes type, stage), one clarifying question whose
options split them, each option leading to its codes.

The family is the top code's siblings that differ from it only in those details: for ICD-10-PCS the codes of
its table (first three characters) on the same body part, either side; for ICD-10-CM the codes of its
category whose titles are the same once side, encounter, type and stage words are taken out (diabetes types
live in sibling categories, E08-E13, under the same subcode). Details the question states filter the family;
what remains decides whether a question is worth asking. Defaults the guidelines give are not asked about: no
device or qualifier when none is named, a closed fracture when open is not said.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from assistant.pcs_fit import DEVICE_SYNONYMS, DEVICE_WORDS, side_of
from assistant.query import LEADS_ASIDE, ROOT_OPERATION_WORDS, Query, detect_approach
from assistant.store import CodeInfo, Store
from core.codes import CM, PCS, display
from core.text import token_set, tokenize

PCS_AXES = ("side", "approach", "device", "qualifier")
CM_AXES = ("type", "side", "encounter", "stage")
QUESTIONS = {
    "side": "Which side?", "approach": "Which approach?", "device": "Which device?",
    "qualifier": "Which of these applies?", "encounter": "Which encounter is this?",
    "type": "Which type of diabetes?", "stage": "Which stage?", "body part": "Which body part?",
}
QUERY_WORDS = {
    "side": "the laterality (right, left or bilateral)", "approach": "the approach used",
    "device": "the device placed or used", "qualifier": "the procedure detail",
    "encounter": "the encounter (initial treatment, subsequent care and its healing, or sequela)",
    "type": "the type of diabetes mellitus", "stage": "the stage", "body part": "the body part or site",
}
MAX_OPTIONS = 8
DEVICE_WORDS_STEMS = frozenset(DEVICE_WORDS) | frozenset(tokenize("device graft stent ring band patch"))
MAX_CODES = 12  # codes listed under one option
# words that say a device was put in without saying which: no device is then not the code (a pedicled or in situ
# graft stays the patient's own vessel, attached: no device)
_IN_SITU = re.compile(r"\bpedicled?\b|\bin[- ]situ\b", re.I)
DEVICE_SAID = frozenset(tokenize("graft grafts stent stents mesh prosthesis implant conduit"))
# Words every device of a kind carries, which tell none apart ("Pacemaker, Dual Chamber" is a generator too); an
# implant is any device put in ("pacer implant" names no Totally Implantable access port).
CLARIFY_GENERIC = frozenset(tokenize("device other tissue generator pulse implant"))
# A question's word for the word a value uses: a "saphenous vein" graft is Autologous Venous Tissue, "to skin"
# is Cutaneous, a "pacing" lead a Pacemaker Lead.
SAME_AS = {"vein": "venous", "skin": "cutan", "pace": "pacemak", "pacer": "pacemak", "poli": "polyethylen",
           "pe": "polyethylen", "xlpe": "polyethylen"}  # word stems, as token_set gives them
# Words of a device that also name an approach: "External Fixation Device" is told apart by "external".
DEVICE_KINDS = frozenset(token_set("external internal"))
SIDE_ORDER = ("Right", "Left", "Bilateral", "Unspecified")
NO_VALUE = ("No Device", "No Qualifier")
SYNTHETIC = "Synthetic Substitute"
CEMENT = {"Cemented", "Uncemented"}
_BEARING = re.compile(r"\b(?:polyethylene|ceramic|metal|reverse)\b", re.I)
_BEARING_SAID = re.compile(r"\b(?:polyethylene|ceramic|metal|reverse|anatomic|zirconium)\b", re.I)
# Procedures done one way unless the record says otherwise: a device pocket is made through an incision, an
# endarterectomy, a fusion and a carpal tunnel release are open, a marrow aspiration or a tap goes in through a
# needle. The approach is not asked about when the words name one of these and no other approach.
CONVENTIONAL_APPROACH = (
    (re.compile(r"\bpockets?\b|\bgenerators?\b|\bendarterectom\w*|\bexcisional(?:ly)? debrid\w*|"
                # an obstetric tear into the muscle or sphincter is sewn open; a first-degree one is skin
                r"\b(?:2nd|3rd|4th|second|third|fourth)[- ]degree (?:perineal |vaginal )?(?:lac\w*|tears?)\b|"
                r"\bcarpal tunnel release\b|\bctr\b|\bmastoidectom\w*|\borchiectom\w*|\bsentinel\b|\bshunts?\b|"
                r"\bcochlear implant|\bsmith[- ]robinson\b|\bfusion\b|\barthrodesis\b|"
                r"\b(?:av|arteriovenous|radiocephalic|brachiocephalic) fistula\b|"
                r"\bartery to (?:the )?\w+ vein fistula\b|"
                r"\blumpectom\w*|\b(?:partial |simple |total |radical |modified radical )?mastectom\w*|"
                r"\bparotidectom\w*|"
                r"\b(?:hemi)?thyroidectom\w*|\bthyroid lobectom\w*|\bparathyroidectom\w*|"
                # strabismus surgery on a rectus muscle, an arterial bypass (a gastric bypass is mostly laparoscopic)
                r"\b(?:recession|resection|plication) of (?:the )?(?:\w+ )*rectus\b|\bstrabismus surgery\b|"
                r"\b(?:fem|femoral|pop|popliteal|aorto|aortic|axillo|axillary|iliac|carotid|subclavian|tibial|peroneal)"
                r"[\w-]*[^.;]{0,30}\bbypass\b|\bbypass\b[^.;]{0,30}\b(?:arter\w*|ptfe|dacron)\b",
                re.I), "Open"),
    (re.compile(r"\b(?:penetrating |lamellar |endothelial )?keratoplasty\b|\bcorneal transplant|"
                r"\b(?:1st|first)[- ]degree (?:perineal |vaginal )?(?:lac\w*|tears?)\b", re.I), "External"),
    (re.compile(r"\b(?:bone marrow|bm) (?:aspirat\w*|biops\w*)|\b(?:thora|para|arthro|pericardio|amnio)centes[ie]s\b|"
                r"\blumbar puncture\b", re.I), "Percutaneous"),
)
_SIDE_TERMS = frozenset(token_set("left right bilateral lt rt l r bilat both"))  # glossary terms that are sides
_OWN_TISSUE = re.compile(r"\bharvest\w*|\bautograft\w*|\bpatient'?s own\b|\bdonor site\b", re.I)
AUTOLOGOUS = frozenset(token_set("autologous tissue substitute"))
# ... and one from a donor or a bank is not ("tibialis anterior allograft", "cadaveric tendon")
LEAD = frozenset(token_set("lead leads"))
_DONOR_TISSUE = re.compile(r"\ballo-?grafts?\b|\bcadaver\w*|\bbank(?:ed)? (?:bone|tendon|tissue)\b", re.I)
NONAUTOLOGOUS = frozenset(token_set("nonautologous tissue substitute"))
UNSTATED = {"stage": "unspecified stage", "side": "no side", "type": "unspecified type", "encounter": "no encounter"}

DIABETES = {"E08": "Diabetes due to an underlying condition", "E09": "Drug or chemical induced diabetes",
            "E10": "Type 1 diabetes", "E11": "Type 2 diabetes", "E13": "Other specified diabetes"}
TYPE_ORDER = ("E10", "E11", "E08", "E09", "E13")
_TYPE_CUES = (("E10", r"\btype (?:1|i|one)\b|\bt1d?m?\b|\bdm ?(?:type ?)?(?:1|i)\b|\biddm\b|\bjuvenile\b|"
                      r"\binsulin[- ]dependent\b"),
              ("E11", r"\btype (?:2|ii|two)\b|\bt2d?m?\b|\bdm ?(?:type ?)?(?:2|ii)\b|\bniddm\b|\badult[- ]onset\b"),
              ("E09", r"\bdrug[- ]induced\b|\bchemical[- ]induced\b|\bsteroid[- ]induced\b"),
              ("E08", r"\bdue to (?:an )?underlying\b|\bsecondary diabetes\b"),
              ("E13", r"\bother specified diabetes\b|\bpost-?pancreatectomy\b|\bmody\b"))
_TYPE_TITLE = re.compile(r"^(?:type [12] diabetes mellitus|diabetes mellitus due to underlying condition|drug or "
                         r"chemical induced diabetes mellitus|other specified diabetes mellitus)", re.I)
# "Right heart failure", "left bundle-branch block": a chamber or a branch, not the body's side
_SIDE_WORD = re.compile(r"\b(right|left|bilateral)\b(?![- ](?:heart|ventric\w*|atri\w*|bundle|anterior fascic|"
                        r"posterior fascic|main coronary))", re.I)
_ENCOUNTER = re.compile(r", ((?:initial|subsequent) encounter\b.*|sequela)$", re.I)
_STAGE = re.compile(r"\b(stage \w+(?: \([^)]*\))?|(?:mild|moderate|severe|indeterminate|unspecified) stage|"
                    r"unstageable|end stage renal disease|pressure-induced deep tissue damage|"
                    r"with (?:active|inactive) choroidal neovascularization|"
                    r"with involuted or regressed neovascularization|"
                    r"with inactive scar|(?:early|intermediate) dry stage|advanced atrophic (?:with|without) subfoveal "
                    r"involvement|(?:mild|moderate|severe)(?= nonproliferative))", re.I)
_TYPE_WORDS = re.compile(r"\btype ([12]) diabetes", re.I)
# 7th characters by encounter: the closed-fracture letter first (a fracture not said to be open is closed).
ENCOUNTER_CLASSES = {"A": "ABC", "D": "DEF", "G": "GHJ", "K": "KMN", "P": "PQR", "S": "S"}
_HERNIA = re.compile(r"\bherni(?:a|as|orrhaphy|oplasty)\b", re.I)
# A subsequent encounter says how the fracture heals, or routine healing is assumed and the others offered.
_HEALING = re.compile(r"\bheal(?:ing|ed|s)?\b|\bnon-?union\b|\bmal-?union\b|\bnonunited\b|\bmalunited\b", re.I)
SUBSEQUENT = "DEFGHJKMNPQR"


@dataclass
class Option:
    label: str  # in the code set's own words
    codes: list[str]  # normalised, most like the top code first

    def to_json(self, system: str) -> dict[str, Any]:
        return {"label": self.label, "codes": [display(c, system) for c in self.codes[:MAX_CODES]]}


@dataclass
class Clarify:
    axis: str
    question: str
    system: str
    options: list[Option]
    what: str  # the code's subject, for the physician query line
    assumed: str = ""  # the top code's value on this axis, when the question did not state it
    detail: str = ""  # what a physician query asks for, when not the axis' usual words

    @property
    def physician_query(self) -> str:
        labels = ", ".join(o.label for o in self.options)
        return f"Please document {self.detail or QUERY_WORDS[self.axis]} for {self.what} ({labels})."

    def to_json(self) -> dict[str, Any]:
        return {"axis": self.axis, "question": self.question,
                "options": [o.to_json(self.system) for o in self.options],
                "assumed": self.assumed or None, "physician_query": self.physician_query}

    def pick(self, text: str, query: Query | None = None) -> Option | None:
        """The option a reply chooses: its number, its label, words of exactly one option, or the detail the
        reply states as the question reads it (``query``: the earlier question with the reply)."""
        reply = text.strip().lower().rstrip(".!?")
        if reply.isdigit() and 1 <= int(reply) <= len(self.options):
            return self.options[int(reply) - 1]
        exact = [o for o in self.options if o.label.lower() == reply]
        if exact:
            return exact[0]
        words = set(tokenize(reply))
        named = [o for o in self.options if (ow := set(tokenize(o.label)) - {"approach"}) and
                 (ow <= words or (words and words <= ow))]
        named = [o for o in named if not any(set(tokenize(o.label)) < set(tokenize(m.label)) for m in named)]
        if len(named) == 1:
            return named[0]
        if query is None:
            return None
        if self.axis == "encounter":
            allowed = ENCOUNTER_CLASSES.get(query.encounter or "", "")
            hits = [o for o in self.options if allowed and o.codes[0][-1] in allowed]
        else:
            stated = _stated(query, self.system, self.axis, {o.label for o in self.options}) or set()
            hits = [o for o in self.options if o.label in stated]
        return hits[0] if len(hits) == 1 else None

def _cm_skeleton(title: str) -> str:
    text = _ENCOUNTER.sub("", title)
    text = _TYPE_TITLE.sub("", text)
    text = re.sub(r"\btype [12]\b", "", text, flags=re.I)
    text = _STAGE.sub("", text)
    # "Unilateral primary osteoarthritis, right knee" is the sibling of "Bilateral primary osteoarthritis of knee"
    # (a title with no side after it, "Unilateral inguinal hernia", keeps its word)
    if re.search(r",\s*(?:right|left|unspecified)\s+\w+", text, re.I):
        text = re.sub(r"\bunilateral\b", "", text, flags=re.I)
    text = _SIDE_WORD.sub("", text)
    # "..., right ear" / "..., bilateral": the side's noun goes with it; "unspecified" marks an unstated detail
    text = re.sub(r"\b(?:unspecified|ears?|eyes?)\b", "", text, flags=re.I)
    return " ".join(tokenize(text))  # stemmed: "right upper limb" and "bilateral upper limbs" are one family


def _cm_values(info: CodeInfo) -> dict[str, str]:
    side = _SIDE_WORD.search(info.title)
    encounter = _ENCOUNTER.search(info.title)
    stage = _STAGE.search(info.title)
    typed = _TYPE_WORDS.search(info.title)  # "Pre-existing type 1 diabetes mellitus, in pregnancy"
    return {"type": DIABETES.get(info.code[:3], "") or (DIABETES[f"E1{int(typed.group(1)) - 1}"] if typed else ""),
            "side": side.group(1).capitalize() if side else "Unspecified",
            "encounter": re.split(r"\s*/\s*", encounter.group(1))[0] if encounter else "",  # "type I or II/\tNOS"
            "stage": stage.group(1) if stage else "",
            "_seventh": info.code[6] if len(info.code) == 7 and encounter else ""}


def _pcs_values(info: CodeInfo) -> dict[str, str]:
    return {"side": side_of(info.title, info.axes) or "", "approach": info.axes.get("approach", ""),
            "device": info.axes.get("device", ""), "qualifier": info.axes.get("qualifier", ""),
            "_part": info.axes.get("body_part", "")}


def _side_of_part(query: Query, rows: dict[str, dict[str, str]], keep: set[str]) -> set[str] | None:
    """The side a body part's name carries in the question's reading when no side word is typed ("RV lead":
    the right ventricle; "LIMA": the left internal mammary)."""
    # a side a reading gives ("RV": right ventricle), not one a word typed for itself ("fragments left to pass")
    read = set().union(*(token_set(e.expansion) for e in query.glossary_hits if not token_set(e.term) & _SIDE_TERMS))
    named = {rows[c]["side"] for c in keep if rows[c]["side"] and token_set(rows[c]["_part"]) <= query.tokens
             and token_set(rows[c]["side"]) <= read}
    return named if len(named) == 1 else None


def _strip_side(label: str) -> str:
    return re.sub(r",?\s*\b(Right|Left|Bilateral)\b", "", label).strip()


def _body(label: str) -> tuple[str, ...]:
    """A body part value without its side, stemmed: "Fallopian Tube, Right" is kin to "Fallopian Tubes,
    Bilateral"."""
    return tuple(tokenize(_strip_side(label)))


def _family(store: Store, top: CodeInfo, query: Query) -> list[CodeInfo]:
    if top.system == PCS:
        body = _body(top.axes.get("body_part", ""))
        tables = [top.code[:3]]
        # a hernia repaired with mesh, a valve repaired with a ring or band (annuloplasty), is Supplement
        if top.code[2] == "Q" and (_HERNIA.search(query.text) or "Valve" in top.axes.get("body_part", "")):
            tables.append(top.code[:2] + "U")
        return [c for table in tables for c in store.codes_with_prefix(table, PCS)
                if c.axes and _body(c.axes.get("body_part", "")) == body]
    skeleton = _cm_skeleton(top.title)
    pool = store.codes_with_prefix(top.code[:3], CM)
    if top.code[:3] in DIABETES:
        for category in DIABETES:
            if category != top.code[:3]:
                pool += store.code(category + top.code[3:], CM)
    return [c for c in pool if c.billable and _cm_skeleton(c.title) == skeleton]


def _stated(query: Query, system: str, axis: str, values: set[str],
            context: frozenset[str] = frozenset()) -> set[str] | None:
    """The values of ``axis`` the question states (None: it states nothing about the axis). ``context``: the
    words of the body part and approaches, which never state a device."""
    text = query.text.lower()
    if axis == "side":
        return {query.side} & values or None if query.side else None
    if axis == "approach":
        # the words as typed, the convention for the act named, or a cue inside a glossary expansion ("I&D":
        # incision and drainage, open; the convention first: a delivery's reading says nothing of a tear's repair)
        approach = query.approach or next(
            (label for cue, label in CONVENTIONAL_APPROACH if cue.search(f"{query.text} {query.expanded}")),
            None) or detect_approach(query.expanded.lower())
        if not approach:
            return None
        exact = {v for v in values if v.lower() == approach.lower()}  # "Open" is not "... Opening"
        return exact or {v for v in values if re.search(rf"\b{re.escape(approach.lower())}\b", v.lower())} or None
    if axis in ("device", "qualifier"):
        return _named_values(query, axis, values, context)
    if axis == "type":
        said = f"{text} {query.expanded.lower()}"  # the glossary's reading of shorthand counts too
        wanted = next((DIABETES[c] for c, cue in _TYPE_CUES if re.search(cue, said)), None)
        return {wanted} if wanted else None
    if axis == "stage":
        asked = _stage_key(text) or _stage_key(query.expanded)  # "moderate NPDR": nonproliferative, read
        # a substage the titles do not split ("Bell stage IIA": Stage 2) is its stage
        return ({v for v in values if asked and _stage_key(v) == asked}
                or {v for v in values if asked and _stage_key(v) == asked.rstrip("ab")} or None)
    return None


def device_said(query: Query) -> bool:
    """Whether the question says a graft, stent, mesh or implant went in, not which: no device is not its code."""
    return bool((set(token_set(query.text)) - query.negated) & DEVICE_SAID) and not _IN_SITU.search(query.text)


def _value_words(device: str, context: frozenset[str]) -> frozenset[str]:
    """The words that tell a device or qualifier value apart: not the operation's, the body part's or the
    approach's, nor words every device of a kind carries."""
    words = frozenset(token_set(device)) - CLARIFY_GENERIC - (context - DEVICE_KINDS)
    return words - ROOT_OPERATION_WORDS or words  # ("Monitoring Device" is told by its root operation's word)


def _named_values(query: Query, axis: str, values: set[str], context: frozenset[str]) -> set[str] | None:
    """The device or qualifier values the question names. Tied values come back together: "pacemaker" says
    a pacemaker, not which one, and the clarifying question asks among them. A glossary expansion counts only
    when it names one value ("prosthesis": synthetic substitute); one listing alternatives ("valve": synthetic
    or zooplastic; "cesarean": high or low) says nothing about which. A qualifier needs most of its words
    ("posterior approach": Posterior Approach, Posterior Column), not one of three ("balloon" is not a
    Drug-Coated Balloon)."""
    text = query.text.lower()
    if axis == "device" and "No Device" in values and query.negated & DEVICE_WORDS_STEMS:
        return {"No Device"}  # "without stent", "no graft device"
    if axis == "qualifier" and query.diagnostic and "Diagnostic" in values:
        return {"Diagnostic"}
    kinds = {v: _value_words(v, context) for v in values if v not in NO_VALUE}
    # a value named in full ("removal of drainage device"), unless its name is the body part's ("descending
    # colon" is the colostomy's body part, not its qualifier)
    named = {v for v in kinds if not token_set(v) <= context and re.search(rf"\b{re.escape(v.lower())}\b", text)}
    typed = set(token_set(query.text)) - query.negated  # "no interbody device" names none
    hits = query.glossary_hits
    if axis == "device" and LEADS_ASIDE.search(text):  # "leads coded separately": the generator is asked of
        hits = [e for e in hits if not token_set(e.term) <= LEAD]
        typed -= LEAD
    if _OWN_TISSUE.search(text):
        typed |= AUTOLOGOUS  # a graft harvested from the patient is the patient's own tissue
    elif _DONOR_TISSUE.search(text):
        typed |= NONAUTOLOGOUS
    if named:  # ... or a longer value whose every word is typed ("metal-on-polyethylene synthetic substitute")
        longer = {v for v in kinds if kinds[v] <= typed and any(kinds[n] < kinds[v] for n in named)}
        return {v for v in longer if not any(kinds[v] < kinds[w] for w in longer)} or named
    kept = set().union(*(token_set(e.expansion) for e in hits))
    aside = set().union(*(token_set(e.expansion) for e in query.glossary_hits if e not in hits)) - typed - kept
    expanded = set(query.tokens) - query.negated - aside
    decisive: set[str] = set()  # words of a reading that names one value ("bovine": Zooplastic Tissue)
    vague: set[str] = set()  # words of one that names several or none ("valve": synthetic or zooplastic)
    # a value that extends a plainer one ("Intraluminal Device, Endotracheal Airway") is told by what it adds
    adds = {v: words - frozenset().union(*(kinds[w] for w in kinds if w != v and v.startswith(f"{w},")))
            for v, words in kinds.items()}
    for entry in hits:
        said = token_set(entry.expansion)
        covered = [kinds[v] for v in kinds if adds[v] and adds[v] <= said]
        if len([d for d in covered if not any(d < other for other in covered)]) == 1:
            decisive |= said
        else:
            vague |= said - typed
    expanded -= vague - decisive  # a vague reading never takes back what a decisive one said
    candidates = set(kinds)
    # the user's own words first, a value only when they say all of it ("dual chamber pacemaker"); then with
    # the glossary's reading, where a value whose every telling word is said beats one that matches more words
    # but not all of them ("IOL": Synthetic Substitute, not Synthetic Substitute, Intraocular Telescope)
    for words in (typed, expanded):
        words |= {SAME_AS[w] for w in words if w in SAME_AS}
        matched = {v: len(kinds[v] & words) + bool(DEVICE_SYNONYMS.get(v, frozenset()) & words)
                   for v in candidates}
        if axis == "qualifier":
            matched = {v: n for v, n in matched.items() if kinds[v] and n / len(kinds[v]) >= 2 / 3}
        whole = {v: n for v, n in matched.items() if n and kinds[v] <= words}
        pool = whole if whole or words is typed else matched
        best = max(pool.values(), default=0)
        if best:
            candidates = {v for v, n in pool.items() if n == best}
            if len(candidates) > 1 and words is not typed:
                # one reading that says all of a value beats words gathered from several ("CRT-D" and "leads":
                # the defibrillator, not the pacemaker that the leads' reading mentions)
                for extra in (frozenset(), typed):
                    whole_read = {v for v in candidates if any(kinds[v] <= token_set(e.expansion) | extra
                                                               for e in hits)}
                    if whole_read:
                        candidates = whole_read
                        break
            if len(candidates) == 1:
                break
    if candidates == set(kinds) and axis == "qualifier" and len(kinds) > 1 and not values & set(NO_VALUE):
        return _told_apart(kinds, typed) or None  # (with no qualifier possible, a word shared says nothing)
    return candidates if candidates != set(kinds) else None


def _told_apart(kinds: dict[str, frozenset[str]], typed: set[str]) -> set[str]:
    """The one qualifier value whose telling words, less those every value shares, are all typed, when no other
    value's are: "anterior cervical discectomy and fusion" says Anterior Approach, Anterior Column, as "Posterior
    Approach, Anterior Column" also needs "posterior"."""
    common = frozenset.intersection(*kinds.values()) if kinds else frozenset()
    told = {v for v, words in kinds.items() if words & typed and words - common <= typed}
    most = max((len(kinds[v] - common) for v in told), default=0)
    told = {v for v in told if len(kinds[v] - common) == most}  # "via posterior approach": the value that needs it
    return told if len(told) == 1 else set()


def _stage_key(text: str) -> str:
    """"Stage 3", "stage III", "CKD 4", "ESRD", "unstageable" as one comparable key."""
    lowered = text.lower()
    m = re.search(r"(?:stage|stg|ckd)\s*(\d[ab]?|iv|i{1,3}[ab]?|v)\b", lowered)
    if m:
        roman = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
        key = m.group(1)
        return "stage " + roman.get(key.rstrip("ab"), key.rstrip("ab")) + (key[-1] if key[-1] in "ab" else "")
    if re.search(r"\besrd\b|end[- ]stage", lowered):
        return "end stage"
    severity = re.search(r"\b(mild|moderate|severe|indeterminate)(?: stage)?\b", lowered)
    if severity and (severity.group(0) == lowered.strip() or re.search(r"stage|glaucoma|nonproliferative", lowered)):
        return severity.group(1)
    # macular degeneration: wet by its neovascularization, dry by its stage
    for key, cue in (("scar", r"inactive scar"), ("involuted", r"involuted|regressed"),
                     ("inactive cnv", r"inactive (?:choroidal neovascularization|cnv)"),
                     ("active cnv", r"\bactive (?:choroidal neovascularization|cnv)"),
                     ("early dry", r"\bearly dry"), ("intermediate dry", r"intermediate dry"),
                     ("atrophic without", r"atrophic without subfoveal"),
                     ("atrophic with", r"atrophic with subfoveal")):
        if re.search(cue, lowered):
            return key
    return "unstageable" if "unstageable" in lowered else ""


def ask_for(store: Store, query: Query, top_code: str, top_system: str,
            within: list[str] | None = None, ranked: list[str] | None = None) -> Clarify | None:
    """The one clarifying question worth asking about ``top_code`` (None when the question decides it).
    ``ranked``: the answer's codes in order, from which a body part the question never named is asked when
    nothing else is (a side or an approach left out is asked first: its answer often names the part too)."""
    if top_system not in (PCS, CM):
        return None
    found = store.code(top_code, top_system)
    if not found:
        return None
    asked = _axis_question(store, query, found[0], within)
    if asked is None and top_system == PCS and ranked and within is None:
        return _body_part_question(store, query, found[0], ranked)
    return asked


def _axis_question(store: Store, query: Query, top: CodeInfo, within: list[str] | None) -> Clarify | None:
    """The question about a side, approach, device, qualifier, kind, encounter or stage of the top's family."""
    top_system = top.system
    family = _family(store, top, query)
    if within is not None:
        family = [c for c in family if c.code in set(within)]
    if len(family) < 2:
        return _cm_kind_question(store, query, top, within) if top_system == CM else None
    values_of = _pcs_values if top_system == PCS else _cm_values
    rows = {c.code: values_of(c) for c in family}
    axes = PCS_AXES if top_system == PCS else CM_AXES
    context = frozenset(token_set(_strip_side(top.axes.get("body_part", "")))).union(
        *(token_set(row["approach"]) for row in rows.values())) if top_system == PCS else frozenset()
    mesh_question = any(c.code[2] == "U" for c in family) and top.code[2] == "Q"
    bearing_question = False
    keep = set(rows)
    undecided: list[str] = []
    for axis in axes:
        values = {rows[c][axis] for c in keep}
        if len(values) < 2:
            continue
        stated = _stated(query, top_system, axis, values, context)
        if axis == "side" and stated is None and top_system == PCS:
            stated = _side_of_part(query, rows, keep)
        if axis == "side" and stated is None and query.side == "Bilateral" and values >= {"Right", "Left"}:
            stated = {"Right", "Left"}  # both sides done where the part has no bilateral value: a code for each
        if axis == "encounter":
            keep, open_question = _encounter(query, rows, keep)
            if open_question:
                undecided.append(axis)
            continue
        if stated is None and axis == "device" and "Joint" in top.axes.get("body_part", "") \
                and _plain_synthetic(query, values):
            stated = {SYNTHETIC}  # a joint replaced, no material named: the plain synthetic substitute
        if stated == {SYNTHETIC} and axis == "device" and _asks_bearing(bearings := _bearings(values)) \
                and "Surface" not in top.axes.get("body_part", "") \
                and not _BEARING_SAID.search(query.text):  # "non-reverse", "anatomic", "metal": addressed
            keep = {c for c in keep if rows[c][axis] in stated | bearings}
            bearing_question = True  # "hip prosthesis": which bearing surface, asked after the rest
        elif stated:
            keep = {c for c in keep if rows[c][axis] in stated}
            sides_only = len(set(map(_strip_side, stated))) == 1
            if len(stated) > 1 and (axis == "device" or axis == "qualifier" and sides_only):
                undecided.append(axis)  # "pacemaker": a pacemaker, but which; "internal mammary": which side
        elif axis == "device" and mesh_question:
            undecided.append(axis)  # no mesh named: Repair stays first, and the question asks whether one was
        elif axis == "device" and "No Device" in values and len(values - {"No Device"}) > 1 and device_said(query):
            keep = {c for c in keep if rows[c][axis] != "No Device"}  # "grafts to OM1 and PDA": which graft
            undecided.append(axis)
        elif axis in ("device", "qualifier") and _default_holds(axis, {rows[c][axis] for c in keep}):
            continue  # nothing named: no device / no qualifier is the code, not a question
        else:
            undecided.append(axis)
    if bearing_question:
        undecided.append("device")
    if not undecided:
        return _cm_kind_question(store, query, top, within) if top_system == CM else None
    axis = undecided[0]
    top_values = rows.get(top.code, values_of(top))
    options = _options(axis, rows, keep, top_values, frozenset(query.tokens))
    if len(options) < 2:
        return None
    what = _subject(top)
    assumed = (top_values[axis] or UNSTATED.get(axis, "")) if top.code in rows else ""
    return Clarify(axis, QUESTIONS[axis], top_system, options, what, assumed)


# The section whose body part axis names where the act was done (medical and surgical)
BODY_PART_SECTIONS = frozenset("0")
BODY_PART_RIVALS = 3  # the first codes of the top's table that must disagree on the body part for it to be asked
_PART_FILLER = frozenset(tokenize("and of other"))
# Where in a part, which a reading adds on its own ("EGD": the upper intestinal tract): no body part named alone
_POSITION = frozenset(tokenize("upper lower middle mid anterior posterior proximal distal internal external inner "
                               "outer superior inferior medial lateral"))
_ORDINALS = {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "great": "1st",
             "big": "1st", "littl": "5th", "index": "2nd", "middl": "3rd", "ring": "4th", "small": "5th"}


def _part_key(label: str) -> frozenset[str]:
    return frozenset(tokenize(label))


def _body_part_question(store: Store, query: Query, top: CodeInfo, ranked: list[str]) -> Clarify | None:
    """Which body part, when the question names none of the top code's ("EGD with cold forceps biopsies": the
    esophagus, stomach or duodenum; "colonoscopy, polyp snared": which segment). The options are the body parts
    retrieval ranked in the top code's table, the top code's first; a side is asked after."""
    part = _strip_side(top.axes.get("body_part", ""))
    if top.code[0] not in BODY_PART_SECTIONS or not part:
        return None
    table = {c.code: c for c in store.codes_with_prefix(top.code[:3], PCS) if c.axes and c.billable}
    in_table = [_strip_side(table[code].axes.get("body_part", "")) for code in ranked if code in table]
    if len({_part_key(label) for label in in_table[:BODY_PART_RIVALS]}) < 2:
        return None  # retrieval's first few codes agree on the body part: the words named it, if not as titled
    labels = [part]
    for label in in_table:  # one label for a part and its plural ("Adrenal Gland", "Adrenal Glands")
        if label and _part_key(label) not in {_part_key(seen) for seen in labels}:
            labels.append(label)
    labels = labels[:MAX_OPTIONS]
    if len(labels) < 2:
        return None
    words = {label: _part_key(label) - _PART_FILLER for label in labels}
    said = set(query.tokens) | {_ORDINALS[t] for t in query.tokens if t in _ORDINALS}

    def distinct(label: str) -> frozenset[str]:  # its words no other option has: "subdural", "sigmoid"
        return words[label].difference(_POSITION, *(words[other] for other in labels if other != label))

    own = distinct(part)
    common = frozenset.intersection(*words.values())
    # the top code's body part is named by a word only it has ("subdural"), or by all its own words
    if own & said or words[part] - common <= said:
        return None
    if any((d := distinct(other)) and d <= said for other in labels[1:]):
        return None  # another body part is named: the ranking's disagreement, not a detail left out
    rows = {code: _pcs_values(info) for code, info in table.items()}
    top_values = rows.get(top.code, _pcs_values(top))

    def likeness(code: str) -> tuple[int, str]:
        return (-sum(rows[code][a] == top_values.get(a) for a in PCS_AXES), code)

    options = [Option(label, sorted((c for c in table if _part_key(_strip_side(rows[c]["_part"])) == _part_key(label)),
                                    key=likeness)) for label in labels]
    options = [o for o in options if o.codes]
    if len(options) < 2:
        return None
    return Clarify("body part", QUESTIONS["body part"], PCS, options, _subject(top), part)


_TITLE_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
UNSPECIFIED = "unspecified"
COMPLICATION_WORDS = frozenset({"with", "without", "due", "in", "and", "other"})
MAX_KIND_WORDS = 7  # "acute on chronic combined systolic and diastolic": one kind of heart failure


def _title_words(title: str) -> list[str]:
    """A title's words, less its nonessential modifiers in parentheses ("systolic (congestive) heart failure")."""
    return _TITLE_WORD.findall(re.sub(r"\([^)]*\)", " ", title.lower()))


def _kind_words(top: list[str], other: list[str]) -> list[str] | None:
    """The words that make a sibling one kind of the top's unspecified condition: the run that replaces
    "unspecified" ("Asthma, unspecified" / "Mild intermittent asthma"), or, with the words in another order,
    what the sibling adds to the top's other words ("Heart failure, unspecified" / "Chronic systolic heart
    failure")."""
    span = _kind_span(top, other)
    if span is not None:
        mine, theirs = span
        # "unspecified control" against "insulin controlled": the sibling says which control
        return theirs if mine[0] == UNSPECIFIED and all(_echoed(w, theirs) for w in mine[1:]) else None
    base = set(top) - {UNSPECIFIED}
    return [w for w in other if w not in base] if all(_echoed(w, other) for w in base) else None


def _echoed(word: str, words: list[str]) -> bool:
    """The word, or one of its forms ("control" / "controlled"), is among the words."""
    return word in words or len(word) >= 5 and any(w.startswith(word) for w in words)


def _kind_span(top: list[str], other: list[str]) -> tuple[list[str], list[str]] | None:
    """Where two titles differ, when they differ in one run of words only: (the top's run, the other's)."""
    start = 0
    while start < min(len(top), len(other)) and top[start] == other[start]:
        start += 1
    end = 0
    while end < min(len(top), len(other)) - start and top[-1 - end] == other[-1 - end]:
        end += 1
    mine, theirs = top[start:len(top) - end], other[start:len(other) - end]
    if not mine or not theirs or len(mine) > 3 or len(theirs) > 4 or start + end < max(2, len(top) / 2):
        return None  # a different condition, not a kind of this one
    return mine, theirs


def _narrowed(options: dict[str, list[str]], typed: set[str]) -> dict[str, list[str]]:
    """The kinds that hold what the question says of the kind already ("chronic heart failure": chronic
    systolic, chronic diastolic, ...), the plainest first when they are still many; all when it says nothing."""
    said = {label: codes for label, codes in options.items() if token_set(label) & typed}
    if not said:
        return options
    ranked = sorted(said, key=lambda label: (-len(set(token_set(label)) & typed), len(label.split()), label))
    return {label: said[label] for label in ranked[:MAX_OPTIONS - 1]}


def _kind_question(store: Store, query: Query, top: CodeInfo, within: list[str] | None) -> Clarify | None:
    """A CM code unspecified in one respect that its category spells out ("Unspecified asthma" against mild
    intermittent, moderate persistent ...; a burn of unspecified degree against first, second, third): which
    one the record says. The unspecified code stays first (it is the code when the record is silent); asked
    only when the question names none of the kinds, and the kinds are few enough to list."""
    top_words = _title_words(top.title)
    if UNSPECIFIED not in top_words or (within is not None and top.code not in within):
        return None
    kinds: dict[str, list[str]] = {}  # the kinds the top's "unspecified" could be -> their codes
    for code in store.codes_with_prefix(top.code[:3], CM):
        if not code.billable or code.code == top.code or (within is not None and code.code not in within):
            continue
        kind = _kind_words(top_words, _title_words(code.title))
        if not kind or UNSPECIFIED in kind or kind[0] in COMPLICATION_WORDS or (
                query.side and {"right", "left", "bilateral"} & set(kind)):  # a side told settles the ear's
            continue  # "unspecified" alone: a kind left out ("unspecified site" lists only some sites as one word);
            # "with exacerbation" is a complication, coded only when stated, not a kind to ask about
        if len(kind) > MAX_KIND_WORDS:
            return None  # unspecified in more than one respect ("otitis media": acuity, suppuration, rupture)
        kinds.setdefault(" ".join(kind), []).append(code.code)
    typed = set(token_set(query.core_text or query.text)) | set(query.tokens)  # (not "first" of a first visit)
    options = _narrowed(kinds, typed)
    if not 2 <= len(options) <= MAX_OPTIONS - 1 or any(
            (said := set(token_set(label))) and said <= typed for label in options):
        return None
    mine = UNSPECIFIED
    at = top_words.index(UNSPECIFIED)
    near = [w for w in top_words[max(0, at - 1):at] + top_words[at + 1:at + 2] if len(w) > 2]
    silent = r"(?:documented|specified|named|stated|given|mentioned)"
    if any(re.search(rf"\bunspecified {w}|\b{w}\w* (?:unspecified|not specified|unknown|nos)\b|"
                     rf"\bno (?:specific |particular )?{w}\w* {silent}|\b{w}\w* (?:not|isn'?t|wasn'?t) {silent}",
                     query.text, re.I) for w in near):
        return None  # "sprain of unspecified ligament": the question says the record is silent
    choices = [Option(label[:1].upper() + label[1:], codes) for label, codes in options.items()]
    choices.append(Option(mine[:1].upper() + mine[1:], [top.code]))
    what = re.sub(r"\s*\bunspecified\b,?", "", top.title, flags=re.I).strip(" ,") or top.title
    return Clarify("type", "Which type does the record give?", CM, choices, what, mine, "which type it is")


def _cm_kind_question(store: Store, query: Query, top: CodeInfo, within: list[str] | None) -> Clarify | None:
    return _kind_question(store, query, top, within) or _asserted_kind_question(store, query, top, within)


DEFAULT_KIND = frozenset({"other", "not", "without", "unspecified", "uncomplicated", "nonrecurrent", "no"})
# words another reading settles (trimester, period, side, encounter): a kind of their own is not asked as a type
OTHER_AXIS_WORDS = frozenset({"first", "second", "third", "trimester", "pregnancy", "childbirth", "puerperium",
                              "unilateral", "bilateral", "right", "left", "initial", "subsequent", "sequela"})


def _asserted_kind_question(store: Store, query: Query, top: CodeInfo,
                            within: list[str] | None) -> Clarify | None:
    """A top code that says which kind of its condition it is when the question said none ("acute on chronic
    CHF" first gives the diastolic kind; the systolic and combined kinds are its siblings): the top stays, and
    the question asks which kind the record gives. Not asked when the top's kind is the one taken when the record
    is silent ("other persistent", "not intractable", "without ..."), nor when the question names a kind; kinds
    another reading settles (a side, a trimester) are left to it."""
    if within is not None and top.code not in within:
        return None
    top_words = _title_words(top.title)
    siblings = [(code.code, _title_words(code.title)) for code in store.codes_with_prefix(top.code[:3], CM)
                if code.billable and code.code != top.code and (within is None or code.code in within)]
    where = Counter(span for _, words in siblings if (span := _kind_at(top_words, words)))
    if not where:
        return None
    start, stop = where.most_common(1)[0][0]  # the top's own kind: top_words[start:stop]
    typed = set(token_set(query.core_text or query.text)) | set(query.tokens)
    mine = top_words[start:stop]
    if mine[0] in DEFAULT_KIND or _other_axis(mine) or _said(mine, typed):
        return None
    kinds: dict[str, list[str]] = {}
    tail = len(top_words) - stop
    for code, words in siblings:
        theirs = words[start:len(words) - tail]
        if words[:start] != top_words[:start] or words[len(words) - tail:] != top_words[stop:] or not theirs \
                or len(theirs) > 4 or theirs[0] in COMPLICATION_WORDS or UNSPECIFIED in theirs or _other_axis(theirs):
            continue
        if _said(theirs, typed):
            return None  # the question names another kind: the ranking, not a question, decides
        kinds.setdefault(" ".join(theirs), []).append(code)
    if not 1 <= len(kinds) <= MAX_OPTIONS - 1:
        return None
    label = " ".join(mine)
    choices = [Option(label[:1].upper() + label[1:], [top.code])]
    choices += [Option(kind[:1].upper() + kind[1:], codes) for kind, codes in kinds.items()]
    return Clarify("type", "Which type does the record give?", CM, choices, top.title, label, "which type it is")


def _said(words: list[str], typed: set[str]) -> bool:
    """The question says one of a kind's words; a word's first five letters are enough ("hypoxic" says
    "hypoxia")."""
    stems = token_set(" ".join(words))
    return bool(set(stems) & typed) or any(len(s) >= 5 and any(t[:5] == s[:5] for t in typed) for s in stems)


def _other_axis(words: list[str]) -> bool:
    """A kind another reading settles (a trimester, a side, an encounter, a count of hours)."""
    return any(w in OTHER_AXIS_WORDS or any(ch.isdigit() for ch in w) for w in words)


def _kind_at(top: list[str], other: list[str]) -> tuple[int, int] | None:
    """Where in the top's title a sibling differs by one or two words of its own (the top's kind)."""
    span = _kind_span(top, other)
    if span is None or not 1 <= len(span[0]) <= 2:
        return None
    start = next(i for i, (a, b) in enumerate(zip(top, other, strict=False)) if a != b)
    return start, start + len(span[0])


def _plain_synthetic(query: Query, values: set[str]) -> bool:
    """A joint replaced that names no material and no graft ("hemiarthroplasty, cemented stem") takes the plain
    Synthetic Substitute; its metal or ceramic kinds, and tissue substitutes, need words of their own (a ligament or
    skin replaced still asks whose tissue)."""
    return SYNTHETIC in values and all(v.startswith(SYNTHETIC) or v.endswith("Tissue Substitute") for v in values) \
        and not re.search(r"\bgraft|\bcadaver|\bdonor\b|\btissue\b", query.text, re.I)


def _bearings(values: set[str]) -> set[str]:
    """A joint prosthesis' bearing surfaces ("Synthetic Substitute, Ceramic on Polyethylene"): the record
    should say which, and plain Synthetic Substitute is the code when it does not."""
    return {v for v in values if v.startswith(f"{SYNTHETIC}, ") and _BEARING.search(v)}


def _asks_bearing(bearings: set[str]) -> bool:
    """Two or more bearing surfaces (a hip), or a reverse shoulder: the record should say which. A knee's one
    bearing variant is not worth a question on every total knee, nor a hemiarthroplasty's head (one surface:
    ask_for leaves surfaces out)."""
    return len(bearings) >= 2 or any("Reverse" in b for b in bearings)


def _default_holds(axis: str, values: set[str]) -> bool:
    """No device is the code when none is named (what is not documented is not coded); no qualifier too,
    unless they include cemented and uncemented, which the record should state."""
    if axis == "device":
        return "No Device" in values
    return "No Qualifier" in values and not values >= CEMENT


def _encounter(query: Query, rows: dict[str, dict[str, str]], keep: set[str]) -> tuple[set[str], bool]:
    """Filter by the encounter the question states; a fracture not said to be open is closed."""
    seventh = {c: rows[c]["_seventh"] for c in keep}
    if not any(seventh.values()):
        return keep, False
    closed = {c for c, s in seventh.items() if s in "ADGKPS"}
    if closed and not query.open_fracture:
        keep = closed
    elif closed:  # an open fracture: its type, when stated, picks the letter (type I or II; type IIIA-C)
        open_ones = {c for c in keep if "open fracture" in rows[c]["encounter"]}
        if query.open_type:
            open_ones = {c for c in open_ones if query.open_type in rows[c]["encounter"].lower()} or open_ones
        keep = open_ones or keep
    if query.encounter == "D" and not _HEALING.search(query.text):
        narrowed = {c for c in keep if rows[c]["_seventh"] in SUBSEQUENT}
        return (narrowed or keep), len({rows[c]["encounter"] for c in narrowed}) > 1
    if query.encounter:
        allowed = ENCOUNTER_CLASSES.get(query.encounter, query.encounter)
        narrowed = {c for c in keep if rows[c]["_seventh"] in allowed}
        return (narrowed or keep), False
    return keep, len({rows[c]["encounter"] for c in keep}) > 1


def _options(axis: str, rows: dict[str, dict[str, str]], keep: set[str], top: dict[str, str],
             said: frozenset[str] = frozenset()) -> list[Option]:
    """The options, at most MAX_OPTIONS: when there are more, those sharing words with the question (``said``:
    "generator" keeps the generators of 22 chest devices) are shown first."""
    groups: dict[str, list[str]] = {}
    for code in sorted(keep):
        groups.setdefault(rows[code][axis] or UNSTATED.get(axis, "other"), []).append(code)

    def likeness(code: str) -> tuple[int, str]:
        same = sum(rows[code][a] == top.get(a) for a in rows[code] if a != axis and not a.startswith("_"))
        return (-same, code)

    order = list(SIDE_ORDER) if axis == "side" else [DIABETES[c] for c in TYPE_ORDER] if axis == "type" else []
    # sides in their usual order; the default (no device, no qualifier) first, the rest by name
    labels = sorted(groups, key=lambda v: (order.index(v) if v in order else len(order), v not in NO_VALUE, v))
    if len(labels) > MAX_OPTIONS and said:
        labels.sort(key=lambda v: -len(token_set(v) & said))  # stable: the usual order among equals
    if axis == "encounter":
        labels = sorted(groups, key=lambda v: min("ADGKPS".find(rows[c]["_seventh"]) for c in groups[v]))
    shown = labels[:MAX_OPTIONS]
    mine = top.get(axis) or UNSTATED.get(axis, "other")
    if mine in groups and mine not in shown:  # the top code's own value is always an option
        shown = shown[:MAX_OPTIONS - 1] + [mine]
    return [Option(label, sorted(groups[label], key=likeness)) for label in shown]


def _subject(top: CodeInfo) -> str:
    if top.system == PCS and top.axes:
        return f"{top.axes.get('root_operation', '')} of {_strip_side(top.axes.get('body_part', ''))}".strip()
    return _cm_skeleton(top.title) or top.title


def default_code(clarify: Clarify) -> str | None:
    """The code the guidelines take when the record is silent on the clarified detail (ICD-10-CM): the
    unspecified side or stage, type 2 for diabetes of no stated type. PCS has no such default."""
    if clarify.system != CM:
        return None
    wanted = {"side": "Unspecified", "stage": UNSTATED["stage"], "type": DIABETES["E11"]}.get(clarify.axis)
    return next((o.codes[0] for o in clarify.options if o.label == wanted), None)
