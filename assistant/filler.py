"""Words that carry no coding content: exam and chart wrappers, names, ages, sexes.

A vignette ("Maria, a 45-year-old woman, is seen today for her well-controlled high blood
pressure. What is the correct code?") holds one concept; the rest must neither sink it to
"not found" nor pull codes of its own. Sex and age stay in the text the searches read (a
"male" breast code exists); they are only left out of what a code has to explain.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Whole wrapper phrases, removed before anything reads the question.
_WRAPPERS = re.compile(
    r"\b(?:what|which) (?:is|are|would be|should be) the (?:correct|appropriate|right|proper|best)?\s*"
    r"(?:icd-?10(?:-?(?:cm|pcs))?\s*)?(?:diagnosis |procedure )?codes?(?: assignment)?(?: for (?:this|the) "
    r"(?:encounter|visit|case|scenario|admission|procedure|diagnosis))?\s*\??"
    r"|\b(?:assign|select|report|provide|give|list) the (?:correct |appropriate |right )?(?:icd-?10(?:-?(?:cm|pcs))? )?"
    r"(?:diagnosis |procedure )?codes?(?:\(s\))?(?: for (?:this|the) (?:encounter|visit|case|scenario))?\s*\.?"
    r"|\bcode (?:this|the) (?:encounter|visit|case|scenario|diagnos[ie]s|procedure)\s*\.?"
    r"|\bhow (?:would|should|do) (?:you|i|we) code (?:this|it)\s*\??"
    # "Codes in order?", "Code in reporting order.": the order asked for is the answer's, not a word to match
    r"|\bcodes?(?:\(s\))? in (?:the )?(?:correct |proper |reporting |sequencing )?(?:order|sequence)\s*[.?]?"
    # "just need the weeks code" ("Need the code for the ileal biopsies" tells what it asks: kept)
    r"|\b(?:i |we )?(?:just|only) need (?:the|a|an)\b(?= [\w ]{0,30}\bcodes?\b(?! for))",
    re.I)
# A chart or form label opening the question ("Podiatry superbill:", "Claim line 2:", "Problem list (legacy
# format) for J. Reyes, 42:") says where the words were copied from; the diagnosis follows the colon. A few words
# at most before the label's noun, so a finding is never taken for a label. A diagnosis label ("Final dx:",
# "ED impression:") stays: it marks the story's conclusion (query.focus_text).
_LABEL = re.compile(
    r"(?:^|(?<=[.;]\s))\s*(?:[\w&/'-]+[ ,]+){0,4}?"
    r"(?:superbill|shorthand|(?:encounter |intake |order |requisition )?forms?|requisition|checkbox(?:es)?|"
    r"claim(?: lines?(?: \d+)?)?|(?:discharge )?summary|problem list|h&p|boxes checked)"
    r"(?:\s*\([^()]{0,40}\))?(?:,?\s+(?:for|of|re|on)\s+[^:.;?!\n]{0,30})?\s*:\s*", re.I)
# Where the visit happens ("Office visit for", "ED visit:", "Inpatient:") changes no diagnosis code (the
# uncertain-diagnosis rule reads the setting from the question as typed: assistant.uncertain).
_SETTING = re.compile(
    r"\b(?:office|clinic|outpatient|ed|er|emergency (?:department|room)|urgent care|telehealth|telemedicine|video|"
    r"walk-in|sick|same-day|nurse|lab|lab-only)\s+visit(?:\s+only)?(?:\s+(?:today|this morning))?\s*(?:for\b|:|-|,|$)"
    r"|^\s*(?:ed|er|inpatient|outpatient|clinic|office|urgent care|telehealth)\s*:", re.I)
# "Both tubes and ovaries were left in place", "the ureters were spared": parts the operation did not touch.
# (a parenthesis is its own clause: "right lobectomy (isthmus left intact) for a nodule" keeps its lobectomy)
_LEFT_ALONE = re.compile(r"\([^()]*?\b(?:left\s+(?:in\s+place|in\s+situ|intact|alone|undisturbed)|spared|not\s+"
                         r"(?:removed|resected|disturbed|touched))\b[^()]*\)"
                         r"|[^.;:,()]*\b(?:(?:were|was|are|is)\s+)?(?:left\s+(?:in\s+place|in\s+situ|intact|alone|"
                         r"undisturbed)|(?:were|was|are|is)\s+(?:spared|not\s+(?:removed|resected|disturbed|touched)))"
                         r"\b[^.;,()]*[.;]?", re.I)
# ... but a drain or tube "left in place" is a device put in: the Drainage Device of the code.
_LEFT_DEVICE = re.compile(
    r"\b(?:drains?|(?:chest|ng|g|j|peg|feeding|drainage|t|endotracheal|et|gastrostomy|nephrostomy|tracheostomy|ear|"
    r"pe|ventilation)[\s-]tubes?|catheters?|stents?|packing|sponges?|wires?|clips?|devices?|ports?|lines?|sutures?|"
    r"mesh|spacers?|implants?|seeds?|pins?)\b", re.I)
# "seen for first treatment today", "her first visit": which visit it is (read for the encounter from the question as
# typed); the word "first" would otherwise read as a first-degree burn or a first trimester.
_FIRST_VISIT = re.compile(r"\b(?:for |at |on )?(?:the |her |his |their |a )?first "
                          r"(?:ed |er |clinic |office |ortho |wound |urgent care |hospital )?"
                          r"(?:treatment|visit|encounter|evaluation|eval|presentation|time seen|seen)\b", re.I)
# "after failed EGD", "following an unsuccessful ERCP": an earlier attempt, not this procedure (nor its way in)
_FAILED_BEFORE = re.compile(r"\b(?:after|following|post|s/p)\s+(?:an?\s+|the\s+)?(?:failed|unsuccessful|nondiagnostic|"
                            r"non-diagnostic|prior|previous)\s+(?:attempts?\s+at\s+)?[\w-]+(?:\s+(?:and|or|/)\s+[\w-]+)?",
                            re.I)
# "No other services", "no other issues addressed": says only that nothing more is coded.
_NOTHING_ELSE = re.compile(r"\bno other (?:services?|procedures?|problems?|complaints?|issues?|concerns?)"
                           r"(?: (?:were |was )?(?:provided|performed|done|addressed|rendered|today))?\b", re.I)
# A procedure still to come ("wide excision planned", "surgery is scheduled") is not done: nothing to code.
_PLANNED = re.compile(
    r"\b(?:(?:wide|local|re-?|radiofrequency|elective|surgical)\s+)?(?:excision|surgery|resection|ablation|biopsy|"
    r"repair|procedure|operation|amputation|replacement|\w+ectomy|\w+plasty|\w+oscopy)\s+(?:is\s+|was\s+|are\s+|"
    r"will be\s+)?(?:planned|scheduled|recommended|to follow|pending)\b"
    # "scheduled for elective knee replacement", "planned for lap chole next week"
    r"|\b(?:scheduled|planned|booked|listed|referred|waitlisted|wait-listed) for (?:an? |the |elective |outpatient |"
    r"her |his |future )*(?:[\w-]+ ){0,3}?(?:excision|surgery|resection|ablation|repair|procedure|operation|"
    r"amputation|replacement|arthroplasty|\w+ectomy|\w+plasty|\w+oscopy|chole|appy|transplant\w*|tx|olt|ddkt|"
    r"ldlt|lt|kt)\b", re.I)
# An indication line that ends in the procedure it is sent for ("liver abscess 6 cm, for drain", "RUL nodule,
# growing, for CT bx", "ESRD, clotted AV graft for declot"): the procedure is still to come, the diagnosis is asked.
# (a question that names ICD-10-PCS keeps it, and "admitted for", "taken for" a procedure tell it was done)
_DONE_FOR = re.compile(r"\b(?:admitted|taken|brought|underwent|undergoes|went|came in|presents?|scheduled|planned)\s*$",
                       re.I)
_SENT_FOR = re.compile(
    r"(?:,|\s-+|;|\s)\s*(?:here |sent |referred |going |consulted |to ir |to or )?for (?:an? |the |possible |urgent |"
    r"emergent |elective |ir |perc |percutaneous |ct[- ]guided |us[- ]guided |ct |us |rescue |bedside |tunneled )*"
    r"(?:drain(?:age)?|chest tube|stent(?:ing)?|tips|embo(?:lization)?|venoplasty|angioplasty|bx|biopsy|"
    r"cryo(?:ablation)?|ablation|perc chole|pcn|ptbd|para(?:centesis)?|thoracentesis|declot|thrombectomy|pleurx|"
    r"port|picc|lva|kyphoplasty|vertebroplasty)(?: placement| eval(?:uation)?| consult)?\b(?=\s*(?:[,.;?)]|-|$))", re.I)
# Where the patient went after the visit ("Dispo: home with parent, handout given") codes nothing.
_DISPOSITION = re.compile(r"\bdispo(?:sition)?\s*[:\-\u2013]\s*[^.\n]*\.?", re.I)
_WHEN = r"(?:\s+(?:today|this morning|this afternoon|this evening|yesterday|again|now))?"
_WHERE = (r"(?:\s+(?:to|in|at) (?:the |his |her )?(?:office|clinic|practice|ed|er|emergency department|"
          r"emergency room|hospital|urgent care))?")
_NARRATIVE = re.compile(
    r"\b(?:the )?(?:patient|pt|physician|provider|doctor|dr|surgeon|nurse practitioner|clinician)"
    r"(?: (?:is|was|has been))? (?:documents?|documented|notes?|noted|diagnos(?:es|ed)|states?|records?|"
    r"seen|presents?|presented|comes? in|came in|returns?|returned|admitted|evaluated|treated|brought in)\b"
    + _WHEN + _WHERE + _WHEN +
    r"|\b(?:is|was) (?:seen|evaluated|admitted|brought in)\b" + _WHEN + _WHERE + _WHEN +
    r"|\b(?:presents?|presented|comes? in|came in|returns?|returned)\b" + _WHEN + _WHERE + _WHEN,
    re.I)
# A test named as the source of a finding ("CT shows ...", "biopsy confirms ...", "X-ray: ...") is how the
# diagnosis was made, not a procedure to code: the test and its verb go, the finding and its site stay.
_TEST = (r"(?:ct|cat scan|x-?rays?|radiographs?|films?|mri|mra|ultrasound|sonogram|duplex|doppler|emg/ncs|emg|ncs|"
         r"nerve conduction stud(?:y|ies)|"
         r"echo(?:cardiogram)?|ekg|ecg|eeg|imaging|angiograms?|angiography|biopsy|pathology|path report|labs?|"
         r"lab work|cultures?|urinalysis|swab|aspirate|antigen|pcr|assay|screen|tests?|testing|scan|exam|"
         r"examination|work-?up|stud(?:y|ies)|smear|panel|cxr|kub|mammogram|tte|tee|spirometry|pfts?|cbc|bmp|"
         r"cmp|a1c|hba1c|ua|troponins?|d-dimer|sestamibi|dexa|dxa|bone density|pap|lavage|bal|fna|cytology)")
# A scope or catheter finds too ("EGD shows an ulcer"), but "EGD:" heads an operative note: the scope is
# only dropped before a finding verb.
_SCOPE = r"(?:egd|\w+oscopy|cath|catheterization|lumbar puncture|lp)"
_TEST_WORD = r"(?:ed|er|core|needle|duplex|doppler|chest|plain|repeat|initial|stool|blood|urine|sputum|wound|" \
             r"tracheal|rapid|throat|nasal|skin|bone|lab|laboratory|office|excision|excisional|resection|surgical|" \
             r"bronchoalveolar|" \
             r"operative|frozen|section|specimen|final|the|his|her|a|an)"


def _listed(test: str) -> str:
    """One test, or several ("MRI and angiography", "CT/MRI")."""
    one = rf"(?:(?:{_TEST_WORD}|{test}) )*{test}"  # "chest x-ray", "CT angiography"
    return rf"{one}(?:(?:,? and|,| or|/) ?{one})*"


_TESTS, _FINDERS = _listed(_TEST), _listed(rf"(?:{_TEST}|{_SCOPE})")
_FOUND_BY = re.compile(
    rf"\b{_FINDERS}((?:,? (?!{_TEST}\b|{_SCOPE}\b)[\w'-]+){{0,8}}?) "
    r"(?:shows?|showed|showing|reveals?|revealed|revealing|confirms?|confirmed|confirming|demonstrates?|"
    r"demonstrated|grows?|grew|growing|returns? positive|"
    r"(?:is |was |are |were |comes? back |came back )?positive for|(?:is |was )?(?:consistent with|c/w))(?!\w)"
    rf"|\b{_TESTS}\s*:|\b(?:confirmed|diagnosed|seen|shown) (?:by|on) {_FINDERS}\b", re.I)
# Tests that found nothing ("ECG, telemetry and echo are all normal", "EGD and colonoscopy are unremarkable")
# are narration: the tests, whatever else they list, and the result all go.
_FOUND_NOTHING = re.compile(
    rf"\b(?:two |three |several |serial |repeat )?{_FINDERS}"
    r"(?:,? (?!shows?\b|showed|reveal|confirm|demonstrat|grows?\b|grew|positive|consistent|found)[\w'-]+){0,8}? "
    r"(?:is|are|was|were|comes? back|came back)"
    r"(?: all| both| each)? (?:normal|negative|unremarkable|clear|within normal limits|nondiagnostic)\b"
    rf"|\b{_TESTS}:? (?:normal|negative|unremarkable|clear|nondiagnostic)\b"  # "X-ray negative"
    # a test not yet done ("chest x-ray ordered", "cultures pending") is no procedure and no finding
    rf"|\b{_FINDERS} (?:is |are |was |were |has been |have been )?(?:ordered|pending|scheduled|planned|requested)\b",
    re.I)
# A test named beside a finding as its evidence ("osteoporosis (DEXA T-score -2.8)", "nodule on CT",
# "diverticulosis (colonoscopy)") is how it was found, not a procedure done.
_EVIDENCE = re.compile(rf"\((?=[^()]*\b{_FINDERS}\b)[^()]*\)|\b(?:on|per|by) (?:(?:the|a|an|his|her|pre-?op|pre op|"
                       rf"routine|screening|baseline|repeat|today'?s|admission|recent|outside|prior)\s+){{0,2}}"
                       rf"{_FINDERS}(?=\s*(?:[,;.)\-\u2013]|$))", re.I)
_AGE = re.compile(r"\b\d{1,3}[- ]?(?:year|yr|month|mo|week|wk|day)s?[- ]old\b|\b\d{1,3}\s?(?:y/?o|yo|y\.o\.)\b"
                  r"|\baged? \d{1,3}\b|\b\d{1,3}\s?(?-i:[MF])\b"  # "69F", "66 M"
                  # how much a smoker smokes ("1 ppd x 40 years", "35 pack-years") changes no code
                  r"|\b\d+(?:\.\d+)?\s*(?:ppd|packs? (?:per|a) day|pack[- ]years?)"
                  r"(?:\s*(?:x|for)\s*\d+\s*(?:years?|yrs?))?",
                  re.I)
# A vital sign's value ("fever 100.8", "BP 112/70", "HR 38", "SpO2 89%") is evidence for a diagnosis the note
# names; the sign's word stays (a "fever" is a finding) and the number, which no title holds, goes. Readings
# that need a value (blood pressure on an exam, glucose) read the question as typed.
_VITAL = re.compile(r"\b(fever|febrile|temp(?:erature)?|bp|blood pressure|hr|heart rate|pulse|rr|spo2|o2 sat|sats?)"
                    r"\s*(?:of|is|was|=|:|at|to|up to)?\s*\d{2,3}(?:\.\d+)?(?:\s*/\s*\d{2,3})?"
                    r"(?:\s*(?:%|°\s?[fc]|[fc]\b|bpm|mmhg)(?:\s+(?:on )?ra\b)?)?(?!\s*/)|\bt\s*\d{2,3}\.\d\b", re.I)
_TITLED_NAME = re.compile(r"\b(?:mr|mrs|ms|miss|dr)\.?\s+[A-Z][a-z'-]+\b")
# The vessel a catheter went in by is the route, not the body part treated ("via femoral artery access, a stent
# was placed in the LAD"): PCS codes the vessel treated, and the route says percutaneous (a cutdown: open).
# "Access: L radial", "6F femoral sheath", "access obtained in the right CFA" say the same.
_VESSEL = (r"(?:\d+\s*(?:f|fr|french)\s+)?(?:(?:right|left|r|l|rt|lt|bilateral|common|contralateral|ipsilateral)\s+)*"
           r"(?:femoral|radial|brachial|ulnar|pedal|(?:internal )?jugular|ij|subclavian|basilic|axillary|cephalic|cfa)")
_ACCESS = re.compile(
    rf"\b(?:via|through|using) (?:an? |the )?{_VESSEL}(?: artery| arterial| vein| venous)?"
    r"(?: access| approach| route| puncture| sheath| cutdown| stick)?\b"
    rf"|\b{_VESSEL}(?: artery| arterial| vein| venous)?(?: antegrade| retrograde)? (?:access|puncture|sheath|cutdown|"
    r"stick)\b"
    rf"|\baccess(?: (?:was|site))?(?: (?:obtained|gained))?(?:\s*:\s*|\s+(?:via|in|at|through|from)\s+|\s+)"
    rf"(?:the )?{_VESSEL}(?: artery| arterial| vein| venous)?\b(?! (?:was|were) (?:treated|stented|dilated))"
    r"|\btrans(?:femoral|radial|brachial|jugular)(?: access| approach| route)?\b"
    # "antegrade L CFA", "L CFA up-and-over", "contralateral up-and-over from the R CFA"
    r"|\b(?:antegrade|retrograde|up-and-over|up and over)\s+(?:(?:access|approach)\s+)?(?:from\s+|via\s+)?"
    rf"(?:the )?{_VESSEL}\b"
    rf"|\b{_VESSEL}(?: artery| arterial| vein| venous)?\s+(?:up-and-over|up and over|antegrade|retrograde)\b", re.I)

# A needle or catheter put in "through the abdominal wall" or "across the chest wall" names its way in, not the
# body part treated (a paracentesis drains the peritoneal cavity): the route reads as percutaneous.
_WALL_ROUTE = re.compile(
    r"\b(?:inserted|passed|introduced|advanced|placed|entered)\s+(?:percutaneously\s+)?(?:through|across|via)\s+"
    r"(?:the\s+)?(?:(?:anterior|lateral|posterior|left|right|lower|upper)\s+)*(?:abdominal|chest|thoracic)\s+wall\b",
    re.I)

_FRAME_TEXT = """
patient pt man woman male female boy girl gentleman lady teen teenager
adult elderly year years old month months week weeks day today yesterday seen visit visits office clinic
physician provider doctor dr documents documented notes noted states stated presents presented comes came
returns returned admitted evaluation evaluated reports reported complains complaining correct bill billed billing
appropriate assign scenario case question answer mr mrs ms his her he she they them their who which
well known inpatient outpatient undergoes underwent imageguided
pretty sure wondering confused quick thanks hi hello trainer coworker coworkers debate
superbill superbills shorthand checkbox requisition claim claims form forms order attending writes wrote
"""
# Words of a vignette's frame that no code title answers: left out of coverage, not out of search.
FRAME_WORDS = frozenset(_FRAME_TEXT.split())


# How well a chronic condition is controlled, or that it is stable, changes no code (diabetes told poorly
# controlled is read apart, as hyperglycemia: assistant.query.control_words); "stable angina" is a diagnosis.
_CONTROL = re.compile(
    r"\b(?:well|poorly|not well|inadequately|adequately|sub-?optimally|fairly|partially)[\s-]controlled\b"
    r"|\s[-\u2013,]\s*controlled\b(?=\s*(?:[,.;]|$))|\b(?:currently |clinically |hemodynamically )?stable\b(?! angina)",
    re.I)


def strip_wrappers(text: str) -> str:
    """The question without exam wrappers, chart narration, ages and titled names."""
    out = _LABEL.sub(" ", re.sub(r"[ \t]+", " ", text))
    if not re.search(r"\bpcs\b|\bicd-?10-?pcs\b|\bprocedure code", out, re.I):
        out = _SENT_FOR.sub(lambda m: m.group(0) if _DONE_FOR.search(m.string[max(0, m.start() - 30):m.start()])
                            else " ", out)
    out = _FIRST_VISIT.sub(" ", _FAILED_BEFORE.sub(" ", out))
    out = _PLANNED.sub(" ", _SETTING.sub(" ", _WRAPPERS.sub(" ", _DISPOSITION.sub(" ", out))))
    out = re.sub(r"\s+", " ", out)
    out = _LEFT_ALONE.sub(lambda m: m.group(0) if _LEFT_DEVICE.search(m.group(0)) else " ", _NOTHING_ELSE.sub(" ", out))
    out = _NARRATIVE.sub(" ", out)
    out = _FOUND_NOTHING.sub(" ", out)
    out = _FOUND_BY.sub(lambda m: f" {m.group(1) or ''} ", out)
    out = _AGE.sub(" ", out)
    out = _VITAL.sub(lambda m: f" {m.group(1) or ''} ", out)
    out = _CONTROL.sub(" ", out)
    out = _TITLED_NAME.sub(" ", out)
    # (a port's pocket is cut open whatever vein its catheter went in by)
    port = re.search(r"\b(?:port|reservoir)s?\b", out, re.I)
    out = _ACCESS.sub(lambda m: " open " if "cutdown" in m.group(0).lower() else " " if port else " percutaneous ",
                      out)
    out = _WALL_ROUTE.sub(" inserted percutaneously ", out)
    out = re.sub(r"\s+([,.;:?])", r"\1", re.sub(r"\s+", " ", out)).strip(" ,;:")
    return out if re.search(r"[A-Za-z0-9]", out) else text


# An order, referral or plan line ("CT head - headache, r/o bleed", "WPW - EP referral", "gout - on allopurinol")
# gives a diagnosis its context: the test ordered, where the patient is sent, the drug started. The diagnosis is
# what such a line asks to code, so a part that is only the order, referral or plan is read as context.
_ORDER_TEST = (r"(?:ct|cta|mri|mra|us|ultrasound|x-?ray|cxr|kub|echo|tte|tee|holter|event monitor|ekg|ecg|eeg|emg|"
               r"ncs|emg/ncs|mbs|fees|mammo(?:gram)?|dexa|dxa|labs?|troponins?|ua|cbc|bmp|cmp|a1c|fit|pfts?|"
               r"colonoscopy|egd|sleep study|stress test|urogram|duplex|doppler|angiogram|cath|biopsy)")
_ORDER_WORD = (r"(?:diagnostic|routine|repeat|annual|yearly|serial|surveillance|f/u|follow[- ]?up|stat|urgent|"
               r"bilat(?:eral)?|r|l|"
               r"right|left|upper|lower|extremit(?:y|ies)|head|neck|chest|abd(?:omen)?|pelvis|a/p|knee|hip|shoulder|"
               r"spine|brain|renal|w/o|w/|with|without|contrast|and|\+|&|/|\d+\s*(?:mo|months?|wks?|weeks?))")
# Set off by a dash only: a test ordered ("CT head - headache"; "Renal ultrasound, both kidneys" is a test's own
# title) and a drug the patient is on ("gout - on allopurinol"; "On warfarin, long term" is a status).
_ORDER_AFTER_DASH = re.compile(
    rf"(?:{_ORDER_WORD}\s*)*{_ORDER_TEST}(?:\s*(?:{_ORDER_WORD}|{_ORDER_TEST})(?:(?<=[/+&])|(?!\w)))*"
    r"|on (?!(?:[\w-]+ ){0,3}(?:dialysis|ventilator|oxygen|o2|insulin|anticoag\w*|chemo\w*)\b)[\w-]+(?: [\w-]+)?",
    re.I)
# Set off by any separator: where the patient is sent and what is started ("EP referral", "echo surveillance",
# "TKA eval", "cath lab activated", "start sertraline", "IV fluids"). A follow-up is not among them: it is the
# encounter an injury's 7th character names ("L hip fx f/u").
_ORDER_PART = re.compile(
    r"(?:[\w/'-]+\s+){0,3}(?:referral|consult|surveillance|eval(?:uation)?|activated)"
    r"(?: for (?:banding|surgery|injections?|management|eval\w*|\w+ectomy|\w+plasty|\w+oscopy))?"
    # (starting birth control is the visit's reason, Z30.01-, not an order beside a diagnosis)
    r"|(?:start(?:ed|ing)?|begin|began|continue[sd]?|cont|trial of|titrat\w+|increase[sd]?|recheck)"
    r"(?!\s+(?:on\s+)?(?:birth control|contracepti|ocps?\b|the pill|depo|prep\b|hiv prep))(?:\s+[\w/.-]+){0,3}"
    r"|(?:iv|po) (?:fluids|abx|antibiotics|hydration)|(?:[\w-]+\s+)?counseling(?: referral)?|admit(?:ted)?"
    r"|dispo\w* \w+",
    re.I)
_ORDER_SPLIT = re.compile(r"(\s+[-\u2013\u2014]+\s+|\s*;\s*|,\s*)")
_DASH = re.compile(r"\s+[-\u2013\u2014]+\s+")
_ORDER_LINE_WORDS = 25


_REFERRAL_LEAD = re.compile(r"^\s*(?:[\w/]+\s+)?(?:referral|referred|consult)\s+(?:to\s+[\w/]+(?:\s+[\w/]+)?\s+)?"
                            r"(?:for|re:?)\s+(?=\w)", re.I)


# After the diagnosis a problem line tells the plan: what is given, held, rechecked ("recheck TSH in 6 wks",
# "2 L LR bolus, encourage PO", "sevelamer 800 mg TID with meals", "hold 2 doses"). A part that opens on a plan
# verb, or names a dose and no act, is the plan, never the line's first part; "transfusion of 2 units" is an act.
_PLAN_VERB = re.compile(r"(?:start(?:ed|ing)?|continue[sd]?|cont|hold|held|recheck|re-check|repeat|give|given|"
                        r"encourage|"
                        r"monitor|trend|titrate|taper|resume[sd]?|increase[sd]?|decrease[sd]?|d/c|discontinue[sd]?|"
                        r"stop(?:ped)?|switch(?:ed)?|transition(?:ed)? to|plan|observe[sd]?)\b", re.I)
_DOSE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|g|gm|units?|u|l|ml|meq|mmol)\b(?!/)|\b(?:bid|tid|qid|qhs|prn|gtt|"
                   r"q\d+h|x\s?\d)\b", re.I)
_ACT_IN_PLAN = re.compile(r"\b(?:transfus\w*|infus\w*|inject\w*|administ\w*|chemo\w*|vaccin\w*|immuniz\w*|"
                          r"dialy\w*|ventilat\w*|intubat\w*|catheter\w*|biops\w*|surgery|\w+ectomy|\w+plasty)", re.I)
_PLAN_WORDS = 12


# A part that tells the condition's state with its drug ("in full remission on sertraline 100 mg", "controlled on
# metformin 500 bid") is the diagnosis's own detail, not a plan.
_STATE = re.compile(r"\b(?:remission|remitted|(?:un|well[- ]|poorly |not )?controlled|managed|relapse\w*|refractory)\b",
                    re.I)


# A drug told with its dose as given ("alteplase 2 mg instilled") was done, not planned.
_DONE = re.compile(r"\b(?:given|instilled|infused|administered|injected|pushed|hung|transfused)\b", re.I)


def _plan(part: str) -> bool:
    if len(part.split()) > _PLAN_WORDS or _ACT_IN_PLAN.search(part) or _STATE.search(part) or _DONE.search(part):
        return False
    return bool(_PLAN_VERB.match(part) or _DOSE.search(part))


def _context(parts: list[str], i: int) -> bool:
    part = parts[i].strip(" .?")
    dashed = any(0 <= j < len(parts) and _DASH.fullmatch(parts[j]) for j in (i - 1, i + 1))
    return bool(_ORDER_PART.fullmatch(part) or (dashed and _ORDER_AFTER_DASH.fullmatch(part)))


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"']?\s+|[\"']\s*$")


def _without_plan(part: str) -> str:
    """A plan part's own sentence dropped, with what follows it ("recheck TSH in 6 wks. Code it." keeps the ask)."""
    end = _SENTENCE_END.search(part)
    sentence, rest = (part[:end.start()], part[end.end():]) if end else (part, "")
    return rest.strip() if _plan(sentence.strip(" .?\"'")) else part


# "# Gallstone pancreatitis - lap chole prior to discharge": an assessment-and-plan header names its problem
# before the dash and plans after it, whatever the plan does.
_PROBLEM_HEADER = re.compile(r"^\s*(?:#\s*\d*[.):]?|\d{1,2}[.)])\s*(?P<problem>[A-Za-z][^#]*?)\s+[-\u2013\u2014]+\s+\S")


def problem_of_header(text: str) -> str | None:
    """The problem an assessment-and-plan line names ("#3 Acute osteomyelitis L great toe - podiatry eval",
    "4. Aspiration PNA - amp/sulbactam"), or None when the text is no such line."""
    header = _PROBLEM_HEADER.match(text)
    return header.group("problem").strip() if header else None


def without_orders(text: str) -> str:
    """A short order, referral or plan line without the parts that are only the order, referral or plan, and
    without the tests named as a finding's evidence (the caller keeps the text when what is left is an act)."""
    if problem := problem_of_header(text):
        return problem
    text = re.sub(r"\s+([,;.)])", r"\1", _EVIDENCE.sub(" ", text)).strip()
    if len(text.split()) <= _ORDER_LINE_WORDS and _ORDER_SPLIT.search(text):
        parts = _ORDER_SPLIT.split(text)
        kept = [parts[i].strip() if i == 0 else _without_plan(parts[i].strip())
                for i in range(0, len(parts), 2) if not _context(parts, i)]
        text = ", ".join(p for p in kept if p) if any(kept) else text
    return _REFERRAL_LEAD.sub("", text)


def likely_names(text: str, known: Callable[[str], bool]) -> set[str]:
    """Capitalised words that neither the code sets nor the glossary know ("Maria", "Okafor"): a
    person's name, not a concept. ``known`` says whether the index holds a lower-cased word."""
    names = set()
    for match in re.finditer(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z'-]{2,})\b", text):
        word = match.group(1).lower().strip("'-")
        if not known(word):
            names.add(word)
    for match in re.finditer(r"^\s*([A-Z][a-z'-]{2,})\b|[.?!]\s+([A-Z][a-z'-]{2,})\b", text):
        word = (match.group(1) or match.group(2)).lower().strip("'-")
        if not known(word):
            names.add(word)
    return names


# A closing ask that names nothing to code ("Code it.", "PCS?", "What is the correct code?", "Which ICD-10-CM
# code(s) should be reported?"): words of the task, not of the case; what the question means is searched without it.
_BARE_ASK = re.compile(
    r"(?:^|(?<=[.?!:;\"']))\s*(?:please\s+|pls\s+|so\s+|now\s+)?"
    r"(?:code (?:it|this|them|that)|code|codes|coding|(?:icd-?10-?)?(?:pcs|cm)(?: codes?)?|"
    r"icd-?10(?:-cm|-pcs)?(?: codes?)?|dx codes?|"
    r"(?:what|which) (?:is|are|would be|should be|will be) the (?:correct |appropriate |right |proper |best )?"
    r"(?:icd-?10(?:-cm|-pcs)? |pcs |cm |diagnosis |procedure )?codes?(?:\(s\))?(?: to (?:report|assign|use))?"
    r"|(?:what|which) (?:icd-?10(?:-cm|-pcs)? |pcs |cm |diagnosis |procedure )?codes?(?:\(s\))? "
    r"(?:should|would|do|does|"
    r"is|are)(?: (?:i|we|you))? (?:be )?(?:report(?:ed)?|assign(?:ed)?|use[ds]?|appl(?:y|ies))(?: here)?"
    r"|how (?:is|are|would|should) (?:this|it|these) (?:be )?coded"
    r"|(?:assign|report|select|provide|give|list) (?:the )?(?:correct |appropriate )?"
    r"(?:icd-?10(?:-cm|-pcs)? |pcs |cm )?"
    r"codes?(?:\(s\))?(?: in (?:the )?(?:correct )?order)?)\s*[.?!]+(?=\s|$)", re.I)


def without_asks(text: str) -> str:
    return re.sub(r"\s+", " ", _BARE_ASK.sub(" ", text)).strip()
