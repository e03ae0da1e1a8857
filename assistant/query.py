"""Reading a coder's question: codes it names, shorthand expanded, and the PCS details it states.

Expansion uses the project's glossary (corpus/glossary.tsv). The detail cues
(approach, side, diagnostic intent, encounter) are coding rules written here
by hand, since they decide between sibling codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from assistant.administration import administration_words, given_substance, treated_through, without_access_route
from assistant.breast_quadrant import breast_quadrant_words
from assistant.breast_site import breast_sex_words, site_unsaid
from assistant.dementia import dementia_family, dementia_words, stage_unsaid
from assistant.device_trouble import device_trouble, device_trouble_words, without_devices
from assistant.encounter_reason import reason_words
from assistant.fetus import fetus_named
from assistant.filler import FRAME_WORDS, problem_of_header, strip_wrappers, without_orders
from assistant.fracture_grades import graded
from assistant.hernia import hernia_words
from assistant.kidney_stage import dialysis_as_esrd, dialysis_stage_words
from assistant.lab_values import inr_words
from assistant.line_removal import central_line_removed, insertion_tables
from assistant.long_term_use import long_term_use_words
from assistant.obstetric import Reading, extracted_birth, obstetric_reading
from assistant.others import told_of_others
from assistant.receptor_status import receptor_status_words
from assistant.setting_shorthand import spelled_out
from assistant.site_regions import bone_region_words, joint_region_words, pressure_site_words
from assistant.spelling import Fix
from assistant.stoma_trouble import stoma_trouble_words, without_stomas
from assistant.tooth_numbers import tooth_words
from assistant.uncertain import inpatient_hedged, settle_uncertain, unsettled_options
from core.codes import CodeMention, find_mentions
from core.glossary import Entry, read_glossary
from core.text import plain, said_unless_before, tokenize, words

MAX_QUESTION_CHARS = 4000

ENDOSCOPIC = "Endoscopic"  # either endoscopic approach; the body system says which is likelier
# Approach labels as PCS titles write them, longest first, with the words that state them.
GUIDED = "imageguided"  # a procedure done under imaging guidance (without_guidance)
APPROACH_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # A case converted to open is coded Open (PCS guideline B5.2a), whatever it started as.
    ("Open", ("converted to open", "conversion to open", "converted to an open", "open conversion", "ex lap",
              "exploratory laparotomy",
              # an incision in the vagina's wall opens the way to the urethra, bladder neck or ligament beyond
              "vaginal incision", "vaginal incisions", "vaginal wall incision", "vaginal wall incisions",
              "incision in the vagina", "incision in the vaginal wall", "vaginal mucosa incised",
              "vaginal epithelium incised")),
    ("Via Natural or Artificial Opening Endoscopic", (
        "via natural or artificial opening endoscopic", "egd", "colonoscopy", "colonoscopic", "cystoscopy",
        "cystoscopic", "cysto", "bronchoscopy", "bronchoscopic", "ureteroscopy", "ureteroscopic",
        "hysteroscopy", "hysteroscopic", "sigmoidoscopy", "esophagoscopy", "endoscopically via",
        "ercp", "upper endoscopy", "gastroscopy", "laryngoscopy", "enteroscopy", "proctoscopy", "nasal endoscopy",
        # a transurethral resection, fulguration or incision is done through a resectoscope
        "resectoscope", "resectoscopic", "turp", "turbt", "transurethral resection", "transurethral fulguration",
        "transurethral incision", "transurethral excision", "transurethral destruction", "transurethral ablation",
        # a GI endoscopist's report names the scope's tools and sights rather than the scope: the snare, the
        # through-the-scope balloon or clip, the band ligator, argon plasma, mucosal resection, retroflexion
        "colo", "ileocolonoscopy", "flex sig", "cholangioscopy", "spyglass", "eus", "cold snare", "hot snare",
        "snare polypectomy", "cold forceps", "hot forceps", "tts", "through the scope", "through-the-scope",
        "over-the-scope", "otsc", "hemoclip", "hemoclips", "endoclip", "endoclips", "evl", "band ligator",
        "apc", "argon plasma", "emr", "endoscopic mucosal resection", "retroflexion", "cecum reached",
        "rat tooth", "rat-tooth", "roth net", "poem", "savary", "savary-gilliard", "rigiflex", "pneumatic balloon",
        "pneumatic dilation", "sems", "esd", "endoscopic submucosal dissection", "halo",
        "barrx", "eus-fna", "eus-fnb", "eus-guided", "eus guided", "endoscopic ultrasound",
    )),
    ("Percutaneous Endoscopic", (
        "percutaneous endoscopic", "laparoscopic", "laparoscopically", "lap", "laparoscopy", "arthroscopic",
        "arthroscopically", "arthroscopy", "thoracoscopic", "thoracoscopy", "vats", "robotic", "robot assisted",
        "robotic-assisted", "mediastinoscopy", "pelviscopy",
        # a patient's words for it: "through small belly cuts with a camera", "keyhole surgery"
        "small cuts", "small incisions", "tiny cuts", "tiny incisions", "belly cuts", "keyhole",
    )),
    # A scope with no word for the way in: through the mouth, anus or urethra for hollow organs,
    # through a port elsewhere (pcs_fit.ENDOSCOPIC_VIA_OPENING decides which fits the code better).
    (ENDOSCOPIC, ("endoscopic", "endoscopically", "endoscopy", "scope", "scoped")),
    ("Via Natural or Artificial Opening", (
        "via natural or artificial opening", "transurethral", "transvaginal", "vaginal", "through the vagina",
        "transvaginally", "per vagina", "speculum",
        # the cervix worked on through the vagina: loop or cold-knife cone, freezing, dilators, a grasping tenaculum
        "leep", "lletz", "cold knife cone", "cervical cone", "cryotherapy of the cervix", "cryotherapy of cervix",
        "cervical cryotherapy", "tenaculum", "pratt dilators", "hegar dilators", "pipelle", "transcervical",
        "endocervical curettage",
        "transanal", "nasogastric", "per rectum", "via stoma", "via natural opening",
    )),
    ("Percutaneous", ("percutaneous", "percutaneously", "perc", "needle", "puncture", "seldinger", "transhepatic",
                      "introducer", "coaxial", "catheter-based",
                      "transcatheter", "endovascular", "cath", "transvenous", "transfemoral", "transradial",
                      "catheterization",
                      # cataract surgery through a small corneal incision is Percutaneous, not Open
                      "corneal incision", "clear corneal", "phacoemulsification", "phaco", "stab incision",
                      "stab incisions", "small stab",
                      # a catheter put in "through his wrist" or "through the groin"; a cataract "through a tiny cut"
                      "through his wrist", "through her wrist", "through his groin", "through her groin",
                      "up through the groin", "in through the groin", "in through the wrist", "tiny cut")),
    # work in the mouth and throat done through the mouth is External (a tonsillectomy); with a scope it is not
    ("External", ("external", "externally", "closed reduction", "open mouth", "transoral", "extracorporeal shock wave",
                  "extracorporeal shockwave",
                  "without incision", "without an incision",
                  "without any incision", "no incision", "without making an incision", "topical", "skin surface",
                  "scalp electrodes", "surface electrodes", "noninvasive", "non-invasive", "transcutaneous",
                  "without surgery", "without cutting", "on the outside of")),
    ("Open", ("open", "opened", "incision", "incisional", "incised", "incises", "incise", "cutdown", "laparotomy",
              "thoracotomy", "sternotomy", "mini-thoracotomy", "minithoracotomy", "mini-sternotomy",
              "ministernotomy", "mini-laparotomy", "minilaparotomy", "hemisternotomy",
              "craniotomy", "arthrotomy", "open approach")),
)
# Read after every cue above and every scope word ("ORIF under fluoro" is Open, a US-guided PCNL through a
# nephroscope Percutaneous Endoscopic): a needle or catheter placed under imaging (without_guidance) and the
# catheter work of interventional radiology go in through the skin.
LATE_PERCUTANEOUS = (GUIDED, "balloon angioplasty", "coil embolization", "coil embolized", "aspiration thrombectomy",
                     "mechanical thrombectomy", "catheter-directed", "catheter directed", "drug-coated balloon",
                     "drug coated balloon", "angiojet", "microcatheter", "pigtail catheter", "pigtail drain",
                     "microwave ablation", "cryoablation", "radiofrequency ablation", "rf ablation",
                     # a pain physician's nerve lesioning goes in through a needle or probe
                     "rfa", "rfa'd", "cooled rf", "rf lesioning", "radiofrequency lesioning", "rf rhizotomy",
                     "radiofrequency rhizotomy", "cryoneurolysis", "cryo probe", "cryoprobe")

APPROACH_WORDS = frozenset(c for _, cues in APPROACH_CUES for c in cues if " " not in c)

SIDES = {"left": "Left", "lt": "Left", "l": "Left", "right": "Right", "rt": "Right", "r": "Right",
         "bilateral": "Bilateral", "bilaterally": "Bilateral", "bilat": "Bilateral", "b/l": "Bilateral",
         "both": "Bilateral"}
DIAGNOSTIC_CUES = ("biopsy", "biopsies", "bx", "diagnostic", "dx lp", "dx tap", "dx paracentesis", "fna", "fnb",
                   "eus-fna", "eus-fnb",
                   "needle aspiration biopsy", "core biopsy", "core samples", "cores obtained", "cores taken",
                   "cores of", "sent for culture", "sent for cultures",
                   "sent for cytology", "sent for pathology", "sent to pathology", "sent for analysis",
                   "karyotype", "karyotyping", "genetic testing", "fetal lung maturity", "for cultures", "for culture")
# "s/p L AKA" asks for the status (Z89.612), not the amputation: the procedure is done.
STATUS_CUES = ("s/p", "status post", "status", "history of", "h/o", "hx of", "dependent", "dependence on",
               "on dialysis", "on hd", "on hemodialysis", "absence of", "acquired absence")
# "Pacemaker in situ", "IUD in place": a device already there is a status ("presence of ..."), not its insertion.
_DEVICE_PRESENT = re.compile(
    r"\b(?:pacemaker|defibrillator|aicd|stents?|filter|iud|port|catheter|foley|shunt|implants?|prosthes[ie]s|"
    r"grafts?|pump|lvad|device|valve|pacer|icd|loop recorder|ilr|linq)\s+(?:(?:is|was|remains|still)\s+)?"
    r"(?:in situ|in place|present)\b"
    # "she has a pacer", "pt w/ dual chamber pacemaker seen for knee pain ... code to show she has a pacer"
    r"|\b(?:has|have|with|w/)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:pacemaker|pacer|aicd|icd|defibrillator|"
    r"loop recorder|ilr)\b(?=[^.;]*\b(?:status|show|presence|history|seen (?:in|for)|here for)\b)"
    # "a PEG tube placed 3 months ago": put in before this visit, so there now
    r"|\b(?:placed|inserted|implanted|put in)\s+(?:\w+\s+){0,2}?(?:\d+|a|one|two|three|several)\s+"
    r"(?:days?|weeks?|months?|years?)\s+ago\b")
# The 7th character of injury, poisoning and fracture codes, from the words of the encounter (guideline
# I.C.19.a): the first cue group that matches wins, so "follow-up of a malunion" is P, not D.
ENCOUNTER_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("S", ("sequela", "sequelae", "late effect", "late effects", "residual of", "residuals of", "as a result of an old",
           "from an old", "old healed", "that old", "old injury", "old fracture", "old burn", "prior injury")),
    ("K", ("nonunion", "non-union", "nonunited", "ununited", "not united", "has not united", "failed to unite",
           "did not unite", "not healed across")),
    ("P", ("malunion", "mal-union", "malunited")),
    ("G", ("delayed healing", "slow healing", "healing slowly", "slow to heal", "healing delayed", "healing is delayed",
           "delayed union")),
    ("D", ("subsequent", "follow-up", "follow up", "followup", "f/u", "healing", "healed", "routine healing",
           "recheck", "re-check", "cast change", "cast removal", "cast check", "splint check", "suture removal",
           "removal of sutures",
           "staple removal", "aftercare", "recovery phase", "routine care", "routine visit", "returns for",
           # care after the injury's active treatment: wound care, therapy, rehabilitation, clearance to play
           "dressing change", "wound check", "rehab", "inpatient rehabilitation", "return to play", "play clearance",
           "cleared to play", "irf", "ipr", "acute rehabilitation", "sci unit", "snf", "skilled nursing",
           # home health: its visits come after the injury's active treatment (OASIS start of care, HH PT)
           "home health", "hh", "soc", "start of care", "oasis", "pdgm", "in the home", "at home w", "home with pt",
           "home w pt", "home w/ pt", "home for pt", "pt at home", "ot at home", "sn at home", "therapy at home",
           "home with sn", "home w sn", "sn visits", "removing sutures", "removing staples", "pull staples",
           # outpatient therapy after the injury's treatment: a referral, an evaluation or a plan of care for PT/OT
           # ("pt" alone is the patient: "start pt on abx")
           "pt eval", "pt evaluation", "ot eval", "ot evaluation", "pt referral", "ot referral", "referral for pt",
           "referred for pt", "referred to pt", "referral to pt", "pt to begin", "outpatient pt", "outpt pt",
           "outpatient therapy", "pt 2x", "pt 3x", "ot 2x", "pt/ot", "pt & ot", "hand therapy", "physical therapy",
           "occupational therapy", "plan of care", "therapy referral", "therapy eval", "stabilization program")),
    ("A", ("initial", "first visit", "first encounter", "active treatment", "emergency department",
           "presents to the ed", "in the ed", "in the er", "acute injury", "surgical treatment",
           # seen in the emergency room, first treated, or admitted to be operated on: active treatment
           "in ed", "in er", "to the ed", "to ed", "ed visit", "ed eval", "ed evaluation", "er visit",
           "first treatment", "admitted for", "taken to the or", "taken to or",
           # a note headed by the emergency department ("ED: ...", "ER note")
           "ed:", "er:", "ed note", "er note", "ed triage", "ed provider", "urgent care")),
)
# A fracture open to the skin takes its own 7th characters (B, C for the initial encounter; E, F, H, J, M, N,
# Q, R later); one not called open is coded closed (guideline I.C.19.c.1).
_OPEN_FRACTURE = re.compile(r"\bopen,? (?!reduction|approach|repair|surg|treatment|procedure|fixation)"
                            r"(?:[\w-]+,? ){0,5}(?:fracture|fx)|\bcompound (?:[\w-]+ ){0,2}(?:fracture|fx)|"
                            r"\bgustilo\b|\bprotrud\w* (?:out )?through the skin|\bexposed bone|\bbone (?:is )?exposed|"
                            # "tib shaft fx, open IIIB", "fx (open)", "open type II" after the fracture told
                            r"\b(?:fracture|fx)(?:\s*[,(]\s*|\s+)open\b(?![- ]?(?:reduction|approach|repair|surg\w*|"
                            r"treatment|procedure|fixation|wound|book))|"
                            r"\bopen,? (?:gustilo[- ])?type (?:iii[abc]?|ii|i|3[abc]?|2|1)\b",
                            re.I)


# Where a vignette states its conclusion ("diagnosed with croup", "the physician documents ...",
# "found to have intussusception", "Dx: ..."): the words a code must answer above the symptoms told on the way.
_FOCUS = re.compile(
    r"\b(?:diagnosed (?:with|as)|diagnos(?:es|is)(?: is| of|:)|dx(?: is| of|:)|"
    # ("no cause documented yet": nothing concluded)
    r"(?:documents?|documented(?: as)?)(?!\s+(?:yet|so far|at this time|anywhere|either)\b)|"
    r"found to have|consistent with|confirms?|confirmed|shows?|showed|reveals?|revealed|impression:|"
    r"assessment:|(?-i:\bA):|"
    # a provider's answer to a documentation query ("Query ... response: acute on chronic diastolic CHF",
    # "attending agreed with severe malnutrition") is what the record now says
    r"respon(?:se|ded)(?!\s+(?:well|poorly|quickly|promptly|to|after|with)\b)(?:\s+was)?:?|answer(?:ed)?(?:\s+with)?:?|"
    r"clarified(?:\s+(?:as|that|it as))?:?|agreed(?:\s+(?:with|to|on))?|"
    # what a patient or a relative quotes the clinician as saying ("the doctor said acid reflux", "doc called it
    # sciatica") is the visit's diagnosis in lay voice
    r"(?:doctor|doc|dr\.?|physician|pediatrician|provider|dentist|counselor|surgeon|specialist)\s+(?:said|says|"
    r"called it|calls it|told (?:us|me|him|her))(?:\s+(?:it'?s|it is|it was|that it'?s|that|he has|she has|i have|"
    r"we have))?(?!\s+(?:to|not|nothing|no)\b))\s+(?:an?\s+|the\s+|with\s+)?([^.;?!\n]+)",
    re.I)  # "A:" heads a SOAP assessment


def focus_tokens(text: str) -> frozenset[str]:
    """The stemmed words of the question's stated conclusion; empty when it states none."""
    return frozenset(t for m in _FOCUS.finditer(text) for t in tokenize(m.group(1)))


def focus_text(text: str) -> str:
    """The stated conclusions as typed, those that state something ("shows no bleeding" states nothing):
    searched on their own, so a story's tests and narration cannot crowd out the diagnosis it ends with."""
    found = (m.group(1).strip() for m in _FOCUS.finditer(text))
    return "; ".join(f for f in found
                     if not re.match(r"(?:no|not|without|negative|normal|unremarkable|by|in|on|at)\b", f, re.I))


# A prescribed drug taken with alcohol is a poisoning, not an adverse effect (guideline I.C.19.e.5.b).
_WITH_ALCOHOL = re.compile(r"^(?!.*\b(?:suicid|intentional|self[- ]harm|deliberate))(?=.*\b(?:prescribed|as directed|"
                           r"usual dose))(?=.*\b(?:drank|drinking|drinks|beers?|wine|alcohol|vodka|whiske?y|liquor|"
                           r"etoh|cocktails?)\b)", re.S)
# The 6th character of a poisoning, adverse-effect or underdosing code (T36-T65) from the words for the
# drug event; with none of them, a poisoning is accidental (guideline I.C.19.e.5.b). Earlier rows win.
INTENT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("6", re.compile(r"underdos\w*|missed (?:\w+ )?doses?|skip(?:s|ped|ping)? (?:\w+ )?doses?|stopped taking|"
                     r"ran out of|"
                     r"forgot to take|less than prescribed|not taking|noncomplian\w*|"
                     # "stopped his amlodipine on his own", "missed Keppra x 3 days", "couldn't afford the refill"
                     r"stopped (?:his|her|their) (?!\w+ing\b)\w+|missed (?:his |her |their )?\w+ (?:x|for) ?\d|"
                     r"(?:could ?n[o']t|can ?n[o']t|unable to) afford")),
    ("1", _WITH_ALCOHOL),
    # a drug not prescribed to the patient is a poisoning, whatever else the note says (I.C.19.e.5.b)
    ("1", re.compile(r"^(?!.*\b(?:suicid|self[- ]harm|intentional|deliberate|wan\w* to die|kill))(?=.*(?:\bnot "
                     r"prescribed (?:to|for) (?:him|her|them|the patient)|\b(?:husband|wife|spouse|partner|mother|"
                     r"father|mom|dad|son|daughter|friend|roommate|sister|brother|neighbou?r|grandmother|"
                     r"grandfather)'s (?:[\w-]+ ){0,2}?(?:pills?|tablets?|medications?|medicines?|prescription|"
                     r"[a-z]+(?:am|pam|lam|done|pine|ine|ol|il|in|ide|one))\b))", re.S)),
    ("5", re.compile(r"as prescribed|as directed|(?:correctly|properly|appropriately) (?:\w+ (?:and )?){0,2}?"
                     r"(?:prescribed|administered|taken|given|ordered)|therapeutic dose|adverse (?:effect|reaction)|"
                     r"side[- ]effects?")),
    ("2", re.compile(r"suicid\w*|self[- ]harm|(?<!un)intentional\w*|on purpose|deliberate\w*|"
                     r"wan(?:ted|ts?|ting) to die|left a (?:suicide )?note|(?:\+|w/|endors\w+|active) ?si\b|"
                     r"end (?:his|her|their|my) life|kill (?:him|her|them|my)sel(?:f|ves)")),
    ("3", re.compile(r"assault\w*|spiked|poisoned (?:him|her|them|by (?:another|someone|a))|homicid\w*")),
    ("4", re.compile(r"undetermined|(?:unknown|unclear) intent|intent (?:unknown|unclear|undetermined)|"
                     r"intent\w* (?:\w+ ){0,4}?(?:cannot|can ?not|could ?n[o']t|not) be (?:determined|established)")),
    ("1", re.compile(r"accident\w*|by mistake|unintentional\w*|got into|wrong (?:medication|medicine|dose|pill)|"
                     r"double dose")),
)
# "No intent to self-harm", "denies suicidal ideation": a denied intent is no intent, when the denial shares its
# clause ("depression, not further specified, deliberately swallowed" denies nothing).
_DENIED_INTENT = re.compile(r"\b(?:no|not|denies|denied|without|never)\b[^.;,]{0,30}?\b(?:suicid\w*|self[- ]harm\w*|"
                            r"intent\w*(?: to [\w-]+)?|deliberate\w*|wan(?:ted|ts?) to die)", re.I)


def without_denied_intent(text: str) -> str:
    return _DENIED_INTENT.sub(" ", text)


def intent_of(text: str) -> str | None:
    """The 6th character the drug-event words ask for, or None when they say nothing."""
    lowered = without_denied_intent(text.lower())
    return next((char for char, pattern in INTENT_CUES if pattern.search(lowered)), None)


# Weeks of gestation give the trimester (ICD-10-CM chapter 15: first under 14 weeks, second 14 to under 28,
# third from 28), when the weeks are a pregnancy's and not "three weeks after surgery".
_TRIMESTER = re.compile(r"\b(first|second|third|1st|2nd|3rd) trimester\b", re.I)
_WEEKS = re.compile(r"\b(\d{1,2})(?:\s*\+\s*[0-6]|\s*w\s*[0-6]\s*d|\s+[0-6]/7)?(?:\s*|-)"
                    r"(?:weeks?|wks?|wkers?|weekers?|wkrs?)\b"
                    r"(?:'|\s+(?:of\s+)?(?:gestation|pregnan))?"
                    # "at 35+1", "G1 @ 33+5", "14w0d": a gestational age told without the word
                    r"|(?<![\d/.])\b([1-4]\d)\s*\+\s*[0-6]\b(?![\d/.])|\b([1-4]?\d)w[0-6]d\b|\b([1-4]\d)w\b", re.I)
# The period a pregnancy's condition is coded in: delivered in this stay ("delivered today", "SVD complicated by",
# "in labor") is "in childbirth"; after it ("PP day 8", "readmitted 4 days postpartum") "in the puerperium"
# (guideline I.C.15: the childbirth codes when delivery occurs in the stay).
_PUERPERIUM = re.compile(r"\b(?:post-?partum|pp ?(?:day|d) ?\d+|ppd ?#? ?\d+|puerper\w*|"
                         r"(?:days?|weeks?|wks?|months?) (?:after|following|post) (?:delivery|svd|nsvd|c-?s\b|"
                         r"c-section|cesarean|birth)|(?:re-?admit\w*|presents?|returns?)\b[^.;]{0,40}?\b(?:after|"
                         r"s/p|following) (?:delivery|svd|nsvd|c/s|c-section|cesarean))\b", re.I)
_CHILDBIRTH = re.compile(r"(?<!un)(?<!not )\bdelivered\b|\bdelivery (?:admit\w*|admission|stay)\b|"
                         r"\b(?:in (?:active )?labou?r|intrapartum|during (?:labou?r|delivery)|gave birth|"
                         r"(?:svd|nsvd|vaginal delivery|c/s|cesarean|c-section) (?:today|this admission|"
                         r"complicated by|with|w/)|admitted in labou?r)\b", re.I)
_NOT_YET = re.compile(r"\bundelivered\b|\bnot (?:yet )?delivered\b|\b(?:planned|scheduled|planning|plan for)\b",
                      re.I)
# what follows weeks that are not a pregnancy's: a time since ("6 wk f/u", "6 wks s/p ORIF"), an infant's age or
# corrected age ("5 wk M", "36 wks CGA", "28wk preemie")
_NOT_GESTATION = (r"post|after|ago|old|of (?:age|life)|later|pp\b|f/?u\b|follow|s/p|status|for (?:a |her |his )?"
                  r"(?:f/?u|follow|check|recheck|cast)|m\b|f\b|male|female|boy|girl|infant|baby|preemie|premie|"
                  r"neonate|sga|lga|aga|cga|pma|pca|corrected|postmenstrual")
_PREGNANCY = re.compile(r"\bpregnan|\bgestation|\bprenatal|\bantepartum|\bobstetric|\biup\b|\bgravida|"
                        r"\bg\d+\s*p\d+|\bob\b|\bpre-?eclampsia|\blabou?r\b|\bfetal|\bplacent|\bundelivered\b|"
                        r"\bg[1-9]\s*(?:@|at)\s*\d|\bpre-?e\b|\bgdm\b|\bltcs\b|\btolac\b|\bvbac\b|\bc-section|"
                        r"\bcesarean|\bcerclage|\bcervical (?:insufficiency|incompetence)|\bincompetent cervix|"
                        r"\bhyperemesis|\bpprom\b|\bprevia\b|\bplacental abruption|\b(?:oligo|poly)hydramnios|"
                        r"\btrimester|"
                        # a gestational age told bare ("24w, chronic HTN", "now 16w", "at 36 wks", "28w Rh neg"),
                        # twins by their membranes, the tests and findings only a pregnancy has
                        r"(?<![\d/.])\b(?:[5-9]|[1-3]\d|4[0-2])(?-i:w)(?:[0-6]d)?\b|"
                        r"\b(?:at|@|now|currently) ~?(?:[89]|[1-3]\d|4[0-2])(?:\s*\+\s*[0-6]| [0-6]/7)?"
                        r" ?(?:wks?|weeks?)\b"
                        rf"(?!\s*(?:{_NOT_GESTATION}))|"
                        rf"^\W*(?:[5-9]|[1-3]\d|4[0-2]) ?(?:wks?|weeks?)\b(?!\s*(?:{_NOT_GESTATION}|of\b|x\b|hx))|"
                        r"\b(?:[dm]c[dm]a|di-?di|mo-?di|mo-?mo|mono[- ]?mono|(?:di|mono|tri)chorionic|chorionicity)\b|"
                        r"\bmfm\b|\bfundal height\b|\banatomy (?:scan|us|ultrasound|survey)\b|"
                        r"\bnt (?:scan|us|ultrasound)\b|\bz3a\b|"
                        r"\bcfdna\b|\bnipt\b|\bquad screen\b|\biufd\b|\btocoly\w*|\b(?:bpp|afi|efw)\b|\brhogam\b", re.I)


# Whose record a birth is coded on: the newborn's (Z38 place of birth, P codes) or the mother's (O codes, Z37
# outcome of delivery, Z3A weeks). The two never share a record, so the story's subject decides.
_NEWBORN_RECORD = re.compile(
    r"\b(?:newborn|neonatal|birth|nursery) (?:record|admission|episode|stay)\b|\bbaby (?:boy|girl)\b|"
    r"\b(?:infant|baby|boy|girl|neonate|newborn|twins?) (?:was |is |were )?born\b|"
    r"^\W*(?:a |the )?(?:\w+ ){0,3}(?:infant|baby|boy|girl|neonate|newborn)\b|"
    # (a baby told by its birth, its gestation at birth or its days of life: "born 36 wk via SVD", "ex-28 wker",
    # "DOL 5", "prenatally dx'd")
    r"\bborn (?:at |@ )?\d{2}(?:\+\d)? ?(?:wks?|weeks?)\b|\bborn (?:via|by) |\bprenatally (?:dx'?d|diagnosed)\b|"
    r"\bex-?\d{2} ?(?:wk|week)(?:er|s)?\b|\bdol ?#?\d+\b|\bpreemie\b|\bsingleton (?:was |is )?born\b|"
    # (a "30 wkr", the neonatologist's own note, a sepsis by its onset after birth)
    r"\b\d{2} ?(?:wkr|weeker)s?\b|\bneo(?:'s)? (?:documents|writes|states|charted|calls|says|notes|dx)\b|"
    r"\b(?:early|late)[- ]onset (?:[\w-]+ ){0,2}?sepsis\b|"
    r"^\W*twin [ab]\b(?!\s+(?:transverse|breech|vertex|cephalic|extract\w*|deliver\w*))", re.I)
# A newborn's record opens with the birth's Z38 only when the birth is told; a baby admitted days later, or
# transferred in, is coded from its problem.
_BIRTH_TOLD = re.compile(r"\b(?:born|birth|deliver\w*|liveborn|z38|c-?section|cesarean|n?svd)\b", re.I)
_MOTHER_RECORD = re.compile(
    r"\b(?:delivers|delivered|gave birth|giving birth|maternal|mother's|for the mother|delivery (?:record|admission)|"
    r"g\d+\s*p\d+|pregnan\w*|labou?r)\b", re.I)


# Said outright ("Code the maternal record"), whose record it is outweighs who the story is about.
_NAMED_RECORD = re.compile(r"\b(?:(maternal|mother's|delivery)|(newborn|neonatal|baby's|infant's|birth)) "
                           r"(?:record|chart|admission|stay|encounter|episode)\b", re.I)
_ASKED_RECORD = re.compile(r"\bcodes?(?:\(s\))? for (?:the )?(?:(mother|mom)|(newborn|baby|infant|neonate))\b", re.I)
_WHOSE_CODES = re.compile(r"\b(?:(mother's|mom's|maternal)|(newborn's|baby's|infant's)) (?:dx |diagnosis )?codes?\b",
                          re.I)


_PREGNANT = re.compile(r"\bpregnan\w*|\bgestation\w*|\btrimester\b|\bgravida\b|\bg\d+\s*p\d+|\bprenatal|"
                       r"\bantepartum|\bpostpartum|\bpuerper\w*|\bintrauterine pregnancy|\biup\b", re.I)
_NOT_PREGNANT = re.compile(r"\b(?:not|non-?|never been)\s*pregnant\b|\bpregnancy test (?:is |was )?negative\b|"
                           r"\bnegative pregnancy\b", re.I)


def is_pregnant(text: str, record: str | None) -> bool:
    """Whether the story's patient is pregnant or just delivered (``record``: record_of the text): chapter 15
    codes are then sequenced before other chapters' (guideline I.C.15.a.1); never on the newborn's own record."""
    told = bool(_PREGNANT.search(text) or _PREGNANCY.search(text)) or record == "mother"
    return told and not _NOT_PREGNANT.search(text) and record != "newborn"


_CESAREAN = re.compile(r"\b(?:c-? ?sections?|cesarean|caesarean|csections?|lscs|ltcs)\b", re.I)


def record_of(text: str) -> str | None:
    """"newborn" or "mother" when the story says whose birth record it is."""
    if _CESAREAN.search(text) and (_NAMES_PCS.search(text) or tables_asked(text)):
        return "mother"  # the operation's code is the mother's, whatever the baby weighed
    if named := _NAMED_RECORD.findall(text) or _ASKED_RECORD.findall(text) or _WHOSE_CODES.findall(text):
        mother, newborn = named[-1]
        return "mother" if mother else "newborn"
    newborn, mother = _NEWBORN_RECORD.search(text), _MOTHER_RECORD.search(text)
    if newborn and mother:  # "A G2P1 at 39 weeks ... a healthy infant is born": the story's subject, told first
        return "newborn" if newborn.start() < mother.start() else "mother"
    return "newborn" if newborn else "mother" if mother else None


def trimester_of(text: str) -> str | None:
    """"first", "second" or "third" when the question states the trimester or a pregnancy's weeks."""
    if named := _TRIMESTER.search(text):
        return {"1st": "first", "2nd": "second", "3rd": "third"}.get(named.group(1).lower(), named.group(1).lower())
    weeks = gestation_weeks(text)
    if weeks is None:
        return None
    return "first" if weeks < 14 else "second" if weeks < 28 else "third"


def gestation_weeks(text: str) -> int | None:
    """The completed weeks of the pregnancy the question tells, if it tells one."""
    if not _PREGNANCY.search(text):
        return None
    weeks = [int(next(g for g in m.groups() if g)) for m in _WEEKS.finditer(text)
             if not _EARLIER_BIRTH.search(text[max(0, m.start() - 40):m.start()])]
    weeks = [w for w in weeks if 4 <= w <= 43]
    return weeks[0] if weeks else None


# The weeks-of-gestation code asked for itself ("Z3A for 41w2d?", "just need the weeks code"): its title spells
# the weeks out, which a gestational age told in shorthand does not.
_WEEKS_CODE_ASKED = re.compile(r"\bz3a\b|\b(?:weeks?|wks?|ga|gestational age)(?: of gestation)? codes?\b", re.I)


def weeks_code_words(text: str) -> str:
    weeks = gestation_weeks(text) if _WEEKS_CODE_ASKED.search(text) else None
    return f"{weeks} weeks gestation of pregnancy" if weeks is not None and 8 <= weeks <= 42 else ""


# The weeks an earlier baby came at ("her first baby was born at 32 weeks", "prior delivery at 34 wks") are that
# pregnancy's history, not this one's age.
_EARLIER_BIRTH = re.compile(r"\b(?:born|delivered|delivery|birth|loss|stillbirth|miscarri\w*)\s+(?:\w+\s+){0,2}"
                            r"(?:at|@)\s*$", re.I)


# Preterm labor is coded by how it ended: "with preterm delivery" when the baby came in the stay, "without
# delivery" when the contractions stopped or the patient went home pregnant.
_PRETERM_LABOR = re.compile(r"\bpreterm (?:labou?r|contractions|ctx)\b|\bptl\b|\bregular (?:ctx|contractions)\b"
                            r"[^.;]{0,40}\bcervical change\b", re.I)
_STILL_PREGNANT = re.compile(r"\bundelivered\b|\bnot delivered\b|\b(?:contractions|ctx) (?:stopped|resolved|"
                             r"subsided)\b|\b(?:d/c|discharged|sent) home\b|\btocoly\w*", re.I)


def labor_words(text: str) -> str:
    if not _PRETERM_LABOR.search(text):
        return ""
    if period_of(text) == "childbirth":
        return "with preterm delivery"
    return "without delivery" if _STILL_PREGNANT.search(text) else ""


# Diabetes in pregnancy is coded by what controls it: "insulin controlled", "controlled by oral hypoglycemic
# drugs", "diet controlled" (A1 is diet, A2 a drug).
_PREGNANCY_DIABETES = re.compile(r"\b(?:gdm|a[12] ?gdm|gestational diabetes|diabet\w* in pregnancy|"
                                 r"pregnan\w*[^.;]{0,40}\b(?:diabet\w*|t[12]dm|dm))\b", re.I)
_ORAL_AGENT = re.compile(r"\b(?:metformin|glucophage|glyburide|glipizide|glimepiride|oral (?:agent|med\w*|"
                         r"hypoglycemic\w*))\b", re.I)


def pregnancy_diabetes_words(text: str) -> str:
    if not _PREGNANCY_DIABETES.search(text):
        return ""
    if re.search(r"\binsulin\b|\bnph\b|\blantus\b|\bhumalog\b", text, re.I) and not re.search(
            r"\bno insulin\b", text, re.I):
        return "insulin controlled"
    if _ORAL_AGENT.search(text):
        return "controlled by oral hypoglycemic drugs"
    if re.search(r"\bdiet[- ](?:controlled|managed|only)\b|\bdiet alone\b|\ba1 ?gdm\b|\bgdm ?a1\b", text, re.I):
        return "diet controlled"
    return ""


def period_of(text: str) -> str | None:
    """"childbirth" when the story delivers in this stay, "puerperium" when it is after the delivery."""
    if _PUERPERIUM.search(text):
        return "puerperium"
    return "childbirth" if _CHILDBIRTH.search(text) and not _NOT_YET.search(text) else None


# A T36-T65 code is for a drug event (a poisoning, an adverse effect, underdosing, a toxic exposure): a drug
# the patient simply takes ("controlled on metformin") is a long-term-use status, not an event.
_DRUG_EVENT = re.compile(
    r"\bpoison\w*|\boverdos\w*|\bod\b|\btoxic\w*|\bingest\w*|\bswallow\w*|\btook too much|\bexposure\b|"
    r"\bexposed\b|(?<!no )(?<!without )(?<!without any )(?<!no adverse )(?<!no infusion )\breaction\b|"
    r"(?<!no known )(?<!no )\ballerg\w*|\bintoxicat\w*|\bsting\w*|\bstung\b|\bbit(?:e|ten)\b|\bvenom|"
    r"\binhal\w*|\bfumes\b", re.I)


_EYE_TOLD = re.compile(r"\b(?:os|ou|intravitreal\w*|intracameral|iop|va|bcva|eyes?|retin\w*|macul\w*|vitre\w*)\b",
                       re.I)


# (a cigarette or a drug named is no event by itself: a smoker, a patient on a drug)
_NATURAL_TOXIN = re.compile(r"^toxic effect of (?:\w+ ){0,6}?(?:venom|fish|mushrooms|plant|berries|shellfish)", re.I)


def drug_event(text: str) -> bool:
    if _EYE_TOLD.search(text):
        text = re.sub(r"\bod\b", " ", text, flags=re.I)  # OD is the right eye there, not an overdose
    return bool(_DRUG_EVENT.search(text)) or intent_of(text) is not None


# A cancer that was removed or treated and is gone is a history (Z85), not a current malignancy (guideline
# I.C.2.d): "no evidence of disease", "completed treatment", "eight years ago".
_PAST_CANCER = re.compile(
    r"\bno (?:evidence|sign) of (?:disease|recurrence|malignancy|cancer|tumou?r)|\bned\b|"
    r"\bno (?:current|further|ongoing|active) (?:treatment|therapy|disease)|\bcompleted (?:treatment|therapy|"
    r"chemo\w*|radiation)|\b(?<!family )(?:personal )?history of (?:\w+ ){0,3}(?:cancer|carcinoma|malignan\w*|tumou?r|"
    r"neoplasm|lymphoma|leuka?emia|melanoma)|\b(?:hx|h/o) (?:of )?(?:\w+ )?(?:ca|cancer|carcinoma)\b|"
    r"\bcancer history\b|\bcancer-free\b|\bno (?:treatment|therapy) since\b|"
    r"\bno residual (?:\w+ )?(?:disease|tumou?r|cancer|malignancy)\b", re.I)


def past_cancer(text: str) -> bool:
    return bool(_PAST_CANCER.search(text))


def open_fracture(text: str) -> bool:
    return bool(_OPEN_FRACTURE.search(text))


_OPEN_TYPE = re.compile(r"\b(?:type|gustilo(?:[- ]anderson)?(?:\s+type)?)\s*(iii[abc]?|ii|i|3[abc]?|2|1)\b|"
                        r"\bopen,?\s+(iii[abc]?|ii)\b", re.I)  # "open IIIB": the type's numeral alone


def open_type(text: str) -> str:
    """An open fracture's Gustilo type as the 7th-character titles group them: "type iii" (IIIA-C, letter C
    initially) or "type i or ii" (B); "" when the words do not say."""
    kind = _OPEN_TYPE.search(text) if open_fracture(text) else None
    if not kind:
        return ""
    return "type iii" if (kind.group(1) or kind.group(2)).lower().startswith(("iii", "3")) else "type i or ii"


# A follow-up still to come ("ortho f/u 1 wk", "f/u in 2 weeks", "... Hand f/u.") is the plan of this visit, not
# the visit; one that opens the note or tells the time since ("Ortho f/u 6 wks s/p ORIF") is the visit.
_FOLLOWUP_PLANNED = re.compile(
    r"(?<=.)\b(?:(?:f/u|follow[- ]?up)(?:\s+with\s+[\w/]+)?\s+(?:in\s+)?(?:\d+(?:-\d+)?|one|two|three|four|six|a)\s*"
    r"(?:d|days?|wks?|weeks?|mos?|months?)\b(?!\s*(?:s/p|status post|after|post|since|out|ago)\b)"
    r"|(?:ortho|hand|peds ortho|pcp|clinic|ent|gi|surgery|neurosurg\w*|omfs|plastics|fracture clinic|sports med)"
    r"\s+(?:f/u|follow[- ]?up)(?:\s+(?:in\s+)?\d+(?:-\d+)?\s*(?:d|days?|wks?|weeks?|mos?|months?)\b)?"
    r"(?=\s*(?:[.;,]|$|in\b|prn\b|as\b|\d)))", re.I)


def encounter_of(text: str) -> str | None:
    """The 7th character the encounter words ask for, or None when they say nothing."""
    lowered = _FOLLOWUP_PLANNED.sub(" ", text.lower())
    spaced = lowered.replace("-", " ").replace("/", " ")  # "initial-encounter code", "ED/initial visit"
    return next((char for char, cues in ENCOUNTER_CUES
                 if any(_phrase_in(c, lowered) or _phrase_in(c, spaced) for c in cues)), None)


# "purulent drainage", "serous drainage from the incision": what a wound gives off, a finding, not a Drainage done
_DISCHARGE_NOT = "".join(f"(?<!{w} )" for w in ("purulent", "serous", "serosanguinous", "serosanguineous", "foul",
                                                "bloody", "scant", "minimal", "moderate", "copious", "yellow", "green",
                                                "cloudy", "persistent", "ongoing", "wound", "no", "increased", "some"))
# A question that describes an act asks for a procedure code ("Repair of ...", "Incision of abscess ...",
# "Partial gastrectomy"), even when it names the condition the act treats.
_ACT = re.compile(
    r"\b(?:repair|removal|remove|removed|incision|excision|excised|resection|resected|insertion|inserted|replacement|"
    r"replaced|suture|sutured|closure|reduction|injection|infusion|transfusion|implantation|reconstruction|revision|"
    r"ligation|" + _DISCHARGE_NOT + r"drainage|drained|destruction|release|biopsy|amputation|aspiration|dilation|"
    r"dilatation|division|creation|"
    r"extraction|extracted|fixation|fusion|graft|grafting|bypass|transplant|transplantation|placement|exploration|"
    r"debridement|(?<!tumor )lysis|occlusion|embolization|ablation|anastomosis|irrigation|manipulation|transection|"
    r"evacuation|curettage|cauterization|catheterization|intubation|administration|imaging|scan|x-ray|"
    r"radiography|ultrasound|therapy|counseling|cesarean|delivery|enucleation|evisceration|exenteration|"
    r"photocoagulation|coagulation|fulguration|dissection|stripping|packing|cardioversion|counterpulsation|"
    r"decompression|transposition|reattachment|conization|circumcision|cerclage|banding|clipping|"
    r"marsupialization|sterilization|augmentation|repositioning|repositioned|stabilization|retrieval|retrieved|"
    r"cannulated|cannulation|deployed|implanted|instillation|instilled|infused|"
    # an intervention by its abbreviation; a scope's ("EGD shows an ulcer") may only be how the diagnosis was found
    r"tavr|tavi|cabg|pci|ptca|turp|turbt|"
    # a skin surgeon's acts: Mohs stages, liquid nitrogen, a lanced blister, a flap moved to close a defect
    r"mohs(?!\s+(?:consult\w*|clinic|eval\w*|referral|surgeon|candidate))|ln2|liquid nitrogen|lanced|trephination|"
    r"(?:rotation|advancement|transposition|rhomboid|myocutaneous|"
    r"fasciocutaneous|muscle|v-y|bilobed|island|local|free|pedicled?)\s+flaps?)\b"
    # "the fracture was reduced and pinned": a fracture set is an act, whatever "reduced" means elsewhere
    r"|\b(?:fractures?|fx|dislocations?)\s+(?:was\s+|were\s+|is\s+)?(?:then\s+)?(?:reduced|realigned|relocated)\b"
    # a pulled elbow put back ("nursemaid's elbow R - reduced w/ hyperpronation", "subluxation reduced by supination")
    r"|\b(?:subluxations?|nursemaid'?s?(?: elbow)?)\b[^.;]{0,15}?\b(?:was\s+)?(?:reduced|relocated)\b"
    r"|\b\w+(?:ectomy|ectomies|otomy|otomies|ostomy|ostomies|plasty|plasties|pexy|rrhaphy|scopy|scopies|tripsy|"
    # (a paralysis, hemolysis, rhabdomyolysis or urinalysis is no act)
    r"centesis|desis|(?<!para)(?<!hemo)(?<!myo)(?<!ana)(?<!urina)lysis|graphy)\b",
    re.I)
# ... unless it asks for the condition, or the act is past ("s/p TKA", "history of appendectomy": a status).
# "Attention to tracheostomy", "IUD check", "lithium level check": an encounter for a device or a drug's level
_ENCOUNTER_FOR = r"^\W*attention to\b|\bcheck(?:-?up)?\b(?!\s+(?:for|the|that|if|whether|on|of|to)\b)"
_CM_WORDS = re.compile(_ENCOUNTER_FOR + r"|\b(?:encounter for|(?:initial|subsequent) encounter|(?:first|initial) "
                       r"visit|sequela|first-listed|principal diagnosis|(?:newborn|birth) record|"
                       # taking out stitches or staples has no procedure code: the visit is its reason
                       r"(?:suture|stitch|staple)s? removal|removal of (?:the )?(?:sutures|stitches|staples)|"
                       # an examination before an operation is the visit's reason, not the operation
                       r"pre-?op(?:erative)? (?:clearance|eval\w*|exam\w*|visit|h&p|assessment))\b", re.I)
# A 7th-character encounter ("initial encounter", "sequela") and an "encounter for ..." are diagnosis-code words.
# "Volume status", "mental status", "code status" are findings and orders, not a status code asked for.
_NOT_A_STATUS = (r"(?<!volume )(?<!mental )(?<!code )(?<!npo )(?<!fluid )(?<!hemodynamic )(?<!functional )"
                 r"(?<!performance )(?<!respiratory )(?<!neurologic )(?<!neuro )(?<!nutritional )(?<!airway )"
                 r"(?<!ambulatory )(?<!clinical )(?<!hydration )(?<!perfusion )(?<!weight-bearing )(?<!fasting )")
# ("diagnostic" is an act's qualifier and "for diagnosis" its purpose; neither asks for a diagnosis code)
_ASKS_DIAGNOSIS = re.compile(r"\b(?:(?<!for )(?<!for a )diagnos(?!tic(?:ally)?\b(?!\s+codes?))\w*|dx|icd-?10-?cm|"
                             r"cm code|condition|complication of|" + _NOT_A_STATUS +
                             r"status|"
                             r"pre-?op(?:erative)? (?:clearance|eval\w*|exam\w*|visit|h&p|assessment)|"
                             r"s/p|status post|history of|h/o|hx|p/h|encounter for|(?:initial|subsequent) encounter|"
                             r"absence of|acquired absence|"
                             r"sequela|(?:newborn|birth) record|malfunction\w*|dehiscence|disruption|"
                             r"mechanical complication)\b|" + _ENCOUNTER_FOR, re.I)


# "On hormone therapy", "on dialysis": a treatment the patient is under is a status, not an act to code.
_ONGOING = re.compile(r"\bon (?:[\w-]+ ){0,3}(?:therapy|treatment|dialysis|infusions?|injections?|cpap|bipap|"
                      r"ventilator|oxygen|o2|insulin|chemo\w*|hemodialysis|hd|anticoagula\w*)\b"
                      # "chemo-induced neutropenia", "radiation-induced": the treatment is the cause, not the act
                      r"|\b[\w]+[- ]induced\b"
                      # "chronic opioid therapy", "long-term steroid treatment": a drug taken for long (Z79)
                      r"|\b(?:chronic|long[- ]term)\s+(?:[\w-]+\s+){0,2}(?:therapy|treatment|use|anticoagulation)\b",
                      re.I)


# A condition told after an operation ("hypothyroidism following total thyroidectomy", "ten days after a
# colectomy ...") is a complication or a status: the operation is its history, not the act to code.
_AFTER_PROCEDURE = re.compile(
    r"\b(?:following|after|since)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+|recent\s+|prior\s+|previous\s+|"
    r"elective\s+)*(?:[\w-]+\s+){0,3}?(?:\w+(?:ectomy|otomy|ostomy|plasty|scopy|pexy)|surgery|operation|procedure|"
    r"replacement|arthroplasty|transplant\w*|bypass|repair|resection|placement|insertion|implantation|cesarean|"
    r"c-section|tka|tkr|tha|thr|tsa|cabg|pci|ptca|turp|appy|chole|phaco|pciol|iol)\b|"
    # days counted from an operation, with the operation they count from ("POD 2 R TKA")
    r"\bpod\s*#?\d+\b(?:\s+(?:s/p|after|from|post)?\s*(?:[lr]|right|left|bilat\w*)?\s*"
    r"(?:tka|tkr|tha|thr|tsa|cabg|orif|lap chole|chole|appy|turp|acdf|\w+ectomy|\w+plasty))?|"
    r"\bpost-?op(?:erative)? day\s*#?\d+\b|"
    r"\bpost[- ]?(?:orif|crpp|imn|tka|tkr|tha|thr|tsa|cabg|pci|turp|chole|appy)\b", re.I)  # "post-ORIF f/u"


_HISTORY_LEAD = re.compile(r"\s*(?:hx|h/o|p/h|phx|pmh|(?:personal |past |prior |family )?history)\b", re.I)
# A problem-list line marked resolved ("hep C - resolved (SVR)", "resolved: C. diff colitis") is a history. In a
# story "resolved" tells the course of a condition treated this stay, so only a short line reads this way.
_RESOLVED = re.compile(r"\b(?:resolved|cured|eradicated)\b|\bsvr\b", re.I)
_PROBLEM_LINE_WORDS = 12


# "Just the history code?", "code the personal history": the ask itself says the condition is over
_ASKS_HISTORY = re.compile(r"\b(?:history|hx) codes?\b|\bcode (?:only |just )?(?:the|her|his) (?:personal )?history\b",
                           re.I)


def resolved_line(text: str) -> bool:
    return len(text.split()) <= _PROBLEM_LINE_WORDS and bool(_RESOLVED.search(text)) and not _TREATED.search(text)


# "held pressure + afrin, resolved", "D50 given, resolved": treated this visit and settled, not a past problem
_TREATED = re.compile(r"\b(?:given|held|applied|administered|treated|received|placed|removed|reduced|drained|"
                      r"packed|cauterized|after)\b", re.I)
# "How do I fix a printer", "how to bleed the brakes": a how-to whose verb is a task, not a coding step. Coders
# ask how to code, bill or sequence something; they do not ask how to repair a book's spine.
_HOW_TO = re.compile(r"^\W*how\s+(?:(?:do|does|can|could|should|would|did)\s+(?:i|you|we|one|they|u)\s+|to\s+)"
                     r"([a-z']+)", re.I)
_CODING_VERBS = frozenset(tokenize("code bill report assign sequence query document abstract look find choose pick "
                                   "select classify capture submit locate search determine decide"))
_CODING_WORDS = re.compile(r"\b(?:codes?|coding|coded|icd|icd-?10|icd-?9|cpt|hcpcs|pcs|drg|ms-drg|modifier|claim|"
                           r"billing|billable|principal|secondary|diagnosis|procedure)\b", re.I)


# Who-, when-was- and what-year questions, "which band / state ...", and requests for a pick or a joke ask
# about the world (its history, people, places), not about a patient's record.
_LAY_ASK = re.compile(
    r"^\W*(?:who(?:'s|\s+(?:is|was|are|were|won|wrote|plays?|played|painted|invented|directed|holds|sang|sings|"
    r"[a-z]+ed)\b)|when\s+(?:was|were|did)\b|(?:in\s+)?(?:what|which)\s+year\b|"
    r"(?:what|which)\s+(?:[a-z.]+\s+){0,2}?(?:band|singer|song|movie|film|book|novel|author|state|country|city|team|president|king|"
    r"queen|company|university|planet|actor|actress|language)\b|recommend\b|tell me an? |"
    # a writing task on pasted text: notes into bullets, grammar, a summary, a translation
    r"(?:turn|convert|make) (?:these|this|the following|my)\b|fix (?:the|my) (?:grammar|spelling|wording)\b|"
    r"proofread\b|summari[sz]e\b|rewrite\b|paraphrase\b|translate\b|tl;?dr\b|"
    # the meaning of a saying: "what does it mean when someone says ...", "what does the phrase ... mean"
    r"what\s+does\s+(?:it\s+mean\s+(?:when|if)\s+(?:someone|somebody|people|you|a\s+person)\s+(?:says?|calls?)\b|"
    r"(?:the\s+)?(?:phrase|idiom|expression|saying)\b))", re.I)


# A question about medicine itself, not about a patient's record: a drug's dose, half-life or way of working, a
# normal range, how a disease spreads or what causes it, what a guideline recommends, how long or how often.
# A coder asks such things only with a coding word ("how many units of ... do I bill"), which lay_task checks.
_FACT_ASK = re.compile(
    r"^\W*(?:(?:in general(?: terms)?|generally|biologically|medically|just curious|quick question)\W+)?"
    r"(?:(?:normal|reference|target|therapeutic) (?:range|level|value)s?\b|"
    r"(?:usual |starting |max(?:imum)? |pediatric |adult )?dos(?:e|age|ing) (?:of|for)\b|half[- ]life\b|"
    r"mechanism of action\b|recovery (?:time|after|from)\b|explain\b|"
    r"(?=(?:what|which|how|when|where|why|who|at what|in what|is|are|does|do|can|should|my|our)\b)"
    r"(?=.*\b(?:doses?|dosage|dosing|mg(?:/| per )kg|half[- ]life|mechanism|side[- ]effects?|"
    r"(?:normal|reference|target|therapeutic) (?:range|level|value)s?|range (?:for|of)|"
    r"how (?:long|many|much|often|fast|far|big|tall|heavy)|transmitted|spread|passed (?:on|from|between)|"
    r"contagious|incubation|what causes|first[- ]line|guidelines? (?:say|recommend)|recommended|"
    r"life expectancy|survival rate|prognosis|tell (?:a|the|your) doctor|aim for|"
    r"(?:nerve|muscle|bone|organ|vitamin|gland|hormone|enzyme) (?:controls?|makes?|produces?|secretes?|supplies)|"
    r"(?:does|do) \w+(?: \w+)? (?:work|lower|raise|affect|prevent|kill)\b|"
    # what a result or a word means to a patient, what a procedure feels like, when life goes back to normal
    r"\bmean (?:for|to|in)\b|\bmeans?\s*\??\s*$|stand for|feel like|is it safe|safe to|how soon|"
    r"(?:until|before) (?:i|he|she|they|you|we) can|go back to (?:work|school)|recovery|interpret\w*|"
    r"\bgo away\b|how common|difference between|like i'?m \d+)))", re.I)


def lay_task(text: str, mentions: list[CodeMention]) -> bool:
    """A how-to about an everyday task, or a question about the world or about medicine's facts: no code,
    coding word or coding verb."""
    how = _HOW_TO.match(text)
    lay = (bool(how and set(tokenize(how.group(1))).isdisjoint(_CODING_VERBS)) or bool(_LAY_ASK.match(text))
           or bool(_FACT_ASK.match(text)))
    return lay and not mentions and not _CODING_WORDS.search(text)


def after_procedure(text: str) -> bool:
    return bool(_AFTER_PROCEDURE.search(text))


# A question about a concept ("what is root operation Bypass?", "when do I code a biopsy separately?") is
# answered by a definition or guideline, not by a code.
CONCEPT_QUESTION = re.compile(
    r"\b(what is|what's|what does|define|definition|meaning|mean|difference|differ|vs\.?|versus|"
    r"when (do|should|can|is)|guideline|rule|explain|how do i choose)\b", re.I)


# A procedure's title leads with its act ("Enucleation of eyeball", "Left below-knee amputation", "Procedure
# performed: shave excision of ..."): the condition it names after the act is only its reason.
_PROCEDURE_TITLE = re.compile(r"^\W*(?:(?:procedures?|operations?)(?: performed| done)?|findings/procedures?|"
                              r"op(?:erative)? note)\s*[:-]\s*", re.I)
TITLE_LEAD_WORDS = 4  # words before the act ("Left below-knee", "Right trigger finger")
TITLE_WORDS = 30


def act_leads(text: str) -> bool:
    title = _PROCEDURE_TITLE.sub("", text.strip())
    act = _ACT.search(title)
    return bool(act) and len(title.split()) <= TITLE_WORDS and len(title[:act.start()].split()) <= TITLE_LEAD_WORDS


# A clause told in the past ("had a below-knee amputation two years ago", "a stent placed last year", "kidney
# transplant in 2019") is the patient's history: its procedure is a status now, not an act to code.
_PAST_CLAUSE = re.compile(
    r"[^.;:,]*\b(?:(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few)\s*"
    r"(?:days?|d|wks?|weeks?|mos?|months?|yrs?|years?|decades?)\s+ago|"
    r"last (?:week|month|year|spring|summer|fall|autumn|winter)|"
    r"in (?:19|20)\d\d|years? (?:earlier|before|prior)|"
    # days counted from an operation: "post-op day 2 after hip ORIF", "POD #3 s/p lap chole"
    r"post-?op(?:erative)? day\s*#?\d+|pod\s*#?\d+)\b[^.;:,]*", re.I)
_NOW = re.compile(r"\b(?:today|now|this (?:admission|visit|stay|encounter)|currently|during (?:this|the) "
                  r"(?:admission|stay))\b", re.I)


def past_clauses(text: str) -> list[str]:
    """The clauses told in the past, less any that also say it is happening now."""
    return [m.group(0) for m in _PAST_CLAUSE.finditer(text) if not _NOW.search(m.group(0))]


def without_past(text: str) -> str:
    for clause in past_clauses(text):
        text = text.replace(clause, " ")
    return text


# A device put in, told by its noun and a verb of placing: "10 Fr drain placed", "catheter left in place".
_DEVICE_PLACED = re.compile(r"(?<!no )(?<!without )\b(?:drains?|catheters?|(?:[\w-]+ )?tubes?|pigtails?|ports?|"
                            r"filters?|leads?|coils?|plugs?|pacemakers?|picc|cvc|tlc)\b[^.;]{0,30}?"
                            r"\b(?:placed|positioned|left in(?: place)?|secured in place)\b", re.I)


# The reason an act was done, told after it: "cerclage was placed at 14 weeks for hx of cervical insufficiency",
# "G-tube inserted for dysphagia s/p CVA". Its history words say why, not that a diagnosis is asked for.
_REASON_AFTER = re.compile(r"\b(?:placed|inserted|implanted|performed|done|created)\s+(?:[\w/-]+\s+){0,4}?"
                           r"(?:for|to treat|due to|because of|secondary to|2/2)\s[^.;?,]*", re.I)


def describes_act(text: str) -> bool:
    """True when the question names a procedure done, not only a condition."""
    told = _AFTER_PROCEDURE.sub(" ", _ONGOING.sub(" ", text))  # "ileus after hemicolectomy": its history
    if not (_ACT.search(told) or any(pattern.search(told) for pattern, _ in _ACT_VERBS) or _DEVICE_PLACED.search(told)
            or native_replaced(told) or _named_stent(told)):
        return False
    reasons = [m.span() for m in _REASON_AFTER.finditer(text)]
    return not any(not any(start <= m.start() < end for start, end in reasons) for m in _ASKS_DIAGNOSIS.finditer(text))


DIAGNOSIS_CUES = ("diagnosis", "dx", "presence of", "disease", "fracture", "fx", "syndrome",
                  "disorder", "infection",
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
    open_fracture: bool = False
    open_type: str = ""  # "type iii" / "type i or ii" when an open fracture's Gustilo type is said (open_type)
    intent: str | None = None  # 6th character of a T36-T65 code the words ask for (intent_of)
    drug_event: bool = False  # a poisoning, adverse effect, underdosing or exposure is told (drug_event)
    trimester: str | None = None  # "first" / "second" / "third" (trimester_of)
    period: str | None = None  # "childbirth" / "puerperium" (period_of)
    fetus: str = ""  # the fetus named ("twin B": "2"; fetus_named)
    record: str | None = None  # "newborn" / "mother": whose birth record the story is (record_of)
    pregnant: bool = False  # the patient is pregnant or puerperal (is_pregnant): chapter 15 comes first
    cm_words: bool = False  # words only diagnosis codes answer: a 7th-character encounter, "encounter for ..."
    past_cancer: bool = False  # the malignancy is gone: a history code (past_cancer)
    focus: frozenset[str] = frozenset()  # stemmed words of the stated conclusion (focus_tokens)
    conclusion: str = ""  # the stated conclusions as typed, expanded (focus_text)
    glossary_hits: list[Entry] = field(default_factory=list)
    groups: list[set[str]] = field(default_factory=list)
    coder_terms: list[bool] = field(default_factory=list)  # per group: a glossary term (coder language)
    typed: list[frozenset[str]] = field(default_factory=list)  # per group: the words as the user typed them
    negated: set[str] = field(default_factory=set)
    negated_raw: list[str] = field(default_factory=list)
    look_only: bool = False
    other_roots: set[str] = field(default_factory=set)
    asked_roots: frozenset[str] = frozenset()  # the one act asked for among a note's several ("PCS for the X?")
    procedure_cues: int = 0
    diagnosis_cues: float = 0.0
    named_system: str | None = None
    extent: str | None = None  # "part" or "whole" when the question says which (Excision vs Resection); extent()
    act: bool = False  # the question describes a procedure done: ICD-10-PCS is asked for
    title_act: bool = False  # ... and reads as the procedure's title, the act first (act_leads)
    generic_ask: bool = False  # closes with an ask that names no code set or thing (generic_ask)
    coronary: int = 0  # coronary arteries a bypass or dilation treats (coronary_count)
    status: bool = False  # "s/p", "history of": a procedure named is done, its status the code (STATUS_CUES)
    history_lead: bool = False  # the line opens with a history ("Hx of DVT"): the history is what it names
    lay_task: bool = False  # a how-to about an everyday task ("how do I fix a printer") (lay_task)
    code_ask: bool = False  # asks for a code in a coder's words (code_asked)
    core_text: str = ""  # the question without wrappers, narration and ages (what codes must explain)
    spelled: tuple[Fix, ...] = ()  # words typed misspelled and the source words read instead (spelling)
    tables: tuple[str, ...] = ()  # PCS tables the reading names beside the glossary's (a substance given)
    tables_ruled_out: frozenset[str] = frozenset()  # tables a glossary row offers that the words rule out
    tables_asked: tuple[str, ...] = ()  # PCS tables, or their first three characters, asked within ("0SR?")
    families: tuple[str, ...] = ()  # ICD-10-CM categories the reading names, their best children gathered


@lru_cache(maxsize=1)
def glossary() -> tuple[dict[str, Entry], list[Entry], int]:
    entries = read_glossary()
    terms = {e.term: e for e in entries if not e.term.startswith("-")}
    for term, entry in list(terms.items()):  # "second-degree perineal laceration" typed "second degree ..."
        if re.search(r"[a-z]-[a-z]", term):
            terms.setdefault(term.replace("-", " "), entry)
    suffixes = [e for e in entries if e.term.startswith("-") or e.term.endswith("-")]  # word parts
    longest = max((len(t.split()) for t in terms), default=1)
    return terms, suffixes, longest


def _phrase_in(phrase: str, text: str) -> bool:
    return _phrase_pattern(phrase).search(text) is not None


@lru_cache(maxsize=8192)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/&-]){re.escape(phrase)}(?![\w/&-])")


def _split(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9/&'-]*[a-z0-9]|[a-z0-9]", plain(text))


def invert_of_phrases(tokens: list[str], terms: dict[str, Entry]) -> list[str]:
    """"removal of foreign body" read as "foreign body removal" where the glossary knows the inverted
    phrase: coders and old procedure titles write the act first, glossaries and indexes the object first."""
    out = list(tokens)
    i = 0
    while i + 2 < len(out):
        # "ulcer on the left heel" reads like "ulcer of the left heel"
        if out[i + 1] in ("of", "on") and not (i and f"{out[i - 1]} {out[i]}" in terms):  # "closed reduction" stays
            start = i + 3 if out[i + 2] in ("the", "a", "an") else i + 2
            # describing words may stand between ("removal of aspirated foreign body", "reduction of left hip
            # dislocation"): they stay in front
            match = next(((skip, size) for skip in (0, 1, 2) for size in range(3, 0, -1)
                          if len(out[start + skip:start + skip + size]) == size
                          and " ".join([*out[start + skip:start + skip + size], out[i]]) in terms), None)
            if match:
                skip, size = match
                out[i:start + skip + size] = [*out[start:start + skip], *out[start + skip:start + skip + size], out[i]]
        i += 1
    return out


# Abbreviations that are also everyday words ("no perforation or abscess", "Ms. Lopez", "a tab of ...") are
# read as abbreviations only when typed in capitals, and not in a line typed all in capitals.
EVERYDAY_WORDS = frozenset({"or", "us", "odd", "pad", "rad", "tab", "cap", "pod", "ms", "tee", "lad", "tips", "as",
                            "ai", "ar", "mr", "tr"})


def _capitalised(text: str) -> set[str]:
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) > 2 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return set()
    return {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", text)}


def singular(phrase: str) -> str:
    """ "sentinel nodes" as "sentinel node": the glossary lists a term once (a plain "-s" plural only)."""
    return phrase[:-1] if len(phrase) > 4 and phrase.endswith("s") and not phrase.endswith(("ss", "us", "is")) else ""


_SIDE_TOKENS = frozenset({"l", "r", "lt", "rt", "left", "right", "bilat", "bilateral", "b/l"})


def side_moved(tokens: list[str], terms: dict[str, Entry], longest: int) -> list[str]:
    """A side typed inside a glossary phrase ("infected L TKA", "loose R total hip prosthesis") moved before it,
    so the phrase reads whole and the side still reads as the side."""
    out = list(tokens)
    for j, word in enumerate(tokens):
        if word not in _SIDE_TOKENS or not 0 < j < len(tokens) - 1 or out[j] != word:
            continue
        spans = ((a, b) for size in range(longest, 1, -1) for a in range(max(0, j - size + 1), j)
                 if (b := a + size + 1) <= len(out) and b > j + 1)
        for a, b in spans:
            phrase = out[a:j] + out[j + 1:b]
            if " ".join(phrase) in terms:
                out[a:b] = [word, *phrase]
                break
    return out


def expand_terms(text: str) -> list[tuple[str, Entry | None]]:
    """The question as phrases, each with the glossary entry it matched (longest match first)."""
    terms, suffixes, longest = glossary()
    tokens = side_moved(invert_of_phrases(_split(text), terms), terms, longest)
    capitals = _capitalised(text)
    plurals = {w.lower() for w in re.findall(r"\b[A-Z]{2,}s\b", text)}  # "PVCs", "TIAs": an abbreviation's plural
    out: list[tuple[str, Entry | None]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i:i + size])
            entry = (terms.get(phrase) or terms.get(singular(phrase))
                     or (terms.get(phrase[:-1]) if phrase in plurals else None)
                     # an eponym's possessive ("Hirschsprung's", "Meckel's diverticulum") is the eponym
                     or (terms.get(phrase.replace("'s", "")) if "'s" in phrase else None))
            if entry and (phrase not in EVERYDAY_WORDS or phrase in capitals):
                out.append((phrase, entry))
                i += size
                break
        else:
            word = tokens[i]
            parts = [w for w in re.split(r"[-/]", word) if w]
            # "LIMA-LAD" and "fem-pop" are read part by part; "L-spine" and "COVID-19" stay whole.
            if len(parts) > 1 and all(len(p) > 1 and p.isalpha() for p in parts):
                tokens[i:i + 1] = parts
                continue
            # An approach word ("thoracotomy", "laparotomy") names the way in, not the operation.
            match = None if word in APPROACH_WORDS else (done_act(word, terms) or split_word(word, suffixes))
            out.append((word, match))
            i += 1
    return out


# Op notes tell what was done in verbs ("embolized with coils", "the duct was ligated", "polyp excised"): the
# verb reads as its procedure's noun when the glossary has one. Participles that also describe a finding
# ("dilated cardiomyopathy", "reduced ejection fraction", "injected conjunctiva") are left as they are.
_NOUN_ENDINGS = ("", "e", "al", "ion", "ation", "tion", "ition", "ing", "age", "ment", "ement")
_FINDING_PARTICIPLES = frozenset({"reduced", "dilated", "injected", "fused", "displaced", "impacted"})


def done_act(word: str, terms: dict[str, Entry]) -> Entry | None:
    if len(word) < 6 or not word.endswith("ed") or word in _FINDING_PARTICIPLES:
        return None
    base = word[:-2]
    entries = (terms.get(base + ending) for ending in _NOUN_ENDINGS)
    return next((e for e in entries if e is not None and is_procedure_entry(e)), None)


def split_word(word: str, affixes: list[Entry]) -> Entry | None:
    """A surgical word read by its parts: "parotidectomy" is Excision or Resection of the parotid,
    "salpingectomy" of the fallopian tube ("salping-"), "arthroscopy" an Inspection of a joint."""
    suffix = max((e for e in affixes if e.term.startswith("-")
                  and len(word) > len(e.term) + 2 and word.endswith(e.term[1:])),
                 key=lambda e: len(e.term), default=None)
    if suffix is None:
        return None
    rest = word[:len(word) - len(suffix.term) + 1]
    prefix = max((e for e in affixes if e.term.endswith("-") and min(len(rest), len(e.term) - 1) >= 3
                  and (rest.startswith(e.term[:-1]) or e.term[:-1].startswith(rest))),
                 key=lambda e: len(e.term), default=None)
    parts = [suffix.expansion, prefix.expansion if prefix else "", rest if len(rest) >= 4 else ""]
    # "-ectomy" names a procedure; "-itis", "-algia", "-oma" name a condition.
    procedure = bool(set(tokenize(suffix.expansion)) & (ROOT_OPERATION_WORDS | PROCEDURE_WORDS))
    return Entry(word, " ".join(p for p in parts if p), "suffix" if procedure else "diagnosis", suffix.note)


# Titles spell ordinals out: "2nd degree burn" is a burn of second degree, "5th metacarpal" the fifth.
ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "6th": "sixth",
            "7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth", "11th": "eleventh",
            "12th": "twelfth"}


def expand(text: str, quiet: str = "") -> tuple[str, list[Entry]]:
    """The question plus the glossary expansions of every term it uses; a procedure named in ``quiet`` gives
    only its name's first word: "OSA on CPAP" searches for the apnea, not for ventilation assistance, and
    "chemo-induced neutropenia" for chemotherapy, not for its infusion."""
    hits = [e for _, e in expand_terms(text) if e is not None]
    spelled = [ORDINALS[w] for w in re.findall(r"\b\d{1,2}(?:st|nd|rd|th)\b", text.lower()) if w in ORDINALS]
    said = [e.expansion.split()[0] if quiet and is_procedure_entry(e) and _phrase_in(e.term, quiet) else e.expansion
            for e in hits]
    extra = " ".join(dict.fromkeys([*said, *spelled]))
    return (f"{text} {extra}".strip() if extra else text), hits


_NEGATION = re.compile(r"\b(?:no|without|w/o|not|nothing|non|never|denies|denied|didn't|did not|no longer|"
                       r"neg(?:ative)? for)[\s-]+"
                       r"(?:(?:had|has|have|developed|shown|experienced)\s+)?"  # "never had any HIV-related illness"
                       r"(?:an?\s+|the\s+|any\s+)?(?:(?:prior\s+|known\s+|previous\s+)?(?:diagnosis|history|evidence|"
                       r"signs?|symptoms?|documentation|mention|findings?|complaints?|episodes?)\s+of\s+)?"
                       # "no recent exacerbations": what is ruled out is the exacerbation, not its recency
                       r"(?:(?:recent|new|further|significant|obvious|apparent|current|other|major|prior|previous|"
                       r"known|documented|associated|active)\s+)?([a-z/-]+)")


_NO_LONGER = re.compile(r"\b(not|no) (?:yet|longer|currently)\b", re.I)
_NEGATED_AFTER = re.compile(
    # "adrenal gland spared", "isthmus preserved" (a preserved ejection fraction or function is a finding)
    r"\b(?!(?:fraction|ef|lvef|function|systolic)\b)([a-z-]+)\s+(?:were|was|is|are)?\s*(?:(?:not|never)\s+(?:"
    r"removed|done|performed|excised|taken|resected|left|used|placed|documented|present|noted|seen|found|"
    r"identified|reported|confirmed|involved)|spared|uninvolved|preserved|left in situ)\b"
    # "epilepsy has not been diagnosed": a finding never made (a cancer "not yet resected" is still there)
    r"|\b([a-z-]+)\s+(?:has|have|had)\s+(?:not|never)\s+been\s+(?:diagnosed|established|confirmed|identified|found|"
    r"documented|seen)\b"
    # "pulmonary embolism was ruled out", "MI has been excluded": worked up and found absent
    r"|\b([a-z-]+)\s+(?:was|were|is|are|has been|have been|had been)\s+(?:ruled out|excluded)\b"
    # "no segment excised", "no tissue removed": the act itself did not happen (a ligation, not an Excision)
    r"|\bno\s+(?:[a-z-]+\s+){1,2}?(excised|resected|removed|cut out|taken)\b"
    # "ECV declined", "colonoscopy refused": offered and not done
    r"|\b([a-z-]+)\s+(?:was\s+|were\s+|is\s+|has been\s+)?(?:declined|refused|deferred|cancell?ed)\b"
    # "HIV neg", "HIV Ag/Ab neg", "UPT negative": a test for it came back negative (a receptor, a Gram stain or an
    # Rh type told negative is a finding of its own)
    r"|\b(?!(?:er|pr|her2|her-2|triple|gram|rh|hormone|receptor|estrogen|progesterone|blood|d|node|margins?|"
    r"culture|cultures|cx|ua|screen|test|results?|was|is|are|were|be|been)\b)([a-z][a-z0-9]*)"
    r"(?:[\s-]+(?:ag/ab|ab|ag|antibody|antigen|test|testing|screen|pcr|rna|serology|titer|igg|igm|4th gen))*"
    r"[\s-]+(?:neg|negative)\b(?!\s+(?:for|in)\b)")


# What a note found well and left as it was is not what was operated on: "the lateral meniscus was normal",
# "ovaries were normal and left alone", "biceps and labrum intact", "intact ACL and PCL", "the turbinates were
# not touched". The words of such a thing are ruled out unless the note names them again for the act.
_UNTOUCHED = re.compile(
    r"\b([a-z-]+)(?:\s+and\s+(?:the\s+)?([a-z-]+))?\s+(?:(?:was|were|is|are|appeared|looked|remained|stayed)\s+)?"
    r"(?:(?:entirely|completely|grossly|otherwise|well|also)\s+)?(?:intact(?!\s+(?:serum|blood|fluid|blisters?|bullae?|"
    r"skin|epidermis|eschar|dressing))|normal|untouched|undisturbed|"
    r"not\s+(?:touched|entered|disturbed|manipulated|operated\s+on|violated|opened|addressed|replaced)|"
    r"left\s+(?:alone|undisturbed|untouched))\b"
    r"|\bintact\s+([a-z-]+)(?:\s+and\s+([a-z-]+))?")
# Fluid or tissue taken to find out what it is: "12 mL of CSF collected in four tubes for cell count, Gram stain,
# culture", "withdrawn and sent for cell count, LDH ... to establish the diagnosis" (the Diagnostic qualifier).
_SENT_FOR_STUDY = re.compile(
    r"\b(?:sent|collected|submitted|withdrawn|aspirated|drawn|obtained)\b[^.;]{0,60}?\bfor\s+(?:[\w-]+(?:,\s*|\s+)){0,8}?"
    r"(?:cultures?|cytology|pathology|histology|cell counts?|gram stain|crystals|flow cytometry)\b"
    r"|\bto (?:establish|make|confirm) (?:the|a) diagnosis\b")
_PUS_LET_OUT = re.compile(r"\b(?:pus|purulen\w*|abscess\w*|empyema|infected (?:fluid|bile|urine|collection))\b")
_TISSUE_STUDIED = re.compile(r"\b(?:biops\w*|bx|fna|cores?|cytology|histology|diagnostic)\b")
_DIAGNOSTIC_LOOK = re.compile(r"\bdiagnostic\s+(?:[a-z-]+\s+)?(?:[a-z]*scop(?:y|ies|e)|survey|inspection|look|"
                              r"evaluation|exam(?:ination)?|portion|part)\b")
_NOT_A_THING = frozenset(tokenize("was were is are and the it all everything side otherwise exam examination "
                                  "neuro neurovascular sensation pulses vitals removed excised resected extracted "
                                  "delivered retrieved"))  # "removed intact": the specimen whole, not left alone


def untouched_words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The things a note found well and left as they were, with where the note says so."""
    words, spans = [], []
    for match in _UNTOUCHED.finditer(text.lower()):
        named = [w for w in match.groups() if w and not set(tokenize(w)) <= _NOT_A_THING]
        words += named
        if named:
            spans.append(match.span())
    return words, spans


# A catheter or drain taken out when the procedure ends is no device left in ("a needle and catheter that was
# withdrawn at the end of the procedure"): read like "no drain".
_WITHDRAWN = re.compile(
    r"\b(catheter|drain|tube|pigtail|angiocath)s?\b(?:\s+(?:that|which))?(?:\s+(?:is|are|was|were))?\s+(?:then\s+)?"
    r"(?:withdrawn|removed|pulled)\s+(?:at (?:the )?(?:end|conclusion)|after(?:wards| the procedure| drainage|"
    r" completion)?|before discharge|when|once)")


def _ruled_out_meaning(match: re.Match[str], terms: dict) -> str:
    """What a thing ruled out or declined means, as the glossary reads it ("ECV declined": no version)."""
    ruled = match.group(3) or match.group(5)
    if ruled:
        return terms[ruled].expansion if ruled in terms else ruled
    return match.group(1) or match.group(2) or match.group(4) or match.group(6)


def negated_words(text: str) -> set[str]:
    """Stemmed words the question rules out ("no drain", "without mesh")."""
    terms = glossary()[0]
    text = _NO_LONGER.sub(lambda m: m.group(1), text)  # "not yet on dialysis", "no longer on warfarin"
    out: set[str] = set()
    after = list(_NEGATED_AFTER.finditer(text.lower()))
    if _PARTIAL.search(text.lower()):  # "cyst shelled out, ovary preserved": the ovary kept is the part worked on
        after = [m for m in after if not m.group(0).endswith("preserved")]
    for match in after:
        out.update(tokenize(next(g for g in match.groups() if g)))
        # "MI was ruled out": the infarction is out; "IOL was not placed": so is the lens it reads as
        put = re.search(r"\bnot\s+(?:placed|used)\b", match.group(0))
        if (ruled := match.group(3) or match.group(5) or (match.group(1) if put else None)) in terms:
            out.update(set(tokenize(terms[ruled].expansion)) - ROOT_OPERATION_WORDS)
    for match in _WITHDRAWN.finditer(text.lower()):
        out.update(set(tokenize(terms[match.group(1)].expansion if match.group(1) in terms else match.group(1)))
                   - ROOT_OPERATION_WORDS)
    left_as_is, left_spans = untouched_words(text)
    if left_as_is:
        rest = text.lower()
        for start, end in reversed(left_spans):
            rest = rest[:start] + " " + rest[end:]
        # "intact ACL": the knee's ligaments, not the knee joint that the meniscus trimmed elsewhere is read as
        elsewhere = set(tokenize(expand(rest)[0]))
        for word in left_as_is:
            out.update(tokenize(word))
            if word in terms:
                out.update(set(tokenize(terms[word].expansion)) - ROOT_OPERATION_WORDS - elsewhere)
    spans = _negated_terms(text)
    # a ruled-out word, what its glossary reading adds, and whether that reading is a diagnosis
    meanings: list[tuple[set[str], set[str], bool]] = []
    for word, phrase, _ in spans:
        out.update(tokenize(word))
        if phrase is not None:
            out.update(set(tokenize(phrase.term + " " + phrase.expansion)) - ROOT_OPERATION_WORDS)
        elif (head := word if word in terms else word.split()[0]) in terms and (
                head == word or terms[head].kind == "diagnosis"):
            # "no drain" rules out the Drainage Device, not the Drainage root operation; "no FB seen" rules out
            # the foreign body its first word reads as (a finding's reading: "no LHC" leaves the heart to the RHC).
            meanings.append((set(tokenize(head)), set(tokenize(terms[head].expansion)) - ROOT_OPERATION_WORDS,
                             terms[head].kind == "diagnosis"))
            out.update(meanings[-1][1])
    # A word ruled out in one place and stated in another stays stated: "hypertensive heart disease, no
    # heart failure" rules out the failure, not the heart.
    stated = text.lower()
    merged: list[list[int]] = []
    for start, end in sorted([span for _, _, span in spans] + [m.span() for m in after] + left_spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        stated = stated[:start] + " " + stated[end:]
    kept = set(tokenize(_NEGATION_CUE.sub(" ", stated)))
    # ... and so does its meaning: "hx of PE, no current PE" keeps the pulmonary embolism of its history
    also = {t for word, meaning, _ in meanings if word and word <= kept for t in meaning}
    # A denied diagnosis' reading shares words with one stated: "RCC, no mets" denies the secondary spread, not the
    # malignant neoplasm the carcinoma reads as; "demand ischemia, not MI" keeps nothing acute from the infarction.
    if any(diagnosis for _, _, diagnosis in meanings):
        read = set(tokenize(_READING_DENIES.sub(" ", expand(_NEGATION_CUE.sub(" ", stated))[0].lower())))
        also |= {t for _, meaning, diagnosis in meanings if diagnosis for t in meaning} & read
    return out - kept - also


# The rest of a ruled-out list: "without delirium or perceptual disturbances", "no nausea, vomiting or fever".
_NEGATED_LIST = re.compile(r"((?:\s*,\s*[a-z/-]+(?:\s+[a-z/-]+)?)*\s*,?\s+(?:or|nor)\s+(?:an?\s+|any\s+|other\s+)?"
                           r"[a-z/-]+)")
_LIST_ITEM = re.compile(r"(?:,\s*(?:(?:or|nor)\s+)?|\b(?:or|nor)\s+)(?:an?\s+|any\s+|other\s+)?([a-z/-]+)")


# What a glossary reading itself denies ("laceration without foreign body"): no statement of those words.
_READING_DENIES = re.compile(r"\b(?:without|w/o|not|no|except|other than)\b[^,;()]*")
_NEGATION_CUE = re.compile(r"\b(?:no|without|w/o|not|nothing|non|never|denies|denied|didn't|did not|no longer)\b")


def _negated_terms(text: str) -> list[tuple[str, Entry | None, tuple[int, int]]]:
    """Each ruled-out word with the longest glossary term that starts with it ("blood in the urine") and the
    characters the two cover."""
    terms, _, longest = glossary()
    lowered = text.lower()
    out: list[tuple[str, Entry | None, tuple[int, int]]] = []
    for match in _NEGATION.finditer(lowered):
        starts = [match.start(1)]
        # "non-wood crutches", "non-healing": a prefix on one word, not a phrase ruled out
        prefix = lowered[match.start(1) - 1] == "-"
        if tail := _NEGATED_LIST.match(lowered, match.end()):
            starts += [m.start(1) + match.end() for m in _LIST_ITEM.finditer(tail.group(1))]
        for start in starts:
            following = _split(lowered[start:])[:longest]
            # a prefix rules out its own word, not a glossary phrase it starts ("non-drug-eluting stent": a stent)
            size = 1 if prefix else next(
                (n for n in range(len(following), 1, -1) if " ".join(following[:n]) in terms), 1)
            entry = terms[" ".join(following[:size])] if size > 1 else None
            word = following[0] if following else match.group(1)
            if size == 1 and word not in terms and word.endswith("s") and word[:-1] in terms:
                word = word[:-1]  # "no stents" rules out what "no stent" does
            if entry is None and not prefix and (word not in terms or terms[word].kind != "device") and (
                    phrase := _NEGATED_PHRASE.match(lowered, start)):
                # "w/o status migrainosus", "without pelvic floor prolapse": the phrase is ruled out, up to a
                # comma or a word that starts something else ("without aura and with vomiting")
                kept = [phrase.group(1)]
                for more in phrase.group(2).split():
                    if more in _PHRASE_ENDS or more.endswith("ed"):
                        break
                    kept.append(more)
                word, size = " ".join(kept), len(kept)
            covered = re.match(rf"\W*(?:[^\s]+\s*){{{size}}}", lowered[start:])
            out.append((word, entry, (start, start + (covered.end() if covered else len(word)))))
    return out


_NEGATED_PHRASE = re.compile(r"([a-z0-9/'-]+)((?:[ \t]+[a-z0-9'-]+){0,2})")
_PHRASE_ENDS = frozenset(re.findall(r"\S+", """and or nor with w/ but who which that since because due after
following secondary presents presenting presented is was are were has had have in on at for to from by during
while now today per as according"""))


def negated_meanings(text: str) -> list[str]:
    """What each ruled-out word means in the code sets' words: "drain" is the Drainage Device,
    "blood in the urine" is hematuria, "pass out" is loss of consciousness."""
    terms = glossary()[0]
    out = []
    for word, phrase, _ in _negated_terms(text):
        if phrase is not None:
            out.append(phrase.expansion)
        elif word in terms and terms[word].kind == "device":
            out.append(terms[word].expansion)
        else:
            out.append(word)
    withdrawn = [terms[m.group(1)].expansion if m.group(1) in terms else m.group(1)
                 for m in _WITHDRAWN.finditer(text.lower())]
    after = [_ruled_out_meaning(m, terms) for m in _NEGATED_AFTER.finditer(text.lower())]
    return out + after + withdrawn


def ruled_out_procedures(text: str, hits: list[Entry]) -> list[Entry]:
    """The procedures a question names only to rule out ("no cholangiogram done", "without IOC", "EGD without
    biopsy", "ERCP not performed"): their glossary readings are no act to search for. A prefix ("non-excisional")
    is left to its own row."""
    terms, lowered = glossary()[0], text.lower()
    named: list[Entry] = []
    for word, phrase, (start, _) in _negated_terms(text):
        if start and lowered[start - 1] == "-":
            continue
        words = word.split()
        head = next((" ".join(words[:n]) for n in range(len(words), 0, -1) if " ".join(words[:n]) in terms), "")
        if entry := phrase or terms.get(head):
            named.append(entry)
    for match in _NEGATED_AFTER.finditer(lowered):
        word = next(g for g in match.groups() if g)
        if word in terms:
            named.append(terms[word])
    # (a device ruled out, "no drain left", is the device's own reading: the act may still be a drainage)
    return [e for e in hits if is_procedure_entry(e) and e.kind not in ("approach", "device")
            and any(e is n for n in named) and sum(e is h for h in hits) == 1]


ROOT_OPERATION_WORDS = frozenset(tokenize(
    "alteration bypass change control creation destruction detachment dilation division drainage excision "
    "extirpation extraction fragmentation fusion insertion inspection map occlusion reattachment release removal "
    "repair replacement reposition resection restriction revision supplement transfer transplantation "
    "introduction irrigation transfusion imaging radiography fluoroscopy ultrasonography monitoring measurement "
    "assistance performance restoration delivery abortion psychotherapy detoxification"))


ROUTE_WORDS = frozenset(tokenize("intravenous intramuscular percutaneous infusion injection"))

PROCEDURE_WORDS = frozenset(tokenize(
    "procedure surgery operation intervention removal insertion placement injection infusion biopsy scan ct mri "
    "x-ray xray "
    "ultrasound echo therapy transplant graft implant stent repair reduction fixation ablation lithotripsy "
    "dialysis ventilation intubation catheterization angioplasty angiography endoscopy arthroplasty debridement "
    "incision reconstruction amputation anastomosis ligation cast splint vaccine administration counseling "
    "treatment stoma suture mammogram mammography enucleation evisceration exenteration photocoagulation "
    "coagulation fulguration dissection stripping cardioversion counterpulsation decompression transposition "
    "conization circumcision cerclage marsupialization"))


def is_procedure_entry(entry: Entry) -> bool:
    if entry.kind in ("procedure", "approach", "suffix", "device"):
        return True
    return entry.kind == "shorthand" and bool(set(tokenize(entry.expansion)) & (ROOT_OPERATION_WORDS | ROUTE_WORDS))


def diagnosis_weight(entry_or_cue: str, text: str) -> float:
    """A diagnosis named only as the reason ("... for COVID-19", "... for ascites") says less about
    which code set is asked for than one named as the subject."""
    head = re.split(r"\b(?:for|due to|because of)\b", text, maxsplit=1)[0]
    return 1.0 if _phrase_in(entry_or_cue, head) else 0.5


FRAME_TOKENS = frozenset(tokenize(" ".join(FRAME_WORDS)))


def concept_groups_with_source(text: str) -> list[tuple[set[str], bool, frozenset[str]]]:
    """Each phrase of the question with the words its glossary entry adds: one concept each.

    A code answers a concept when it carries any word of its group, so "lap chole"
    is covered by a title that says "Percutaneous Endoscopic ... Gallbladder".
    """
    negated = negated_words(text)
    groups: list[tuple[set[str], bool, frozenset[str]]] = []
    for phrase, entry in expand_terms(text):
        typed = set(tokenize(phrase))
        words_ = set(typed)
        if entry is not None:
            words_ |= set(tokenize(entry.expansion))
        words_ -= negated
        if entry is None and typed <= FRAME_TOKENS:
            continue  # "patient", "his", "today": the frame of a vignette, not something a code answers
        if words_:
            groups.append((words_, entry is not None, frozenset(typed - negated)))
    return groups


def approach_words(text: str) -> list[str]:
    return [c for _, cues in APPROACH_CUES for c in cues if c not in ("open", "scope") and _phrase_in(c, text)]


_SCOPE_WORD = re.compile(r"\b([a-z]+?)o?scop(?:e|es|y|ic|ically)\b")
_PORT_SCOPES = ("lapar", "thorac", "arthr", "mediastin", "pelv", "pelvi")


# A closed reduction held with pins, wires, nails or screws put in through the skin is Percutaneous, not
# External (the fixation device goes in through the skin; PCS guideline B5.3a): "CRPP", "closed reduction and
# pinning", "closed reduction, intramedullary nailing". Said to be open, it is Open.
_CLOSED_FIXATION = re.compile(
    r"\bclosed reduction\b.*\b(?:pins?|pinning|pinned|k-?wires?|kirschner|wires?|nails?|nailing|nailed|screws?|"
    r"internal fixation|external fixat\w*|fixator)\b|\bcrpp\b", re.I)


# A bypass's conduit "harvested endoscopically" is its own procedure (Excision of the vein); the bypass itself
# is still done through the sternotomy or incision the note tells.
_HARVEST_SCOPE = re.compile(r"\b(?:harvest\w*|taken down|procured|obtained)\s+(?:[\w-]+\s+){0,5}?endoscopic(?:ally)?\b"
                            r"|\bendoscopic(?:ally)?\s+(?:[\w-]+\s+){0,3}?(?:harvest\w*|procured|taken)\b|\bevh\b")
_BYPASS = re.compile(r"\b(?:bypass|cabg|anastomos\w*|grafts? (?:to|from))\b")
_ASKS_HARVEST = re.compile(r"\bcode (?:only |just )?(?:the |for the )?(?:\w+ )?(?:vein )?harvest")


# Ports for a camera and instruments ("four ports placed", "two 5 mm ports", "after placing ports") are a
# laparoscopic or robotic case told without the word; a chest or venous access port is a device, not a way in.
_PORTS = re.compile(r"\b(?:two|three|four|five|six|\d)\s+(?:\d+(?:\.\d+)?\s*-?\s*mm\s+)?(?:\w+\s+)?ports\b"
                    r"|\b\d+(?:\.\d+)?\s*-?\s*mm\s+(?:\w+\s+)?ports?\b|\bports?\s+(?:were\s+|was\s+)?(?:placed|inserted)\b"
                    r"|\bplacing (?:the )?ports\b|\bpneumoperitoneum\b|\b(?:umbilical|camera|working) port\b"
                    r"|\bport sites?\b|\blaparoscopic trocars\b"
                    # an arthroscopy's portals ("standard anterolateral and anteromedial portals"), not the portal vein
                    r"|\b(?:standard|arthroscopic|anterolateral|anteromedial|posterolateral|posteromedial|posterior|"
                    r"anterior|lateral|medial|superolateral|superomedial|viewing|working|accessory)\s+portals?\b"
                    r"|\bportals\b(?!\s+(?:veins?|hypertension|venous|system))")
_DEVICE_PORT = re.compile(r"\b(?:chest|venous|infusion|power|implanted|implantable|chemo|chemotherapy|access|"
                          r"subcutaneous|totally implantable) ports?\b|\bmedi-?port|\bport-?a-?cath|\bmediport")


# "External" that names a part ("external carotid", "external oblique", "external anal sphincter") says nothing of
# the way in.
_PART_EXTERNAL = re.compile(r"\bexternal\s+(?:carotid|iliac|jugular|oblique|anal|ear|auditory|os|genitalia|"
                            r"rotation)\b", re.I)


# "converted to a midline laparotomy", "forced conversion to a posterolateral thoracotomy": Open (guideline B5.2a)
_CONVERTED = re.compile(r"\bconver(?:ted|sion)\b[^.;]{0,40}?\b(?:open|laparotomy|thoracotomy|sternotomy|incision|"
                        r"subcostal|pfannenstiel)\b", re.I)


# The gut's lumen biopsied, snared, dilated, stented, clipped, banded or ablated with no way in named: an
# endoscopist's act through the mouth or anus ("Schatzki ring at the GEJ, balloon dilated", "esophageal biopsies
# taken", "descending colon polyp, snared"); an operation on the bowel names its cut ("colectomy", "laparotomy").
_GI_LUMEN = (r"(?:esophag\w*|gej|ge junction|z-line|schatzki|pylor\w*|duoden\w*|gastric|stomach|antr\w*|jejun\w*|"
             r"ile(?:um|al)|terminal ileum|ti|ileocecal|cecum|cecal|colon|colonic|sigmoid|rect(?:um|al)|rectosigmoid|"
             r"cbd|common bile duct|bile ducts?|biliary|hepatic ducts?|pancreatic duct|ampulla\w*)")
_GI_ACT = (r"(?:biops\w*|bx|snare\w*|polypectom\w*|dilat\w*|stent\w*|clip\w*|band(?:ed|ing)?|ablat\w*|rfa|"
           r"injected|injection|tattoo\w*|cauteri\w*)")
_GI_LUMEN_ACT = re.compile(rf"\b{_GI_LUMEN}\b[^.;]{{0,60}}?\b{_GI_ACT}\b|\b{_GI_ACT}\b[^.;]{{0,60}}?\b{_GI_LUMEN}\b")
_GI_OPERATION = re.compile(r"\bsuction biops\w*|\banoscop\w*|\bbariatric|\blap[- ]?band|\bgastric band\w*|"
                           r"\b(?!polyp|mucos|sphinct|papill)\w+(?:ectomy|ostomy|otomy|orrhaphy|opexy)\b|"
                           r"\blaparot\w*|\bincision\w*|\banastomo\w*|"
                           r"\bpercutaneous\w*|\bperc\b|\bpeg\b|\bir\b|\binterventional|\bct[- ]guided|"
                           r"\bus[- ]guided|\bfluoro\w*|\bptc\w*|\btranshepatic|\bdrain\b")


def detect_approach(text: str) -> str | None:
    harvest_scoped = False
    if _BYPASS.search(text.lower()) and not _ASKS_HARVEST.search(text.lower()):
        harvest_scoped = bool(_HARVEST_SCOPE.search(text.lower()))
        text = _HARVEST_SCOPE.sub(" ", text.lower())
    # what was not used says nothing of the way in: "no pins", "without an endoscope"
    lowered = re.sub(r"\b(?:without|no|w/o|not)\s+(?:an?\s+|the\s+|any\s+|using\s+(?:an?\s+)?)?[a-z]*scop(?:e|es|y)\b",
                     " ", _PART_EXTERNAL.sub(" ", text.lower()))
    # a needle or wire that marks the target for an open excision ("needle loc excisional bx") is no way in
    if re.search(r"\bexcision\w*|\blumpectom\w*|\bexcised\b", lowered):
        lowered = re.sub(r"\b(?:needle|wire|seed)[- ](?:loc\w*|guided|directed)\b", " ", lowered)
    # ... nor an incision not made: "no open incision", "without open exposure"; an occlusion "opened" with wires
    # is a vessel recanalised, not a way in
    lowered = re.sub(r"\b(?:without|no|w/o|not|never)\s+(?:an?\s+|any\s+)?open\b|"
                     r"\b(?:cto|occlusions?|occluded|vessels?|arter(?:y|ies)|lesions?|stenos[ie]s)\s+(?:was\s+|were\s+)?"
                     r"(?:re-?)?opened\b", " ", lowered)
    held = re.sub(r"\b(?:without|no|w/o|not)\s+(?:any\s+)?(?:(?:(?:internal|external)\s+(?:(?:or|and|/)\s*"
                  r"(?:internal|external)\s+)?)?fixation|pins?|k-?wires?|"
                  r"wires?|screws?|hardware|nails?)\b", " ", lowered)
    if _CONVERTED.search(lowered):
        return "Open"
    if _CLOSED_FIXATION.search(held) and not re.search(r"\bopen\b|\borif\b", lowered):
        return "Percutaneous"
    # a burr hole or twist drill hole through the skull is Percutaneous; a bone flap turned is a craniotomy, and
    # a shunt is tunneled down to its far end through incisions
    if re.search(r"\bburr[- ]holes?\b|\btwist[- ]drill", lowered) and not re.search(
            r"\bcraniotom|\bcraniectom|\bbone flap|\bshunt", lowered):
        return "Percutaneous"
    if _PORTS.search(lowered) and not _DEVICE_PORT.search(lowered) and "convert" not in lowered:
        return "Percutaneous Endoscopic"
    for label, cues in APPROACH_CUES:
        for cue in cues:
            if _phrase_in(cue, lowered):
                return label
    # Any other scope word: a port scope (laparoscope, thoracoscope) goes through the skin; the rest
    # ("flexible bronchoscope", "ureteroscopy") say only that a scope was used.
    for match in _SCOPE_WORD.finditer(lowered):
        if match.group(1).startswith(_PORT_SCOPES):
            return "Percutaneous Endoscopic"
        return ENDOSCOPIC
    if _GI_LUMEN_ACT.search(lowered) and not _GI_OPERATION.search(lowered):
        return "Via Natural or Artificial Opening Endoscopic"
    if any(_phrase_in(cue, lowered) for cue in LATE_PERCUTANEOUS) or (
            _ENDOVASCULAR.search(lowered) and not _NOT_ENDOVASCULAR.search(lowered)):
        return "Percutaneous"
    # the scope took the vein, not the bypass: a coronary bypass told no other way in is done open
    if harvest_scoped and re.search(r"\b(?:cabg|aortocoronary|coronary (?:artery )?bypass)\b", lowered):
        return "Open"
    return None


# A stent, coil, plug, filter or balloon in a vessel with no way in named went in by catheter: Percutaneous (an
# open vascular operation says so, or is an endarterectomy, a bypass or a cutdown; a thrombectomy may be either).
_ENDO_ACTS = (r"(?:stent\w*|emboli[sz]\w*|embo|coil(?:s|ed|ing)?|vascular plug|amplatzer|filters?|balloon|"
              r"angioplast\w*|pta|poba|venoplast\w*|atherectom\w*|thrombolys\w*|lytic|tpa|alteplase|flow diverter)")
_VESSELS = (r"(?:arter\w*|veins?|venous|vena cava|aort\w*|iliac|femoral|sfa|cfa|popliteal|pop|tibial|peroneal|carotid|"
            r"ica|mca|basilar|vertebral|svc|ivc|subclavian|brachiocephalic|innominate|jugular|portal|hepatic|splenic|"
            r"mesenteric|sma|celiac|gda|epigastric|uterine|prostatic|renal|pulmonary|avf|av fistula|av graft|"
            r"aneurysms?|avm|acom|pcom|coronary|lad|rca|lcx|circumflex|diagonal|ramus)")
_ENDOVASCULAR = re.compile(rf"\b{_ENDO_ACTS}\b[^.;]{{0,60}}?\b{_VESSELS}\b"
                           rf"|\b{_VESSELS}\b[^.;]{{0,60}}?\b{_ENDO_ACTS}\b")
_NOT_ENDOVASCULAR = re.compile(
    r"\b(?:ureter\w*|biliary|bile|cbd|choledoch\w*|esophag\w*|duoden\w*|colon\w*|rect\w*|bronch\w*|trache\w*|"
    r"airway|pancrea\w*|urethr\w*|pylor\w*|enteral|nephroureteral|cystic duct|lacrimal|nasolacrimal|"
    r"endarterectom\w*|bypass|cpb|on pump|surgical|surgically|arteriotomy|venotomy|cutdown|exposure|exposed|"
    r"hybrid)\b")


_NOT_A_SIDE = re.compile(
    r"\bboth(?=\s+[\w-]+\s+and\b)"  # "both humeral and glenoid surfaces": two parts, not two sides
    # "both parents smoke", "both times": people and occasions, not sides
    r"|\bboth\s+(?:of\s+)?(?:(?:his|her|their|the)\s+)?(?:parents|mother|father|children|kids|sons|daughters|"
    r"grandparents|partners|spouses|siblings|twins|times|visits|doses|episodes|occasions|them|us|"
    # "both components press-fit", "both bones of the forearm", "both levels": parts of one thing, not two sides
    r"components|surfaces|ends|layers|bones|lumens|levels|procedures|codes|conditions|diagnoses|problems)\b"
    r"|\bleft\s+(in|in place|open|alone|behind|to|over|untreated|intact)\b"
    r"|\b(stent|drain|tube|catheter|device|sponge|packing|nothing|none|wire|clip)s?\s+(?:was\s+|were\s+)?left\b"
    r"|\b(?:right|left)[\s-]+hand(?:ed| dominant)\b"  # handedness, not the side of anything
    r"|\b(?:right|left)(?: lateral)? decubitus\b|\b(?:right|left) side (?:up|down)\b"  # how the patient lies
    # "right now", "goes first, right?", "is that right": time and agreement, not a side
    r"|\bright(?=\s*\?)|\bright\s+(?:now|away|then|after|before)\b|\b(?:is (?:that|this|it)|that'?s|am i) right\b")


def detect_approach_label(text: str) -> str | None:
    """An approach named in PCS words (as glossary expansions write it), not guessed from cue words."""
    for label, _ in APPROACH_CUES:
        if label == ENDOSCOPIC:
            continue
        phrase = label.lower()
        if label in ("Open", "External"):
            phrase += " approach"
        if _phrase_in(phrase, text):
            return label
    # "-scopy" read from a word's parts says a scope was used, not which way it went in.
    return ENDOSCOPIC if _phrase_in("endoscopic", text) else None


# OD, OS and OU name the eye (right, left, both) only where an eye is in question: elsewhere OD is an overdose.
# AD, AS and AU name the ear the same way; the lung's lobes carry their side ("RUL" is the right upper lobe).
_EYE_SIDES = {"od": "Right", "os": "Left", "ou": "Bilateral"}
_EAR_SIDES = {"ad": "Right", "as": "Left", "au": "Bilateral"}
_LOBE_SIDES = {"rul": "Right", "rml": "Right", "rll": "Right", "lul": "Left", "lll": "Left"}
_EAR = re.compile(r"\b(?:ears?|otitis|aom|ome|cerumen|tympanic|tm|hearing|otalgia|otorrhea|mastoid\w*|"
                  r"cholesteatoma|auditory|canal|presbycusis|tinnitus|audio\w*|deaf\w*|sensorineural|conductive|"
                  r"snhl|chl|otosclerosis|vertigo)\b")
_EYE = re.compile(r"\b(?:eyes?|glaucoma|cataracts?|retin\w*|macul\w*|ocular|corne\w*|conjunctiv\w*|iris|lens|"
                  r"vitre\w*|uveitis|chalazion|hordeolum|stye|blephar\w*|kerat\w*|strabismus|amblyopia|visual|"
                  r"vision|pterygium|optic|eyelids?|lacrimal|scleritis|episcleritis|nevus of the choroid|"
                  r"enucleation|evisceration|phaco\w*|iol|vitrectomy|trabeculectomy|ptosis|dacryo\w*|ectropion|"
                  r"entropion|chorioretin\w*|diplopia|pinguecula|ophthalm\w*|myopia|hyperopia|astigmatism|"
                  r"presbyopia|lasik|intraocular)\b")


# "Left eye normal", "the left lens is clear": the side examined and found well is not the side coded.
_NORMAL_SIDE = re.compile(r"\b(?:right|left|od|os)\b(?:[\s-]+\w+){0,3}?\s*:?\s+"
                          r"(?:(?:is|are|was|were|remains?|appears?)\s+)?(?:normal|clear|unremarkable|unaffected|"
                          r"intact(?![\s-]+(?:serum|blood|fluid|blisters?|bullae?|epidermis|eschar|dressing))|uninvolved|"
                          r"spared|healthy|negative|asymptomatic|pain-free|painless|fine|wnl|within normal limits)\b")


_DEFICIT = r"(?:hemi\w+|weakness|paralysis|palsy|numbness|sensory loss|neglect|facial droop|monoplegia|plegia|paresis)"
_DEFICIT_SIDE = re.compile(rf"\b(?:right|left)(?:[\s-]+sided)?(?:[\s-]+(?:arm|leg|body|side|face|upper|lower|"
                           rf"extremity|and))*[\s-]+{_DEFICIT}|\b{_DEFICIT}\s+(?:of|on|in)\s+the\s+(?:right|left)\b")


def detect_side(text: str, context: str = "") -> str | None:
    """The side the words state; context (the glossary's reading of them) tells an eye or ear question.
    AD, AS and AU count only in capitals: "as" is also a word."""
    ear = {k: v for k, v in _EAR_SIDES.items() if re.search(rf"\b{k.upper()}\b", text)}
    text = _NORMAL_SIDE.sub(" ", _NOT_A_SIDE.sub(" ", text.lower()))
    text = re.sub(r"\b[clt]-?spine\b", " ", text)  # the L of "L-spine" is lumbar, not left
    text = _SPINE_LEVEL.sub(" ", text)  # nor is the L of "L4-L5"
    text = re.sub(r"\b\d+(?:\.\d+)?\s*l\b", " ", text)  # nor the litres of "2 L bolus", "4 L drained"
    around = f"{text} {context.lower()}"
    sides = {**SIDES, **_LOBE_SIDES, **(_EYE_SIDES if _EYE.search(around) else {}),
             **(ear if _EAR.search(around) and not _EYE.search(around) else {})}
    found = {sides[w] for w in re.findall(r"[a-z/]+", text) if w in sides}
    if {"Left", "Right"} <= found and "Bilateral" not in found:
        # "left MCA infarct with right-sided hemiparesis": the deficit is on the side opposite the lesion, and
        # the lesion's side is the code's; the two sides are not a bilateral condition
        lesion = {sides[w] for w in re.findall(r"[a-z/]+", _DEFICIT_SIDE.sub(" ", text)) if w in sides}
        if len(lesion) == 1:
            return lesion.pop()
    if "Bilateral" in found or {"Left", "Right"} <= found:
        return "Bilateral"
    return found.pop() if len(found) == 1 else None


# "ICD" alone is also the defibrillator ("ICD generator"), so it is a code-set name only before "code".
# The code set named, or a HCPCS family by its letter ("what L code?", "the J-code"): no concept of its own.
_SYSTEM_NAMES = re.compile(r"\b(icd[- ]?10(?:[- ]?(?:cm|pcs))?|icd(?=[- ]?codes?\b)|cpt|hcpcs|level ii|"
                           r"(?-i:[EGJKLQ]|[jl])(?=[- ]?codes?\b))\b", re.I)


# "Code the diagnoses", "code the mother's condition", "code this visit": what the question asks to code
# names the code set as plainly as "ICD-10-CM" does. An outpatient visit or encounter is coded by diagnosis.
_CODE_THE = r"\bcode (?:the|this|these|his|her|all|each)(?: \w+'s)?(?: [\w-]+){0,2} "
_NAMES_CM = re.compile(
    r"\b(?:icd[- ]?10[- ]?cm|(?:cm|diagnosis|dx) codes?(?:\(s\))?)(?![\w(])"
    # a chapter's letter that only ICD-10-CM uses ("Z code for missed dialysis?", "which O code", "the R code")
    r"|\b[zfonwxyr][- ]codes?\b"
    # a status or presence code is a Z code, whatever device or operation it is the status of
    r"|\b(?:status|presence) (?:z )?codes?\b"
    # a booking sheet's "indication?": why the operation is done, a diagnosis
    r"|\bindications?(?: codes?)?\s*[?.]?\s*$|\bindication codes?\b|\bwhat(?:'s| is) the indication\b"
    # a story that closes on "Diagnoses?", "Dx codes" or a bare "dx" asks for its conditions
    r"|(?:^|[.?!:;]\s*|\b(?:assign|list|report|code) (?:the |all |her |his )?)(?:diagnos[ie]s|dx)"
    r"(?: codes?(?:\(s\))?)?\s*[?.!]?\s*$"
    rf"|{_CODE_THE}(?:diagnos[ie]s|dx|conditions?|problems?|encounter|visit|history|status|injur(?:y|ies)|"
    r"poisonings?|fractures?|malignanc(?:y|ies)|infections?|complications?)\b"
    r"|\b(?:what|which) (?:is|are) the (?:correct |appropriate )?(?:primary |principal |first-listed )?diagnos[ie]s\b"
    r"|\bwhat goes first\b|\bwhich (?:one |code )?goes first\b"
    # "Principal dx?", "What's the principal?", "dx codes?": the first-listed condition of a stay or visit
    r"|\b(?:principal|primary|first-listed)(?:\s+(?:dx|diagnosis|problem|condition))?\s*\?"
    r"|\b(?:principal|first-listed)\s+(?:dx|diagnosis)\b|\bdx(?: codes?)?\s*\?|\bwhat dx\b"
    r"|\b(?:7th|seventh) character\b"
    r"|\b(?:injury|fracture|poisoning|condition|complication|maternal|mother's|newborn|baby's|infant's) codes?\b"
    # "the code(s) for the birth admission", "codes for this visit": an encounter is coded by its diagnoses
    r"|\bcodes?(?:\(s\))? for (?:the|this|her|his) (?:[\w-]+ ){0,2}(?:admission|encounter|visit|stay)\b"
    r"|\bcodes?(?:\(s\))? (?:(?:are|is|should be|would be) )?(?:assigned |reported |used )?for the "
    r"(?:mother|newborn|baby|infant)\b"
    r"|\bcodes? (?:describes?|for|captures?|reports?|represents?) (?:this|the|her|his) (?:[\w-]+ ){0,2}?"
    r"(?:complication|condition|diagnosis|disease|injury|envenomation|reaction|disorder|infection)\b"
    r"|\bcodes?(?:\(s\))? (?:(?:are|is) )?(?:assigned |reported )?for the (?:[\w-]+ ){0,2}?(?:delivery|birth) "
    r"(?:admission|record|encounter)\b|\bcode the (?:[\w-]+ )?(?:delivery|birth) record\b",
    re.I)
_NAMES_PCS = re.compile(
    rf"\b(?:icd[- ]?10[- ]?pcs|pcs|procedure code)\b|{_CODE_THE}(?:procedures?|operations?|surgery|surgeries)\b"
    r"|\b(?:and|&) (?:the |any )?procedures?\b"
    # "what root op + code?": only ICD-10-PCS has root operations
    r"|\b(?:what|which|the) root op(?:eration)?s?\b",
    re.I)


# A fibroid, myoma or cyst taken out ("resection of the fibroid", "cyst shelled out") is part of its organ; one that
# is only the reason ("the uterus was removed for fibroids") says nothing of the extent.
_LESION = r"(?:fibroids?|myomas?|leiomyomas?|cysts?|polyps|lesions|masses|tumou?rs|nodules)"
_PARTIAL = re.compile(r"\b(partial|part of|portion|hemi(?!colectom|thyroidectom|mandibulectom|maxillectom|"
                      r"arthroplast)\w*|segment(al)?|wedge|superficial|subtotal|"
                      # a length or a count of rings taken ("15 cm of jejunum", "3 rings"): a segment
                      r"\d+(?:\.\d+)?\s*(?:cm|centimeters?)\s+of|\d+\s+(?:tracheal\s+)?rings|"
                      r"piece|sample|some of|lesion|polyp|mass|tumou?r|nodule|"
                      rf"(?:resect\w*|remov\w*|excis\w*|enucleat\w*)\s+(?:of\s+)?(?:the\s+|an?\s+)?"
                      r"(?:(?!for\b|because\b|due\b|to\b|of\b)[\w-]+\s+){0,2}?"
                      rf"{_LESION}|{_LESION}\s+(?:was\s+|were\s+)?(?:\w+\s+)?(?:resected|removed|excised|enucleated|"
                      r"shelled out)|(?:remainder|rest) of the [\w ]{1,30}?(?:preserved|left|intact|spared))\b")
_WHOLE = re.compile(r"\b(total|entire|entirety|whole|complete|completely|all of|radical|in toto|en bloc)\b")


# "Total knee arthroplasty", "total hip replacement": the joint is replaced, not removed whole.
_TOTAL_JOINT = re.compile(r"\btotal (?:[\w-]+ ){0,2}(?:arthroplast\w*|replacement|prosthes[ie]s|joint)\b")
# ... and replaced whole: its femoral, tibial or acetabular components are parts of one total joint, not a
# resurfacing of one surface, unless one component is revised or exchanged on its own.
_TOTAL_JOINT_SAID = re.compile(r"\btotal (?:(?:hip|knee|shoulder|ankle|elbow|joint) )(?:arthroplast\w*|replacement)\b|"
                               r"\bt[hk]as?\b|\b(?:t[hk]r|tja)\b")
_ONE_COMPONENT = re.compile(r"\brevis\w*|\bexchang\w*|\bliner\b|\bpoly(?:ethylene)? (?:insert|swap)\b|"
                            r"\bresurfac\w*|\bunicompartment\w*|\bpartial\b|\bhemi\w*|\buni\b|\b(?:bi|uni)polar\b")


# "Gross total resection" of a tumor says all of the tumor came out, not all of its organ.
_LESION_EXTENT = re.compile(r"\b(?:gross|near)[- ]total\b|\bgtr\b")


# "-ectomy" of an organ that is one body part in PCS takes all of it unless the words say part (a tonsillectomy
# is a Resection of the tonsils; a partial or hemi- one is an Excision). Organs often taken in part (stomach,
# colon, liver, pancreas, prostate) are left to the words.
_WHOLE_ORGAN_ECTOMY = re.compile(r"\b(?:tonsill|adenoid|append|cholecyst|splen|hyster|nephr|oophor|salping|mast|"
                                 r"thyroid|adrenal|orchi|lob)ectom(?:y|ies)\b")


# A subtotal hysterectomy still takes the uterus whole (Resection); the supracervical qualifier says the rest.
_SUBTOTAL_UTERUS = re.compile(r"\b(?:subtotal|partial)\b(?= (?:[\w-]+ )?hysterectom)")


# A lobe of the thyroid, lung or liver is a body part of its own, and so is the eye: a lobe taken out or an eye
# enucleated is all of that part (Resection), whatever the note says of the rest of the organ left behind.
_WHOLE_PART = re.compile(r"\blobectom(?:y|ies)\b|\b(?:right|left|upper|middle|lower|whole|entire)\s+(?:thyroid\s+|"
                         r"lung\s+|liver\s+|hepatic\s+)?lobe\s+[^.;]{0,40}?\b(?:removed|resected|excised|taken|delivered|"
                         r"divided)\b|\benucleat\w*\s+(?:of\s+)?(?:the\s+)?(?:(?:left|right)\s+)?(?:eye|eyeball|globe)\b|"
                         r"\benucleation\s+o[ds]\b|\bglobe\b[^.;]{0,30}?\bremoved\b")
_PART_OF_PART = re.compile(r"\b(?:partial|wedge|segment\w*|subtotal|portion|part of|non-?anatomic|biops\w*|cores?|"
                           r"samples?)\b")


def extent(text: str) -> str | None:
    """Whether the question takes part of a body part or all of it, when it says one and not both; "organ"
    when only an organ's "-ectomy" says it; "joint" when a total joint is replaced (every surface)."""
    if _TOTAL_JOINT_SAID.search(text.lower()) and not _ONE_COMPONENT.search(text.lower()):
        return "joint"
    lowered = _LESION_EXTENT.sub(" ", _SUBTOTAL_UTERUS.sub(" ", _TOTAL_JOINT.sub(" ", text.lower())))
    if _MATTER.search(lowered) and _TAKEN_OUT.search(lowered):
        # a stone, clot or food bolus "removed en bloc" or "intact" is the matter whole, not the body part
        lowered = re.sub(r"\b(?:en bloc|in toto|whole|entire|entirety|intact|in one piece|completely)\b", " ", lowered)
    if _WHOLE_PART.search(lowered) and not _PART_OF_PART.search(lowered):
        return "whole"
    partial, whole = bool(_PARTIAL.search(lowered)), bool(_WHOLE.search(lowered))
    if not partial and not whole and _WHOLE_ORGAN_ECTOMY.search(lowered):
        return "organ"  # all of the organ, by the word alone (pcs_fit weighs it less than a told extent)
    return None if partial == whole else ("part" if partial else "whole")


# Any other thing the question asks to code ("code the MI", "code the aneurysm", "code the bypass"): an act
# is a procedure, anything else a condition. Words that name no thing ("the case", "the following") say neither.
_ASKED_OBJECT = re.compile(r"(?<!dress )(?<!zip )(?<!area )(?<!promo )(?<!access )"
                           r"\bcode (?:for )?(?:the|this|these|his|her|all|each) ([^.?!;:\n]{1,40})", re.I)
# What an operation puts in, builds or moves is asked of by the procedure that did it: "code the flap", "code the
# ring", "the code for the new generator", "code the recipient site".
_MADE_THING = re.compile(
    r"\b(?:flaps?|rings?|grafts?|stents?|expanders?|implants?|spacers?|mesh|leads?|generators?|pacemakers?|"
    r"defibrillators?|valves?|tubes?|catheters?|ports?|drains?|shunts?|filters?|conduits?|anastomos[ie]s|"
    r"(?:recipient|donor|harvest) sites?|harvest|decompression|wires?|pins?|plates?|screws?|nails?|prosthes[ie]s|"
    r"components?|inserts?|liners?|electrodes?|sling|band|balloon|coils?|clips?|sutures?|work|sessions?|therapy|"
    r"hemostasis)\b",
    re.I)
_ENCOUNTER_NOUN = re.compile(r"\b(?:admission|encounter|visit|stay|diagnos[ie]s|dx|conditions?|status|history|"
                             r"absence)\b", re.I)  # "code the bypass status": a status is a diagnosis code
_NO_OBJECT = {"case", "scenario", "following", "above", "chart", "record", "note", "notes", "question", "example",
              "one", "correctly", "properly", "out", "for", "patient", "patient's"}


def asked_object(text: str) -> str | None:
    """The code set implied by what the question asks to code, when it names a thing."""
    systems = set()
    for match in _ASKED_OBJECT.finditer(text):
        phrase = match.group(1).strip()
        first = phrase.split()[0].lower() if phrase.split() else ""
        if not first or first in _NO_OBJECT:
            continue
        # "the delivery admission (diagnoses)": an admission, a visit or a diagnosis is coded by diagnosis
        act = not _ENCOUNTER_NOUN.search(phrase) and (
            _ACT.search(phrase) or _MADE_THING.search(phrase)
            or set(tokenize(phrase)) & (PROCEDURE_WORDS | ROOT_OPERATION_WORDS)
            or any(is_procedure_entry(e) for e in expand(phrase)[1]))
        systems.add("ICD-10-PCS" if act else "ICD-10-CM")
    return systems.pop() if len(systems) == 1 else None


# An exam's closing ask that names nothing ("Code it.", "What is the correct code?", "How is this coded?"):
# a case told as a story and closed this way asks for its diagnoses far more often than for a procedure.
_GENERIC_ASK = re.compile(
    r"\bcode (?:it|this|them)\s*[.?!]?\s*$"
    r"|\b(?:what|which) (?:is|are|would be|should be) the (?:correct |appropriate |right |proper |best )?codes?"
    r"(?:\(s\))?\s*(?:to (?:report|assign|use)\s*)?[.?!]?\s*$"
    r"|\bhow (?:is|are|would|should) (?:this|it|these) (?:be )?coded\b"
    r"|\b(?:what|which) codes? (?:should|would|is|are|do|does|applies|apply)\b"
    r"|\b(?:assign|report|select|provide|list) (?:the )?(?:correct |appropriate )?codes?(?:\(s\))?\s*"
    r"(?:in (?:the )?(?:correct )?order)?\s*[.?!]?\s*$"
    # a bare "Code." or "What code?" closing the story
    r"|(?:^|[.?!:\"]\s*)codes?(?:\(s\))?(?: in (?:the )?(?:correct |proper |reporting )?order)?\s*[.!?]?\s*$"
    r"|\b(?:what|which) codes?(?:\(s\))?\s*\??\s*$"
    r"|\bwhat (?:do|should|would) (?:i|we) code(?: here| for this| for it)?\s*\??\s*$"
    r"|\bwhat to code(?: here)?\s*\??\s*$|\bwhat codes? do (?:i|we) (?:need|use)\b"
    # "What's the code?", "Code please.", "What do I code for that?", a bare "ICD-10?": the same ask in chat words
    r"|(?:^|[.?!:\"]\s*)icd[- ]?10\s*[.?!]?\s*$"
    r"|\bwhat'?s the (?:correct |right )?codes?\s*[.?!]?\s*$|\bcodes? (?:please|pls|plz)\s*[.?!]?\s*$"
    r"|\bwhat (?:do|should|would) (?:i|we) code (?:for )?(?:that|these|this one)\s*\??\s*$", re.I)
# A story that states its diagnosis ("Dx: laceration L index finger") and asks only for "the code" is coded by
# that diagnosis, whatever was done for it on the way; an operative note labels its procedure.
_DX_LABEL = re.compile(r"\b(?:dx|diagnos[ie]s|impression)\s*:", re.I)
_PROCEDURE_LABEL = re.compile(r"\b(?:procedures?|operations?|interventions?|op note|operative (?:note|report)|"
                              r"procedure note)\s*(?:performed\s*)?:", re.I)


# A procedure done in an office, a clinic, urgent care or the emergency department is reported by the
# physician's CPT code, never by ICD-10-PCS (an inpatient facility's code set): a bare ask about such a visit asks
# for its diagnoses. An admission or a trip to the operating room puts the act back in the hospital's record.
_OFFICE_SETTING = re.compile(
    r"\b(?:in (?:the|an|his|her|my|our|a) (?:[\w-]+ )?office|office (?:visit|procedure|setting|note|shorthand)"
    r"|(?:^|[.;:]\s*)(?:[\w-]+ )?office\b|clinics?\b|urgent care|walk-in|emergency (?:department|room))"
    r"|(?-i:(?<![\w-])(?:ED|ER)(?![\w-]))", re.I)
_HOSPITAL_STAY = re.compile(r"\b(?:admit\w*|admission|inpatient|hospitali[sz]\w*|operating room|taken to (?:the )?or|"
                            r"surgery center|same[- ]day surgery|ambulatory surg\w*)\b", re.I)


# Where an inpatient facility's procedures are done and written up, as a note's heading.
_PROCEDURE_SETTING = re.compile(
    r"^\s*(?:ir|interventional radiology|(?:m|s|cv|n|p|neuro |cardiac )?icu|ccu|cath(?:eterization)? lab|"
    r"endoscopy(?: suite| unit)?|bedside|trauma bay|or|operating room|procedure room|vascular access(?: team)?|"
    r"iv team|line note|ep lab|hem/onc procedure room)\b[^:.\n]{0,30}:"
    # a report's own heading on its first line: "IR PROCEDURE NOTE", "Vein center procedure note"
    r"|^\s*(?:[\w/&-]+\s+){0,3}?procedure (?:note|report)\s*$", re.I | re.M)


def office_visit(text: str) -> bool:
    return bool(_OFFICE_SETTING.search(text)) and not _HOSPITAL_STAY.search(text)


# "Dx acute otitis media, right. Amoxicillin." with no ask at all: a story that names its diagnosis and asks for
# nothing else is coded by that diagnosis, as one that closes on a bare ask is.
_DX_SENTENCE = re.compile(r"(?:^|[.;]\s+)(?:dx|diagnosis|diagnosed as)\s+(?!code|of\b|is\b|was\b)[a-z]", re.I)
_ANY_ASK = re.compile(r"\?|\bcod(?:e|es|ed|ing)\b|\b(?:assign|report|what|which)\b", re.I)


# filler._PLANNED strips a planned operation's own phrase from what is searched; this reads, for the act alone, any
# clause about what is still to come, whatever words name the procedure ("PCI planned", "pyloromyotomy tomorrow").
_TO_COME = re.compile(r"\b(?:planned|scheduled(?=\s+(?:for|to|on|in|next|tomorrow)\b|\s*[,.;:)]|\s*$)|tomorrow|"
                      r"in (?:the )?(?:am|morning)|npo for|"
                      r"next (?:week|month)|"
                      r"will (?:undergo|have|need|be|schedule)|referred (?:to [\w ]{1,20}? )?for|"
                      r"to be (?:done|performed|\w+ed)|pending|consult(?:ed)? for|considering|"
                      r"candidate for|plan(?:ning)?(?! of care)(?=\s*:?\s*\w)|to schedule|scheduling|ordering|"
                      # options talked over ("discussed ESWL vs URS vs observation"), an evaluation for one
                      r"discuss(?:ed|ing)?\b[^.;]{0,60}?\b(?:vs\.?|versus|options?)|eval(?:uation)? for|"
                      r"(?:once|when) (?:quiet|healed|resolved))\b", re.I)
# ... but a visit for what was scheduled is that visit ("admitted for scheduled cycle 4", "visits for the routine,
# scheduled tube change"): what it does is done now.
_VISIT_NOW = re.compile(r"\b(?:admit\w*|here (?:today )?for|presents? for|seen (?:today )?for|visits?|"
                        r"comes? in for|came in for|today)\b", re.I)


def without_planned(text: str) -> str:
    """The text less its clauses about what is still to come ("pyloromyotomy tomorrow", "PCI planned")."""
    return " ".join(c for c in re.split(r"(?<=[.;,])\s+", text) if not _TO_COME.search(c))


_PLAN_CLAUSE_WORDS = 8


def new_words(words: str, expanded: str) -> str:
    """``words`` unless a glossary row already read them ("LDCT" is the lung screening already): the same words
    twice weigh as two readings."""
    core = words.removeprefix("encounter for ").lower()
    return "" if core and core in expanded.lower() else words


def without_planned_acts(text: str) -> str:
    """A condition told now less the acts still to come beside it ("lipoma R forearm. Plan excision.", "MIS L upper
    back. Will schedule WLE."): the plan is not the question, the condition is what is coded today. The text is
    kept whole when it is all plan, or when what is left is itself an act."""
    if op_note_body(text):
        return text
    clauses = re.split(r"(?<=[.;,])\s+", text)
    # only a clause that is the plan alone ("Plan excision.", "Will schedule WLE with 5 mm margins"): a longer one
    # holds the condition too ("scheduled for a routine mammogram but she feels a lump")
    kept = [c for c in clauses if not (_TO_COME.search(c) and not _VISIT_NOW.search(c)
                                       and len(c.split()) <= _PLAN_CLAUSE_WORDS
                                       and (describes_act(c) or any(is_procedure_entry(e) for e in expand(c)[1])))]
    rest = " ".join(kept)
    return rest if len(kept) < len(clauses) and len(rest.split()) >= 3 and not describes_act(rest) else text


def _dx_sentence(text: str) -> bool:
    """A sentence that opens on "Dx" and names a condition; "dx LP", "dx D&C" are diagnostic procedures."""
    found = _DX_SENTENCE.search(text)
    if not found:
        return False
    named = re.split(r"[,.;(]", text[found.end() - 1:], maxsplit=1)[0]
    return not (_ACT.search(named) or any(is_procedure_entry(e) for e in expand(named)[1]))


# A diagnostic report's conclusion: a radiology impression, a pathology final diagnosis, a test's interpretation.
# Pasted with no ask, or a bare one, it asks for what was found; the biopsy or excision that took the specimen
# ("Skin, left forearm, shave biopsy: basal cell carcinoma") and the test itself are the way it was found.
_REPORT_LABEL = re.compile(r"\b(?:final\s+)?(?:impression|interpretation|conclusion)\s*:|\bfinal\s+(?:diagnos[ie]s|dx)"
                           r"\s*:|^\W*(?:pathology\s+)?diagnos[ie]s\s*:"
                           # an endoscopist's or a ward note's shorthand for the same: "Imp:", "A/P:", "Path from EGD:"
                           r"|\bimp\s*:|\ba/p\s*:|\bpath(?:ology)?(?:\s+(?:from|on|of|back|result|results)\b[^:.;\n]{0,20})?\s*:",
                           re.I)
_TAKEN_BY = (r"(?:biops\w*|bx|excisions?|excisional|resection|polypectomy|shave|punch|core|fna|aspirates?|curettage|"
             r"curettings|snare|\w+ectomy|turbt|turp|leep|emr|wedge)")
_SPECIMEN = re.compile(rf"(?:^|[.:]\s+)(?:[A-Z]\.\s*)?[A-Za-z()/ -]{{2,40}},[\w()/ ,'-]{{0,80}}?\b{_TAKEN_BY}\b"
                       r"[^:.;]{0,40}:\s", re.I)
_REPORT_TEST = re.compile(r"^\W*(?:ecg|ekg|tte|tee|echo\w*|eeg|emg|ncs|ncs/emg|emg/ncs|pfts?|abi|holter|dxa|dexa|"
                          r"sleep study|psg|stress test|rhythm strip|ecg/rhythm strip)\b[^:.]{0,40}:", re.I)


# The specimen label's way of taking the tissue ("Colon, sigmoid, polypectomy:", "Uterus, ..., total laparoscopic
# hysterectomy and BSO:"), from the last comma before it to the colon.
_SPECIMEN_TAKING = re.compile(rf",[^,:.;]*?\b{_TAKEN_BY}\b[^:.;]{{0,40}}(?=:\s)", re.I)


# Words that only say how a specimen was taken; with them alone before the procedure ("total laparoscopic
# hysterectomy", "US-guided core bx") the whole phrase goes, otherwise the site words before it stay ("right breast
# core biopsy"), as do the parentheses in it ("TURBT (left lateral wall)").
_TAKING_WORDS = frozenset(tokenize("total partial radical simple modified subtotal laparoscopic robotic open "
                                   "us ultrasound ct guided stereotactic needle core fine wide local cold hot "
                                   "excisional incisional shave punch deep superficial and with"))


def _untaken(match: re.Match[str]) -> str:
    before = re.match(r",([^,:.;]*?)(?=\b" + _TAKEN_BY + r"\b)", match.group(0), re.I)
    kept = " ".join(re.findall(r"\([^)]*\)", match.group(0)))
    lead = before.group(1) if before and not set(tokenize(before.group(1))) <= _TAKING_WORDS else ""
    return f"{lead} {kept}".rstrip() if lead or kept else ""


def without_specimen_taking(text: str) -> str:
    """A pathology report asked for its diagnosis, less the way each specimen was taken: the biopsy, excision
    or hysterectomy that took the tissue is how the finding was made, not an act asked for."""
    return _SPECIMEN.sub(lambda m: _SPECIMEN_TAKING.sub(_untaken, m.group(0)), text)


def report_conclusion(text: str) -> bool:
    """A pasted diagnostic report (see _REPORT_LABEL) rather than an operation's record."""
    if _PROCEDURE_LABEL.search(text) or re.search(r"\b(?:pre|post)-?\s*op(?:erative)?\s+(?:diagnos|dx)", text, re.I):
        return False
    return bool(_REPORT_LABEL.search(text) or _SPECIMEN.search(text) or _REPORT_TEST.search(text))


def diagnosis_told(text: str) -> bool:
    if _PROCEDURE_LABEL.search(text):
        return False
    if report_conclusion(text) and (generic_ask(text) or not _ANY_ASK.search(text)):
        return True
    return ((bool(_DX_LABEL.search(text)) and generic_ask(text))
            or (bool(_DX_LABEL.search(text) or _dx_sentence(text)) and not _ANY_ASK.search(text)
                and not _ACT.search(without_planned(text))))


def procedure_told(text: str) -> bool:
    """An operative note that labels its procedure ("Procedure: aspiration thrombectomy of the RCA") and asks for
    nothing else, or only for "the code", is coded by that procedure, whatever diagnosis brought the patient."""
    # an operative note's "Preoperative diagnosis:" or "Dx:" beside its "Procedure:" is why the operation was done,
    # not a second thing to code: a bare "Code?" after both asks for the procedure
    # "Code #2." after a numbered list of procedures asks for that item, as a bare "Code?" would
    return bool(_PROCEDURE_LABEL.search(text)) and (generic_ask(text) or bool(_ASKS_ITEM.search(text))
                                                    or not _ANY_ASK.search(text))


def generic_ask(text: str) -> bool:
    return bool(_GENERIC_ASK.search(text.strip()))


# The question asks for a code in a coder's words ("Which ICD-10-CM code is assigned?", "the principal diagnosis",
# "What code supports the test?"): a story around such an ask is a coding case, however much of it is everyday
# narrative (a trip to the farmers' market). The found gate weighs it; a dress code or a ZIP code is not asked so.
_CODE_ASK = re.compile(
    r"\b(?:icd-?10(?:-?(?:cm|pcs))?|pcs|dx|diagnosis|procedure)\s+codes?\b"
    # a chapter's code by its letter ("what's the R code"), the code set needed or begged for ("need the pcs")
    r"|\b(?:what'?s|what is|which) (?:the |an? )?[fmnoprstz][- ]codes?\b"
    r"|\bneed (?:the |a |an )?(?:pcs|icd-?10(?:-?(?:cm|pcs))?|dx)\b|\b(?:pcs|dx|icd-?10) (?:pls|please|plz)\b"
    r"|\b(?:which|what)\s+(?:\w+\s+){0,2}?codes?(?:\(s\))?\s+(?:is|are|should|would|will|do|does|can|best)\s+"
    r"(?:(?:i|we|you)\s+)?(?:be\s+)?(?:assign|report|bill|sequenc|cod|captur|describ|identif|appl|support|use|"
    r"explain|go)\w*"
    r"|\b(?:which|what)\s+(?:\w+\s+){0,2}?codes?(?:\(s\))?\s+(?:best\s+)?(?:describ|identif|captur|support|explain|"
    r"appl)\w*"
    r"|\bcodes?(?:\(s\))?\s+(?:is|are)\s+(?:assigned|reported|sequenced|used)\b"
    r"|\b(?:principal|first-?listed|primary|secondary)\s+(?:and\s+secondary\s+)?(?:diagnos[ie]s|codes?)\b"
    r"|\b(?:assign|report|select|code)\s+(?:the\s+|this\s+|all\s+)?(?:correct\s+|appropriate\s+)?"
    r"(?:codes?|encounter|visit|admission|diagnos[ie]s|procedure)\b"
    # a bare "code?" closing a note ("UPT pos, code?", "SDOH code?"), a chapter's code by its letter ("housing z
    # code"), "code the refusal", "icd10?"
    r"|(?:^|[,.;:(-]\s*|\b(?:sdoh|dx|diagnosis|icd-?10|cm|pcs|status|presence|screening|history|encounter|"
    r"complication|combo|combination|sequela|the|a|which|what)\s+)codes?\s*\?"
    r"|\b[b-hj-z][- ]codes?\b|\bcode (?:the|this|that|these|it)\b"
    r"|\bicd-?10(?:-?cm|-?pcs)?\s*\?", re.I)


def code_asked(text: str) -> bool:
    return generic_ask(text) or bool(_CODE_ASK.search(text))


# A diagnosis category asked about by its letter and two digits ("Do I need both the O11 and an O10?", "which
# I13?"): only ICD-10-CM has such categories.
_CATEGORY_ASKED = re.compile(r"\b(?:the|an?|which|any|both|need|use)\s+(?!B12)(?:[A-SU-Z]\d{2}|T(?!1[0-2])\d{2})"
                             r"(?![.\w/-])(?!\s*(?:vertebra\w*|level|body|disc|nerve|root|segment)s?\b)")


# A PCS table asked for by its first characters ("0SR?", "which 10D code", "the 3E0 one"): only ICD-10-PCS has
# such tables. Typed in capitals as the tables print them, a digit first (not "2ND", "B12" or a diagnosis).
_TABLE_ASKED = re.compile(
    r"\b(?:which|what|the|an?|in|from|under|use|pcs|for|need)\s+"
    r"([0-9](?=[0-9A-Z]*[A-Z])[0-9A-HJ-NP-Z]{2,3})(?![\w.-])(?!\s*(?:days?|hours?|mg|ml|cm|mm)\b)"
    r"|(?<![\w.-])([0-9](?=[0-9A-Z]*[A-Z])[0-9A-HJ-NP-Z]{2,3})\s*(?:codes?\b|tables?\b|\?|pls\b|please\b)")


def tables_asked(text: str) -> tuple[str, ...]:
    """The PCS tables (or their first three characters) a question asks within (an age and sex, "60M", "45F",
    is none)."""
    return tuple(dict.fromkeys(m.group(1) or m.group(2) for m in _TABLE_ASKED.finditer(text)
                               if not re.fullmatch(r"\d+(?:ST|ND|RD|TH)|[1-9]\d?[MF]", m.group(1) or m.group(2))))


def named_system(text: str) -> str | None:
    """The code set the question asks for by name ("ICD-10-CM for the DVT?", "the PCS code"), or by what it
    asks to code ("code the MI")."""
    if _NAMES_CM.search(text) or _NAMES_PCS.search(text):
        return explicit_system(text)
    if tables_asked(text):
        return "ICD-10-PCS"
    if _CATEGORY_ASKED.search(text):
        return "ICD-10-CM"
    if diagnosis_told(text):
        return "ICD-10-CM"
    if procedure_told(text):
        return "ICD-10-PCS"
    # an operation's record ("Supine, lithotomy. Three ports ...") asking "code for the right ovary" asks for
    # what was done to the ovary, not for the ovary's disease
    if _OPERATING.search(text) and op_note_body(text):
        return "ICD-10-PCS"
    # a note headed by where hospital procedures are done ("IR:", "MICU line note:", "Cath lab:") that tells an
    # act asks for the act, whatever condition it opens with
    if _PROCEDURE_SETTING.match(text) and describes_act(without_planned(text)):
        return "ICD-10-PCS"
    return asked_object(text) or ("ICD-10-PCS" if op_note_body(text) or (
        operative_detail(text) >= OPERATIVE_DETAILS and describes_act(text) and not office_visit(text)) else None)


# The furniture of a procedure note: suture and its size, the specimen sent, the incision and its closure, the
# prep, the anesthetic, the instrument, the catheter's French size, the position on the table, the imaging that
# guided, the blood lost. A question that tells two or more of these is the record of an act, whatever
# condition it names on the way (in the dev sets: 601 such questions ask for PCS, 5 for diagnoses).
_OPERATIVE_DETAILS = tuple(re.compile(p, re.I) for p in (
    r"\b\d-0\b|\b(?:prolene|vicryl|monocryl|nylon|pds|chromic|silk|fiberwire|ethibond|staples?|steri-?strips?|"
    r"dermabond)\b",
    r"\bspecimens?\b|\bsent (?:to|for) (?:pathology|path|frozen|culture|histolog)|\bto pathology\b|\bfrozen section\b",
    r"\bincisions?\b|\bincised\b|\barteriotomy\b|\bportals?\b|\btrocars?\b",
    r"\bclosed (?:in layers|primarily|with)\b|\bclosure\b|\bskin (?:was )?closed\b|\breapproximated\b",
    r"\bprepped\b|\bdraped\b|\bchlorhexidine\b|\bbetadine\b",
    r"\banesthe\w+\b|\blidocaine\b|\b(?:digital|nerve|bier|paracervical|retrobulbar) block\b|\bsedat\w+|"
    r"\bgeneral endotracheal\b",
    r"#\d+ blade|\b(?:scalpel|burr|shaver|rongeur|curette|kerrison|metzenbaum|bovie|cautery|electrocautery|ligasure|"
    r"stapler|forceps|snare|basket|guidewire|sheath|curett\w*|dilators?|sphincterotome)\b",
    r"\b(?:locking plate|plate and screws|(?:pedicle|cortical|cancellous|lag|interlocking) screws?|k-?wires?|"
    r"intramedullary nail|rods? (?:were |was )?placed|suture anchors?)\b",
    r"\b\d+(?:\.\d+)? ?(?:fr|french|gauge)\b|\b\d+ ?g needle\b",
    r"\b(?:supine|prone|lithotomy|lateral decubitus|beach chair|tourniquet)\b",
    r"\bunder (?:ultrasound|fluoro\w*|direct vision|direct visualization)\b|\bultrasound[- ]guided\b",
    r"\bebl\b|\bblood loss\b|\bhemostasis\b|\birrigated\b",
))
OPERATIVE_DETAILS = 2


def operative_detail(text: str) -> int:
    return sum(1 for pattern in _OPERATIVE_DETAILS if pattern.search(text))


# An operative note's body tells what was done, sentence after sentence ("the cephalic vein was mobilized ...
# the tendon ends were retrieved and coapted"), with no patient's story around it: it asks for the procedure,
# whatever condition it names on the way.
_DONE = re.compile(r"\b(?:was|were)\s+(?:then\s+|also\s+|carefully\s+|sharply\s+|bluntly\s+)?(?:\w+ed|\w+en|made|cut|"
                   r"put|sewn|shaved|brought|taken|left|set|split|run|drawn)\b", re.I)
_STORY = re.compile(r"\b(?:presents?|presented|presenting|admitted|admission|diagnos(?:is|es|ed|e)|complain\w*|"
                    r"year-old|yo|y/o|history of|c/o|seen (?:today|in)|visit|clinic|emergency|ed|er|follow-up|"
                    r"physician|doctor|provider|dx|returns?|comes in|came in|is seen|brought in|home health|"
                    r"begins)\b"
                    # a person named with an age ("Marion Keller, 56,"): an exam's story, not an operative note
                    r"|(?-i:\b[A-Z][a-z'-]+,? (?:an? )?\d{1,3}(?:,| years?\b| yo\b))", re.I)
_NOTE_SENTENCES = 3
_NOTE_ACTS = 2
# How the patient lay and how the surgeon got in ("Supine, lithotomy.", "Right side down, robot docked.", "Four
# ports placed.", "Rose position, gag placed"): words only an operation's record holds. With them the note asks for
# the operation, whatever indication or clinic opens it.
_OPERATING = re.compile(
    r"\b(?:supine|(?<![\w-])prone(?!\s+to\b)|(?:dorsal\s+)?lithotomy|(?:reverse\s+)?trendelenburg|jack-?knife|lateral\s+decubitus|"
    r"beach[\s-]?chair|rose\s+position|(?:right|left)\s+side\s+(?:up|down)|robot\s+docked|"
    # ports of a laparoscopy, not a chemotherapy port ("she had a port placed last year")
    r"(?:laparoscopic\s+|robotic\s+|trocar\s+|working\s+|\d+[\s-]?mm\s+)ports?\s+(?:were\s+|was\s+)?placed|"
    r"ports\s+(?:were\s+)?placed|"
    r"(?:two|three|four|five|six|\d)\s+(?:laparoscopic\s+|robotic\s+)?ports|"
    r"prepped\s+and\s+draped|tourniquet\s+(?:inflated|to\s+\d+)|under\s+(?:general|spinal|mac|epidural)"
    r"(?:\s+an(?:a|e)sthesia)?|ebl\b)", re.I)


def op_note_body(text: str) -> bool:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    acts = sum(1 for s in sentences if _DONE.search(s) or _ACT.search(s))
    if _DX_LABEL.search(text) or acts < 1:
        return False
    return bool(_OPERATING.search(text)) or (len(sentences) >= _NOTE_SENTENCES and acts >= _NOTE_ACTS
                                             and not _STORY.search(text))


# A drain, chest tube or catheter left at the end of an operation is part of its closing, not a second act: in a
# note that does something else, the sentence that leaves it says nothing of what the operation was.
_LEFT_BEHIND = re.compile(
    r"\b(?:drains?|chest tubes?|foley(?: catheter)?|(?:urinary|urethral|bladder) catheter|jackson-pratt|jp|blake|"
    r"hemovac|pigtail|penrose)\b[^.;]{0,60}?\b(?:was|were|is|are)\s+(?:then\s+)?(?:placed|left|inserted|brought out|"
    r"positioned|secured|sewn in|connected)\b|\b(?:drains?|chest tubes?|foley|catheters?|blake|jp|jackson-pratt|"
    r"hemovac|penrose)\s+(?:drains?\s+)?(?:placed|left|brought out)\b"
    r"|\b(?:drains?|chest tubes?|blake|hemovac|penrose)\b[^.;]{0,40}?\b(?:brought out|left in(?: place)?|"
    r"tunnel+ed out)\b"
    r"|\bleft (?:in place )?(?:with|over) (?:an?|the) (?:[\w-]+ ){0,3}(?:drains?|chest tubes?|catheter)\b"
    # the cavity of a drained abscess packed with gauze: the packing ends the drainage
    r"|\b(?:cavity|wound)\b[^.;]{0,40}?\bpacked\b", re.I)


# Leads named beside a generator but not put in with it ("leads coded separately", "connected to the existing lead"):
# the generator is the act, and the leads' reading (pacemaker, defibrillator) would name its kind for it.
LEADS_ASIDE = re.compile(r"\bleads?\b[^.;]{0,25}\b(?:separate(?:ly)?|already|in place|previous(?:ly)?|not replaced)\b|"
                         # the coder has the leads: "leads I have", "I have the leads coded", "leads are done"
                         r"\bleads?\s+(?:i|we)\s+(?:have|got|did)\b|\b(?:i|we)\s+(?:have|got|did)\s+(?:the\s+)?leads?\b|"
                         r"\b(?:existing|old|prior|previous(?:ly placed)?|current|same|intact)\s+(?:\w+\s+)?leads?\b",
                         re.I)
_GENERATOR = re.compile(r"\bgenerators?\b|\bipg\b|\bpacer\b|\bpacemaker\b|\bicd\b|\bcrt-?[dp]\b", re.I)


def without_leads_aside(text: str) -> str:
    return LEADS_ASIDE.sub(" ", text) if _GENERATOR.search(text) else text


# Steps on the way to the act: the cervix or a tract dilated to let a scope or tube in, blood or fluid drawn back
# to show a needle or catheter sits right ("all ports aspirate and flush", "clear CSF return").
_WAY_IN = re.compile(
    r"\b(?:the\s+)?(?:cervix|cervical os|os|tract|skin tract|fascia|stoma|subcutaneous tissues?)\s+(?:was\s+|were\s+)?"
    r"(?:then\s+)?(?:serially\s+)?dilated\b|\b(?:cervical|serial|tract)\s+dilation\b|\bdilated\s+(?:serially\s+)?"
    r"(?:with|using)\s+(?:[\w-]+\s+){0,2}dilators\b|\b(?:hegar|pratt|serial|fascial)\s+dilators?\b"
    r"|\b(?:all\s+)?(?:ports?|lumens?)\s+(?:aspirated?|drew|draw)\s+(?:and\s+)?(?:flush(?:ed)?)?"
    r"|\b(?:with\s+)?(?:no\s+|poor\s+|sluggish\s+|good\s+|clear\s+|brisk\s+|free\s+|dark\s+|venous\s+)?"
    r"(?:blood|csf|urine)\s+(?:return(?:ed)?|"
    r"flash(?:back)?)\b|\b(?:blood|csf)\s+(?:was\s+)?(?:easily\s+)?aspirated\b"
    # the chips a resectoscope cut are washed out as part of the resection ("chips evacuated with the Ellik")
    r"|\b(?:(?:the|all|resected|prostatic|tumor)\s+)?chips\s+(?:were\s+)?(?:then\s+)?(?:evacuated|irrigated(?: out)?|"
    r"removed|retrieved|washed out)(?:\s+(?:with|using)\s+(?:an?\s+|the\s+)?[\w-]+(?:\s+evacuator)?)?", re.I)
# The artery a catheter went in by ("R CFA 8 Fr", "access via the left radial artery") is not the one treated; a
# sheath in an artery is the Percutaneous way in to the vessel worked on, unless the artery was cut down on.
_ARTERY_ACCESS = re.compile(
    r"\b(?:(?:right|left|r|l|rt|lt)\s+)?(?:common\s+)?(?:femoral|radial|brachial|cfa|pedal)\s+(?:arter(?:y|ial)\s+)?"
    r"(?:access(?:ed)?\s*,?\s*)?(?:with\s+(?:an?\s+)?)?\d+(?:\.\d+)?\s*-?\s*(?:fr|french|f)\b(?:\s+(?:sheath|guide))?"
    r"|\b(?:access(?:ed)?|approach)\s+(?:was\s+)?(?:obtained\s+)?(?:via|through|from|in)\s+(?:the\s+)?"
    r"(?:(?:right|left|r|l)\s+)?(?:common\s+)?(?:femoral|radial|brachial|cfa)(?:\s+arter(?:y|ial))?\b"
    r"|\b(?:(?:right|left|r|l)\s+)?(?:common\s+)?(?:femoral|radial|brachial|cfa)\s+(?:arter(?:y|ial)\s+)?access\b",
    re.I)
_CUT_DOWN = re.compile(r"\bcut-?\s?down\b|\bsurgical(?:ly)? expos\w*|\bopen (?:femoral )?exposure\b", re.I)


# A vein a sheath went in by ("R femoral vein 10 Fr", "via the right femoral vein") is the way to a filter, a stent,
# a closure device or a valve clip elsewhere; for a line or catheter put in to stay, the vein can be the site.
_VEIN_ACCESS = re.compile(
    r"\b(?:(?:right|left|r|l|rt|lt)\s+)?(?:common\s+)?(?:femoral|basilic|cfv|internal jugular|ij)\s+(?:vein|venous)?\s*"
    r"(?:access(?:ed)?\s*,?\s*)?\d+(?:\.\d+)?\s*-?\s*(?:fr|french|f)\b(?:\s+(?:sheath|guide|introducer))?"
    r"|\b(?:access(?:ed)?|approach)\s+(?:was\s+)?(?:obtained\s+)?(?:via|through|from)\s+(?:the\s+)?"
    r"(?:(?:right|left|r|l)\s+)?(?:common\s+)?femoral\s+vein\b|\bvia\s+(?:the\s+)?(?:(?:right|left|r|l)\s+)?femoral\s+vein\b",
    re.I)
_LINE_LEFT = re.compile(r"\b(?:central (?:venous )?(?:line|catheter)|cvc|tlc|triple[- ]lumen|picc|port|"
                        r"dialysis catheter|hd catheter|swan|pa catheter|pulmonary artery catheter|midline|"
                        r"introducer placed|lead)s?\b", re.I)


def artery_access(text: str) -> str:
    way = " " if _CUT_DOWN.search(text) else " percutaneous "
    text = _ARTERY_ACCESS.sub(way, text)
    return text if _LINE_LEFT.search(text) else _VEIN_ACCESS.sub(way, text)


# A study told with its finding ("CT chest: fx L ribs 6-9", "XR shows a coin in the esophagus", "MRI: full-thickness
# tear"): the scan is how the finding was made, asked for only where the question asks for a procedure.
_FOUND_BY_IMAGING = re.compile(r"\b(?:ct|cta|mri|mra|xr|x-?rays?|cxr|kub|films?|radiographs?|imaging)\b"
                               r"(?:\s+(?!shows?\b|showed\b|reveal|confirm|demonstrat)[\w/]+){0,3}?\s*"
                               r"(?::|\b(?:shows?|showed|reveals?|revealed|confirms?|confirmed|demonstrates?|"
                               r"demonstrated)\b)"
                               # "no fx on xr", "fracture per CT", "XR displaced midshaft clavicle fx"
                               r"|\b(?:on|per|by)\s+(?:the\s+)?(?:ct|mri|xr|x-?rays?|cxr|films?|imaging)\b"
                               r"|\b(?:xr|x-?ray|ct|mri|cxr)\s+(?=(?:displaced|nondisplaced|non-displaced|neg|negative|"
                               r"positive|normal|no|c/w|consistent|\+)\b)", re.I)
# An op note's indication names the scan that found the lesion ("MRI medial meniscal tear", "CT showed a 4 cm
# mass"): the scan was done before, and is no act of this note.
_INDICATION_SCAN = re.compile(r"\b(?:pre-?op(?:erative)?\s+)?(?:mri|mra|ct|cta|pet)\b(?![\s-]*guid)", re.I)


def without_positioning(text: str) -> str:
    """An op note less its short positioning sentences ("Supine, leg holder.", "Prone, Jackson table."): the leg
    in the holder and the table are how the patient lay, not the site operated on."""
    sentences = re.split(r"(?<=[.;])\s+", text)
    kept = [s for s in sentences if not (_OPERATING.search(s) and len(s.split()) <= 8
                                         and not _ACT.search(rest := _OPERATING.sub(" ", s)) and not _DONE.search(rest)
                                         and not approach_words(s.lower()) and not _PORTS.search(s.lower()))]
    return " ".join(kept) if kept else text


def without_closing_devices(text: str) -> str:
    """An operative note's sentences less those that only leave a drain or tube behind, when others do the act."""
    sentences = re.split(r"(?<=[.!?;])\s+", text)
    kept = [s for s in sentences if not _LEFT_BEHIND.search(s) or (_DONE.search(_LEFT_BEHIND.sub(" ", s))
                                                                     and _ACT.search(_LEFT_BEHIND.sub(" ", s)))]
    rest = " ".join(kept)
    return rest if len(kept) < len(sentences) and describes_act(rest) and op_note_body(rest) else text


# A catheter that drained fluid and came out at the end ("6.8 L removed ... catheter removed", "no catheter left")
# leaves no Drainage Device behind: it was the needle's sleeve, not a device of the code.
_DRAINED_FLUID = re.compile(r"\b(?:para|thora)centes[ie]s\b|\b(?:fluid|ascites|effusion|ml|mls|cc|liters?|l)\b"
                            r"[^.;]{0,30}?\b(?:removed|drained|aspirated|withdrawn)\b", re.I)
_CATHETER_OUT = re.compile(r"\b(?:catheters?|drains?|pigtails?)\s+(?:was\s+|were\s+|then\s+)*(?:removed|withdrawn|"
                           r"pulled)\b|\bno (?:catheter|drain|device)s? (?:was |were )?(?:left|placed)\b", re.I)
_CATHETER_STAYS = re.compile(r"\bleft in(?: place)?\b|\b(?:secured|sutured) (?:in place|to (?:the )?skin)|"
                             r"\bto (?:gravity|bulb|suction|bag|drainage)\b|\bindwelling\b|\btunnel+ed\b", re.I)
_SLEEVE = re.compile(r"\b(?:catheters?|drains?|pigtails?)\b", re.I)


def temporary_catheter(text: str) -> str:
    """A drainage whose catheter came out at the end, told without the catheter (no device is left)."""
    if not (_DRAINED_FLUID.search(text) and _CATHETER_OUT.search(text)) or _CATHETER_STAYS.search(text):
        return text
    return _SLEEVE.sub("needle", text)


# An op note's "-otomy" that opens a vessel or duct to work inside it ("a transverse arteriotomy",
# "longitudinal choledochotomy") is the way in, read as the incision it is, not as a Drainage or Division.
# (An enterotomy or gastrotomy sewn shut can be the Repair itself, as when a loop stoma is taken down.)
_ACCESS_OTOMY = re.compile(r"\b(?:arteriotom|venotom|aortotom|atriotom|choledochotom|ureterotom|pyelotom)(?:y|ies)\b",
                           re.I)
# A catheter that is only a tool passed and pulled back ("a 3 Fr Fogarty catheter was passed", "an aspiration
# catheter") leaves nothing behind: no device, no Insertion.
_TOOL_CATHETER = re.compile(r"\b(fogarty|embolectomy|thrombectomy|aspiration(?: thrombectomy)?)(?:\s+balloon)?\s+"
                            r"catheters?\b", re.I)
# The study that showed the lesion an act then treats ("venogram showed a 90% stenosis ... dilated") is how it was
# seen, not a second procedure to code in its place.
_STUDY_SHOWED = re.compile(r"\b(?:(?:selective|diagnostic|completion)\s+)?(?:fistulogra\w+|venogra\w+|angiogra\w+|"
                           r"aortogra\w+|arteriogra\w+|cholangiogra\w+|pyelogra\w+|cavogra\w+|sonogra\w+)\s+"
                           r"(?:showed|shows|demonstrated|revealed|confirmed)\b", re.I)
# the balloon that opens a "balloon-expandable stent" is how the stent is set, not a Drug-Coated Balloon
_BALLOON_BORNE = re.compile(r"\bballoon[- ]expand(?:able|ed|ing)\b", re.I)
_PORT_WORD = re.compile(r"\bports?\b(?!\s+sites?\b)", re.I)
# An EGD that carries another act (a dilation, a biopsy, a stent) is the way in: its Inspection of the "upper"
# intestinal tract is neither the act nor the Upper Esophagus of the part it worked on.
_UPPER_SCOPE = re.compile(r"\begd\b|\bupper (?:gi )?endoscopy\b", re.I)


# A squamous cell carcinoma is a skin cancer (C44, "Squamous cell carcinoma of skin of ...") only on the skin. Of
# the tongue, larynx, tonsil, esophagus, lung, cervix or anal canal it is that organ's malignant neoplasm (the
# index: "Carcinoma, squamous cell - see Neoplasm, malignant, by site"): the histology is read as a carcinoma
# there, so its words no longer pull the skin titles.
_SQUAMOUS = re.compile(r"\b(?:hn)?scca?\b|\bsquamous(?: cell)?(?: (?:carcinoma|ca|cancer|cell))?\b", re.I)
_ORGAN_SITE = re.compile(
    r"\b(?:tongue|bot|floor of (?:the )?mouth|fom|gingiva\w*|gums?|alveolar|palat\w*|buccal|retromolar|tonsil\w*|"
    r"\w*pharyn\w*|pyriform|piriform|laryn\w*|\w*glott\w*|vocal (?:cord|fold)s?|tvc|true (?:vocal )?cords?|"
    r"esophag\w*|lungs?|bronch\w*|rul|rml|rll|lul|lll|(?:upper|middle|lower) lobe|cervix|anal canal|vulva\w*|"
    r"vagina\w*|penis|penile|bladder|sinus|nasal cavity|conjunctiva\w*|trache\w*|oral cavity|mouth|uvula|"
    r"parotid|salivary|thyroid|urethra\w*|ureter\w*|renal pelvis|stomach)\b", re.I)
_SKIN_SITE = re.compile(r"\b(?:skin|cutaneous|scalp|forehead|face|facial|cheek(?! mucosa)|nose|ears?|auricle|helix|"
                        r"eyelids?|temple|trunk|back|arm|forearm|hand|legs?|shin|foot|shoulder|perianal|lips?|"
                        r"vermilion|keratoacanthoma)\b", re.I)


def organ_carcinoma(text: str) -> str:
    if not _SQUAMOUS.search(text) or not _ORGAN_SITE.search(text) or _SKIN_SITE.search(text):
        return text
    return _SQUAMOUS.sub("carcinoma", text)


# A craniotomy named by where the skull was opened ("R frontal crani", "pterional craniotomy", "retrosigmoid
# crani") tells the way in: its site word names no frontal sinus or frontal bone. A lesion of the brain itself
# reached through it (a tumor, a lobar clot, an abscess) lies in that lobe, the Cerebral Hemisphere of the body
# part key; what lies on the brain (a meningioma, a subdural or epidural clot, an aneurysm) has a body part of its
# own and takes no lobe.
_LOBES = r"(?:frontal|temporal|parietal|occipital)"
_OPENING_SITE = (rf"(?:bi-?)?(?:(?:fronto|temporo|parieto)-?)*{_LOBES}|suboccipital|pterional|retrosigmoid|ftp|"
                 r"parasagittal|orbitozygomatic|bicoronal|supraorbital|far[- ]lateral|translabyrinthine|keyhole|"
                 r"posterior fossa|midline")
_SKULL_OPENING = re.compile(rf"\b(?P<site>(?:{_OPENING_SITE})(?:\s+(?:and\s+)?(?:{_OPENING_SITE}))*)\s+"
                            r"crani(?:otomy|otomies)?\b", re.I)
_IN_THE_BRAIN = re.compile(r"\b(?:tumou?rs?|mass(?:es)?|lesions?|mets?|metastas[ie]s|gli\w*|gbm|glioblastoma|"
                           r"astrocytoma|oligodendroglioma|ependymoma|lymphoma|cavernomas?|cavernous malformation|avm|"
                           r"abscess|ich|intracerebral|intraparenchymal|lobar|contusions?|lobectomy|epileptogenic)\b",
                           re.I)
_ON_THE_BRAIN = re.compile(r"\b(?:mening\w*|dura\w*|epidural|subdural|sdh|edh|aneurysm\w*|schwannoma|pituitary|lobes?|"
                           r"lobar|hemispheres?|cerebell\w*|ventric\w*|thalam\w*|brainstem|insula\w*)\b", re.I)


# A metastasis operated on is told with its primary ("met (breast primary)", "mets from a lung primary"): the
# procedure's body part is where the metastasis is, not the breast or lung it came from.
_PRIMARY_SITE = re.compile(r"\((?!unknown|occult|undetermined|unidentified)(?:[\w-]+\s+){1,3}primary\)|"
                           r"\b(?:from|of)\s+(?:an?\s+|the\s+|known\s+)*"
                           r"(?!unknown|occult|undetermined|unidentified)(?:[\w-]+\s+){1,2}primary\b", re.I)


def without_primary_site(text: str) -> str:
    return _PRIMARY_SITE.sub(" ", text) if re.search(r"\bmets?\b|\bmetasta", text, re.I) else text


# "R frontal ICH", "L parietal GBM", "temporal lobar hemorrhage": a lobe word before a lesion that only the brain
# has names the lobe (the Cerebral Hemisphere of PCS, the lobe of a C71 title), not the frontal sinus or bone.
_BRAIN_LESION = re.compile(rf"\b({_LOBES})(?:\s+lob(?:ar|e))?(?=\s+(?:ich|iph|intracerebral|intraparenchymal|gbm|"
                           r"gliomas?|glioblastoma|astrocytoma|oligodendroglioma|cavernomas?|avm|brain mets?|"
                           r"brain metastas[ie]s)\b)", re.I)


def lobe_named(text: str) -> str:
    return _BRAIN_LESION.sub(lambda m: f"{m.group(1)} lobe", text)


def skull_opening(text: str) -> str:
    match = _SKULL_OPENING.search(text)
    if not match:
        return text
    out = f"{text[:match.start()]}craniotomy{text[match.end():]}"
    lobe = re.search(rf"(?<!sub){_LOBES}", match.group("site"), re.I)
    if lobe and _IN_THE_BRAIN.search(out) and not _ON_THE_BRAIN.search(out):
        out = f"{out} ({lobe.group(0).lower()} lobe)"
    return out


def tools_and_ways_in(text: str) -> str:
    """An op note's instruments and openings as what they are: the tool catheter named by its use, the
    laparoscopic ports as trocars (not the implanted port of a Totally Implantable Vascular Access Device), the
    arteriotomy as the incision, an upper endoscopy as the EGD it is, the study that showed the lesion as no act."""
    out = skull_opening(_BALLOON_BORNE.sub("expandable", _TOOL_CATHETER.sub(lambda m: m.group(1), text)))
    if describes_act(seen := _STUDY_SHOWED.sub("showed", out)):
        out = seen
    lowered = out.lower()
    if _PORTS.search(lowered) and not _DEVICE_PORT.search(lowered) and "convert" not in lowered:
        out = _PORT_WORD.sub("laparoscopic trocars", out)
    if op_note_body(out) and describes_act(opened := _ACCESS_OTOMY.sub("incision", out)):
        out = opened
    if describes_act(_UPPER_SCOPE.sub(" ", out)):
        out = _UPPER_SCOPE.sub("EGD", out)  # read below, in scope_carries_act
    return out


def scope_carries_act(text: str) -> bool:
    return bool(_UPPER_SCOPE.search(text)) and describes_act(_UPPER_SCOPE.sub(" ", text))


# The chest's subcutaneous tissue is one body part: "right upper chest", "anterior chest wall" name it, and their
# "upper" is not the Upper Arm or Upper Leg of a sibling body part.
_CHEST_WORD = re.compile(r"\b(?:upper|anterior|lower)\s+(?=chest\b)", re.I)
_BELOW_CLAVICLE = re.compile(r"\binfraclavicular\b|\b(?:just\s+)?below\s+the\s+(right\s+|left\s+)?clavicle\b", re.I)


def chest_part(text: str) -> str:
    return _BELOW_CLAVICLE.sub(lambda m: f"{m.group(1) or ''}chest", _CHEST_WORD.sub("", text))


# An ankle fracture set and fixed is coded to its bones: the lateral malleolus is the Fibula, the medial and
# posterior malleoli the Tibia. The Ankle Joint is the joint's own work (a fusion, a replacement), not a malleolus.
_MALLEOLAR = re.compile(r"\b(?:bi|tri)malleolar\b|\btrimal\b|\bmalleol(?:us|i|ar)\b", re.I)
_BONE_SET = re.compile(r"\borif\b|\b(?:reduc\w*|fix(?:ed|ation)|plat(?:e|ed|ing)|screws?)\b", re.I)
_BOTH_MALLEOLI = r"\b(?:bi|tri)malleolar\b|\btrimal\b"
_ANKLE = re.compile(r"\bankle\b", re.I)
_SET_BEFORE = re.compile(r"\b(?:after|following|since|s/p|status post)\b[^.;]{0,40}?\b(?:orif|open reduction|"
                         r"fixation)\b|\b(?:orif|open reduction|fixation)\b[^.;]{0,120}?\b(?:ago|last (?:week|month|"
                         r"year))\b", re.I)


def malleolar_bones(text: str) -> str:
    if not (_MALLEOLAR.search(text) and _BONE_SET.search(text)):
        return text
    bones = [bone for bone, pattern in (("fibula", rf"{_BOTH_MALLEOLI}|\blateral malleol"),
                                        ("tibia", rf"{_BOTH_MALLEOLI}|\b(?:medial|posterior) malleol"))
             if re.search(pattern, text, re.I)]
    return f"{_ANKLE.sub(' ', text)} {' '.join(bones)}".strip() if bones else text


# "What's the CM for the fracture?", "CM for the indication?": the code set's short name, in capitals (lower
# case "cm" is a centimetre).
_CM_SHORT = re.compile(r"(?:\b(?:the|which|what|whats|what's)\s+)CM\b|\bCM\b(?=\s*(?:for|code|goes|on the|please|"
                       r"pls|\?))"
                       # "Need the J96 code", "which O24 code?": a diagnosis category named as the code asked for
                       r"|\b(?i:the|which|what|whats|what's|an?)\s+[A-Z]\d{2}(?:\.[0-9A-Z]{0,4})?-?\s+(?i:codes?)\b")


def explicit_system(text: str) -> str | None:
    """The code set the question names in so many words: a filter, where what it asks to code is a hint."""
    cm, pcs = bool(_NAMES_CM.search(text) or _CM_SHORT.search(text)), bool(_NAMES_PCS.search(text))
    return None if cm == pcs else ("ICD-10-CM" if cm else "ICD-10-PCS")


_DURATION = re.compile(r"(?:(>|more than|over|greater than|longer than|<|less than|under)\s*)?"
                       r"(\d+(?:\.\d+)?)\s*(?:consecutive\s+)?(hours?|hrs?|h|days?|d)\b")


_UNCONSCIOUS = re.compile(r"\b(?:lost|loss of|losing|loses) consciousness|\bloc\b|\bknocked out\b|\bunconscious\b",
                          re.I)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                 "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "a few": 3, "several": 5}
_SPELLED = re.compile(rf"\b({'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})(?=\s+(?:consecutive\s+)?"
                      r"(?:minutes?|mins?|hours?|hrs?|days?)\b)", re.I)


_HALF = re.compile(r"\b(\d+)\s+(?:1/2|and a half)\b", re.I)


def numerals(text: str) -> str:
    """"two minutes" as "2 minutes", "5 1/2 days" as "5.5 days", so a told duration reads the same spelled out."""
    return _HALF.sub(lambda m: f"{m.group(1)}.5", _SPELLED.sub(lambda m: str(_NUMBER_WORDS[m.group(1).lower()]), text))


_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|to)?\s*(?:\d+\s*)?(minutes?|mins?|hours?|hrs?)\b", re.I)


def consciousness_band(text: str) -> str:
    """The loss-of-consciousness band of intracranial injury codes (S06 6th character), from a told duration:
    "out for about 15 minutes" is "loss of consciousness of 30 minutes or less"."""
    if not _UNCONSCIOUS.search(text) or re.search(r"\b(?:no|without|denies|w/o|did not lose)\b[^.;]{0,20}"
                                                   r"(?:consciousness|loc)\b", text, re.I):
        return ""
    match = _MINUTES.search(numerals(text))
    if not match:
        return "loss of consciousness of unspecified duration"
    minutes = float(match.group(1)) * (60 if match.group(2).lower().startswith("h") else 1)
    if minutes <= 30:
        return "loss of consciousness of 30 minutes or less"
    if minutes < 60:
        return "loss of consciousness of 31 minutes to 59 minutes"
    if minutes < 360:
        return "loss of consciousness of 1 hour to 5 hours 59 minutes"
    return "loss of consciousness of 6 hours to 24 hours" if minutes <= 1440 else ""


# Handedness names no affected side: "pt R-hand dominant", "right-handed", "left hand dominant".
_HANDED = re.compile(r"\b(right|left|r|l)[- ]?(?:handed(?:ness)?|hand[- ]dominant|dominant|dom)\b|\b(lefty|righty)\b",
                     re.I)
_PARALYSIS = re.compile(r"\b(?:hemipleg\w*|hemipar\w*|monopleg\w*|monopar\w*|hemi-?paresis|paralysis|palsy|weakness)\b",
                        re.I)


# Spine levels as the code sets name them: "L1" is the first lumbar vertebra, "L4-L5" a lumbar vertebral joint,
# "L5-S1" the lumbosacral joint, "C5-C7" two cervical joints. A lone level counts in capitals next to a spine
# word ("T2" is also an MRI sequence and a tumour stage); a range always does.
_SPINE_LEVEL = re.compile(r"(?<![\w/])([ctls])(\d{1,2})(?:\s*(?:-|–|to|through|on)\s*([ctls])?(\d{1,2}))?(?![\w/])",
                         re.I)
_SPINE_WORDS = re.compile(r"\b(?:vertebr\w*|spin\w*|disc|disk|fusion|lamin\w*|kyphoplasty|vertebroplasty|"
                          r"fracture|fx|burst|compression|level|hnp|radic\w*|\w*listhesis|spondyl\w*|facet\w*|"
                          r"foramin\w*|myelopath\w*|pars|(?:medial|lateral) branch\w*|nerve roots?|epidural|tfesi|esi|"
                          r"sacroiliac)\b", re.I)
_DISC_DISORDER = re.compile(r"\b(?:hnp|herniat\w*|extrusion|protrusion|bulg\w*|ddd|degenerative dis[ck]|"
                            r"dis[ck] (?:disease|disorder|displacement|degeneration))\b", re.I)
_DISC_WORK = re.compile(r"\b(?:disc\w*|disk\w*|hnp|herniat\w*|extrusion|protrusion|fusion|arthrodesis)\b", re.I)
# The nerves at a level, not its joint: a facet's medial branch, a root freed or blocked, a sacral lateral branch.
_SPINE_NERVE = re.compile(r"\b(?:medial|lateral) branch\w*|\bnerve roots?\b|\broots?\b|\bneurotomy\b|\brhizotomy\b|"
                          r"\bforaminotomy\b|\bmbb\b|\bmbnb\b|\bnerve blocks?\b|\bdorsal root ganglion\b", re.I)
_REGION = {"c": ("cervical", 7), "t": ("thoracic", 12), "l": ("lumbar", 5), "s": ("sacral", 5)}
_JUNCTION = {("c", "t"): "cervicothoracic vertebral joint cervicothoracic region",
             ("t", "l"): "thoracolumbar vertebral joint thoracolumbar region",
             ("l", "s"): "lumbosacral joint lumbosacral region"}


def _joints(region: str, count: int) -> str:
    if count == 1:
        return f"{region} vertebral joint {region} region"
    if region == "thoracic":
        return f"thoracic vertebral joints {'2 to 7' if count <= 7 else '8 or more'} thoracic region"
    return f"{region} vertebral joints 2 or more {region} region"


def spine_levels(text: str) -> str:
    """The code sets' words for the spine levels a question names ("" when it names none)."""
    words: list[str] = []
    joints: dict[str, int] = {}
    spine = bool(_SPINE_WORDS.search(text))
    nerves = spine and _SPINE_NERVE.search(text) is not None
    disc = _DISC_WORK.search(text) is not None
    seen: set[tuple[str, ...]] = set()
    for m in _SPINE_LEVEL.finditer(text):
        first, low = m.group(1).lower(), int(m.group(2))
        told = (first, m.group(2), (m.group(3) or first).lower(), m.group(4) or "")
        if told in seen:  # "C5-C6 ... at C5-C6": one joint told twice
            continue
        seen.add(told)
        if first not in _REGION or not 1 <= low <= _REGION[first][1]:
            continue
        region = _REGION[first][0]
        if nerves:  # "RFA medial branch L3-L5", "L5 nerve root": the region's spinal nerve
            for name in dict.fromkeys((region, _REGION.get((m.group(3) or first).lower(), (region,))[0])):
                if f"{name} nerve" not in words:
                    words.append(f"{name} nerve")
            if not disc:  # a disc taken out to free a root is still the disc's level
                continue
        if m.group(4) is None:  # one level: a vertebra
            if spine and m.group(1).isupper() and first != "s":
                words.append(f"{list(ORDINALS.values())[low - 1]} {region} vertebra {region} vertebra")
            continue
        last, high = (m.group(3) or first).lower(), int(m.group(4))
        if last == first and low < high <= _REGION[first][1]:
            joints[region] = joints.get(region, 0) + high - low
            # "C5-6 HNP": the disc titles name the level as C5-C6
            if first == "c" and high == low + 1 and _DISC_DISORDER.search(text) and not describes_act(text):
                words.append(f"c{low}-c{high} level")
        elif (first, last) in _JUNCTION:
            words.append(_JUNCTION[first, last])
            if first != "c" and low < _REGION[first][1]:  # "L4-S1": the lumbar joints above the junction too
                joints[region] = joints.get(region, 0) + _REGION[first][1] - low
    words += [_joints(region, count) for region, count in joints.items()]
    return " ".join(words)


# A deficit left by a stroke, told after the stroke's own stay (a rehabilitation stay, a later visit, "residual",
# "as a sequela"), is coded as the stroke's sequela (I69, guideline I.C.9.d); one told in the acute stay is not.
_STROKE = re.compile(r"\b(?:cva|stroke|infarct\w*|ich|sah|intracerebral (?:hemorrhage|bleed)|(?:nontraumatic|"
                     r"spontaneous) (?:sdh|subdural\w*))\b", re.I)
_AFTER_STROKE = re.compile(
    r"\b(?:sequela\w*|residual\w*|late effects?|s/p|status post|hx|history of|old|prior|previous|remote|"
    r"(?:\d+|a few|several) (?:months?|years?|yrs?|mos?) ago|irf|ipr|rehab\w*|post-?stroke|"
    r"(?:since|after|following) (?:(?:a|an|his|her|the|their) )?(?:(?:ischemic|hemorrhagic|embolic|thrombotic|"
    r"lacunar|prior|old) )?(?:cva|stroke|infarct)|home health|hh|start of care|in the home)\b", re.I)
_STROKE_DEFICIT = re.compile(r"\b(?:hemipleg\w*|hemipar\w*|monopleg\w*|monopar\w*|aphasi\w*|dysphasi\w*|dysphagi\w*|"
                      r"neglect|ataxi\w*|apraxi\w*|dysarthri\w*|cognitive|memory|facial (?:droop|weakness)|"
                      r"spasticity|foot drop|hemianop\w*)\b", re.I)
_NO_DEFICIT = re.compile(r"\b(?:no|without|w/o|denies) (?:residual|deficits?|sequela\w*)", re.I)


_SIDED_DEFICIT = re.compile(r"\b(?:(r|rt|right)|(l|lt|left))[\s-]+(?:sided[\s-]+)?(?:hemipleg\w*|hemipar\w*|"
                            r"monopleg\w*|monopar\w*|hp|weakness)\b", re.I)


_ACUTE_STROKE = re.compile(r"\bacute\b[^.;]{0,30}\b(?:stroke|cva|infarct\w*|ich|sah)\b", re.I)
_REHAB_STAY = re.compile(r"\b(?:irf|ipr|rehab\w*|snf|skilled nursing|home health|hh)\b", re.I)


def stroke_sequela(text: str) -> str:
    """(An acute stroke's own stay, its deficits "residual" at discharge, is not yet a sequela.)"""
    if _ACUTE_STROKE.search(text) and not _REHAB_STAY.search(text):
        return ""
    if _STROKE.search(text) and _AFTER_STROKE.search(text) and _STROKE_DEFICIT.search(text) \
            and not _NO_DEFICIT.search(text):
        return "sequelae following"
    return ""


def dominance(text: str, side: str | None) -> str:
    """Dominant or non-dominant side of a paralysis (guideline I.C.6.a): from the stated handedness, else
    the default: the right side is dominant, the left non-dominant."""
    if side not in ("Left", "Right") or not _PARALYSIS.search(text):
        return ""
    hand = _HANDED.search(text)
    handed = (hand.group(1) or hand.group(2)).lower()[0] if hand else "r"  # none documented: right-handed
    dominant = (handed == "r") == (side == "Right")
    return f"{side.lower()} dominant side" if dominant else f"{side.lower()} nondominant non-dominant side"


# "intubated 11/30 at 20:10 ... extubated 12/1 at 19:55": the hours are counted between the stamps, from
# intubation (or from arrival, for a patient who came already on the ventilator) to extubation.
_STAMP = re.compile(r"\b(1[0-2]|0?[1-9])/([12]\d|3[01]|0?[1-9])(?:/\d{2,4})?,?\s*(?:at\s+|@\s*)?"
                    r"([01]?\d|2[0-3]):?([0-5]\d)\b")
_CAME_VENTILATED = re.compile(r"\b(?:outside|osh|another|other|referring|transferr?\w*|transfer)\b", re.I)
_ARRIVAL = re.compile(r"\b(?:arriv\w*|admitted|came to|transferred to|to our)\b", re.I)


def stamped_hours(text: str) -> float | None:
    stamps = list(_STAMP.finditer(text))
    if len(stamps) < 2:
        return None
    start = stamps[0]
    if _CAME_VENTILATED.search(text):
        start = next((m for m in stamps if _ARRIVAL.search(text[max(0, m.start() - 60):m.start()])), start)
    end = stamps[-1]
    if end is start:
        return None

    def when(m: re.Match) -> datetime:
        return datetime(2000, int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)))

    try:
        hours = (when(end) - when(start)).total_seconds() / 3600
    except ValueError:  # a date no calendar holds ("2/30"): no count
        return None
    return hours + 365 * 24 if hours < 0 else hours  # over new year


# A ventilation course told by its ends or named as such: "intubated ... extubated", "vent hrs", "code the vent".
_VENT_COURSE = re.compile(r"\bintubat\w*\b.*\bextubat\w*|\bvent(?:ilator|ilation)?\s+(?:hrs|hours|days|course|time)\b|"
                          r"\bcode (?:the )?vent\b|\bmech(?:anical)?\.? vent(?:ilat\w*)?\b|"
                          # "on mechanical ventilation 52 consecutive hrs", "vented x 3 days"
                          r"\bvent\w*\b[^.;]{0,30}?\b\d+\s*(?:consecutive\s+)?(?:hrs?|hours|days)\b", re.I | re.S)
_ASKS_TUBE = re.compile(r"\b(?:codes?|assign|pcs)\b[^.]*\b(?:airway|intubation|endotracheal tube|ett)\b", re.I)
_DAY = re.compile(r"\b(?:hd|hospital day|day)\s*#?(\d{1,2})\b", re.I)
_CLOCK = re.compile(r"(?<![\d/.:])([01]\d|2[0-3]):?([0-5]\d)(?!\d|[.:]\d|\s*(?:ml|cc|mg|kg|g)\b)", re.I)
_NEXT_DAY = re.compile(r"\b(?:next|following)\s+(?:day|morning|am|evening|night)\b", re.I)


_MONTH_DAY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _day_clock(text: str) -> tuple[int | None, float | None]:
    """The day (a hospital day, or a date's day of the year) and the clock time told in a stretch of text."""
    day, clock, date = _DAY.search(text), _CLOCK.search(text), _MONTH_DAY.search(text)
    number = int(day.group(1)) if day else None
    if number is None and date:
        try:
            number = datetime(2000, _MONTHS.index(date.group(1).lower()) + 1, int(date.group(2))).timetuple().tm_yday
        except ValueError:
            number = None
    return number, int(clock.group(1)) + int(clock.group(2)) / 60 if clock else None


def course_hours(text: str) -> float | None:
    """Hours on the ventilator told by the course's ends without dates: "intubated 2200 ..., extubated next day
    1600" (18), "intubated HD1 @2300 ... still on the vent at d/c HD14" (the hospital days between)."""
    start = re.search(r"\bintubat\w*|\bmechanical ventilation\b", text, re.I)
    if not start:
        return None
    rest = text[start.end():]
    start_day, start_clock = _day_clock(rest[:60])
    end = re.search(r"\bextubat\w*", rest, re.I)
    if end:
        end_day, end_clock = _day_clock(rest[end.end():end.end() + 40])
        between = rest[:end.end() + 40]
    else:
        days = [m for m in _DAY.finditer(rest)][1:] if start_day is not None else []
        if not days:
            return None
        end_day, end_clock = _day_clock(rest[days[-1].start():days[-1].end() + 20])
        between = rest[:days[-1].start()]
    if start_day is not None and end_day is not None:
        days_between = end_day - start_day
    else:
        days_between = 1 if _NEXT_DAY.search(between) else 0
    if start_clock is None or end_clock is None:
        return days_between * 24.0 if days_between else None
    hours = days_between * 24 + end_clock - start_clock
    return hours + 24 if hours < 0 else hours


def ventilation_hours(text: str) -> str:
    """The PCS duration band for ventilation ("vent 5 days" is Greater than 96 Consecutive Hours)."""
    stamped = stamped_hours(text)
    match = _DURATION.search(numerals(text).lower())
    if stamped is None and not match:  # a course's ends tell the hours only when no duration is written
        stamped = course_hours(text)
    if stamped is None and not match:
        return ""
    hours = stamped if stamped is not None else float(match.group(2)) * (24 if match.group(3).startswith("d") else 1)
    more = stamped is None and match.group(1) in (">", "more than", "over", "greater than", "longer than")
    if hours > 96 or (hours == 96 and more):
        return "greater than 96 consecutive hours"
    if hours >= 24:
        return "24-96 consecutive hours"
    return "less than 24 consecutive hours"


_GESTATION = re.compile(r"\b(\d{2})(?:\s*(?:\+|and)\s*\d/7|\s+\d/7)?\s*(?:completed\s+)?(?:weeks?|wks?)\b"
                        r"(?:\s*(?:of\s+)?(?:gestation|pregnant|ga))?", re.I)
# "No other complications" says the ones told are all there are, not that there are none.
_UNCOMPLICATED = re.compile(r"\b(?:without|no|w/o|denies)\s+(?:any\s+)?complications?\b", re.I)


_PLAIN_WITHDRAWAL = re.compile(r"\bwithdrawal\b.*\b(?:no|without|w/o|denies)\s+(?:any\s+)?(?:delirium|perceptual|"
                               r"hallucinations?|seizures?|dts)\b", re.I | re.S)


_PAST_42 = re.compile(r"\b(4[2-4])\s*(?:\+\s*([0-6])|w\s*([0-6])\s*d?|"
                      r"(?:\s*|-)(?:weeks?|wks?)(?:\s*(?:and\s*)?([0-6])\s*d(?:ays?)?)?)(?=\W|$)"
                      r"(?!\s*(?:ago|after|post|since|old))", re.I)


def prolonged_told(text: str) -> str:
    """A gestational age past 42 completed weeks ("42w2d", "43 wks") told as the prolonged pregnancy it is."""
    m = _PAST_42.search(text)
    if not m or not (int(m.group(1)) > 42 or any(d and int(d) > 0 for d in m.groups()[1:])):
        return text
    return f"{text[:m.end()]} (prolonged pregnancy){text[m.end():]}"


def gestation_words(text: str) -> str:
    """What a told gestational age is called in the titles: 37 to 41 completed weeks is full term ("Encounter
    for full-term uncomplicated delivery"), from 42 post-term, under 37 preterm (only for a pregnancy told)."""
    # (a pregnancy's weeks at a visit name no term: "preterm" is a delivery's or a labor's, or a baby's; past 42
    # completed weeks the pregnancy itself is prolonged)
    if _PAST_42.search(text):
        return "" if prolonged_told(text) != text else "post-term"
    if not re.search(r"\b(?:deliver\w*|labou?r|born|birth|svd|nsvd|c-section|cesarean|ltcs|newborn|infant|baby|"
                     r"neonat\w*|preemie)\b", text, re.I):
        return ""
    weeks = [int(m.group(1)) for m in _GESTATION.finditer(text)] + \
        [int(next(g for g in m.groups() if g)) for m in _WEEKS.finditer(text)]  # ("39w3d", "@ 35+1")
    weeks = [w for w in weeks if 20 <= w <= 45]
    if not weeks:
        return ""
    week = weeks[0]
    return "full-term term" if 37 <= week <= 41 else ("post-term" if week >= 42 else "preterm")


# A beam's energy is named in the Radiation Therapy titles by its band ("Photons 1 - 10 MeV", "Photons >10 MeV",
# "Photons <1 MeV"); electrons are one value whatever their energy. "6 MV", "18X", "100 kV" read as their band.
_RADIATION = re.compile(r"\b(?:\d+(?:\.\d+)?\s*c?gy|radiation|radiotherapy|rt|imrt|sbrt|srs|vmat|beam|photons?|"
                        r"electrons?|x-?ray therapy)\b", re.I)
_ENERGY = re.compile(r"\b(\d+(?:\.\d+)?)\s*-?\s*(mv|mev|kv|kev|x)\b(?!-?ray)", re.I)
_ELECTRONS = re.compile(r"\belectrons?\b|\b\d+\s*mev\s*e-|\be-\s*beam\b", re.I)


def beam_energy_words(text: str) -> str:
    if not _RADIATION.search(text) or not (energy := _ENERGY.search(text)):
        return ""
    if _ELECTRONS.search(text):
        return "electrons"
    mev = float(energy.group(1)) / (1000 if energy.group(2).lower().startswith("k") else 1)
    if re.search(r"(?:over|above|greater than|more than|>)\s*$", text[:energy.start()], re.I):
        mev += 0.5  # "over 10 MeV"
    return "photons <1 mev" if mev < 1 else "photons 1 - 10 mev" if mev <= 10 else "photons >10 mev"


# A newborn's birth weight and gestational age are named in the titles by their bands ("Other low birth weight
# newborn, 1750-1999 grams", "Preterm newborn, gestational age 33 completed weeks"): a weight or an age told in
# grams or weeks reads as its band.
_NEWBORN_CUE = re.compile(r"\b(?:newborn|neonat\w*|infant|baby|preemie|micro-?preemie|nicu|dol ?#?\d+|bw|"
                          r"birth ?weight|lbw|vlbw|elbw|sga|lga|lfd|light for dates|twin [ab]|"
                          r"ex-?\d{2} ?(?:wk|week)\w*|\d{2} ?(?:wkr|weeker)s?|"
                          r"(?:early|late)[- ]onset (?:[\w-]+ ){0,2}?sepsis|"
                          r"[1-9]\d? ?(?:d|day|days)[- ]old|[1-4] ?(?:wk|week)s?[- ]old)\b", re.I)
_GRAMS = re.compile(r"\b(\d{3,4}|\d\.\d{1,3})\s*(?:g|gm|gms|grams?|kg)\b", re.I)
_WEIGHT_BANDS = ((500, "less than 500 grams"), (750, "500-749 grams"), (1000, "750-999 grams"),
                 (1250, "1000-1249 grams"), (1500, "1250-1499 grams"), (1750, "1500-1749 grams"),
                 (2000, "1750-1999 grams"), (2500, "2000-2499 grams"), (4000, "2500 grams and over"),
                 (4500, "2500 grams and over heavy for gestational age"),
                 (10**6, "exceptionally large newborn baby"))


def newborn_band_words(text: str) -> str:
    words = []
    if grams := _GRAMS.search(text):
        value = float(grams.group(1)) * (1000 if "kg" in grams.group(0).lower() else 1)
        if 200 <= value <= 6500:
            words.append(next(band for limit, band in _WEIGHT_BANDS if value < limit))
    weeks = [int(next(g for g in m.groups() if g)) for m in _WEEKS.finditer(text)]
    if weeks and 20 <= weeks[0] <= 36 and not re.search(r"\b(?:pma|corrected|now)\b", text, re.I):
        week = weeks[0]
        words.append("extreme immaturity gestational age less than 23 completed weeks" if week < 23 else
                     f"{'extreme immaturity' if week < 28 else 'preterm newborn'} gestational age {week} "
                     "completed weeks")
    return " ".join(words)


# A fracture put down to osteoporosis or fragile bone is a pathological fracture (M80, M84.4-), whatever the fall
# (guideline I.C.13.d: a minor fall that would not break healthy bone).
_FRAGILE_BONE = re.compile(r"\b(?:osteoporo\w*|fragility|insufficiency)\b", re.I)
_FRACTURE = re.compile(r"\b(?:fractures?|fractured|fx)\b", re.I)


# Diabetes told "poorly controlled" or "out of control" is indexed to diabetes with hyperglycemia (guideline
# I.C.4.a); "uncontrolled" alone may be either way, so it is left to the words beside it.
_DIABETES = re.compile(r"\b(?:diabet\w*|t[12]dm|dm[12]?|iddm|niddm)\b", re.I)
_POOR_CONTROL = re.compile(r"\b(?:poorly|inadequately|sub-?optimally) controlled\b|\bout of control\b", re.I)


# A pregnant patient's age at delivery of 35 or more makes her an elderly, under 16 a young, primigravida or
# multigravida (O09.5-, O09.6-: supervision of a high-risk pregnancy). Ages are filler elsewhere, so this reads them.
_AGE_TOLD = re.compile(r"\b(\d{2})[- ](?:year|yr)s?[- ]old\b|\b(\d{2})\s?(?:y/?o|yo)\b|\baged? (\d{2})\b|"
                       r"\b(\d{2})\s?(?-i:F)\b|,\s*(\d{2}),", re.I)
_FIRST_PREGNANCY = re.compile(r"\bg1\b|\bg1p0\b|\bprimigravida\b|\bprimip\w*|\bfirst pregnancy\b|"
                              r"\bpregnant for the first time\b|\bfirst-time mother\b", re.I)
_LATER_PREGNANCY = re.compile(r"\bg[2-9]\b|\bg[2-9]p\d|\bmultigravida\b|\bmultip\w*|\b(?:second|third|fourth) "
                              r"pregnancy\b", re.I)


def maternal_age_words(text: str) -> str:
    """"elderly primigravida" for a pregnant 37-year-old in her first pregnancy; nothing at a delivery."""
    match = _AGE_TOLD.search(text)
    if not match or re.search(r"\bdeliver\w*|\blabou?r\b|\bcesarean\b|\bc-section\b", text, re.I):
        return ""
    age = int(next(g for g in match.groups() if g))
    if 16 <= age < 35:
        return ""
    kind = "primigravida" if _FIRST_PREGNANCY.search(text) else (
        "multigravida" if _LATER_PREGNANCY.search(text) else "")
    return f"{'elderly' if age >= 35 else 'young'} {kind}".strip()


# A told blood glucose under 70 mg/dL is a hypoglycemia ("fingerstick glucose 48"): the value names the finding.
_GLUCOSE = re.compile(r"\b(?:glucose|blood sugar|sugar|bg|fsbg|cbg|fingerstick|accu-?che?c?k)\b[^.;\d]{0,25}?"
                      r"(\d{2,3})\b(?!\s*(?:%|years?|yo|weeks?))", re.I)


def glucose_words(text: str) -> str:
    """"hypoglycemia" for a blood glucose told under 70."""
    return "hypoglycemia" if any(int(m.group(1)) < 70 for m in _GLUCOSE.finditer(text)) else ""


# A routine examination is coded with or without abnormal findings (Z00.0-, Z00.12-): a finding told ("except",
# "the only finding", "elevated") is one, otherwise the examination was normal.
_EXAM_VISIT = re.compile(r"\b(?:annual (?:physical|exam\w*|wellness)|physical exam\w*|routine (?:physical|exam\w*|"
                         r"check-?up)|well[- ](?:child|baby|visit|woman|adult)|check-?up|wellness (?:visit|exam)|"
                         r"health maintenance|preventive (?:visit|exam))\b", re.I)
_FINDING = re.compile(r"\b(?:except|only (?:abnormal )?finding|elevated|abnormal|found to have|noted to have|"
                      r"incidental\w*|newly (?:found|noted|diagnosed)|detected|discovered)\b", re.I)
_NO_FINDING = re.compile(r"\b(?:no|nothing|not|without|negative for)\b[^.;,]*", re.I)  # "Nothing abnormal found"
_BLOOD_PRESSURE = re.compile(r"\b(?:bp|blood pressure)\D{0,20}(\d{2,3})\s*/\s*(\d{2,3})\b", re.I)
_HYPERTENSION = re.compile(r"\b(?:hypertension|htn)\b(?![^.;]{0,25}\b(?:dx|diagnos\w*)\b)", re.I)


def exam_words(text: str) -> str:
    """"with abnormal findings" for a routine examination that found something; "elevated blood pressure
    reading" for a high reading with no hypertension told."""
    out = []
    if _EXAM_VISIT.search(text) and _FINDING.search(_NO_FINDING.sub(" ", text)):
        out.append("with abnormal findings")  # with none told, the title's "without abnormal findings" denies
    high = any(int(m.group(1)) >= 140 or int(m.group(2)) >= 90 for m in _BLOOD_PRESSURE.finditer(text))
    if high and not _HYPERTENSION.search(_NOT_HTN.sub(" ", text)):
        out.append("elevated blood pressure reading without diagnosis of hypertension")
    return " ".join(out)


_NOT_HTN = re.compile(r"\b(?:no|without|not|denies)\b[^.;]{0,30}\b(?:hypertension|htn)\b", re.I)


# ICD-10-PCS counts the coronary arteries a bypass or a dilation treats (character 4 of 021 and 027: one, two,
# three, four or more), not stents or grafts by name: "LAD and RCA stented" is two arteries, "CABG x3" three.
_CORONARY_ACT = re.compile(r"\b(?:cabg|bypass\w*|pci|ptca|angioplast\w*|stent\w*|atherectom\w*|dilat\w*|"
                           r"balloon\w*|revasculari[sz]\w*|grafts?|des|bms|drug[- ]eluting|bare[- ]metal)\b", re.I)
_CORONARY_NAMES = (
    # an interventionalist's segment letter goes before the artery: "pLAD", "mRCA", "dLCx"
    ("lad", r"\b[pmd]?lad\b|\bleft anterior descending\b"), ("diagonal", r"\bdiagonal\b|\bd[1-3]\b"),
    ("circumflex", r"\b[pmd]?(?:l?cx|lcfx)\b|\bcircumflex\b"), ("marginal", r"\bobtuse marginal\b|\bom[1-3]?\b"),
    ("rca", r"\b[pmd]?rca\b|\bright coronary\b"), ("pda", r"\bpda\b|\bposterior descending\b"),
    ("ramus", r"\bramus\b"), ("left main", r"\bleft main\b|\blm\b"))
_COUNTED = re.compile(r"\b(?:cabg|bypass\w*|grafts?|pci|stent\w*)\s*(?:x|×|times)\s*(\d|one|two|three|four|five|six)\b"
                      r"|\b(double|triple|quadruple|quintuple|single|one|two|three|four|five|[1-6])[- ]?(?:vessels?|"
                      r"arter(?:y|ies)|grafts?)?[- ](?:cabg|bypass|coronary bypass|pci)\b"
                      r"|\b(one|two|three|four|five|[1-6])[- ](?:vessel|arter(?:y|ies))\s+(?:cabg|bypass|pci|"
                      r"angioplasty|stent\w*)\b", re.I)
_GRAFTED = re.compile(r"\b(?:cabg|bypass\w*|grafts?|lima|rima|svg|conduits?)\b", re.I)
_HOW_MANY = {"single": 1, "one": 1, "double": 2, "two": 2, "triple": 3, "three": 3, "quadruple": 4, "four": 4,
             "quintuple": 5, "five": 5, "six": 6}
_ONE_ARTERY = re.compile(r"\bone artery\b", re.I)
_ONE_ARTERY_TABLE = re.compile(r"\b02[17]0\b")  # a glossary row's table for one artery
_ARTERY_COUNT = {1: "one artery", 2: "two arteries", 3: "three arteries"}


def coronary_count(text: str) -> int:
    """How many coronary arteries the procedure treats, 0 when the question is not about one."""
    if not _CORONARY_ACT.search(text):
        return 0
    told = _COUNTED.search(text)
    if told:
        word = next(g for g in told.groups() if g).lower()
        return int(word) if word.isdigit() else _HOW_MANY[word]
    named = [name for name, pattern in _CORONARY_NAMES if re.search(pattern, text, re.I)]
    if len(named) > 1 and not _GRAFTED.search(text):
        # a cath report names every artery it looked at ("RCA with mild disease"): a dilation counts only those
        # named in a sentence or line that tells the act
        acts = [part for part in re.split(r"(?<=[.;:])\s+|\n", text) if _CORONARY_ACT.search(part)]
        treated = [name for name, pattern in _CORONARY_NAMES if any(re.search(pattern, a, re.I) for a in acts)]
        return len(treated) or len(named)
    return len(named)


def counted_table(stem: str, count: int) -> str:
    """A coronary bypass or dilation table for one artery ("0270") read for the arteries counted."""
    if count >= 2 and stem.upper() in ("0210", "0270"):
        return f"{stem[:3]}{min(count, 4) - 1}"
    return stem


def coronary_words(expanded: str, count: int) -> str:
    if count == 1:  # one artery named: "two stents in the mid and distal RCA" is still One Artery
        return f"{expanded} one artery"
    if count < 2:
        return expanded
    expanded = _ONE_ARTERY_TABLE.sub(lambda m: counted_table(m.group(0), count), _ONE_ARTERY.sub(" ", expanded))
    return f"{expanded} {_ARTERY_COUNT.get(count, 'four or more arteries')}"


# The stents a PCI left, counted over every artery treated ("RCA: 2 overlapping DES", "LAD DES x1, LCx DES x1"):
# the device value counts them (Two, Three, Four or More Drug-eluting Intraluminal Devices).
_STENTS_COUNTED = re.compile(r"\b(\d|one|two|three|four|five)\s+(?:overlapping\s+|more\s+|additional\s+|"
                             r"drug[- ]eluting\s+|bare[- ]metal\s+)*"
                             # a brand between the count and the stent: "3 Onyx DES", "2 Xience stents"
                             r"(?:(?!x\b)[a-z][\w-]*\s+)?(?:stents?|des|bms)\b"
                             r"|\b(?:stents?|des|bms)\s*(?:x|×)\s*(\d)\b", re.I)
_DRUG_ELUTING = re.compile(r"\bdes\b|\bdrug[- ]eluting\b|\b\w+limus\b", re.I)
_DEVICE_COUNT = {2: "two", 3: "three"}
# "no DES available", "not drug eluting": bare-metal stents, whatever else the note says of drug-eluting ones
_NOT_DRUG_ELUTING = re.compile(r"\b(?:no|not|non|without)[- ](?:\w+\s+)?(?:des|drug[- ]eluting)\b", re.I)


# "2 vessels, 3 stents total", "a total of four DES": the note's own sum of the stents it listed
_STENTS_TOTAL = re.compile(r"\b(\d|one|two|three|four|five)\s+(?:stents?|des|bms)\s+(?:in\s+)?total\b|"
                           r"\btotal of\s+(\d|one|two|three|four|five)\s+(?:stents?|des|bms)\b", re.I)


def stent_count_words(text: str) -> str:
    counts = [next(g for g in m.groups() if g).lower() for m in _STENTS_COUNTED.finditer(text)]
    if said := _STENTS_TOTAL.search(text):
        counts = [next(g for g in said.groups() if g).lower()]
    total = sum(int(c) if c.isdigit() else _HOW_MANY.get(c, 1) for c in counts)
    if total < 2:
        return ""
    drug = _DRUG_ELUTING.search(_NOT_DRUG_ELUTING.sub(" ", text))
    kind = "drug-eluting intraluminal devices" if drug else "intraluminal devices"
    return f"{_DEVICE_COUNT.get(total, 'four or more')} {kind}"


# A stent or balloon in a coronary artery with no open chest is a PCI: Percutaneous, in the Dilation table for
# the arteries counted (the table names the count, where the words "two" or "four or more" would read the stents').
_PCI = re.compile(r"\b(?:pci|ptca|des|bms|stents?|stented|angioplast\w*|balloon\w*|post-?dil\w*|pre-?dil\w*)\b",
                  re.I)
_OPEN_CHEST = re.compile(r"\b(?:sternotomy|thoracotomy|open|cabg|bypass|cpb|on pump|off pump)\b", re.I)


def coronary_dilation_words(text: str, count: int) -> str:
    if not _PCI.search(text) or _OPEN_CHEST.search(text) or _GRAFTED.search(text):
        return ""
    return f"percutaneous {counted_table('0270', count)}"


# An amputation's level is the Detachment qualifier, in words the titles use: a digit taken off through the
# knuckle joint (MCP, MTP) is Complete, through its proximal phalanx High, through the PIP joint or the middle
# phalanx Mid, through the DIP joint (the thumb's or great toe's IP joint) or the distal phalanx Low; a long bone
# cut in its proximal, middle or distal third is High, Mid or Low; a ray is Complete when its whole metacarpal or
# metatarsal goes (through the carpo- or tarsometatarsal joint), Partial otherwise.
_AMPUTATION = re.compile(r"\b(?:amput\w*|amp|amp'?d|disarticul\w*|detach\w*|[ab]ka|[ab]ea|ray resection|ray)\b",
                         re.I)
_AMPUTATION_LEVELS = (
    ("complete", r"\b(?:metatarsophalangeal|metacarpophalangeal|mtpj?|mcpj?|mpj)(?: joint)?\b"),
    ("high", r"\bproximal phalanx\b"),
    ("mid", r"\b(?:proximal interphalangeal|pipj?)(?: joint)?\b|\bmiddle phalanx\b"),
    ("low", r"\b(?:distal interphalangeal|dipj?|ipj?|interphalangeal)(?: joint)?\b|\bdistal phalanx\b|\btuft\b"),
    ("high", r"\b(?:proximal|upper) (?:third|portion|shaft|aspect|one-third)\b|\bin its proximal third\b"),
    ("mid", r"\b(?:mid-?shaft|mid-?thigh|mid-?calf|mid-?humer\w*|mid-?forearm|middle (?:third|portion|one-third)|"
            r"mid(?:dle)? (?:of the )?(?:thigh|calf|shaft|tibia|femur|humerus|forearm))\b"),
    ("low", r"\b(?:distal|lower) (?:third|portion|shaft|one-third)\b|\bsupracondylar\b"))
_WHOLE_RAY = re.compile(r"\b(?:complete|entire|whole|total)\b[^.;]{0,30}\b(?:ray|metatarsal|metacarpal)\b"
                        r"|\b(?:tarsometatarsal|carpometacarpal|tmt|cmc)(?: joint)?\b", re.I)
_RAY_NUMBER = re.compile(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|great toe|thumb)\b"
                         r"(?= (?:ray|toe|finger|metatarsal|metacarpal|digit))", re.I)
_RAY_ORDINAL = {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
                "great toe": "1st", "thumb": "1st"}


# A skin lesion's site is grouped by region in the diagnosis titles ("skin of trunk", "skin of lower limb,
# including hip"): the back, chest or belly is the trunk, the thigh or shin the lower limb, whatever the words.
_SKIN_LESION = re.compile(r"\bskin\b|\bmelanoma|\bcarcinoma\b|\bnev(?:us|i)\b|\bkeratos[ie]s\b|\blipoma|"
                          r"\bdermatofibroma|\bmerkel\b|\bspitz|\bbcc\b|\bscc\b", re.I)
_SKIN_REGIONS = (
    ("trunk", re.compile(r"\b(?:back|chest|abdomen|abdominal wall|flank|trunk|breast skin|buttocks?|torso|"
                         r"axilla|groin|perineum)\b", re.I)),
    ("lower limb including hip", re.compile(r"\b(?:thigh|leg|shin|calf|knee|ankle|foot|heel|hip)\b", re.I)),
    ("upper limb including shoulder", re.compile(r"\b(?:arm|forearm|elbow|wrist|hand|shoulder)\b", re.I)),
)


# A skin infection's titles name the limb ("Cellulitis of right lower limb", "Cutaneous abscess of left upper
# limb"), not the thigh or the forearm a note names.
_SKIN_INFECTION = re.compile(r"\b(?:cellulitis|abscess\w*|furuncles?|carbuncles?|boils?|lymphangitis)\b", re.I)
_LIMB_REGIONS = (
    ("lower limb", re.compile(r"\b(?:thigh|leg|shin|calf|knee|ankle|foot|heel|hip)\b", re.I)),
    ("upper limb", re.compile(r"\b(?:arm|forearm|elbow|wrist|hand|shoulder|antecubital)\b", re.I)),
)


# A chronic ulcer of the foot is coded by the titles' two parts of it: the heel and midfoot, or the "other part of
# foot" that holds the toes and the forefoot ("ulcer at the tip of the L 3rd toe", "ulcer sub 2nd met head").
_ULCER = re.compile(r"\bulcers?\b|\bulcerat\w*|\b(?:chronic|non-?healing|diabetic)\s+(?:\w+\s+)?wounds?\b", re.I)
_PRESSURE = re.compile(r"\bpressure\b|\bdecubit\w*|\bbed ?sores?\b|\bstage\s*(?:[1-4]|i{1,3}|iv)\b|\bunstageable\b|"
                       r"\bdti\b|\bdeep tissue\b", re.I)
_FOREFOOT = re.compile(r"\b(?:toes?|hallux|halluces|digits?|forefoot|metatarsal heads?|met heads?|"
                       r"ball of (?:the )?foot|(?:1st|2nd|3rd|4th|5th|first|second|third|fourth|fifth) met)\b", re.I)
_HINDFOOT = re.compile(r"\b(?:heels?|midfoot|arch|calcane\w*|plantar heel)\b", re.I)


def foot_ulcer_site(text: str) -> str:
    if not _ULCER.search(text) or _PRESSURE.search(text) or describes_act(text):
        return ""
    forefoot, hindfoot = _FOREFOOT.search(text), _HINDFOOT.search(text)
    if forefoot and not hindfoot:
        return "other part of foot foot ulcer"
    return "heel and midfoot foot ulcer" if hindfoot and not forefoot else ""


def skin_site_words(text: str) -> str:
    if not _SKIN_LESION.search(text) or (describes_act(text) and not report_conclusion(text)):
        return ""
    return " ".join(region for region, pattern in _SKIN_REGIONS if pattern.search(text))


# Tubes put through the eardrums ("bilat myringotomy w tubes", "PE tubes") drain the middle ears: the word is the
# drainage device, and beside "bilateral" it must not read as both fallopian tubes.
_EAR_TUBE_NOTE = re.compile(r"\b(?:myringotom\w*|tympanostom\w*|pe tubes?|ear tubes?|grommets?|bmt)\b", re.I)
_TUBES = re.compile(r"\b(?:tympanostomy |pe |ventilation |ear )?tubes?\b", re.I)


def ear_tubes(text: str) -> str:
    if not _EAR_TUBE_NOTE.search(text) or _ASKS_DIAGNOSIS.search(text) or _NAMES_CM.search(text):
        return text  # "PE tubes in place, Z code for tube status?": the tubes' presence keeps its words
    return _TUBES.sub("drainage device", text)


_LOWER_LIMB_ABOVE_FOOT = re.compile(r"\b(?:thigh|leg|shin|calf|knee|ankle|hip)\b", re.I)


def limb_named(text: str) -> str:
    """A skin infection told on a part of a limb, with the part written as its limb ("cellulitis L forearm":
    left upper limb); the part's own reading ("forearm": lower arm) would say "lower" of an upper limb. An
    incision and drainage keeps the part: its PCS body parts are the thigh's and the forearm's."""
    if not _SKIN_INFECTION.search(text):
        return text
    system = named_system(text)
    if system == "ICD-10-PCS" or (system != "ICD-10-CM" and (
            describes_act(text) or any(is_procedure_entry(e) for e in expand(text)[1]))):
        return text
    # an abscess, a boil or a carbuncle of the foot has titles of its own (L02.6-); a foot's cellulitis is the limb's
    pocket = not re.search(r"\b(?:cellulitis|lymphangitis)\b", text, re.I)
    for region, pattern in _LIMB_REGIONS:
        if pocket and region == "lower limb":
            pattern = _LOWER_LIMB_ABOVE_FOOT
        text = pattern.sub(region, text)
    return text


# A lymphoma's 5th character is where it lies, in nodal regions the titles name ("lymph nodes of head, face, and
# neck", "intrathoracic lymph nodes") or outside the nodes ("extranodal and solid organ sites"): a cervical,
# mediastinal or inguinal node, or an organ, read as the region.
_LYMPHOMA = re.compile(r"\b(?:lymphomas?|dlbcl|hodgkin\w*|nhl|maltoma)\b", re.I)
_NODE = re.compile(r"\b(?:lymph ?nodes?|nodes?|nodal|lymphadenopathy|adenopathy|ln)\b", re.I)
_LYMPH_REGIONS = (
    ("lymph nodes of multiple sites", r"\bmultiple (?:nodal )?(?:sites|regions|stations|chains)|\bgenerali[sz]ed "
                                      r"lymphadenopathy|\b(?:above and below|both sides of) the diaphragm"),
    ("lymph nodes of head face and neck", r"\b(?:cervical|neck|supraclavicular|submandibular|submental|"
                                          r"parotid|preauricular|postauricular|occipital|jugulodigastric)\b"),
    ("intrathoracic lymph nodes", r"\b(?:mediastin\w*|hilar|paratracheal|subcarinal|intrathoracic)\b"),
    ("intra-abdominal lymph nodes", r"\b(?:mesenter\w*|retroperiton\w*|para-?aortic|periaortic|celiac|"
                                    r"porta hepatis|peripancreatic|intra-?abdominal)\b"),
    ("lymph nodes of axilla and upper limb", r"\b(?:axilla\w*|epitrochlear)\b"),
    ("lymph nodes of inguinal region and lower limb", r"\b(?:inguinal|groin|femoral|popliteal)\b"),
    ("intrapelvic lymph nodes", r"\b(?:iliac(?! crest)|pelvic|obturator)\b"),
    ("spleen", r"\b(?:splen\w*|spleen)\b"),
)
_SOLID_ORGAN = re.compile(r"\b(?:stomach|gastric|skin|cutaneous|bone|osseous|brain|cns|orbit\w*|breast|testis|"
                          r"testicular|thyroid|lungs?|pulmonary|liver|hepatic|small bowel|intestin\w*|colon|ileum|"
                          r"duodenum|kidney|renal|soft tissue|nasal|sinus|salivary)\b", re.I)


def lymphoma_site_words(text: str) -> str:
    if not _LYMPHOMA.search(text):
        return ""
    if _NODE.search(text):
        regions = [words for words, pattern in _LYMPH_REGIONS if re.search(pattern, text, re.I)]
        # nodes in two regions or more ("cervical, axillary and inguinal") are the multiple sites' code
        return "lymph nodes of multiple sites" if len(set(regions) - {"spleen"}) >= 2 else next(iter(regions), "")
    if re.search(r"\b(?:splen\w*|spleen)\b", text, re.I):
        return "spleen"
    return "extranodal and solid organ sites" if _SOLID_ORGAN.search(text) else ""


def amputation_words(text: str) -> str:
    if not _AMPUTATION.search(text):
        return ""
    if re.search(r"\bray\b", text, re.I):
        number = _RAY_NUMBER.search(text)
        ordinal = _RAY_ORDINAL.get(number.group(1).lower(), number.group(1).lower()) if number else ""
        return f"{'complete' if _WHOLE_RAY.search(text) else 'partial'} {ordinal} ray".replace("  ", " ")
    for level, pattern in _AMPUTATION_LEVELS:
        if re.search(pattern, text, re.I):
            return level
    return ""


# A myocardial infarction told as past (a year, "ago", "last year", over four weeks) is an old MI (I25.2,
# guideline I.C.9.e.3): within four weeks it is still acute.
_PAST_MI = re.compile(r"\b(?:mi|myocardial infarction|heart attack|stemi|nstemi)\b[^.;]{0,25}?\b(?:in (?:19|20)\d\d|"
                      r"(?:\d+|a|one|two|three|several) (?:months?|years?) ago|last year|years ago|remote)\b"
                      r"|\b(?:remote|prior|previous|old|past|healed) (?:mi|myocardial infarction|heart attack)\b", re.I)


def old_mi_words(text: str) -> str:
    return "old myocardial infarction" if _PAST_MI.search(text) else ""


def control_words(text: str) -> str:
    """"with hyperglycemia" for a diabetes told poorly controlled."""
    return "with hyperglycemia" if _DIABETES.search(text) and _POOR_CONTROL.search(text) else ""


# "Metastatic adenocarcinoma to the liver", "metastatic disease in both lungs": the place a cancer spread to is
# a secondary neoplasm of that place ("metastatic breast cancer" alone names the primary).
_SPREAD_TO = re.compile(r"\bmetastatic\b(?:\s+[\w-]+){0,3}?\s+(?:to|in|into|involving)\s+"
                        r"(?:the\s+|both\s+|multiple\s+)?(?:(?:left|right)\s+)?([a-z]+)", re.I)


def spread_words(text: str) -> str:
    return " ".join(f"secondary malignant neoplasm of {m.group(1).lower()}" for m in _SPREAD_TO.finditer(text))


@lru_cache(maxsize=64)
def secondary_sites(text: str) -> frozenset[str]:
    """The stemmed places a cancer is told to have spread to: no primary there."""
    return frozenset(t for m in _SPREAD_TO.finditer(text) for t in tokenize(m.group(1)))


# Care after a joint replacement (home health, skilled therapy, rehabilitation) is aftercare of the replacement
# (Z47.1 with the joint's status), not the arthritis that led to it.
_REPLACED_JOINT = re.compile(r"\b(?:after|following|s/p|status post|since)\b[^.;]{0,60}?\b(?:total "
                             r"(?:knee|hip|shoulder|joint)|(?:knee|hip|shoulder|joint) (?:replacement|arthroplasty)|"
                             r"tka|tha|tkr|thr)\b", re.I)
_AFTERCARE_CARE = re.compile(r"\b(?:home health|start of care|skilled|rehab\w*|irf|ipr|snf|physical therapy|pt/ot|"
                             r"pt|ot|gait training|aftercare|post-?op(?:erative)? care)\b", re.I)
# A first prescription of contraception ("prescribes ... for the first time", "never used", "starting") is
# Z30.01-, not the surveillance of a method already used (Z30.4-).
_CONTRACEPTION = re.compile(r"\b(?:contracepti\w*|birth control|ocps?|the pill)\b", re.I)
_FIRST_TIME = re.compile(r"\b(?:for the first time|first[- ]time|never (?:used|taken|been on)|new start|initiat\w*|"
                         r"starts?|starting|begin\w*)\b", re.I)


# A cough's length names its code (R05.1 acute, R05.2 subacute, R05.3 chronic): under three weeks is acute, three
# to eight subacute, over eight chronic.
_COUGH_FOR = re.compile(r"\b(cough\w*)\b([^.;]{0,40}?)\s*(?:\b(?:x|for|over|of|since|past|last)\s*)?\b(\d{1,2})\+?\s*"
                        r"(days?|d|weeks?|wks?|w|months?|mos?)\b", re.I)


def told_cough(text: str) -> str:
    """"cough x 10 wks" as "chronic cough": the length read as the titles' word for it, the number gone."""
    if not (told := _COUGH_FOR.search(text)) or re.search(r"\b(?:acute|subacute|chronic)\b", told.group(0), re.I):
        return text
    number, unit = int(told.group(3)), told.group(4).lower()
    weeks = number / 7 if unit.startswith("d") else number * 4.3 if unit.startswith("m") else number
    word = "acute" if weeks < 3 else "subacute" if weeks <= 8 else "chronic"
    return f"{text[:told.start()]}{word} {told.group(1)}{told.group(2)}{text[told.end():]}"


# An adult's BMI is coded by its band (Z68.1-Z68.45): the titles name the band, the note the number.
_BMI = re.compile(r"\bbmi\s*(?:of|is|was|=|:|at|now)?\s*(\d{2}(?:\.\d+)?)\b", re.I)
_CHILD = re.compile(r"\bpercentile\b|\b(?:child|boy|girl|pediatric|peds|adolescent|teen\w*|infant|toddler)\b"
                    r"|\b(?:[2-9]|1\d)[- ]?(?:y/?o|yo|years?[- ]old)\b", re.I)


def bmi_words(text: str) -> str:
    if not (told := _BMI.search(text)) or _CHILD.search(text):
        return ""
    value = float(told.group(1))
    if value < 20:
        return "19.9 or less adult"
    if value < 40:
        return f"{int(value)}.0-{int(value)}.9 adult"
    bands = ((45, "40.0-44.9"), (50, "45.0-49.9"), (60, "50.0-59.9"), (70, "60.0-69.9"))
    return next((f"{band} adult" for top, band in bands if value < top), "70 or greater adult")


# The code that shows a replaced joint is there ("status code for the prosthesis", "the hip implant itself") is its
# presence (Z96.6-), whatever aftercare or operation the question names beside it.
_JOINT_NAMED = re.compile(r"\b(?:total (?:knee|hip|shoulder|elbow|ankle|joint)|reverse (?:total )?shoulder|"
                          r"(?:knee|hip|shoulder|elbow|ankle|joint) (?:replacement|arthroplasty|implant|prosthesis)|"
                          r"tka|tha|tsa|rtsa|tkr|thr)\b", re.I)
_IMPLANT_STATUS = re.compile(r"\bstatus (?:z )?codes?\b|\bpresence (?:of|code)\b|\b(?:implant|prosthesis) itself\b|"
                             r"\bcodes? (?:for|to show) the (?:\w+ )?(?:implant|prosthesis)\b", re.I)


# A sentinel node biopsy beside a lumpectomy or a mastectomy is the nodes' own code: the breast's excision treats the
# cancer and is not Diagnostic for it ("L lumpectomy w SLNB"), unless the question asks for the nodes.
_SENTINEL_BIOPSY = re.compile(r"\b(?:sentinel (?:lymph )?nodes? (?:biops\w*|bx|mapping)|slnb|sln (?:bx|biops\w*)|"
                              r"sln)\b")
_BREAST_EXCISION = re.compile(r"\b(?:lumpectomy|mastectomy|wide local excision|wle|partial mastectomy|"
                              r"segmentectomy)\b")
_NODES_ASKED = re.compile(r"\b(?:for|of|code) the (?:axillary )?(?:slnb|sln|sentinel|nodes?|lymph)|"
                          r"\b(?:slnb|sln|nodes?|biopsy) (?:code|pcs|procedure)\b(?! is separate)")


def _beside_sentinel_biopsy(lowered: str) -> str:
    if _BREAST_EXCISION.search(lowered) and not _NODES_ASKED.search(lowered):
        return _SENTINEL_BIOPSY.sub(" ", lowered)
    return lowered


def aftercare_words(text: str) -> str:
    if _JOINT_NAMED.search(text) and _IMPLANT_STATUS.search(text):
        return "presence of artificial joint"
    if _REPLACED_JOINT.search(text) and _AFTERCARE_CARE.search(text):
        return "aftercare following joint replacement surgery presence of artificial joint"
    return ""


# A check after a treatment finished, the condition gone ("recheck ears after finishing amoxicillin, TMs clear") is
# the follow-up examination after completed treatment (Z09), with the history code beside it, not the condition.
_RECHECK = re.compile(r"\b(?:recheck|re-check|follow[- ]?up|f/u|surveillance|post-?treatment (?:visit|check))\b", re.I)
_TREATMENT_DONE = re.compile(r"\b(?:after (?:finishing|completing|completion of)|finished|completed|completion of|"
                             r"no (?:current|further) (?:meds|medications?|treatment|tx|therapy)|"
                             r"off (?:all )?treatment)\b", re.I)
_GONE = re.compile(r"\b(?:clear(?:ed)?|resolved|normal|negative|no evidence|ned|healed|cured|"
                   r"no (?:signs?|recurrence))\b", re.I)
_CANCER_WORD = re.compile(r"\b(?:cancer|carcinoma|malignan\w*|lymphoma|leukemia|sarcoma|melanoma|ca)\b", re.I)


def followup_words(text: str) -> str:
    if not (_RECHECK.search(text) and _TREATMENT_DONE.search(text) and _GONE.search(text)):
        return ""
    if past_cancer(text) or _CANCER_WORD.search(text):
        return ""  # after a cancer the history code and the follow-up share the lead: the words decide, not this
    return "encounter for follow-up examination after completed treatment for conditions other than"


def contraception_words(text: str) -> str:
    return "initial prescription" if _CONTRACEPTION.search(text) and _FIRST_TIME.search(text) else ""


# DSM severity of a substance use disorder maps to the classification's words: mild is abuse, moderate or
# severe dependence ("severe opioid use disorder" is opioid dependence, F11.2-).
# The level may follow ("cannabis use d/o, mild", "AUD - moderate") and the substance may be an abbreviation or
# a street word: the titles name the class (methamphetamine is "other stimulant", a benzo a "sedative, hypnotic
# or anxiolytic").
_SUBSTANCE_CLASS = {"alcohol": "alcohol", "etoh": "alcohol", "aud": "alcohol",
                    "opioid": "opioid", "opiod": "opioid", "opiate": "opioid", "oud": "opioid", "heroin": "opioid",
                    "fentanyl": "opioid",
                    "cannabis": "cannabis", "marijuana": "cannabis", "thc": "cannabis", "cocaine": "cocaine",
                    "crack": "cocaine", "stimulant": "other stimulant", "amphetamine": "other stimulant",
                    "methamphetamine": "other stimulant", "meth": "other stimulant", "stud": "other stimulant",
                    "benzodiazepine": "sedative hypnotic or anxiolytic", "benzo": "sedative hypnotic or anxiolytic",
                    "sedative": "sedative hypnotic or anxiolytic", "hallucinogen": "hallucinogen",
                    "phencyclidine": "hallucinogen", "pcp": "hallucinogen", "inhalant": "inhalant",
                    "tobacco": "nicotine", "nicotine": "nicotine", "polysubstance": "other psychoactive substance"}
_SUBSTANCE = r"(?:alcohol|etoh|opioid|opiod|opiate|heroin|fentanyl|cannabis|marijuana|thc|cocaine|crack|stimulant|" \
             r"(?:meth)?amphetamine|meth|benzodiazepine|benzo|sedative|hallucinogen|phencyclidine|pcp|inhalant|" \
             r"tobacco|nicotine|polysubstance)s?"
_LEVEL = r"(mild|moderate|severe)"
_USE_DISORDER = re.compile(
    rf"\b{_LEVEL}\s+(?:(?:[a-z]+\s+){{0,2}}?({_SUBSTANCE})\s+use\s+(?:disorder|d/o)|(aud|oud|stud))\b"
    rf"|\b(?:({_SUBSTANCE})\s+use\s+(?:disorder|d/o)|(aud|oud|stud))\b\s*[,:(\-\u2013]?\s*{_LEVEL}\b", re.I)


# A count of pills swallowed at once is an overdose ("took about 40 tablets of acetaminophen"): a poisoning.
_PILLS_TAKEN = re.compile(r"\b(?:took|ingested|swallowed|taken)\s+(?:about |approximately |around |over |at least |"
                          r"nearly |up to )?(?:\d+|a (?:whole |full |half )?bottle(?: of)?|a handful(?: of)?|"
                          r"(?:twenty|thirty|forty|fifty|sixty)|several)\s+(?:[\w-]+\s+){0,3}?"
                          r"(?:tablets|pills|capsules|tabs)\b", re.I)


# An antidote given for a poisoning ("responded to narcan x2", "CroFab started", "NAC protocol") is its treatment,
# not the substance the T code names.
_ANTIDOTE = (r"narcan|naloxone|flumazenil|fomepizole|crofab|anavip|antivenom|antivenin|digifab|digibind|"
             r"n-?acetylcysteine|acetylcysteine|mucomyst|nac|physostigmine|pralidoxime|hydroxocobalamin|cyanokit|"
             r"(?:activated )?charcoal|dantrolene|succimer|dimercaprol|deferoxamine|methylene blue")
_ANTIDOTE_GIVEN = re.compile(
    rf"\b(?:responded to|response to|reversed (?:with|by)|rescued with|given|received|administered|treated with|"
    rf"needed|required|after|started(?: on)?|got)\s+(?:\w+\s+){{0,2}}?(?:{_ANTIDOTE})\b(?:\s*x\s*\d+)?"
    rf"|\b(?:{_ANTIDOTE})\s+(?:x\s*\d+|given|administered|started|was given|drip|gtt|infusion|protocol|"
    rf"\d+(?:\.\d+)?\s*(?:mg|g|vials?))\b", re.I)


def without_antidote(text: str) -> str:
    """The text less an antidote told as given, when another drug or poison is named; naloxone that worked
    with no drug named still tells an opioid."""
    given = _ANTIDOTE_GIVEN.search(text)
    # an antidote that worked ("responded to narcan") tells a poisoning by itself; one given beside a drug taken
    # daily ("buprenorphine-naloxone 16 mg") tells none
    if not given or not (drug_event(_ANTIDOTE_GIVEN.sub(" ", text))
                         or re.match(r"respon|reversed|rescued", given.group(0), re.I)):
        return text
    rest = _ANTIDOTE_GIVEN.sub(" ", text)
    if any(e.kind == "drug" or e.expansion.startswith("toxic effect") for e in expand(rest)[1]):
        return rest
    return _ANTIDOTE_GIVEN.sub(" opioid ", text) if re.search(r"narcan|naloxone", given.group(0), re.I) else text


# A substance given asks for its administration code when the question is about the giving: told first, told
# with a word for giving it, or asked for as a procedure. In a story (an "IV cefazolin via PICC" among a
# vignette's findings) or an op note (the lidocaine, the heparinized saline) it is the care around the code.
_ADMINISTERED = re.compile(r"\b(?:infus\w*|inject\w*|instill\w*|transfus\w*|administ\w*|bolus|push)\b", re.I)


def administration_asked(text: str, system: str | None) -> bool:
    """Whether a substance given is the question's act (`system` is the one the question names, if any)."""
    if system == "ICD-10-CM" or op_note_body(text) or operative_detail(text) >= OPERATIVE_DETAILS:
        return False
    if drug_event(text) and system != "ICD-10-PCS":  # a poisoning's antidote is asked for only as a procedure
        return False
    first = re.split(r"(?<=[.;?!])\s+", text.strip(), maxsplit=1)[0]
    return system == "ICD-10-PCS" or bool(_ADMINISTERED.search(text)) or bool(
        given_substance(first, expand(first)[1]))


# ... or told by a count of a named drug ("took ~40 Tylenol ES", "swallowed 30 of her alprazolam", "took a whole
# bottle of quetiapine"): ten or more, and a name the glossary reads as a drug ("took 2 Tylenol" is a dose).
_COUNT_TAKEN = re.compile(r"\b(?:took|ingested|swallowed|taken|popped)\s+(?:~\s*|about |approximately |around |over |"
                          r"at least |nearly |up to )?(?:[1-9]\d+|twenty|thirty|forty|fifty|sixty|a (?:whole |full )?"
                          r"bottle|an? (?:entire|whole) bottle|the (?:entire|whole) bottle|all)\s+(?:x\s*)?"
                          r"(?:of\s+)?(?:(?:her|his|their|my|the)\s+)?((?:[\w-]+\s+){0,2}[\w-]+)", re.I)


def overdose_words(text: str) -> str:
    if _PILLS_TAKEN.search(text) or any(e.kind == "drug" for m in _COUNT_TAKEN.finditer(text)
                                         for e in expand(m.group(1))[1]):
        return "poisoning overdose"
    return ""


# A mood disorder's episode: a third episode, or prior episodes, make a depression recurrent (F33, not F32);
# hallucinations or delusions in a mood episode are its psychotic features, denied ones their absence.
_MOOD = re.compile(r"\b(?:depress\w*|mdd|bipolar|mania|manic)\b", re.I)
_EARLIER_EPISODES = re.compile(r"\b(?:(?:second|third|fourth|fifth|2nd|3rd|4th|5th|another|new|latest) "
                               r"(?:major )?(?:depressive )?episode"
                               r"|(?:prior|previous|past|earlier|several|multiple|two|three|four|\d) (?:major )?"
                               r"(?:depressive )?episodes|episodes? (?:in the past|before)|recurren\w*|relapse\w*)\b",
                               re.I)
_PSYCHOTIC = re.compile(r"\b(?:hallucinat\w*|delusion\w*|psychosis|psychotic)\b", re.I)


def mood_words(text: str, negated: set[str]) -> str:
    if not _MOOD.search(text):
        return ""
    words = "recurrent" if _EARLIER_EPISODES.search(text) else ""
    if told := _PSYCHOTIC.findall(text):
        denied = all(set(tokenize(t)) <= negated for t in told)
        words += " without psychotic features" if denied else " with psychotic features"
    return words.strip()


def use_disorder_words(text: str) -> str:
    words = []
    for m in _USE_DISORDER.finditer(text):
        level = (m.group(1) or m.group(6)).lower()
        substance = next(g for g in m.groups()[1:5] if g).lower()
        substance = substance if substance in _SUBSTANCE_CLASS else substance.removesuffix("s")
        words.append(f"{_SUBSTANCE_CLASS.get(substance, substance)} {'abuse' if level == 'mild' else 'dependence'}")
    return " ".join(words)


_RIBS = re.compile(r"\bribs\s+\d{1,2}\s*(?:-|\u2013|to|through|,|and)\s*\d{1,2}\b"
                   r"|\b(?:multiple|several|two|three|four|[2-9]|bilateral) (?:[\w-]+ ){0,2}ribs?\b|\bribs? fractures\b"
                   r"|\bfractures? of (?:the )?(?:left |right |l |r )?ribs\b|\bfractured ribs\b", re.I)


# A burn's extent is coded by bands of the body surface burned and of the part burned full thickness (T31, T32):
# "24% TBSA, of which 12% full thickness" is "20-29% of body surface with 10-19% third degree burns".
_BURN = re.compile(r"\b(?:burns?|burned|scald\w*|corrosions?)\b", re.I)
_TOTAL_SURFACE = re.compile(r"\b(\d{1,3}(?:\.\d)?)\s*%\s*(?:of\s+(?:the\s+)?(?:total\s+)?)?(?:t?bsa|body surface)|"
                            r"\bt?bsa\s*(?:of\s+|=\s*|:\s*)?(\d{1,3}(?:\.\d)?)\s*%", re.I)
_FULL_SURFACE = re.compile(r"\b(\d{1,3}(?:\.\d)?)\s*%\s*(?:is\s+|are\s+|was\s+)?(?:[\w-]+\s+)?"
                           r"(?:full[- ]thickness|third[- ]degree|3rd[- ]degree|3rd|deep)"
                           r"|\b(?:full[- ]thickness|third[- ]degree|3rd[- ]degree)\s*(?:burns?\s*)?"
                           r"(?:of\s+|=\s*|:\s*)?(\d{1,3}(?:\.\d)?)\s*%", re.I)
_NO_FULL = re.compile(r"\bno\s+(?:[\w-]+\s+){0,2}?(?:full[- ]thickness|third[- ]degree|3rd[- ]degree)", re.I)


def _band(percent: float) -> str:
    low = int(percent // 10) * 10
    return f"{low}-{low + 9}%" if low < 90 else "90% or more"


_EXTENT_ASKED = re.compile(r"\b(?:extent|t3[12](?:\.\w*)?|t?bsa code|body surface code|percent\w* code)\b", re.I)


def burn_extent_words(text: str) -> str:
    """The extent's bands, when the extent is what the question asks for (else the burn's site is)."""
    if not _BURN.search(text) or not _EXTENT_ASKED.search(text) or not (total := _TOTAL_SURFACE.search(text)):
        return ""
    percent = float(total.group(1) or total.group(2))
    if percent < 10:
        return "less than 10% of body surface"
    full = _FULL_SURFACE.search(text)
    third = 0.0 if _NO_FULL.search(text) or not full else float(full.group(1) or full.group(2))
    third_band = "0% to 9%" if third < 10 else _band(third)
    return f"involving {_band(percent)} of body surface with {third_band} third degree"


# Packs a day or pack-years count cigarettes: "smokes 1 ppd", "40 pk-yr smoker", "1/2 pack a day".
_PACKS = re.compile(r"\b\d+(?:\.\d+)?(?:/\d)?\s*(?:ppd|packs?\s*(?:per|a|/)\s*day|pk[- ]?yrs?|pack[- ]?years?)\b"
                    r"|\b(?:half|1/2|a)\s+(?:a\s+)?pack\s+(?:a|per)\s+day\b", re.I)


def tobacco_words(text: str) -> str:
    if "cigarette" in text.lower() or re.search(r"\b(?:former|quit|ex-?smoker|stopped|hx|history)\b", text, re.I):
        return ""
    return "cigarettes" if _PACKS.search(text) else ""


def rib_words(text: str) -> str:
    """Several ribs broken are "multiple fractures of ribs" in the titles (S22.4-), not one rib's code."""
    return "multiple fractures of ribs" if _RIBS.search(text) and _FRACTURE.search(text) else ""


# A fracture not told displaced or not is coded displaced (guideline I.C.19.c): a title that claims "nondisplaced"
# is read like one that claims a detail the question denies.
_DISPLACEMENT = re.compile(r"\b(?:non-?displaced|undisplaced|displaced|displacement|angulated|minimally)\b", re.I)


# "no fx hx", "without fracture": a fracture denied is none; osteoporosis of a named cause is not the age-related kind
_NO_FRACTURE = re.compile(r"\b(?:no|without|w/o|denies|negative for)\s+(?:\w+\s+){0,2}?(?:fractures?|fx)\b", re.I)
_OTHER_OSTEOPOROSIS = re.compile(r"\b(?:induced|disuse|idiopathic|secondary|due to|steroid|glucocorticoid|localized|"
                                 r"juvenile|oophorectomy|malabsorption|drug)\b", re.I)


def fracture_words(text: str) -> str:
    """"current pathological fracture" when a fracture is told to come from osteoporosis or fragile bone."""
    told = _NO_FRACTURE.sub(" ", text)
    if not _FRACTURE.search(told) or not (fragile := _FRAGILE_BONE.search(told)):
        return ""
    # osteoporosis not said to be of another kind is the age-related kind (M80.0-)
    osteoporosis = fragile.group(0).lower().startswith("osteoporo") and not _OTHER_OSTEOPOROSIS.search(told)
    return f"{'age-related osteoporosis with ' if osteoporosis else ''}current pathological fracture"


def displacement_unstated(text: str) -> bool:
    return bool(_FRACTURE.search(text)) and not _DISPLACEMENT.search(text) and not _FRAGILE_BONE.search(text)


# A species named after a disease ("Klebsiella pneumoniae", "Haemophilus influenzae") is not that disease: the
# stemmer makes "pneumoniae" a pneumonia, so a UTI due to Klebsiella pneumoniae read as a pneumonia. The genus
# (in the code set's spelling) names the organism; the disease, when it is there, is told in its own words.
_EPITHET = re.compile(r"\b(klebsiella|k\.|streptococcus|strep\.?|s\.|mycoplasma|m\.|chlamydia|chlamydophila|"
                      r"ha?emophilus|h\.)\s+(pneumoniae|influenzae)\b", re.I)
_GENUS = {"k.": "klebsiella", "strep": "streptococcus", "strep.": "streptococcus", "s.": "streptococcus",
          "m.": "mycoplasma", "haemophilus": "hemophilus", "h.": "hemophilus", "chlamydophila": "chlamydia"}


def organism_words(text: str) -> str:
    """"Klebsiella pneumoniae" as "Klebsiella", "H. influenzae" as "Hemophilus"."""
    return _EPITHET.sub(lambda m: _GENUS.get(m.group(1).lower(), m.group(1)), text)


# Ways of writing a word short that no glossary row can hold: dotted initials ("G.A.D.", "C.O.P.D.") and "d/o".
_DOTTED = re.compile(r"\b((?:[A-Za-z]\.){2,})(?=\s|$|[,;:)])")
_DISORDER = re.compile(r"\bd/o\b", re.I)


_VESSEL = re.compile(r"\b((?:femoral|popliteal|iliac|saphenous|jugular|subclavian|axillary|brachial|radial|ulnar|"
                     r"portal|renal|hepatic|splenic|mesenteric|tibial|peroneal|carotid|vertebral|basilic|cephalic|"
                     r"cerebral|coronary|pulmonary|gastric)\s+)(v|a)\.", re.I)


# Hemorrhoids are graded I-IV in notes and by degree in titles ("grade III internal" is "third degree").
_HEMORRHOID_GRADE = re.compile(r"\bgrade\s+(iv|i{1,3}|[1-4])\b(?=(?:\s+[\w-]+){0,2}\s+hemorrhoid)", re.I)
_ROMAN_GRADE = re.compile(r"\bgrade\s+(iv|i{1,3})\b", re.I)
_IVH = re.compile(r"\b(?:ivh|intraventricular)\b", re.I)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
# A grade on a scale no code title names ("Bethesda IV" cytology, "NYHA III", "ASA IV") is a number, not a route:
# written in digits so "IV" is not read as intravenous.
_SCALE_ROMAN = re.compile(r"\b(bethesda|ti-?rads|tr|bi-?rads|nyha(?: class)?|tanner(?: stage)?|asa(?: class)?|"
                          r"mallampati|hunt[- ]hess|forrest|kellgren[- ]lawrence|kl|hinchey|fisher(?: grade)?)"
                          r"\s+(iv|i{1,3})\b", re.I)
_DEGREES = {"i": "first", "1": "first", "ii": "second", "2": "second", "iii": "third", "3": "third", "iv": "fourth",
            "4": "fourth"}


# "Chalazion OS", "cataract OD", "cerumen impaction AU": the eye's or the ear's side in Latin letters, spelled out
# where an eye or an ear is in question, so that the side reads and the words match titles ("left eye").
_EYE_SIDE_WORDS = {k: f"{v.lower()} eye{'s' if v == 'Bilateral' else ''}" for k, v in _EYE_SIDES.items()}
_EAR_SIDE_WORDS = {k: f"{v.lower()} ear{'s' if v == 'Bilateral' else ''}" for k, v in _EAR_SIDES.items()}


def eye_ear_sides(text: str) -> str:
    lowered = text.lower()
    if _EYE.search(lowered):
        text = re.sub(r"\b(?:OD|OS|OU|od|ou)\b", lambda m: _EYE_SIDE_WORDS[m.group(0).lower()], text)
    elif _EAR.search(lowered):
        text = re.sub(r"\b(?:AD|AS|AU)\b", lambda m: _EAR_SIDE_WORDS[m.group(0).lower()], text)
    return text


# "CKD3b", "CKD4", "ckd stage3": a kidney disease's stage typed against its name reads as the stage.
_GLUED_STAGE = re.compile(r"\b(ckd|stage)(?:\s*stage)?([1-5][ab]?)\b", re.I)
# A kidney disease's stage in Roman numerals ("CKD IV", "stage IIIb CKD") or by its GFR category ("CKD G3a A2"): the
# titles number the stages in digits
_CKD_STAGE = re.compile(r"\b(ckd\s*(?:stage\s*)?)(?:g([1-5][ab]?)|(i{1,3}|iv|v)([ab]?))\b(?:\s*a[1-3]\b)?|"
                        r"\bstage\s*(i{1,3}|iv|v)([ab]?)(?=\s*ckd\b)", re.I)
_ROMAN_STAGE = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}


def _ckd_stage(match: re.Match[str]) -> str:
    if match.group(5):
        return f"stage {_ROMAN_STAGE[match.group(5).lower()]}{match.group(6).lower()}"
    stage = match.group(2) or _ROMAN_STAGE[match.group(3).lower()] + match.group(4)
    return f"CKD stage {stage.lower()}"


# "w/ and w/o contrast", "with/without", "w/wo", "+/- contrast": a study run before and after contrast, the
# titles' "Unenhanced and Enhanced"; read whole, its "without" denies no contrast.
_BOTH_PHASES = re.compile(r"(?<![\w/])(?:w/?|with)\s*(?:and|&|/)\s*(?:w/?o|without)\b|\bw/wo\b|\bwith/without\b|"
                          r"\+/-(?=\s*(?:iv\s+|gad\w*\s+)?contrast)", re.I)
# In a course of radiation "20 fx" counts fractions and the "treatment delivery" is the beam's, not a birth.
_GRAYS = re.compile(r"\b\d+(?:\.\d+)?\s*c?gy(?:rbe)?\b", re.I)


# "33+5", "38+6 wks": a gestational age's days after the plus are no number the titles read (a fetus's, a count)
_GESTATION_DAYS = re.compile(r"\b([1-4]\d)\s*\+\s*[0-6](?![\d/.])(?:\s*(?:wks?|weeks?)\b)?", re.I)


def radiation_course(text: str) -> str:
    if not _GRAYS.search(text):
        return text
    return re.sub(r"\btreatment delivery\b", "treatment", re.sub(r"\bfx\b", "fractions", text, flags=re.I),
                  flags=re.I)


# A bypass's conduit vein ("fem-pop bypass w/ reversed GSV") is the graft, Autologous Venous Tissue, not the body
# part bypassed; the vein's own code is its harvest, read when the question asks for that.
_CONDUIT = re.compile(
    r"\b(?:(?:w/|with|using|via|reversed|non-?reversed|in[- ]situ|translocated|ipsilateral|contralateral|"
    r"autologous|harvested)\s+)+(?:(?:right|left|r|l|ipsilateral|contralateral|reversed|non-?reversed|in[- ]situ|"
    r"translocated)\s+)*(?:gsv|ssv|great(?:er)? saphenous(?: vein)?|(?:small |lesser )?saphenous vein|cephalic vein|"
    r"basilic vein|arm vein|vein graft)\b", re.I)
_CONDUIT_BYPASS = re.compile(r"\bbypass\b|\bcabg\b|-(?:pop|peroneal|pt|at|dp|tibial)\b", re.I)
_CONDUIT_HARVEST = re.compile(r"\bharvest\w*\b(?!\s+(?:is\s+|was\s+)?(?:coded\s+)?separately|\s+not\b)"
                      r"|\bvein (?:code|excision)\b", re.I)


def conduit_read(text: str) -> str:
    if not _CONDUIT_BYPASS.search(text) or _CONDUIT_HARVEST.search(text):
        return text
    return _CONDUIT.sub(" with autologous venous tissue", text)


# "PCS for the angioplasty?", "code only the patch closure", "just the pleurodesis code": a note of several acts
# asked for one of them.
_ASKED_ACT = re.compile(
    r"\b(?:pcs|codes?)\s+(?:only\s+|just\s+)?for\s+(?:just\s+|only\s+)?(?:the\s+)?(?P<a>[a-z][\w/ -]{2,40}?)"
    r"(?:\s+(?:part|portion|component|piece|step|itself|only))?\s*(?:\?|$|[.,;(]|please|pls)"
    r"|\bcode\s+(?:only|just)\s+(?:for\s+)?the\s+(?P<b>[a-z][\w/ -]{2,40}?)(?:\s+(?:part|portion|component))?"
    r"\s*(?:\?|$|[.,;(])"
    r"|\bjust\s+the\s+(?P<c>[a-z][\w/ -]{2,40}?)\s+(?:pcs\s+)?codes?\b", re.I)


def asked_act(text: str) -> tuple[set[str], frozenset[str]]:
    """The root operations of the one act a question asks for, read as the glossary and the op-note words read
    it, and its words (the question's focus); empty when the ask names no act ("PCS for the fracture", "the
    code for the indication")."""
    roots: set[str] = set()
    words: set[str] = set()
    for match in _ASKED_ACT.finditer(text):
        asked = next(g for g in match.groups() if g)
        read = f"{asked} {expand(asked)[0]} {act_words(asked)}"
        if found := set(tokenize(read)) & ROOT_OPERATION_WORDS - set(tokenize("inspection")):
            roots |= found
            words |= set(tokenize(read))
    return roots, frozenset(words)


# A graft's donor site ("STSG from L thigh to R forearm", "harvested from the right groin", "donor: left thigh") is
# where the tissue came from, not the body part grafted: the code's body part and side are the recipient's. The
# donor stays when the question asks for its own code (its Excision).
_GRAFTED = re.compile(r"\b(?:grafts?|grafting|grafted|stsg|ftsg|autografts?|split[- ]thickness|full[- ]thickness|"
                      r"sts?g|meshed)\b", re.I)
_DONOR_ASKED = re.compile(r"\b(?:donor|harvest)(?: site)?(?:'s)? (?:codes?|excision)\b|\b(?:graft|grafts) and (?:the )?"
                          r"(?:donor|harvest)\b|\bcode (?:the |for the )?(?:donor|harvest)", re.I)
_DONOR_SITE_WORD = (r"(?:thighs?|buttocks?|abdomen|abdominal wall|groin|inguinal (?:crease|region)|scalp|upper arm|"
                    r"inner arm|arm|forearm|back|flank|leg|lower leg|calf|chest|trunk|hip|iliac crest|"
                    r"supraclavicular(?: area| region)?|"
                    r"post-?auricular(?: area| region| skin)?|retroauricular(?: area| region| skin)?|ear|wrist|"
                    r"antecubital (?:fossa|area)|elbow crease|hypothenar eminence|instep)")
_DONOR_SITE = re.compile(
    r"\b(?:(?:harvested|taken|obtained|procured|raised|lifted)\s+)?from\s+(?:the\s+|her\s+|his\s+)?"
    r"(?:(?:right|left|r|l|rt|lt|ipsilateral|contralateral|same|opposite|anterior|posterior|lateral|medial|upper|"
    r"lower|proximal|distal|inner|outer)\s+)*" + _DONOR_SITE_WORD + r"\b(?!\s+(?:wound|defect|burn|ulcer)s?\b)"
    r"|\bdonor(?:\s+sites?)?\s*(?:was\s+|is\s+|[:=-]\s*)?(?:the\s+)?(?:(?:right|left|r|l|rt|lt|anterior|lateral|"
    r"medial|upper|lower|inner)\s+)*" + _DONOR_SITE_WORD + r"\b"
    r"|\b(?:(?:right|left|r|l|rt|lt)\s+)?" + _DONOR_SITE_WORD + r"\s+donor(?:\s+sites?)?\b", re.I)


_HARVEST_ACT = re.compile(r"^\W*(?:harvest\w*|graft harvest\w*)\b|\bharvest(?:ing)? of\b", re.I)  # the harvest is asked
_MESHED = re.compile(r"\bmeshed\b(?:\s+(?:at\s+)?\d(?:\.\d)?\s*:\s*\d(?:\.\d)?)?", re.I)


# ... and what a harvested vein, artery or graft is for ("for CABG conduit", "for the fem-pop bypass") is its next
# use, not the act asked: the harvest is the Excision of the donor vessel.
_HARVEST_PURPOSE = re.compile(r"\s+for\s+(?:use\s+(?:as|in)\s+)?(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:cabg|bypass\w*|"
                              r"conduits?|grafts?|grafting|flaps?|reconstruction)\b[^,.;?]*", re.I)


def donor_read(text: str) -> str:
    if _HARVEST_ACT.search(text):
        return _HARVEST_PURPOSE.sub(" ", text)
    if not _GRAFTED.search(text):
        return text
    text = _MESHED.sub(" ", text)  # a meshed graft is cut to stretch: no mesh put in
    if not _DONOR_SITE.search(text):
        return text
    # tissue taken from the patient's own donor site is autologous
    return f"{text} autologous" if _DONOR_ASKED.search(text) else _DONOR_SITE.sub(" autologous ", text)


# "therapeutic thoracentesis", "therapeutic paracentesis": done to treat, not to diagnose (no Diagnostic
# qualifier); the word is no therapeutic substance given.
_THERAPEUTIC_TAP = re.compile(r"\btherapeutic\s+(?=(?:(?:large[- ]volume|bedside|ultrasound[- ]guided|us[- ]guided|"
                              r"percutaneous|left|right|bilateral)\s+)*(?:\w+centesis|taps?|drainage|aspiration|"
                              r"phlebotomy|lumbar puncture|lp|bronchoscopy|egd|colonoscopy|endoscopy|ercp)\b)", re.I)


_EXTERNAL_DCR = re.compile(r"\bexternal\s+(dcr|dacryocystorhinostomy)\b", re.I)  # through a skin incision: open


def unabbreviate(text: str) -> str:
    text = _EXTERNAL_DCR.sub(r"\1 by open approach", _THERAPEUTIC_TAP.sub("", donor_read(conduit_read(text))))
    text = radiation_course(_BOTH_PHASES.sub("unenhanced and enhanced with", eye_ear_sides(text)))
    text = _GESTATION_DAYS.sub(lambda m: f"{m.group(1)} weeks", text)
    text = _GLUED_STAGE.sub(lambda m: f"{m.group(1)} {m.group(2)}", _CKD_STAGE.sub(_ckd_stage, text))
    text = _HEMORRHOID_GRADE.sub(lambda m: f"{_DEGREES[m.group(1).lower()]} degree", text)
    # titles write some grades in digits ("hemorrhage, grade 3, of newborn") and others in Roman numerals
    if _IVH.search(text):
        text = _ROMAN_GRADE.sub(lambda m: f"{m.group(0)} {_ROMAN[m.group(1).lower()]}", text)
    text = _SCALE_ROMAN.sub(lambda m: f"{m.group(1)} {_ROMAN[m.group(2).lower()]}", text)
    text = _VESSEL.sub(lambda m: f"{m.group(1)}{'vein' if m.group(2).lower() == 'v' else 'artery'}", text)
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"(?<![\w/])w/(?=\s)", "with", text, flags=re.I)  # "SI w/ plan": glossary phrases say "with"
    return _DISORDER.sub("disorder", text)


# A detail the record leaves open ("organism not identified", "site not recorded", "flu type not tested",
# "side and vein not documented"): the unspecified code, not a title that claims the detail is absent.
_DETAIL_OPEN = re.compile(
    r"\b((?:[a-z]+ ){0,2}?(?:organism|cause|site|type|side|location|laterality|stage|vein|artery|karyotype|"
    r"severity|episode|ligament|level|trimester|bacteria|virus|agent|grade|depth|shelter status|mechanism)"
    r"(?:\s+(?:and|or|/)\s+[a-z]+)?)\s+(?:is |was |were |are |has not been |have not been |not yet )?"
    r"(?:not |un)(?:identified|specified|documented|known|stated|recorded|tested|given|determined|in (?:the )?chart)\b",
    re.I)


def open_details(text: str) -> str:
    # (an unknown primary site is a cancer's own code, C80.1: no site of anything is left open)
    return _DETAIL_OPEN.sub(lambda m: m.group(0) if "primary" in m.group(1).lower() else
                            f"unspecified unidentified {m.group(1)}", text)


# "The uterus and cervix were removed": with no device, stone or foreign matter told, what is removed is body
# tissue (Excision or Resection), not a device (Removal, in PCS only for devices).
_REMOVED = re.compile(r"\b(?:removed|removal of|taken out|"
                      r"(?<!oocytes )(?<!eggs )(?<!specimen )(?<!specimens )retrieved|"
                      r"cut away|shaved (?:away|off)|pared away|cut out|"
                      # "the whole breast taken off the pectoralis fascia", "gallbladder taken ... in its entirety"
                      r"taken off(?! (?:of )?(?:the )?(?:bypass|pump|cpb|ecmo|vent\w*|oxygen|o2|drips?|meds?|"
                      r"medications?|anticoag\w*|the list)\b)|taken(?=[^.;]{0,30}\bin (?:its|their) entirety\b))\b",
                      re.I)
_REMOVABLE_THINGS = re.compile(
    r"\b(?:plaques?|slough|eschar|necrotic|exudate|pus|ectopic|hematoma|abscess|catheters?|tubes?|stents?|drains?|hardware|screws?|plates?|pins?|wires?|rods?|devices?|pacemakers?|"
    r"defibrillators?|implants?|prosthes[ie]s|foreign|stones?|calcul\w*|clots?|thromb\w*|embol\w*|leads?|ports?|"
    r"pumps?|generators?|sutures?|staples?|cast|packing|iud|mesh|spacers?|expanders?|shunts?|filters?|cerclage|"
    r"fixators?|nails?|grafts?|lens|balloons?|electrodes?|cataract|fb|splint|dressing|bullet|glass|splinter|"
    r"fragments?|debris|fecal|impact\w*|wax|cerumen|packing|line|picc|cannula|reservoir|battery|object|"
    r"coins?|peanuts?|nuts?|beads?|magnets?|toys?|buttons?|marbles?|earrings?|seeds?|pebbles?|batteries|bolus|"
    r"food|meat|loose bod(?:y|ies)|needles?|trocars?|sheaths?|(?:bone )?tamps?|scopes?|instruments?|introducers?|"
    r"dilators?|obturators?|guides?|sponges?|retractors?|"
    # contraceptive devices and lines by their brand names
    r"paragard|mirena|kyleena|skyla|liletta|nexplanon|implanon|pessar(?:y|ies)|hickman|port-a-cath|portacath|"
    r"caths?|tdc|permcath|quinton|trialysis|foley|cvc|tlc)\b", re.I)


_NOT_BEFORE = re.compile(r"\b(?:nothing|not|never|no)\b(?:\s+[\w-]+){0,2}\s*$", re.I)  # "nothing was removed"


def _as_tissue(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 30):match.start()]
    return match.group(0) if _NOT_BEFORE.search(before) else "excised resected"


# "... bagged and removed through the umbilical port": the way a specimen leaves is no device taken out.
_WAY_OUT = re.compile(r"\b(?:through|via|from|out of|by way of)\s+(?:the\s+|an?\s+|one\s+)?(?:[\w-]+\s+){0,2}?"
                      r"(?:port|trocar|incision|port site|wound|extraction site)s?\b|\bin (?:an?|the) (?:[\w-]+ )?"
                      r"(?:bag|pouch|sac)\b", re.I)


_SPECIMEN_BEFORE = re.compile(r"\bspecimens? (?:was|were) $", re.I)


def removed_tissue(text: str) -> str:
    """Each sentence that removes something, with no device or matter in it, as an Excision or Resection."""
    if not _REMOVED.search(text):
        return text
    # "a meat bolus ... ; it was grasped with a Roth net and retrieved": what is retrieved may be named a sentence
    # before (what is "removed" is said beside it)
    matter = bool(_REMOVABLE_THINGS.search(_WAY_OUT.sub(" ", text)))

    def as_tissue(match: re.Match[str]) -> str:
        kept = matter and match.group(0).lower() == "retrieved" and not _SPECIMEN_BEFORE.search(
            match.string, 0, match.start())
        return match.group(0) if kept else _as_tissue(match)

    return " ".join(_REMOVED.sub(as_tissue, part) if not _REMOVABLE_THINGS.search(_WAY_OUT.sub(" ", part))
                    else part for part in re.split(r"(?<=[.;])\s", text))


# A tumor, polyp or nodule "resected" takes part of its body part: PCS reads the surgeon's "resection" of a
# lesion as an Excision (B3.8), and the word alone must not vote for the Resection of the whole organ.
_LESION_NOUN = (r"(?:tumou?r|mass(?:es)?|lesion|mets?|metastas[ie]s|cavernoma|nodule|polyp|cyst|fibroid|myoma|"
                r"adenoma|glioma|gbm|schwannoma|meningioma|neuroma|lipoma|malformation|avm)s?")
# (a glossary term built on the word stays whole: a "wedge resection", a "transurethral resection")
_LESION_RESECTED = re.compile(rf"\b{_LESION_NOUN}\s+(resections?)\b|(?<!wedge )(?<!segmental )(?<!transurethral )"
                              r"(?<!submucous )(?<!sleeve )\b(resections?)\s+of\s+(?:the\s+|an?\s+)?"
                              rf"(?:[\w-]+\s+){{0,3}}?{_LESION_NOUN}\b", re.I)


def lesion_excised(text: str) -> str:
    if extent(text) not in (None, "part"):
        return text
    return _LESION_RESECTED.sub(lambda m: m.group(0).replace(m.group(1) or m.group(2), "excision"), text)


# A splint or cast put on after a fracture is set belongs to the reduction: the Placement section codes a splint
# or cast put on by itself. With a reduction told, the splint is no code of its own.
_REDUCED = re.compile(r"\b(?:reduc\w*|reposition\w*|manipulat\w*|realign\w*|set the fracture)\b", re.I)
_IMMOBILIZED = re.compile(r"\b(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}(?:splint|cast)s?\s+(?:was\s+|were\s+)?"
                          r"(?:applied|placed)\b|\b(?:placed|immobili[sz]ed)\s+in\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}"
                          r"(?:splint|cast)\b", re.I)


# ... and so is the traction that pulled the bones back into place ("traction-countertraction")
_TRACTION_MANEUVER = re.compile(r"\b(?:by |with |using )?(?:gentle |longitudinal |in-line )?traction"
                                r"(?:[- ](?:and[- ])?counter-?traction)?(?: technique| maneuver)?\b", re.I)


def integral_immobilization(text: str) -> str:
    return _TRACTION_MANEUVER.sub(" ", _IMMOBILIZED.sub(" ", text)) if _REDUCED.search(text) else text


# An injury told first, then how it was held ("... nondisplaced scaphoid waist fx. Thumb spica cast.", "Achilles
# rupture. Splint in plantarflexion."): the splint, cast or sling is the injury's care in the plan, not the act
# asked for; a note that opens on the splint ("Short arm cast applied ... for a radius fracture") asks for it.
_INJURY = re.compile(r"\b(?:fx|fractures?|sprain\w*|strains?|dislocat\w*|subluxat\w*|tears?|ruptur\w*|avulsion|"
                     r"contusions?|nursemaid|separation|foreign body|fb|swallowed|lac|lacerations?|burns?|bites?|"
                     r"gsw|gunshot|stab|embedded|retained|impaled)\b", re.I)
_HELD = re.compile(r"\b(?:splint\w*|casts?|casted|sling|boot|cam walker|c-?collar|buddy[- ]tap\w*|spica|"
                   r"immobiliz\w*|ace wrap|walker)\b", re.I)


# ... and so is the operation or the service it is sent on to ("To OR for I&D, IMN.", "GI for EGD.", "Plan ORIF
# w/ bone graft.", "Ex-fix tonight."): still to come, and done by others.
_SENT_ON = re.compile(r"^\W*(?:(?:to|2) (?:the )?or\b|plan\b|(?:gi|ortho\w*|surgery|gen surg|ent|urology|uro|"
                      r"neurosurg\w*|nsgy|omfs|ir|hand(?: surgery)?|plastics|cards|cardiology|vascular)\s+"
                      r"(?:for|to see|to evaluate|consult\w*)\b)|\b(?:tonight|tomorrow)\W*$", re.I)


# ... and so is what was done for it where it was seen ("R shoulder dislocation, reduced in ED", "3 cm scalp lac,
# stapled x4", "subungual hematoma, trephinated"): a visit's note that tells the injury first asks for the injury;
# the ED's, clinic's or office's treatment is reported outside ICD-10-PCS. A clause that tells the injury keeps
# its words up to the treatment.
# (told as done, in a participle; "Shoulder dislocation, closed manipulative reduction" names the procedure)
_TREATED = re.compile(r"\b(?:(?:reduced|relocated|stapled|sutured|closed (?:with|by|using|in)|repaired|glued|"
                      r"trephinat(?:ed|ion)|removed|extracted|incised and drained|irrigated|debrided|"
                      r"buddy[- ]taped)\b|closed w/)", re.I)
# ... but a stay's operation is coded in PCS ("admitted with a hip fracture, underwent ORIF today")
_STAY_OPERATION = re.compile(r"\b(?:admit\w*|admission|inpatient|underw[eo]nt|operating room|intraop\w*|"
                             r"(?<!to )(?<!2 )or\b|internal fixation|orif|crpp|"
                             # a tear of birth is the delivery's, repaired in its stay
                             r"svd|nsvd|deliver\w*|l&d|postpartum|perineal|episiotomy)\b", re.I)


def _without_treatment(clause: str) -> str:
    found = _TREATED.search(clause)
    if not found:
        return clause
    return clause[:found.start()] if _INJURY.search(clause[:found.start()]) else ""


# An open wound with glass, gravel or a splinter left in it is the titles' wound "with foreign body" ("palm lac w/
# retained glass", "gravel embedded in the knee lac"); one told clean ("no FB", "neg for retained glass") is the
# wound "without foreign body", the titles' other half.
_OPEN_WOUND = re.compile(r"\b(?:lac|lacs|lacerat\w*|puncture\w*|wounds?|cuts?|bites?|avulsion)\b", re.I)
_WOUND_MATTER = re.compile(r"\b(?:glass|gravel|splinters?|slivers?|fb|foreign bod(?:y|ies)|debris|dirt|metal|"
                           r"wood|thorns?|fishhook|hook|nail|shrapnel|bullet|pellets?|tooth|teeth)\b", re.I)
_MATTER_IN = re.compile(r"\b(?:retained|embedded|imbedded|lodged|stuck|impaled|remains?|visible|seen|in (?:the|it)|"
                        r"within|w/|with|containing)\b", re.I)
_MATTER_OUT = re.compile(r"\b(?:no|neg(?:ative)?|without|w/o|free of|clean of)\b(?:\s+[\w/-]+){0,3}?\s*"
                         r"(?:for\s+)?(?:retained\s+|residual\s+)?(?:glass|fb|foreign bod(?:y|ies)|debris|gravel)\b",
                         re.I)


def wound_matter(text: str) -> str:
    if not _OPEN_WOUND.search(text):
        return ""
    if _MATTER_OUT.search(text):
        return "without foreign body"
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if _OPEN_WOUND.search(sentence) and (matter := _WOUND_MATTER.search(sentence)) and (
                _MATTER_IN.search(sentence) or re.match(r"\s+(?:in|into)\b", sentence[matter.end():])):
            return "with foreign body"
    return ""


def without_care_after_injury(text: str) -> str:
    """An injury note less what the plan does about the injury told first (see _HELD, _SENT_ON and _TREATED)."""
    sentences = re.split(r"(?<=[.;])\s+", text)
    first = next((i for i, s in enumerate(sentences) if _INJURY.search(s)), None)
    if first is None or _HELD.search(" ".join(sentences[:first + 1])) and not _TREATED.search(sentences[first]):
        return text
    head = re.split(r"(?<=,)\s+", sentences[first])
    at = next(i for i, c in enumerate(head) if _INJURY.search(c))
    if not _TREATED.search(head[at][:_INJURY.search(head[at]).start()]) and not _STAY_OPERATION.search(text):
        # (not "Stapled 3 cm scalp lac": that tells the act; and a sentence of its own, "Under propofol, reduced by
        # external rotation", is a procedure's note)
        sentences[first] = " ".join([*head[:at + 1], *(_without_treatment(c) for c in head[at + 1:])])
    later = []
    for sentence in sentences[first + 1:]:
        kept = []
        for clause in re.split(r"(?<=,)\s+", sentence):
            if _SENT_ON.search(clause):
                break  # "To OR for I&D, IMN.": the rest of the sentence is the same plan
            # "the cast is removed and the fracture is healing" tells the encounter: it stays
            if not _HELD.search(clause) or encounter_of(clause):
                kept.append(clause)
        later.append(" ".join(kept))
    return " ".join([*sentences[:first + 1], *later])


# "Intubated 11/30 20:10, extubated 12/1 19:55. Vent code?": asked for the ventilation, the tube put in on the way
# is how the ventilation began, not the code asked for; the stamps still count the hours.
_VENT_ASK = re.compile(r"\b(?:vent(?:ilation|ilator)?|mv)\s+(?:duration\s+|hours?\s+)?(?:code|hours|duration)\b"
                       r"|\bcode (?:for |the )*(?:mechanical |invasive )?(?:vent|ventilation)\b"
                       r"|\bventilation\s*\?", re.I)
_TUBE_PUT_IN = re.compile(r"\b(?:re-?)?intubat(?:ed|ion)\b(?! and)|\b(?:ett|endotracheal tube)\s+(?:placed|inserted)\b",
                          re.I)


# "TI intubated", "the terminal ileum was intubated": a scope reaching a landmark, not an airway put in.
_SCOPE_REACHED = re.compile(r"\b(?:the\s+)?(?:ti|terminal ileum|ileum|ileocecal valve|cecum|papilla)\s+(?:was\s+)?"
                            r"(?:successfully\s+)?intubated\b|\bintubation of the (?:ti|terminal ileum|ileum|cecum)\b",
                            re.I)


# "Biopsy-proven CIN 3": the biopsy that made the diagnosis came before, and makes nothing of this act diagnostic.
_PROVEN_BY = re.compile(r"\b(?:biopsy|bx|path(?:ology)?)[\s-]+(?:proven|confirmed)\b", re.I)
# A biopsy told with what it found ("core bx IDC gr 3", "shave bx 3/12 showed atypical melanocytes", "punch bx c/w
# psoriasis") is how the diagnosis was made: in a question about the condition, not an act to code.
_BIOPSY_FOUND = re.compile(r"\b(?:(?:core|punch|shave|needle|excisional|incisional|us-guided|stereotactic|skin|"
                           r"fna|tru-?cut)\s+)?(?:bx|biopsy)(?:\s+(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|of \w+))?\s*"
                           r"(?=(?:showed|shows|revealed|reveals|confirmed|c/w|consistent with|positive for|\+ for|"
                           r"->|:|=)|(?:invasive |infiltrating |poorly |well |moderately )?(?:idc|ilc|dcis|lcis|scc|"
                           r"bcc|carcinoma|adenocarcinoma|adenoca|melanoma|lymphoma|sarcoma|malignan\w*)\b)", re.I)


# An abscess opened and drained, its cavity then packed with gauze: the packing is how the drainage ends, not a
# Placement of packing (which codes packing put in on its own, as for a nosebleed).
_DRAINED_PUS = re.compile(r"\b(?:abscess\w*|pus|purulen\w*)\b[^.]*?\b(?:drain\w*|incis\w*|express\w*|evacuat\w*)\b"
                          r"|\b(?:i&d|i & d|incision and drainage)\b", re.I)
_PACKED = re.compile(r"(?:,?\s*and\s+|\b)(?:loosely\s+)?pack(?:ed|s)\s+(?:with\s+)?[^.;]*|\bpacking\s+(?:was\s+)?"
                     r"(?:placed|inserted|applied)\b[^.;]*", re.I)


def without_packing(text: str) -> str:
    return _PACKED.sub(" ", text) if _DRAINED_PUS.search(text) else text


def ventilation_asked(text: str) -> str:
    if not _VENT_ASK.search(text) or re.search(r"\bintubation code\b|\bcode (?:the )?intubation\b", text, re.I):
        return text
    return _TUBE_PUT_IN.sub("on mechanical ventilation", text)


# An assessment and plan lists its problems in order ("1. NSTEMI ... 2. T2DM ... Principal dx?"): asked for the
# principal, the first problem is the answer and the others are secondary codes. An HIV-related condition
# is the exception the guidelines name: HIV disease goes first, wherever the list puts it.
_ASKS_PRINCIPAL = re.compile(r"\b(?:principal|first-listed|primary (?:dx|diagnosis))\b(?![\s-]+(?:procedure|"
                             r"operation))|\bwhat goes first\b", re.I)
_PROBLEM_ITEM = re.compile(r"(?:^|(?<=\s))\(?\d{1,2}[.)]\s+(?=[A-Za-z])", re.M)
_GOES_FIRST_ANYWHERE = re.compile(r"\b(?:hiv|aids)\b", re.I)


def principal_problem(text: str) -> str:
    """A numbered problem list asked for its principal: the lead-in, the first problem and the ask."""
    starts = [m.start() for m in _PROBLEM_ITEM.finditer(text)]
    if len(starts) < 2 or not _ASKS_PRINCIPAL.search(text):
        return text
    items = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    last = items[-1].rstrip()
    ask = last.rpartition("\n")[2] if "\n" in last else ""  # the closing ask, on its own line after the list
    kept = [items[0]] + [i for i in items[1:] if _GOES_FIRST_ANYWHERE.search(i)]
    return f"{text[:starts[0]]}{' '.join(i.strip() for i in kept)}\n{ask}".strip()


# One numbered line of an assessment and plan ("#3 Acute osteomyelitis L great toe - podiatry for amputation eval",
# "4. Aspiration PNA - amp/sulbactam, SLP eval"): the problem comes before the dash, the plan after it; what is
# planned or was done for the problem (a biopsy, a washout, a scan) is no code of the line.
# ... and one with no number ("Persistent afib - failed DCCV x2. Cont amio, EP referral for ablation. ICD-10?"):
# when the plan after the dash is what tells an act, the problem before it is what the line asks about.
_UNNUMBERED_PROBLEM = re.compile(r"^\s*(?P<problem>[A-Za-z][^\n#:]{2,80}?)\s+[-\u2013\u2014]+\s+(?P<plan>\S.*)$", re.S)
_PLAN_CUE = re.compile(r"\b(?:cont(?:inue[sd]?)?|start(?:ed)?|hold|stop|increase|decrease|f/u|follow[- ]?up|referr\w*|"
                       r"refer|recheck|repeat|plan(?:ned)?|consult|monitor|trend|schedul\w*|ordered|"
                       r"\d+\s*(?:mg|mcg)|bid|tid|daily|prn|npo|abx|x\s?\d+\s*d|in\s+\d+(?:-\d+)?\s*(?:wks?|weeks?|mos?|months?|"
                       r"days?))\b", re.I)
_CLOSING_ASK = re.compile(r"[^.!\n]*\?\s*$|\b(?:icd-?\s?10(?:-?cm)?|dx code|code)\b[^.!?\n]*[.?]?\s*$", re.I)


def problem_of_line(text: str) -> str:
    """A single assessment-and-plan line read as its problem alone."""
    if "\n" in text.strip() or len(_PROBLEM_ITEM.findall(text)) > 1:
        return text
    if header := problem_of_header(text):
        return header
    line = _UNNUMBERED_PROBLEM.match(text)
    if line and _PLAN_CUE.search(line.group("plan")) and describes_act(text) \
            and not describes_act(line.group("problem")):
        ask = _CLOSING_ASK.search(line.group("plan"))
        return f"{line.group('problem')} {ask.group(0).strip() if ask else ''}".strip()
    return text


# An op note's numbered procedure list asked for the primary procedure: the first one listed is it ("1. EVAR
# 2. Completion aortogram. Code the primary procedure").
_ASKS_PRIMARY_PROCEDURE = re.compile(
    r"[^.?!\n]*\b(?:primary|principal|main)\s+(?:procedure|operation)\b[^.?!\n]*[.?!]?", re.I)


# ... or for one item by its number ("Code #2 only", "code procedure #3"): that item is the one to code.
_ASKS_ITEM = re.compile(r"[^.?!\n]*(?:\b(?:code|coding|need|want|assign)\s+(?:only\s+)?(?:the\s+)?(?:procedure\s+|"
                        r"item\s+|line\s+|number\s+)?#\s*(\d)|\b(?:procedure|item|line)\s+#?\s*(\d)\s+only\b"
                        r"|#\s*(\d)\s+only\b"
                        # "code for #2?", "codes for problem 3", "what do I code for 1"
                        r"|\bcod(?:e|es|ing)\s+for\s+(?:the\s+)?(?:problem\s+|item\s+|number\s+|line\s+)?#\s*(\d)"
                        r"|\bcod(?:e|es|ing)\s+for\s+(?:problem\s+|item\s+|number\s+)?(\d)(?=\s*(?:only|please|pls)?"
                        r"\s*\??\s*$))[^.?!\n]*[.?!]?", re.I)


_SCOPE_ITEM = re.compile(r"^\W*\d{1,2}[.)]\s+(?:[\w-]+\s+){0,2}(?:[\w-]*scop(?:y|ic)|egd|ercp|eus|cysto|urs)"
                         r"(?:\s+to\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?(?:,?\s*(?:ti|terminal ileum)\s+intubated)?\W*$",
                         re.I)  # "1. Colonoscopy to cecum, TI intubated"


def primary_procedure(text: str) -> str:
    starts = [m.start() for m in _PROBLEM_ITEM.finditer(text)]
    item = _ASKS_ITEM.search(text)
    ask = item or _ASKS_PRIMARY_PROCEDURE.search(text)
    if len(starts) < 2 or not ask:
        return text
    n = int(next(g for g in item.groups() if g)) if item else 1
    if not 1 <= n <= len(starts):
        return text
    ends = [*starts[1:], len(text)]
    items = [text[a:b].replace(ask.group(0), " ").strip() for a, b in zip(starts, ends, strict=True)]
    # an item that only names the scope ("1. Cystourethroscopy.") tells how the chosen one was done
    scopes = [i for k, i in enumerate(items, 1) if k != n and _SCOPE_ITEM.match(i)]
    closing = ask.group(0).strip() if ask.start() > starts[1] else ""
    # an ask typed on the last item's line ("3. Cold bx sigmoid Code item 2 only") is only its own words
    keyword = re.search(r"\b(?:code|coding|need|want|assign|procedure|item|line)\b|#", closing, re.I)
    closing = closing[keyword.start():] if keyword else closing
    chosen = items[n - 1]
    # an assessment-and-plan problem asked for by its number is the problem before the dash, not its plan
    problem = problem_of_header(chosen) if item else None
    if problem and not describes_act(problem):
        chosen = problem
    return f"{text[:starts[0]]}{' '.join([*scopes, chosen])} {closing}".strip()


# How an op note's words read in PCS terms, when the question describes an act: solid matter taken out is
# Extirpation (a stone basketed, a clot aspirated, a foreign body retrieved), a hernia is repaired in the
# region it comes through, and the imaging that guides a needle is not the procedure.
_MATTER = re.compile(r"\b(?:stones?|calcul\w*|foreign bod(?:y|ies)|fb|clots?|clotted|thromb(?:us|i)|embol(?:us|i)|"
                     r"mucus plugs?|mucous plugs?|"
                     r"bezoars?|fecal impaction|debris|plaques?|loose bod(?:y|ies)|(?:food|meat) (?:bolus|impaction)|"
                     r"retained (?:piece|fragment|tip)s?)\b", re.I)
_TAKEN_OUT = re.compile(r"\b(?:remov\w*|extract\w*|retriev\w*|basket\w*|swept|sweep\w*|evacuat\w*|aspirat\w*|"
                        r"suction\w*|(?:taken|took|pulled|fished) out)\b", re.I)
_HEMATOMA_EVACUATED = re.compile(r"\bevacuat\w*\b(?:\W+\w+){0,6}?\W+hematoma|\bhematoma\b(?:\W+\w+){0,4}?\W+"
                                 r"evacuat\w*", re.I)  # a clotted hematoma taken out is Extirpation
# A stone or foreign body broken up and then taken out ("fragmented with the laser and all fragments extracted with
# a basket") is Extirpation; broken up and left to pass ("dusted, nothing basketed") is Fragmentation.
_BROKEN_UP = re.compile(r"(?<!peanut )(?<!nut )(?<!bone )(?<!retained )\bfragment(?:ed|ing|s)?\b|\blithotrip\w*|"
                        r"\blaser\w*|\bbroke(?:n)?\b|\bcrush\w*", re.I)


def fragments_taken_out(text: str) -> bool:
    return bool(_BROKEN_UP.search(text)) and said_unless_before(_TAKEN_OUT, _NO_ACT_BEFORE, text)


# A segment resected and its ends joined ("sigmoid colectomy with primary anastomosis"): the anastomosis is part of
# the resection (guideline B3.1b), not a Bypass, unless a stoma is brought out.
_JOINED_AFTER_RESECTION = re.compile(r"\b(?:(?!endarter)\w+ectom(?:y|ies)|resect\w*)\b[^.]{0,200}?"
                                     r"\banastomos\w*|\banastomos\w*[^.]{0,40}?\bafter\s+(?:the\s+)?resection\b", re.I)
_STOMA_MADE = re.compile(r"\b(?:colostomy|ileostomy|jejunostomy|stoma|brought out|matured|hartmann)", re.I)
_ENDS_JOINED = re.compile(r"(?:\b(?:with|w/|and|&|\+)\s*)?(?:\b(?:a|an|the|primary|stapled|hand-?sewn|end-to-end|"
                          r"side-to-side|ee|ileocolic|colorectal|coloanal|ileorectal|enteroenteric|"
                          r"intracorporeal|extracorporeal)\s+)*\banastomos[ie]s\b", re.I)


def ends_joined(text: str) -> str:
    """A resection's ends joined back ("... with primary anastomosis") told only as the resection: the join is
    part of it, no second act and no Bypass's words."""
    if not _JOINED_AFTER_RESECTION.search(text) or _STOMA_MADE.search(text):
        return text
    return _ENDS_JOINED.sub(" ", text)

# a chronic, liquefied collection let out ("motor-oil fluid drained through burr holes") is still Drainage
_LIQUID = re.compile(r"\bchronic\b|\bfluid\b|\bliquid\w*|\bliquefied\b", re.I)


def roots_not_done(text: str, read: str) -> list[str]:
    """Root operations an op note's words suggest but its act rules out (``read``: what act_words made of it)."""
    return [root for root, ruled_out in (
        ("drainage", bool(_HEMATOMA_EVACUATED.search(text)) and not _LIQUID.search(text)),  # a clot taken out
        ("fragmentation", "extirpation" in read and fragments_taken_out(text)),  # broken up, then taken out
        ("dilation", "removal" in read and "dilation" not in read and bool(re.search(r"\bstents?\b", text, re.I))),
        ("bypass", bool(_JOINED_AFTER_RESECTION.search(text)) and not _STOMA_MADE.search(text)),  # ends joined
    ) if ruled_out]


_HERNIA_SITES = (
    (re.compile(r"\b(?:umbilical|periumbilical|paraumbilical|ventral|incisional|epigastric|spigelian|parastomal)"
                r"(?:\s+[\w-]+)?\s+hernia", re.I), "abdominal wall"),
    (re.compile(r"\binguinal(?:\s+[\w-]+)?\s+hernia", re.I), "inguinal region"),
    (re.compile(r"\bfemoral(?:\s+[\w-]+)?\s+hernia", re.I), "femoral region"),
    (re.compile(r"\b(?:diaphragmatic|hiatal|hiatus|paraesophageal)(?:\s+[\w-]+)?\s+hernia", re.I), "diaphragm"),
)
_GUIDANCE = re.compile(r"\b(?:under\s+)?(?:ct|ultrasound|us|sonographic|fluoroscopic|fluoro|image|imaging)"
                       r"[- ]guid(?:ed|ance)\b"
                       r"|\b(?:under|with|using) (?:real-time |live |direct |continuous )?(?:ct|ultrasound|us|"
                       r"sonography|fluoroscopic|fluoroscopy|fluoro)(?: guidance)?\b", re.I)


# "The fascia was closed", "closed in layers": the wound's closure at the end, not a closed (External) approach.
_WOUND_CLOSED = re.compile(r"\b(?:(?<=was )|(?<=were )|(?<=are )|(?<=been ))closed\b|\bclosed(?= (?:primarily|"
                           r"in (?:\w+ )?layers?|with (?:\w+ )?(?:sutures?|staples?|stitches|nylon|vicryl|prolene)))",
                           re.I)


# "A closed displaced fracture of the femoral shaft" tells the kind of fracture, not the way the surgeon went in:
# in a procedure question its "closed" is not the External approach (a closed reduction keeps its word).
_CLOSED_FRACTURE = re.compile(r"\bclosed(?=(?:[\s,]+(?:displaced|nondisplaced|non-displaced|comminuted|transverse|"
                              r"oblique|spiral|segmental|simple|angulated|impacted|intra-articular|extra-articular|"
                              r"unstable|bimalleolar|trimalleolar|\w+-?sided|right|left|distal|proximal|mid-?shaft))*"
                              r"\s+fractures?\b(?!\s+(?:reduction|reposition|manipulation|treatment|care)))", re.I)


# The imaging asked for itself ("just the angio piece", "the guidance code"); an operation done open (an open word,
# an incision, an -otomy) whose fluoroscopy says nothing of the way in.
_IMAGING_ASKED = re.compile(r"\b(?:guidance|imaging|angio(?:gram|graphy)?|fluoro(?:scopy)?|ultrasound|ct|us)\s+"
                            r"(?:codes?|piece|part|portion|component)\b"
                            r"|\bcode (?:the |for the )?(?:guidance|imaging)\b", re.I)
_OPENED = re.compile(r"\borif\b|\bopen\b|\bincis\w*|\b\w+otomy\b|\bcutdown\b|\bexposed\b|\bdissect\w*", re.I)


# A lesion marked beforehand with a needle, wire or seed is then cut out: the marker is no way in.
_MARKED = re.compile(r"\b(?:needle|wire|seed|savi ?scout|magseed)[- ]locali[sz](?:ed|ation)\b", re.I)


def without_guidance(text: str) -> str:
    """The act without the imaging that guided it ("CT-guided biopsy", "under ultrasound guidance"), without
    the closing of its wound and, unless diagnosis codes are asked, without a fracture's "closed"."""
    text = _MARKED.sub("localized", text)
    # a needle or catheter placed under imaging went in through the skin (GUIDED, a low-priority approach cue);
    # an operation done open under fluoroscopy is still open
    guided = " " if _OPENED.search(text) else f" {GUIDED} "
    if not describes_act(text):  # "US guided core bx": still a needle guided, no ultrasound study
        return text if _IMAGING_ASKED.search(text) else _GUIDANCE.sub(guided, text)
    stripped = _GUIDANCE.sub(guided, text)
    out = _WOUND_CLOSED.sub("shut", stripped if describes_act(stripped) else text)
    return out if explicit_system(text) == "ICD-10-CM" else _CLOSED_FRACTURE.sub(" ", out)


# Fluid let out of a body cavity is Drainage of the cavity ("tense ascites ... 6 liters drained" is the peritoneal
# cavity, a pleural effusion tapped is the pleural cavity), whatever wall the needle went through.
_CAVITY_FLUID = (
    (re.compile(r"\b(?:ascites|ascitic|peritoneal fluid)\b", re.I), "peritoneal cavity"),
    (re.compile(r"\bpleural (?:effusions?|fluid)\b|\b(?:hemo|hydro)thorax\b", re.I), "pleural cavity"),
    (re.compile(r"\bpericardial (?:effusions?|fluid)\b", re.I), "pericardial cavity"),
)
_LET_OUT = re.compile(r"\b(?:drain\w*|tap(?:ped)?|aspirat\w*|remov\w*|withdrawn|evacuat\w*)\b", re.I)
# An abscess of a body surface region (the back, a thigh, a buttock) opened and drained sits under the skin: the
# subcutaneous tissue of that region, not the region as a whole (0W9K is the upper back deep to it), unless the note
# says it went deeper.
_SURFACE = (r"(?:back|arm|forearm|thigh|leg|buttock|chest|chest wall|abdominal wall|abdomen|neck|scalp|axilla|groin|"
            r"flank|shoulder|calf|hip)")
_SKIN_ABSCESS = re.compile(rf"\b(?:abscess(?:es)?|boils?|furuncles?|carbuncles?)\s+(?:(?:of|on|over|in)\s+)?"
                           rf"(?:the\s+)?(?:(?:left|right|l|r|lt|rt|upper|lower|mid|posterior|anterior|lateral|"
                           rf"medial)\s+)*{_SURFACE}\b|\b{_SURFACE}\s+(?:abscess|boil|furuncle|carbuncle)\b", re.I)
# "The pus was drained", "drains the abscess": the verb stems like the Drainage Device a drain left in names, so a
# note that drains but names no drain left states no device.
_DRAIN_VERB = re.compile(r"\bdrain(?:ed|ing)\b|\bdrains\s+(?:the|it|a|an|pus|purulent|fluid)\b", re.I)
_DRAIN_NOUN = re.compile(r"\bdrains?\b(?!\s+(?:the|it|a|an|pus|purulent|fluid)\b)", re.I)


def drained_as_act(text: str) -> str:
    """"pus drained" read as the Drainage it names, when no drain is named left in."""
    return _DRAIN_VERB.sub("drainage", text) if _DRAIN_VERB.search(text) and not _DRAIN_NOUN.search(text) else text


_DEEP = re.compile(r"\b(?:deep|intramuscular|subfascial|psoas|below the fascia|muscle)\b", re.I)


# A fracture or dislocation "reduced", "realigned" or "set" is put back in place: Reposition, whatever device holds it
# (an intramedullary nail passed after the reduction is Reposition with the device, not its Insertion).
# A native part taken out and a prosthesis put in its place is Replacement ("the calcified valve was excised ... a
# bioprosthesis was sewn in", "femoral head extracted ... stem cemented"), not the Excision its first verb says; an
# old device swapped for a new one, or a spacer left, is told by other words.
_NATIVE_OUT = re.compile(r"\b(?:excised|removed|resected|extracted|amputated|cut out)\b", re.I)
_PROSTHESIS_IN = re.compile(
    r"\b(?:bio)?prosthe(?:sis|ses|tic)\b(?:\W+\w+){0,8}?\W+(?:sewn|sutured|seated|implanted|cemented|deployed|"
    r"placed|inserted|impacted)\b"
    r"|\b(?:sewn in|implanted|seated|inserted)\b(?:\W+\w+){0,5}?\W+(?:bio)?prosthe(?:sis|tic)"
    r"|\b(?:stem|acetabular cup|cup|shell|femoral component|tibial component|components|humeral head|femoral head|"
    r"unipolar head|bipolar head)\b(?:\W+\w+){0,4}?\W+(?:cemented|impacted|press-fit|seated|fixed)", re.I)
_SWAPPED_DEVICE = re.compile(r"\b(?:spacer|generator|battery|insert|liner|lead|pump|stimulator|expander)s?\b", re.I)
# ... though a first joint replacement seats its liner or insert too, after the native bone was cut or reamed
_NATIVE_CUT = re.compile(r"\b(?:osteotomi[sz]ed|reamed|(?:bone |femoral |tibial )?cuts? (?:was|were) made|resurfaced|"
                         r"neck (?:was )?(?:cut|osteotomi[sz]ed))\b", re.I)
# An eye's own lens broken up and drawn out, and an artificial one put in the capsule, is Replacement of the lens.
_LENS_OUT = re.compile(r"\b(?:nucleus|cataract|lens)\b[^.;]{0,40}?\b(?:emulsified|phacoemulsified|removed|"
                       r"extracted|aspirated)\b|\bphaco(?:emulsification)?\b", re.I)
_LENS_IN = re.compile(r"\b(?:lens|iol|lens implant|optic)\b[^.;]{0,40}?\b(?:injected|implanted|inserted|placed|"
                      r"positioned|seated)\b|\b(?:injected|implanted|inserted|placed)\b[^.;]{0,30}?\b(?:lens|iol)\b",
                      re.I)
# The verbs an operative note does its act with, read as the root operation they name (PCS root definitions):
# a nerve or bowel "freed", adhesions lysed are Release; a fundus wrapped around the esophagus is Restriction; a
# peel stripped off the lung is Extraction; an undescended testis brought down into its pouch is Reposition; a
# tendon fixed back down to its bone is Reattachment; a segment divided above and below is taken out (Excision).
_DEGREE_TORN = (r"\b(?:{0})[- ]degree\s+(?:perineal\s+|obstetric\s+|vaginal\s+)*(?:laceration|lac|tear)\b"
                r"(?=[^.]{{0,200}}?\b(?:repair\w*|sutured|closed|reapproximated|approximated)\b)"
                r"|\brepair\w*\s+(?:of\s+)?(?:an?\s+|the\s+)?(?:{0})[- ]degree\b")
_ACT_VERBS = (
    (re.compile(r"\b(?:nerves?|roots?|adhesions?|bands?|tendons?|loops?|bowel|ureters?|cords?)\b[^.;]{0,60}?"
                r"\b(?:freed|(?:completely |now )free|lysed|released)\b|\b(?:freeing|releasing)\s+(?:the\s+)?"
                r"(?:[\w-]+\s+){0,3}?(?:nerves?|roots?|tendons?|bowel|ureters?|cords?)\b|\blys(?:ed|is of|ing)\s+"
                r"(?:the\s+|all\s+)?(?:[\w-]+\s+){0,2}?adhesions\b", re.I), "release"),
    # a tunnel's roof, a pulley or a band that pinches a nerve or tendon, cut: "the transverse carpal ligament was
    # divided", "Osborne's band divided and the nerve decompressed", "the A1 pulley was incised"
    (re.compile(r"\b(?:transverse carpal ligament|carpal ligament|flexor retinaculum|pulley|osborne'?s band|"
                r"(?:cubital|carpal|tarsal|guyon'?s?) (?:tunnel|canal)|first dorsal compartment|fascial roof)\b"
                r"[^.;]{0,60}?\b(?:divided|incised|released|split|cut|opened)\b|\bnerves?\b[^.;]{0,30}?"
                r"\bdecompressed\b", re.I), "release"),
    (re.compile(r"\bwrapped\b[^.;]{0,50}?\baround\b|\b(?:fundoplication|wrap) (?:was )?(?:created|fashioned)\b",
                re.I), "restriction"),
    # a vein or a nail plate pulled out whole is Extraction ("a stripper was passed ... the vein pulled out")
    (re.compile(r"\b(?:veins?|trunk|nail plate|nail|toenail|fingernail)\b[^.;]{0,60}?\b(?:pulled (?:out|off|free)|"
                r"avulsed|stripped)\b|\bstripper\b", re.I), "extraction"),
    # a vein's end sewn onto an artery (an arteriovenous fistula) routes blood from the artery: Bypass
    (re.compile(r"\bveins?\b[^.]{0,100}?\b(?:sewn|anastomosed|sutured)\b[^.;]{0,15}?\b(?:end-to-side |side-to-side )?"
                r"(?:to|onto)\b[^.;]{0,40}?\barter(?:y|ies|iotomy)\b", re.I), "bypass"),
    # an old tube or catheter taken out and a new one put in through the same opening, nothing cut: Change
    (re.compile(r"\b(?:old|existing|previous|indwelling|dislodged|chronic)\s+(?:[\w.-]+\s+){0,4}?(?:tubes?|catheters?|"
                r"cannulas?|stents?|drains?)\b[^.]{0,80}?\b(?:removed|withdrawn|pulled|taken out)\b[^.]{0,160}?\bnew\b"
                r"|\b(?:routine|monthly|scheduled|bedside)\s+(?:[\w-]+\s+){0,3}?exchange\b"
                r"|\bexchanged?\s+over\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?wire\b"
                r"|\bnew\b[^.]{0,80}?\b(?:through|via|into|along)\s+(?:the\s+)?(?:existing|established|mature|same|old)\s+"
                r"(?:[\w-]+\s+)?(?:tract|stoma|track)\b", re.I), "change"),
    # vertebrae joined by bone graft or a cage in the disc space, the bone beds decorticated: Fusion, whatever
    # screws and rods hold it ("PEEK cages with allograft inserted at both disc spaces", "gutters decorticated")
    (re.compile(r"\bdecorticat\w*|\b(?:posterolateral|intertransverse)\s+gutters?\b|\binterbody\s+(?:cages?|spacers?|"
                r"devices?)\b|\b(?:cages?|spacers?)\b[^.;]{0,60}?\b(?:disc spaces?|interspaces?)\b", re.I), "fusion"),
    # a stent set across a narrowing is Dilation with an Intraluminal Device, wherever it goes (an artery, the bile
    # duct, the colon, a bronchus); one taken out is Removal. A stent graft lines an aneurysm (its own row).
    (re.compile(r"(?<!no )(?<!without )(?<!w/o )\bstents?\b(?![- ](?:grafts?|retriever))[^.;]{0,60}?(?<!not )"
                r"\b(?:placed|placement|deployed|inserted|insertion|positioned|implanted|left across)\b"
                r"|(?<!not )\b(?:placed|deployed|inserted|placement of|insertion of|treated with)\s+"
                r"(?:an?\s+|the\s+|one\s+|two\s+)?(?:[\w.-]+\s+){0,5}?stents?\b(?![- ](?:grafts?|retriever))"
                r"|(?<!no )(?<!without )\bstenting\b", re.I), "dilation"),
    (re.compile(r"\bstents?\b[^.;]{0,60}?\b(?:removed|withdrawn|extracted|pulled out|taken out)\b|\b(?:removal|"
                r"extraction|retrieval)\s+of\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?stents?\b|\bstent (?:removal|"
                r"pull(?:ed)?)\b", re.I), "removal"),
    # varices ringed with rubber bands are closed off: Occlusion
    (re.compile(r"\b(?:varices|varix|variceal)\b[^.]{0,200}?\bbands?\b[^.;]{0,20}?\b(?:were |was )?(?:applied|placed|"
                r"deployed|fired)\b|\bband(?:ed|ing)?\b[^.;]{0,20}?\bvari(?:ces|x|ceal)\b", re.I), "occlusion"),
    # a fibroid, lipoma or cyst shelled out of its capsule is cut out of the part it sat in: Excision
    (re.compile(r"\bshelled out\b|\b(?:fibroids?|myomas?|lipomas?|cysts?|adenomas?)\b[^.;]{0,30}?\benucleated\b",
                re.I), "excision"),
    (re.compile(r"\bpeel\b[^.;]{0,60}?\b(?:stripped|peeled|removed|decorticated)\b|\bstripped\b[^.;]{0,40}?"
                r"\b(?:off|from)\s+(?:the\s+)?(?:visceral|parietal|lung|pleura)", re.I), "extraction"),
    (re.compile(r"\b(?:testis|testicle)\b[^.;]{0,80}?\b(?:brought down|delivered|placed|fixed|secured|"
                r"positioned)\b[^.;]{0,60}?\b(?:scrotum|scrotal|hemiscrotum|pouch)\b", re.I), "reposition"),
    (re.compile(r"\b(?:fixed|secured|repaired|reattached|brought)\s+(?:back\s+)?(?:down\s+)?(?:to|onto)\s+(?:the\s+|"
                r"its\s+)?(?:[\w-]+\s+){0,2}?(?:tuberosity|footprint|insertion|tubercle|epicondyle|bone)\b", re.I),
     "reattachment"),
    (re.compile(r"\b(?:divided|transected|stapled|cut)\s+(?:both\s+)?(?:proximally and distally|distally and "
                r"proximally|above and below)\b", re.I), "excision"),
    # an obstetric laceration repaired is repaired in the layer its degree names: the perineal muscles for a second
    # degree, the anal sphincter for a third, the rectum for a fourth (a first degree is skin)
    (re.compile(_DEGREE_TORN.format("second|2nd"), re.I), "repair perineum muscle"),
    (re.compile(_DEGREE_TORN.format("third|3rd"), re.I), "repair anal sphincter"),
    (re.compile(_DEGREE_TORN.format("fourth|4th"), re.I), "repair rectum"),
)
_DISPLACED = re.compile(r"\b(?:fractur\w*|fx|dislocat\w*|subluxat\w*|nursemaid'?s?)\b", re.I)
_NO_ACT_BEFORE = re.compile(r"\b(?:nothing|not|never|no|without|w/o)\b(?:\s+[\w-]+){0,2}\s*$", re.I)
_PUT_BACK = re.compile(r"\b(?:reduc(?:e|ed|es|ing|tion)|realign\w*|relocat\w*|put back|set back)\b", re.I)
# Something a child swallowed or breathed in ("swallowed a coin", "aspirated a peanut") is a foreign body; taken out
# it is Extirpation, not the Excision or Removal (of a device) its verbs suggest.
_SWALLOWED = re.compile(
    r"\b(?:swallow\w*|ingest\w*|aspirat(?:ed|es)|inhal\w*|inserted|lodged|stuck|chok\w* on)\s+(?:(?:an?|the|his|"
    r"her|two|several|some)\s+)?(?:\w+\s+){0,2}?(?:coins?|peanuts?|nuts?|beads?|batter(?:y|ies)|magnets?|toys?|pins?|buttons?|"
    r"pieces? of \w+|bones?|seeds?|pebbles?|earrings?|marbles?|tacks?|keys?)\b", re.I)

# The things children and others put where they do not belong, named for themselves ("coin removal from the
# proximal esophagus", "peanut fragment removed from the R mainstem", "bead from the L nostril"): taken out, they
# are foreign bodies, and taking them out is Extirpation, not the Removal of a device.
_OBJECT = re.compile(r"\b(?:coins?|quarters?|pennies|penny|nickels?|dimes?|beads?|peanuts?(?: fragments?)?|nuts?|"
                     r"button batter(?:y|ies)|disc batter(?:y|ies)|magnets?|(?:live )?insects?|bugs?|cockroach\w*|"
                     r"popcorn(?: kernels?)?|kernels?|erasers?|crayons?|pebbles?|marbles?|seeds?|beans?|"
                     r"toy (?:parts?|pieces?)|lego\w*|fish ?bones?|chicken bones?)\b", re.I)

# "a peanut fragment", "bone pieces": the piece is the object, not a Fragmentation done to it
_OBJECT_PIECE = re.compile(r"\b((?:peanut|nut|bone|food|glass|metal|plastic)s?)\s+(?:fragments?|pieces?)\b", re.I)
# An object told where it sits ("popcorn kernel R ear", "bead up her nose") is a foreign body there, whether or not
# it was taken out.
_OBJECT_LODGED = re.compile(_OBJECT.pattern + r"[^.;]{0,40}?\b(?:ears?|nose|nostrils?|nar(?:is|es)|esophag\w*|"
                            r"throat|bronch\w*|airway|stomach|rectum|vagina|eyes?)\b", re.I)


def lodged_object(text: str) -> str:
    return "foreign body" if _OBJECT_LODGED.search(text) or _SWALLOWED.search(text) else ""


# A hole or tear sewn shut ("the perforation was closed with sutures", "the rent oversewn") is Repair of the organ;
# the closing of the operation's own wound is not (assistant.query._WOUND_CLOSED).
_DEFECT_SEWN = re.compile(r"\b(?:perforations?|tears?|rents?|defects?|holes?|enterotom(?:y|ies)|ruptures?|"
                          r"lacerations?)\b(?:\s+[\w-]+){0,4}?\s+(?:was|were|is|are)\s+(?:then\s+)?(?:primarily\s+)?"
                          r"(?:closed|shut|oversewn|sewn|sutured|repaired|approximated)\b", re.I)

# A cut closed ("simple closure R shin lac", "Closed a 3 cm lac on the palm", "stapled scalp lac") is a Repair of the
# skin unless a deeper layer is told (the glossary's "layered closure" reads the subcutaneous tissue)
_LAC_CLOSED = re.compile(r"\b(?:closure|closed|sutured|stapled|glued|repair(?:ed)?)\s+(?:of\s+)?(?:an?\s+|the\s+)?"
                         r"(?:[\w-]+\s+){0,4}?(?:lacs?|lacerations?)\b", re.I)


# A bleeding source found at endoscopy and stopped with clips, cautery or an injection is Control of bleeding in
# the region (0W3P8ZZ for the GI tract), not a repair or a destruction of the organ: an op note's closing
# "hemostasis obtained" names no bleeding source and does not count.
_BLEEDING_SOURCE = re.compile(r"\b(?:bleeding|bleeder|actively oozing|oozing|hemorrhag\w*|visible vessel|"
                              r"spurting|melena|hematemesis|hematochezia)\b", re.I)
_HEMOSTATIC = re.compile(r"\b(?:clips?|hemoclips?|endoclips?|clipped|cauteriz\w*|cautery|coagulat\w*|epinephrine|"
                         r"bicap|heater probe|argon plasma|apc|hemospray|hemostatic powder)\b", re.I)
_SCOPE_EXAM = re.compile(r"(?<!no )(?<!without )\b(?:egd|colonoscop\w*|sigmoidoscop\w*|ercp|enteroscop\w*|"
                         r"esophagogastroduodenoscop\w*|bronchoscop\w*|cystoscop\w*|hysteroscop\w*)\b", re.I)
_GI_SCOPE = re.compile(r"\b(?:egd|colonoscop\w*|c-scope|sigmoidoscop\w*|endoscop\w*|enteroscop\w*|ercp|"
                       r"esophagogastroduodenoscop\w*|upper gi|scope)\b", re.I)


# "Intraluminal foreign body" tells where the object lies; the word must not read as the Intraluminal Device of a
# Removal title: an object that does not belong there is taken out by Extirpation.
# A central line, PICC or dialysis catheter is coded to the vessel its tip ends in, not the vein it went in by
# ("right IJ accessed ... tip at the cavoatrial junction" is the superior vena cava).
_TIP = re.compile(r"\btips?\b(?:[^.;]{0,60}?(?:\b(?:in|at|within|into|to|over|overlying)\s+|@\s*)|\s*[:=-]?\s*)"
                  r"(?:the\s+)?(?:(?:distal|proximal|mid|lower|upper)\s+)?"
                  r"(cavo-?atrial junction|caj|superior vena cava|"
                  r"svc|right atrium|right atrial|inferior vena cava|ivc)\b",
                  re.I)
_TIP_SITES = {"cavoatrial junction": "superior vena cava", "cavo-atrial junction": "superior vena cava",
              "caj": "superior vena cava",
              "svc": "superior vena cava", "superior vena cava": "superior vena cava", "right atrium": "right atrium",
              "right atrial": "right atrium", "inferior vena cava": "inferior vena cava", "ivc": "inferior vena cava"}
_ENTRY_VEIN = re.compile(r"\b(?:(?:right|left|r|l)\s+)?(?:(?:internal|external)\s+jugular|ij|subclavian|basilic|"
                         r"cephalic|brachial|femoral|axillary)(?:\s+(?:vein|venous))?\b", re.I)


_PORT_DEVICE = re.compile(r"\b(?:reservoir|pocket)s?\b|\bport\b(?!\s+(?:was\s+)?flush)|\bport-?a-?cath\b|\bmediport\b",
                          re.I)


def catheter_tip(text: str) -> str:
    tip = _TIP.search(text)
    if tip and _DEVICE_OUT.search(text) and not _DEVICE_IN.search(text):
        # where a line's tip lay names its insertion's body part; taken out, it is coded to the vessels' group
        return text[:tip.start()] + text[tip.end():]
    if tip and _PORT_DEVICE.search(text):
        # a port's catheter ends there too, but the port is coded to the pocket its reservoir sits in
        return text[:tip.start()] + text[tip.end():]
    if not tip or not _ENTRY_VEIN.search(text) or re.search(r"\bports\b", text, re.I):
        return text
    site = _TIP_SITES[tip.group(1).lower()]
    return _ENTRY_VEIN.sub(" ", text[:tip.start()]) + text[tip.start():] + f" {site}"


_FOREIGN_BODY_SITE = re.compile(r"\b(?:intraluminal|intraluminally)\s+(?=(?:foreign bod|fb\b))", re.I)


def native_replaced(text: str) -> bool:
    """A native part taken out or cut away and a prosthesis (or an artificial lens) put in its place."""
    prosthesis = _PROSTHESIS_IN.search(text)
    return bool((prosthesis and _NATIVE_OUT.search(text) and not _SWAPPED_DEVICE.search(text))
                or (prosthesis and _NATIVE_CUT.search(text)) or (_LENS_OUT.search(text) and _LENS_IN.search(text)))


# "L SFA stent, one bare metal stent, perc", "ERCP w biliary stent": a stent named by its vessel or duct with no
# verb is still set there (Dilation), unless the words before it tell an old one ("s/p", "hx of R SFA stent")
_NAMED_STENT = re.compile(
    r"\b(?:sfa|cfa|eia|cia|iliac|renal|subclavian|pop|popliteal|tibial|femoral|ica|carotid|innominate|mesenteric|"
    r"sma|celiac|venous|vein|artery|biliary|cbd|duodenal|colonic)(?:\s+arter(?:y|ies)|\s+veins?)?\s+stents?\b"
    r"(?![- ](?:grafts?|retriever|removal|exchange|pull\w*|occlusion|thrombosis|restenosis|stenosis|fracture))",
    re.I)
_OLD_BEFORE = re.compile(r"\b(?:s/p|status post|hx|history|prior|old|existing|known|previous|previously|in|"
                         r"\w*(?:occlu|stenos|thromb|clot|kink|fractur|migrat|infect|fail)\w*)\b[\s\w-]{0,25}$",
                         re.I)


def _named_stent(text: str) -> bool:
    return said_unless_before(_NAMED_STENT, _OLD_BEFORE, text)


def act_words(text: str) -> str:
    matter = (_MATTER.search(text) or _SWALLOWED.search(text) or _OBJECT.search(text)) and _TAKEN_OUT.search(text)
    out = ["extirpation"] if matter or _HEMATOMA_EVACUATED.search(text) else []
    out += [site for pattern, site in _HERNIA_SITES if pattern.search(text)]
    if _LET_OUT.search(text):
        out += [f"drainage {site}" for pattern, site in _CAVITY_FLUID if pattern.search(text)]
        if _SKIN_ABSCESS.search(text) and not _DEEP.search(text):
            out.append("subcutaneous tissue")
    if _DEFECT_SEWN.search(text):
        out.append("repair")
    elif _LAC_CLOSED.search(text):
        out.append("repair skin")
    if native_replaced(text):
        out.append("replacement")
    out += [root for pattern, root in _ACT_VERBS if pattern.search(text)]
    if "dilation" not in out and _named_stent(text):
        out.append("dilation")
    if _BLEEDING_SOURCE.search(text) and _HEMOSTATIC.search(text) and _GI_SCOPE.search(text):
        out.append("control bleeding gastrointestinal tract")
    if _DISPLACED.search(text) and said_unless_before(_PUT_BACK, _NO_ACT_BEFORE, text):
        out.append("reposition")
    return " ".join(out)


_BLEEDING_CONTROLLED = re.compile(r"\bcontrol(?:led|ling)?\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:bleed\w*|hemorrhag\w*|"
                                  r"hemostasis|oozing)\b|\bhemostasis\b|\b(?:bleed\w*|hemorrhag\w*)\s+"
                                  r"(?:[\w-]+\s+){0,3}?controlled\b", re.I)


# A line, drain or tube "pulled" is taken out (Removal); one that "pulled back" has slipped (a displacement).
_LINES = r"(?:cath\w*|lines?|drains?|tubes?|picc|sheath|foley|tdc|permcath|quinton|trialysis|cvc|tlc)"
_PULLED_BEFORE = re.compile(rf"\bpulled\b(?!\s+(?:back|out of position))(?=[^.;]{{0,40}}?\b{_LINES}\b)", re.I)
_PULLED_AFTER = re.compile(rf"\b({_LINES}\s+(?:was\s+|were\s+)?)pulled\b(?!\s+back)", re.I)


def pulled_out(text: str) -> str:
    return _PULLED_AFTER.sub(r"\1removed", _PULLED_BEFORE.sub("removed", text))


# A device's own name reads as its insertion ("permcath": insertion of an infusion device, percutaneous); told
# taken out, swapped or moved, that act is the one done, and a line pulled at the bedside goes by no approach
# but the outside.
_DEVICE_OUT = re.compile(r"(?<!not )(?<!no )(?<!without )\b(?:remov\w*|d/c'?d|discontinued|exchang\w*|revis\w*|"
                         r"reposition\w*)\b", re.I)
_DEVICE_IN = re.compile(r"\b(?:plac\w*|insert\w*|put in|new)\b", re.I)


def device_taken_out(text: str, expanded: str, hits: list[Entry]) -> str:
    if not _DEVICE_OUT.search(text) or _DEVICE_IN.search(text):
        return expanded
    for entry in hits:
        if entry.kind == "device" and re.search(r"\binsertion\b", entry.expansion):
            kept = re.sub(r"\b(?:insertion|percutaneous)\b", " ", entry.expansion)
            expanded = expanded.replace(entry.expansion, kept)
    return expanded


_DECIMAL_VALUE = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


_COMPACT_AGE = re.compile(r"(?<![\d/.])\b((?:[5-9]|[1-3]\d|4[0-2]))(?-i:w)(?:[0-6]d)?\b")


def analyse(text: str) -> Query:
    original = text
    # "PD" beside levodopa is Parkinson's, "DES OU" a dry eye: the setting decides
    text = site_unsaid(stage_unsaid(text))  # a stage or a breast site the note says it lacks: the unspecified one
    text = ear_tubes(limb_named(dialysis_as_esrd(pulled_out(prolonged_told(graded(spelled_out(text)))))))
    text = _COMPACT_AGE.sub(r"\1 weeks", text)  # "37w", "33w4d": the weeks a title spells out, never a concept
    system = named_system(original)
    mentions = find_mentions(text)
    text = primary_procedure(principal_problem(problem_of_line(text)))
    text = integral_immobilization(text) if describes_act(text) else text
    text = ventilation_asked(without_packing(_PROVEN_BY.sub("proven", _SCOPE_REACHED.sub("reached", text))))
    text = without_leads_aside(text)
    text = strip_wrappers(_SYSTEM_NAMES.sub(" ", text).strip() or text)
    if report_conclusion(original) and system != "ICD-10-PCS":
        text = without_specimen_taking(text)
    if system != "ICD-10-PCS":
        text = _BIOPSY_FOUND.sub(" proven ", _FOUND_BY_IMAGING.sub(" ", text))
    text = _FOLLOWUP_PLANNED.sub(" ", text)
    # an antidote asked for as a procedure is the act, not the care around a poisoning
    text = without_antidote(text) if system != "ICD-10-PCS" else text
    if system != "ICD-10-PCS":
        text = without_care_after_injury(text)
    bare = without_orders(text)
    # "Colonoscopy - polypectomy" is a procedure's title; so is any order a question asks the procedure code of
    text = text if describes_act(bare) or explicit_system(original) == "ICD-10-PCS" else bare
    if system != "ICD-10-PCS":
        text = without_planned_acts(text)
    text = without_closing_devices(without_positioning(_INDICATION_SCAN.sub(" ", text))) if op_note_body(text) \
        else text
    text = chest_part(tools_and_ways_in(without_primary_site(text))) if describes_act(text) else text
    if (describes_act(text) or (re.search(r"\borif\b", text, re.I) and not _ASKS_DIAGNOSIS.search(text))) \
            and not _SET_BEFORE.search(text):
        text = malleolar_bones(text)  # an ankle set and fixed now, not weeks ago
    if describes_act(way_in_dropped := artery_access(_WAY_IN.sub(" ", text))):
        text = way_in_dropped
    text = told_cough(lesion_excised(removed_tissue(open_details(unabbreviate(lobe_named(organ_carcinoma(
        without_guidance(text))))))))
    text = _FOREIGN_BODY_SITE.sub("", organism_words(catheter_tip(_OBJECT_PIECE.sub(r"\1", text))))
    text = temporary_catheter(text) if describes_act(text) else text
    text = ends_joined(text) if describes_act(text) else text
    hedged = inpatient_hedged(text, original)
    text = settle_uncertain(unsettled_options(told_of_others(text, newborn=record_of(original) == "newborn")),
                            original)
    lowered = text.lower()
    ongoing = " ".join(m.group(0) for m in _ONGOING.finditer(lowered)).replace("-", " ")  # "on CPAP": a status
    # a lab value or a measure with a decimal point ("BHB 6.2", "Hgb 6.8") is no number a title names: read as
    # two numbers it would say "2" or "8" ("Type 2 diabetes"); the bands read from it are added below
    expanded, hits = expand(drained_as_act(_DECIMAL_VALUE.sub(" ", text)), ongoing)
    expanded = device_taken_out(text, expanded, hits)
    removal = central_line_removed(text) if system != "ICD-10-CM" and describes_act(text) else None
    if removal:  # its name read as an insertion into the vein its tip ends in
        expanded = re.sub(r"\b(?:superior vena cava|insertion)\b", " ", expanded) + f" {removal.words}"
    given = given_substance(_ONGOING.sub(" ", text), hits) if administration_asked(text, system) else None
    if given:
        expanded = administration_words(expanded, given)
    accesses = treated_through(text, hits)
    for access in accesses:
        expanded = re.sub(rf"(?<!\w){re.escape(access)}(?!\w)", " ", expanded, flags=re.I)
    # a line, tube or access something ran through names no table of its own
    through = {*(given.drop if given else ()), *accesses}
    if extracted_birth(text):  # a vacuum's, forceps' or cesarean's birth is its Extraction: no Delivery row read
        through |= {e.expansion for e in hits if "10E0" in e.expansion}
        for expansion in through:
            expanded = expanded.replace(expansion, " ")
    hits = [e for e in hits if e.expansion not in through]
    for entry in ruled_out_procedures(text, hits):
        expanded = expanded.replace(f" {entry.expansion}", " ", 1)
        hits = [e for e in hits if e is not entry]
    if accesses:
        text = without_access_route(text)
    if scope_carries_act(text):
        expanded = expanded.replace("inspection upper intestinal tract", " ")
    if "ventil" in tokenize(expanded):
        expanded = f"{expanded} {ventilation_hours(text)}".strip()
        # the tube went in to ventilate: the course is the code asked for, unless the tube is asked for too
        if _VENT_COURSE.search(text) and not _ASKS_TUBE.search(text):
            expanded = re.sub(r"insertion endotracheal airway trachea via natural or artificial opening 0BH1", " ",
                              expanded)
    trouble = device_trouble_words(text) if not describes_act(without_planned(without_devices(text))) else ""
    if not trouble and system != "ICD-10-PCS" and not describes_act(without_planned(without_stomas(text))):
        trouble = stoma_trouble_words(text)
    expanded = (f"{expanded} {consciousness_band(text)} {spine_levels(text)} {gestation_words(text)} "
                f"{fracture_words(text)} {control_words(original)} {glucose_words(original)} "
                f"{exam_words(original)} {old_mi_words(original)} {dementia_words(original)} {breast_sex_words(text)} "
                f"{use_disorder_words(text)} {overdose_words(text)} {spread_words(text)} {aftercare_words(text)} "
                f"{contraception_words(text)} {amputation_words(text)} {skin_site_words(text)} "
                f"{foot_ulcer_site(text)} "
                f"{followup_words(text)} {lymphoma_site_words(text)} "
                f"{new_words(reason_words(text, aged=bool(maternal_age_words(original))), expanded)} "
                f"{'' if describes_act(text) else lodged_object(text)} "
                f"{breast_quadrant_words(text)} {receptor_status_words(text)} {tooth_words(text)} "
                f"{long_term_use_words(text)} {bone_region_words(text)} {joint_region_words(text)} "
                f"{hernia_words(text)} {pressure_site_words(text)} {dialysis_stage_words(text)} {inr_words(original)} "
                f"{trouble}").strip()
    if trouble:  # a device gone wrong, not put in: a shorthand's Insertion table ("RA lead": 02H6) is not meant
        expanded = re.sub(r"\binsertion\b|\b[0-9A-HX][0-9A-Z]H[0-9A-Z]\b", " ", expanded)
    if _WITH_ALCOHOL.search(without_denied_intent(lowered)):
        expanded = f"{expanded} poisoning accidental"
    if _UNCOMPLICATED.search(text) or _PLAIN_WITHDRAWAL.search(text):
        # "without any complication" is what titles call "uncomplicated"; so is a withdrawal told without
        # delirium, perceptual disturbances or seizures (F1x.230, not "unspecified")
        expanded = f"{expanded} uncomplicated"
    coronary = coronary_count(text)
    expanded = coronary_words(expanded, coronary)
    if coronary:
        expanded = f"{expanded} {stent_count_words(text)} {coronary_dilation_words(text, coronary)}".strip()
    expanded_lower = expanded.lower()
    # (the reading may drop an order's words that still tell an initial visit: "irrigated ... in the ED today";
    # a follow-up it drops is a plan, not this visit)
    encounter = encounter_of(text) or ("A" if encounter_of(original) == "A" else None)
    negated = negated_words(text)
    mood = mood_words(text, negated)
    if "recurrent" in mood:  # what "depression" reads as by default is then contradicted
        expanded = re.sub(r"\bsingle episode\b", " ", expanded)
    expanded = f"{expanded} {mood} {rib_words(text)} {bmi_words(original)} {tobacco_words(original)} " \
               f"{burn_extent_words(original)}".strip()
    sourced = concept_groups_with_source(_DECIMAL_VALUE.sub(" ", text))
    studied = _beside_sentinel_biopsy(lowered)
    biopsy = (any(_phrase_in(c, studied) for c in DIAGNOSTIC_CUES if c != "diagnostic")
              or bool(_SENT_FOR_STUDY.search(studied))) and "biopsi" not in negated
    if biopsy and _PUS_LET_OUT.search(lowered) and not _TISSUE_STUDIED.search(lowered):
        biopsy = False  # pus drained and cultured is treated: the culture makes no drainage Diagnostic
    scope = bool(re.search(r"scop(y|ic)\b|\begd\b|\bcysto\b|\bscope\b", lowered))
    # "Diagnostic cystoscopy" only looks (Inspection); the Diagnostic qualifier is for tissue or fluid taken.
    ruled_out, terms = negated_meanings(text), glossary()[0]  # "no debridement done": no Excision either
    # read as the glossary reads it, word parts too: "no chondroplasty" rules out what "-plasty" would add
    ruled_out_roots = set(tokenize(" ".join(terms[w].expansion if w in terms else expand(w)[0] for w in ruled_out)))
    other_roots = (set(tokenize(expanded)) & ROOT_OPERATION_WORDS) - set(tokenize("inspection")) - negated
    if not re.search(r"\bfragment(?:ation|ed|ing)\b|\blithotrip", expanded, re.I):
        other_roots -= set(tokenize("fragment"))  # "a peanut fragment", "bone fragments": things, not the act
    if not _BLEEDING_CONTROLLED.search(expanded):
        other_roots -= set(tokenize("control"))  # birth, pain, rate or sugar control: no Control of bleeding
    if extracted_birth(text):  # "vacuum-assisted vaginal delivery": the Extraction is the birth, no Delivery
        ruled_out_roots |= set(tokenize("delivery"))
    other_roots -= ruled_out_roots
    if biopsy and not other_roots:
        # a biopsy names no root operation of its own: tissue taken is Excision, fluid or cells drawn Drainage
        fluid = re.search(r"\b(?:fna|aspirat\w*|fluid|lavage|washings?|brushings?|cytology|culture)", lowered)
        other_roots = set(tokenize("drainage" if fluid else "excision"))
    # ... unless the scope also does something (a lavage is Drainage): that operation is the code.
    look_only = scope and not biopsy and not other_roots and bool(
        re.search(r"\b(diagnostic|only|look|inspection)\b", lowered))
    # "a diagnostic survey", "diagnostic arthroscopy first": the look before the act, not tissue taken for study
    said_diagnostic = "diagnostic" in _DIAGNOSTIC_LOOK.sub(" ", lowered)
    diagnostic = (biopsy or (said_diagnostic and not look_only) or (
        "diagnostic" in _DIAGNOSTIC_LOOK.sub(" ", expanded_lower) and not look_only and not scope
        and studied == lowered)
                  ) and "diagnost" not in negated
    side = detect_side(_HANDED.sub(" ", text), expanded_lower[len(lowered):])
    if stroke_sequela(text) and (deficit := _SIDED_DEFICIT.search(text)):
        side = "Right" if deficit.group(1) else "Left"  # a sequela is coded by the side left weak
    past = past_cancer(text)
    record = record_of(original)
    pregnant = is_pregnant(original, record)
    obstetric = obstetric_reading(text) if system != "ICD-10-CM" else Reading()  # (it needs an act's words)
    if pregnant:
        expanded = f"{expanded} {labor_words(text)} {pregnancy_diabetes_words(text)} {weeks_code_words(original)}"
    if obstetric.words:
        expanded = f"{expanded} {obstetric.words}"
    if energy := beam_energy_words(original):
        expanded = f"{expanded} {energy}"
    procedure_only = any(is_procedure_entry(e) for e in hits) and not any(e.kind == "diagnosis" for e in hits)
    if (record == "newborn" or (_NEWBORN_CUE.search(original) and not pregnant)) and system != "ICD-10-PCS" \
            and not describes_act(text) and not procedure_only:  # ("on bubble CPAP": the CPAP is asked)
        # the perinatal chapter's titles name the patient a newborn ("Neonatal candidiasis", "... of newborn")
        expanded = f"{expanded} {newborn_band_words(original)} newborn neonatal"
    expanded = f"{expanded} {dominance(text, side)} {stroke_sequela(text) if system != 'ICD-10-PCS' else ''} " \
               f"{maternal_age_words(original) if pregnant else ''} " \
               f"{wound_matter(text) if system != 'ICD-10-PCS' and not describes_act(text) else ''}".strip()
    asks_history = bool(_ASKS_HISTORY.search(original))
    if (resolved_line(text) and not _HISTORY_LEAD.match(text)) or asks_history:
        expanded = f"{expanded} personal history of"
    if record == "newborn" and _BIRTH_TOLD.search(lowered) \
            and not re.search(r"\b(?:twins?|triplets?|quadruplets?|multiple birth)\b", lowered):
        expanded = f"{expanded} single liveborn infant"  # the newborn's own record opens with Z38 (guideline I.C.16.a)
    after = after_procedure(text) and system != "ICD-10-PCS"
    asked_roots, asked_words = asked_act(original)
    if describes_act(text) or system == "ICD-10-PCS":
        read = act_words(text)
        expanded = f"{expanded} {read}".strip()
        # what the note's words were read as doing names the root operation as much as its own words would
        other_roots |= (set(tokenize(read)) & ROOT_OPERATION_WORDS) - negated - ruled_out_roots
        for root in roots_not_done(text, read):
            expanded = re.sub(rf"\b{root}\b", " ", expanded)
            other_roots -= set(tokenize(root))
        if "chang" in tokenize(read):  # a tube swapped through its tract: the device's name ("gastrostomy") and
            other_roots = {"chang"}  # the balloon filled to hold it state no Bypass, Dilation or Drainage
        if "control bleeding" in read:  # Control has no device value: hemostatic clips are not a device left in
            expanded = re.sub(r"\bextraluminal device\b", " ", expanded)
        if asked_roots:
            other_roots = asked_roots  # "... PCS for the angioplasty?": the act asked for, among the note's several
    if after:
        expanded = f"{expanded} postprocedural following a procedure"
    present = bool(_DEVICE_PRESENT.search(lowered))
    if present:
        expanded = f"{expanded} presence of"
    # a procedure told only in the past is history: a status now, and no act to code
    told_before = (any(is_procedure_entry(e) for clause in past_clauses(text) for e in expand(clause)[1])
                   and not describes_act(without_past(text)))
    status = (any(_phrase_in(c, lowered) for c in STATUS_CUES) or after or present or told_before or asks_history
              or bool(_HISTORY_LEAD.match(text)))
    # a cancer treated and gone asks for its history code, whatever operation removed it
    act = (describes_act(without_planned(text)) and system != "ICD-10-CM" and not past and not after and not told_before
           and not _HISTORY_LEAD.match(text) and not (system is None and generic_ask(original)
                                                      and office_visit(original)))
    conclusion = "; ".join(c for c in (focus_text(text), hedged) if c)
    told = focus_text(original)  # the wrappers stripped above can hold the cue ("MRI confirms ...")
    if side == "Bilateral" and (conclusion or told):  # "left-sided weakness ... Diagnosis: infarct of the right MCA"
        side = detect_side(conclusion) or detect_side(told) or side
    if status and re.search(r"\b(?:replacement|arthroplasty|transplant\w*|implant\w*|prosthe\w*)\b", expanded, re.I) \
            and not re.search(r"\bamputat\w*|\b[ab]ka\b", lowered):
        expanded = expanded.replace("acquired absence", " ")  # a replaced part is present (Z96), not absent (Z89)
    return Query(
        text=original,
        mentions=mentions,
        expanded=expanded,
        # "both eyes" states what a title calls "bilateral", "no evidence of disease" a personal history: what
        # the words were read as counts as stated
        tokens=(set(tokenize(expanded)) | set(tokenize((side or "").lower()))
                | set(tokenize("personal history" if past else ""))) - negated,
        groups=[g for g, _, _ in sourced],
        coder_terms=[from_glossary for _, from_glossary, _ in sourced],
        typed=[typed for _, _, typed in sourced],
        negated=negated,
        negated_raw=[*ruled_out, "nondisplaced"] if displacement_unstated(text) else ruled_out,
        approach=("External" if other_roots == {"chang"} else removal.approach if removal
                  else given.approach if given else obstetric.approach or detect_approach(lowered)
                  or detect_approach_label(expanded_lower[len(lowered):])
                  # "EGD showed a bolus ... retrieved": the scope read as the test of a finding is still the way in
                  or (ENDOSCOPIC if describes_act(text) and _SCOPE_EXAM.search(original) else None)),
        side=side,
        diagnostic=diagnostic,
        look_only=look_only,
        other_roots=other_roots,
        encounter=encounter,
        open_fracture=open_fracture(text),
        open_type=open_type(text),
        intent=intent_of(text),
        # a venom, a fish toxin, a poisonous plant named alone ("ciguatera", "copperhead") is a toxic event too
        drug_event=drug_event(text) or any(_NATURAL_TOXIN.search(e.expansion) for e in hits),
        trimester=trimester_of(f"{text} {expanded}"),  # (a glossary reading may tell the pregnancy: "FGR", "GCT")
        period=period_of(text) if pregnant or _PUERPERIUM.search(text) else None,
        record=record,
        pregnant=pregnant,
        cm_words=bool(_CM_WORDS.search(original)) or record == "newborn"
        or bool(device_trouble(text) and not describes_act(without_planned(text))),
        past_cancer=past,
        focus=focus_tokens(original) | frozenset(tokenize(hedged)) | asked_words,
        asked_roots=frozenset(asked_roots),
        conclusion=expand(conclusion)[0] if conclusion else "",
        glossary_hits=hits,
        named_system=system or ("ICD-10-CM" if trouble else None),  # a device gone wrong is its complication
        extent=extent(original),
        act=act,
        title_act=act and act_leads(text),
        generic_ask=system is None and generic_ask(original),
        coronary=coronary,
        status=status,
        history_lead=bool(_HISTORY_LEAD.match(text)) or resolved_line(text),
        lay_task=lay_task(original, mentions),
        code_ask=code_asked(original),
        core_text=text,
        fetus=fetus_named(original),
        tables=(given.tables if given else ()) + obstetric.tables + ((removal.table,) if removal else ()),
        tables_asked=tables_asked(original),
        families=tuple(f for f in (dementia_family(original),) if f),
        tables_ruled_out=(given.ruled_out if given else frozenset()) | obstetric.ruled_out
        | (frozenset().union(*(insertion_tables(e.expansion) for e in hits)) if removal else frozenset()),
        procedure_cues=sum(1 for e in hits if is_procedure_entry(e) and not _phrase_in(e.term, ongoing))
        + len(set(tokenize(_ONGOING.sub(" ", text))) & (PROCEDURE_WORDS | ROOT_OPERATION_WORDS))
        + int(bool(approach_words(lowered))),
        diagnosis_cues=sum(diagnosis_weight(e.term, lowered) for e in hits if e.kind == "diagnosis")
        + sum(diagnosis_weight(c, lowered) for c in DIAGNOSIS_CUES if _phrase_in(c, lowered))
        + 2.0 * (status or past),
    )


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if len(w) > 1]
