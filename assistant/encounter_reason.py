"""Why a visit happened when nothing new is wrong: a screening, a check after an operation, a prenatal visit.

The chapter 21 titles name the reason in their own words ("Encounter for screening for malignant neoplasm of
prostate", "Encounter for surgical aftercare following surgery on the digestive system", "Supervision of pregnancy
with history of pre-term labor"). A coder writes the test, the operation or the history instead ("PSA draw for
screening", "post-op check after lap chole", "16 wks, hx of preterm delivery last baby"): the words read here are
the titles' own, so the matching title can win over "Encounter for screening, unspecified" or the condition.
"""

from __future__ import annotations

import re

_SCREENING = re.compile(r"\bscreen(?:ing|ed|s)?\b", re.I)
# A test, an organ or a disease a screening looks for, and the words its title uses. The first that matches wins.
_SCREENED_FOR = (
    (re.compile(r"\bmamm?o(?:gram|graphy)?s?\b|\bbreast\b|\btomo(?:synthesis)?\b", re.I),
     "screening mammogram for malignant neoplasm of breast"),
    (re.compile(r"\bcolonoscop\w*|\bcologuard\b|\bfit(?:-dna)?\s+test\b|\bfobt\b|\bifobt\b|\bstool dna\b|"
                r"\bcolon\b|\bcolorectal\b|\bsigmoidoscop\w*", re.I),
     "screening for malignant neoplasm of colon"),
    (re.compile(r"\bpsa\b|\bprostate\b", re.I), "screening for malignant neoplasm of prostate"),
    (re.compile(r"\bpap\b|\bcervical (?:cytology|cancer)\b|\bcervix\b", re.I),
     "screening for malignant neoplasm of cervix"),
    (re.compile(r"\bldct\b|\blow[- ]dose (?:chest )?ct\b|\blung cancer\b", re.I),
     "screening for malignant neoplasm of respiratory organs"),
    (re.compile(r"\b(?:full[- ]body |total[- ]body )?skin (?:check|exam\w*|cancer)\b|\bmelanoma\b", re.I),
     "screening for malignant neoplasm of skin"),
    (re.compile(r"\baaa\b|\baortic aneurysm\b|\babdominal aorta\b", re.I),
     "screening for cardiovascular disorders"),
    (re.compile(r"\blipids?\b|\bcholesterol\b|\blipid panel\b|\bflp\b", re.I), "screening for lipoid disorders"),
    (re.compile(r"\ba1c\b|\bhba1c\b|\bdiabetes\b|\bfasting (?:glucose|sugar)\b", re.I),
     "screening for diabetes mellitus"),
    (re.compile(r"\bdexa\b|\bdxa\b|\bbone density\b|\bosteoporosis\b", re.I), "screening for osteoporosis"),
    (re.compile(r"\bphq-?\d*\b|\bdepression\b", re.I), "screening for depression"),
    (re.compile(r"\bhiv\b", re.I), "screening for human immunodeficiency virus hiv"),
    (re.compile(r"\bhep(?:atitis)?\s*c\b|\bhcv\b", re.I), "screening for other viral diseases"),
    (re.compile(r"\bchlamydia\b|\bgonorrh\w*\b|\bgc/ct\b|\bsti\b|\bstd\b|\bsyphilis\b", re.I),
     "screening for infections with a predominantly sexual mode of transmission"),
    (re.compile(r"\blead\b", re.I), "screening for disorder due to exposure to contaminants"),
    (re.compile(r"\bm-?chat\b|\bautism\b", re.I), "autism screening"),
    (re.compile(r"\bdevelopment\w*\b|\basq\b|\bmilestones?\b", re.I), "screening for global developmental delays"),
    (re.compile(r"\bcovid\b|\bsars-cov-2\b", re.I), "screening for covid-19"),
)
# What turns a screening into a workup: a sign or a positive result ("scheduled as screening but she feels a
# lump", "colonoscopy after a positive Cologuard"). The finding is then the reason, and this reading stays out.
_WORKUP = re.compile(r"(?<!no )(?<!not )(?<!denies )\b(?:positive|abnormal|elevated|high|lump|mass|bleeding|"
                     r"blood (?:in|on)|red blood|brbpr|hematochezia|melena|symptomatic|converted|diagnostic|"
                     r"failed|fails|referred for|discuss\w*)\b", re.I)


def screening_words(text: str) -> str:
    """The screening title's words for a screening told by its test or target."""
    if not _SCREENING.search(text) or _WORKUP.search(text):
        return ""
    return next((f"encounter for {words}" for pattern, words in _SCREENED_FOR if pattern.search(text)), "")


# A visit after an operation, with nothing wrong, is its aftercare: the wound's own care when that is all that
# was done ("sutures out"), else the aftercare of the operated body system, or of surgery for a neoplasm.
_POSTOP_VISIT = re.compile(r"\bpost-?op(?:erative)?\s+(?:visit|check|appointment|appt|f/u|follow[- ]?up|exam)\b|"
                           r"\b(?:wound|incision|incisional|site)\s+check\b|\bpost-?surgical\s+(?:visit|check)\b",
                           re.I)
_WOUND_CARE = (
    (re.compile(r"\b(?:suture|stitch|staple)s?\s+(?:removal|removed|out)\b|\bremov\w*\s+(?:of\s+)?(?:the\s+)?"
                r"(?:sutures|stitches|staples)\b", re.I), "encounter for removal of sutures"),
    (re.compile(r"\bdrains?\s+(?:removal|pulled|out)\b|\bremov(?:e|al)\s+(?:of\s+)?(?:the\s+|her\s+|his\s+)?"
                r"(?:jp\s+|jackson-pratt\s+|blake\s+)?drains?\b", re.I), "encounter for change or removal of drains"),
    (re.compile(r"\bdressing\s+(?:change|changed|removal)\b", re.I),
     "encounter for change or removal of surgical wound dressing"),
)
_COMPLICATED = re.compile(r"(?<!no )(?<!not )(?<!without )\b(?:infect\w*|cellulitis|dehisc\w*|abscess|seroma|"
                          r"hematoma|erythema|purulen\w*|drainage from|opened up|complication)\b", re.I)
_NEOPLASM = re.compile(r"\b(?:cancer|carcinoma|adenocarcinoma|malignan\w*|ca|tumou?r|neoplasm|melanoma|sarcoma|"
                       r"lymphoma|ductal|lobular|idc|dcis)\b", re.I)
_OPERATED_SYSTEM = (
    (re.compile(r"\b(?:col|sigmoid|hemicol|proctocol|append|cholecyst|chole|gastr|esophag|whipple|hernia|bowel|"
                r"lar|apr|appy|splen|hepat)\w*", re.I), "digestive system"),
    (re.compile(r"\b(?:cabg|bypass|valve|carotid|endarterectomy|cardiac|heart|vascular|pacemaker)\w*", re.I),
     "circulatory system"),
    (re.compile(r"\b(?:lobectomy|lung|thorac\w*|vats|wedge resection)\b", re.I), "respiratory system"),
    (re.compile(r"\b(?:nephr|prostat|cystect|turp|hyster|ureter|bladder|kidney|turbt)\w*", re.I),
     "genitourinary system"),
    (re.compile(r"\b(?:crani|lamin|discect|spinal fusion|acdf|shunt)\w*", re.I), "nervous system"),
    (re.compile(r"\b(?:cataract|phaco|vitrect|trab|tympan|myringot|ear|eye)\w*", re.I), "sense organs"),
    (re.compile(r"\b(?:lipoma|sebaceous|cyst|mohs|skin|mole|nevus|melanoma|bcc|scc)\w*", re.I),
     "skin and subcutaneous tissue"),
)


# A check after a transplant, with no rejection or failure told, is that transplant's aftercare (Z48.2-).
_TRANSPLANT_CHECK = re.compile(r"\bpost-?transplant\s+(?:aftercare|visit|check|f/u|follow[- ]?up|clinic)\b|"
                               r"\btransplant\w*\b[^.;]{0,60}?\b(?:aftercare|routine (?:visit|check|f/u))\b", re.I)
_TRANSPLANTED = re.compile(r"\b(kidney|renal|liver|heart|lung|bone marrow|stem cell)\b", re.I)
_ORGAN = {"renal": "kidney", "stem cell": "bone marrow"}
_REJECTED = re.compile(r"(?<!no )(?<!without )\b(?:rejection|failure|dysfunction|infection)\b", re.I)


# Therapy or aftercare after a bone or joint operation that treated no injury (an amputation, a spinal fusion, a
# bunionectomy, a cuff repaired for a degenerative tear) is orthopedic aftercare (Z47.8-); an injury's care goes on
# under the injury's own code with its later-encounter character, and a joint replaced has its own aftercare.
_ORTHO_CARE = re.compile(r"\b(?:aftercare|physical therapy|occupational therapy|pt/ot|rehab\w*|"
                         r"(?:pt|ot) (?:eval\w*|referral|visit|for|to (?:start|begin))|preprosthetic|"
                         r"post-?op (?:pt|ot|therapy|rehab\w*|visit|check))\b", re.I)
_ORTHO_SURGERY = (
    (re.compile(r"\b(?:amput\w*|[ab]ka|tma|transmetatarsal|ray resection|disarticulat\w*)\b", re.I),
     "encounter for orthopedic aftercare following surgical amputation"),
    (re.compile(r"\bscoliosis\b", re.I), "encounter for orthopedic aftercare following scoliosis surgery"),
    (re.compile(r"\b(?:fusion|arthrodesis|lamin\w*|discectomy|acdf|tlif|plif|bunionectomy|osteotomy|"
                r"arthroscop\w*|rcr|(?:cuff|tendon|ligament|labral|labrum|achilles|cartilage) (?:repair(?:ed)?|"
                r"recon\w*|release|transfer)|tenotomy|hammertoe (?:repair|correction))\b", re.I),
     "encounter for other orthopedic aftercare"),
)
_OPERATED_BEFORE = re.compile(r"\b(?:s/p|status post|after|following|post-?op\w*|ago|wks? out|weeks? out)\b", re.I)
_INJURED = re.compile(r"\b(?:fractures?|fx|sprain\w*|strain\w*|dislocat\w*|fell|falls?|injur\w*|trauma\w*|"
                      r"accident|mv[ac]|crash|playing|tore|torn|tear|twisted|hurt|acl|meniscus|orif|imn)\b", re.I)
_NOT_INJURED = re.compile(r"\b(?:degenerative|non-?traumatic|atraumatic|no injury|without injury|wear and tear)\b",
                          re.I)
_REPLACED = re.compile(r"\b(?:total|reverse|replacement|arthroplasty|tka|tha|tsa|tkr|thr|hemiarthroplasty)\b",
                       re.I)


def orthopedic_aftercare_words(text: str) -> str:
    """The orthopedic aftercare title's words for therapy or a visit after a bone or joint operation."""
    if not (_ORTHO_CARE.search(text) and _OPERATED_BEFORE.search(text)) or _COMPLICATED.search(text) \
            or (_INJURED.search(text) and not _NOT_INJURED.search(text)):
        return ""
    for pattern, words in _ORTHO_SURGERY:
        if pattern.search(text) and not (words.endswith("other orthopedic aftercare") and _REPLACED.search(text)):
            return words
    return ""


def surgical_aftercare_words(text: str) -> str:
    """The aftercare title's words for a post-op visit, a transplant check or wound care with nothing wrong."""
    if _COMPLICATED.search(text):
        return ""
    if ortho := orthopedic_aftercare_words(text):
        return ortho
    if _TRANSPLANT_CHECK.search(text) and (organ := _TRANSPLANTED.search(text)) and not _REJECTED.search(text):
        name = organ.group(1).lower()
        return f"encounter for aftercare following {_ORGAN.get(name, name)} transplant"
    care = next((words for pattern, words in _WOUND_CARE if pattern.search(text)), "")
    if care:
        return care
    if not _POSTOP_VISIT.search(text):
        return ""
    if _NEOPLASM.search(text):
        return "aftercare following surgery for neoplasm"
    system = next((name for pattern, name in _OPERATED_SYSTEM if pattern.search(text)), "")
    return f"encounter for surgical aftercare following surgery on the {system}".strip() if system else ""


# A prenatal visit with a risk the history carries is the supervision of a high-risk pregnancy (O09), by the risk.
_PRENATAL_VISIT = re.compile(r"\b(?:prenatal|antenatal|ob|obstetric)\s+(?:visit|care|check|appointment|appt|"
                             r"f/u|follow[- ]?up)\b|\brob\b|\broutine ob\b|\bnew ob\b", re.I)
_RISKS = (
    (re.compile(r"\b(?:hx|history|h/o|prior|previous|last|(?:first|older) (?:baby|child|son|daughter))\b[^.;]{0,50}?"
                r"\b(?:preterm|pre-term|premature)\b", re.I),
     "supervision of pregnancy with history of pre-term labor"),
    (re.compile(r"\b(?:hx|history|h/o|prior|previous|last)\b[^.;]{0,40}?\b(?:stillbirth|iufd|fetal demise|"
                r"neonatal death)\b", re.I),
     "supervision of pregnancy with other poor reproductive or obstetric history"),
    (re.compile(r"\b(?:hx|history|h/o|prior|previous|last)\b[^.;]{0,40}?\b(?:ectopic|tubal pregnancy)\b", re.I),
     "supervision of pregnancy with history of ectopic pregnancy"),
    (re.compile(r"\brecurrent (?:miscarriages?|pregnancy loss(?:es)?|sabs?)\b|\bhabitual abort\w*", re.I),
     "pregnancy care for patient with recurrent pregnancy loss"),
    (re.compile(r"\b(?:no|late|insufficient|limited)\s+(?:prior\s+)?(?:prenatal|antenatal)\s+(?:care|visits?)\b|"
                r"\bno (?:care|visits?) (?:before|until|prior)\b", re.I),
     "supervision of pregnancy with insufficient antenatal care"),
    (re.compile(r"\b(?:ivf|in vitro|assisted reproductive|fertility treatment|clomid|iui)\b", re.I),
     "supervision of pregnancy resulting from assisted reproductive technology"),
    (re.compile(r"\bgrand multip\w*|\bgrand multiparity\b", re.I), "supervision of pregnancy with grand multiparity"),
)


# With no risk, a visit told as routine is the supervision of a normal pregnancy: a first one, or another.
_ROUTINE = re.compile(r"\b(?:routine|normal|uncomplicated|low[- ]risk|no (?:problems|complaints|concerns|issues)|"
                      r"doing well)\b", re.I)
_FIRST = re.compile(r"\bg1(?:p0)?\b|\bprimigravida\b|\bprimip\w*|\bfirst pregnancy\b", re.I)
_LATER = re.compile(r"\bg[2-9]\d?(?:p\d+)?\b|\bmultigravida\b|\bmultip\w*", re.I)


def prenatal_supervision_words(text: str, aged: bool = False) -> str:
    """The supervision title's words for a prenatal visit: the risk the history tells, or a normal pregnancy
    unless the mother's age (`aged`: under 16 or 35 and over, read by the caller) makes it a high-risk one."""
    if not (_PRENATAL_VISIT.search(text) or re.search(r"\b(?:prenatal|ob)\b", text, re.I) and _ROUTINE.search(text)):
        return ""
    risk = next((words for pattern, words in _RISKS if pattern.search(text)), "")
    if risk or aged or not _ROUTINE.search(text):
        return risk
    if _FIRST.search(text):
        return "supervision of normal first pregnancy"
    return "supervision of other normal pregnancy" if _LATER.search(text) else ""


# An examination before an operation is the visit's reason (Z01.81-), by what it examined: the heart, the lungs,
# the labs drawn, or the patient in general.
_PREOP = re.compile(r"\bpre-?op(?:erative)?\s+(?:[a-z]+\s+){0,2}?(?:clearance|eval\w*|exam\w*|visit|h&p|"
                    r"assessment|risk|labs?|testing|swab|covid)\b|\bpre-?procedur\w+\s+(?:exam\w*|eval\w*|labs?|testing)\b|"
                    r"\bclearance\s+(?:for|before|prior to)\b", re.I)
_PREOP_KINDS = (
    (re.compile(r"\bcardi\w*|\bheart\b|\bekg\b|\becg\b|\becho\b|\bstress test\b", re.I), "cardiovascular"),
    (re.compile(r"\bpulm\w*|\blungs?\b|\bpfts?\b|\brespiratory\b", re.I), "respiratory"),
    (re.compile(r"\blabs?\b|\bswab\b|\bcovid\b|\bcbc\b|\bbmp\b|\bblood work\b|\btype and screen\b", re.I),
     "laboratory"),
)


def preop_words(text: str) -> str:
    """The preprocedural examination title's words, by what the visit examined."""
    if not _PREOP.search(text):
        return ""
    kind = next((name for pattern, name in _PREOP_KINDS if pattern.search(text)), "")
    return f"encounter for {'preprocedural ' + kind if kind else 'other preprocedural'} examination"


# A visit or stay for a cycle of cancer treatment, asked for its reason, is the encounter for it (Z51.11, Z51.12),
# the cancer beside it: "infusion visit: C4D1 CAPOX ... reason-for-visit code?".
_TREATMENT_VISIT = re.compile(r"\b(?:infusion (?:visit|center|clinic|suite)|(?:here|admit\w*|presents?|seen|scheduled|"
                              r"comes? in) for (?:her |his |the )?(?:cycle|c\d|chemo\w*|immunotherapy|infusion|"
                              r"treatment)|c\d+\s*d\d+|cycle \d+|c\d+ (?:today|of))\b"
                              r"|\bc\d{1,2}\b(?=[^.;]{0,40}\b(?:today|q\d+\s?w(?:ks?)?|infus\w*|given)\b)", re.I)
_REASON_ASKED = re.compile(r"\breason[- ]for[- ](?:the[- ])?(?:visit|encounter|admission|exam)\b|\bfirst[- ]listed\b|"
                           r"\bprincipal\b|\bprimary dx\b|\bvisit code\b|\bencounter code\b", re.I)
_CHEMOTHERAPY = re.compile(r"\bchemo\w*|\b(?:folfox|folfiri|folfirinox|capox|xelox|r-?chop|chop|abvd|ac-?t|tchp?|"
                           r"flot|bep|vrd|carbo/taxol|gem/cis|cmf|ice|hyper-?cvad)\b|\b\w+(?:rubicin|platin|taxel|"
                           r"citabine|fosfamide|poside|tecan|cristine|trexate|fluorouracil|zomib)\b", re.I)
_IMMUNOTHERAPY = re.compile(r"\bimmunotherap\w*|\bcheckpoint\b|\b(?:pembro\w*|nivo\w*|keytruda|opdivo|"
                            r"atezolizumab|durvalumab|ipilimumab|cemiplimab|tecentriq|imfinzi|yervoy)\b", re.I)


def treatment_visit_words(text: str) -> str:
    """The antineoplastic encounter title's words for a treatment visit asked for its reason."""
    if not (_TREATMENT_VISIT.search(text) and _REASON_ASKED.search(text)):
        return ""
    if _CHEMOTHERAPY.search(text):
        return "encounter for antineoplastic chemotherapy"
    return "encounter for antineoplastic immunotherapy" if _IMMUNOTHERAPY.search(text) else ""


def reason_words(text: str, aged: bool = False) -> str:
    """All the reasons this module reads, joined: each is empty when its visit is not told."""
    return " ".join(w for w in (screening_words(text), surgical_aftercare_words(text),
                                prenatal_supervision_words(text, aged), preop_words(text),
                                treatment_visit_words(text)) if w)
