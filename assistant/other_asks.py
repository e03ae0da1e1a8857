"""Questions that ask for what ICD-10-CM and ICD-10-PCS cannot give: another code set's code or rule (CPT, HCPCS,
modifiers, SNOMED, ICD-9 or ICD-11, payment weights), or clinical advice with no code in it ("side effects of
amiodarone", "how is a lumbar puncture done").

Their words overlap the built-in sets' ("cpt for colonoscopy with snare polypectomy" matches a colonoscopy's PCS
codes well), so the found gate alone answers them with codes that are not what was asked. Unless a user source
answers, they get "not found in the sources": a coder asking for a CPT code must not take a PCS code for it.
"""

from __future__ import annotations

import re

# Another code set, a billing rule, a payment weight (a J-code "for" a drug: "which J code" is an ICD chapter)
_OTHER_SET = re.compile(
    r"\b(?:cpt(?! therapy)|hcpcs|j[ -]?codes? (?:for|of)|cdt codes?|icd-?9(?:-cm)?|icd-?11|icd-?10-?am|"
    r"icd-?o(?:-3)?|snomed(?:[- ]ct)?|loinc|rxnorm|rxcui|ndc (?:codes?|numbers?|units?)|rvus?|modifiers?|"
    r"hcc (?:weight|\d+|v2\d)|v2[48] hcc|apc (?:for|does|level)|what apc|"
    r"(?:ms-|apr-)?drg (?:weight|relative weight|gmlos|geometric|los)|apr-drg|e/?m level|place of service|"
    r"pos code|revenue codes?|gmlos|(?:ms-)?drg \d{3}|"
    # a risk model's categories and weights, a claim's place of service, Medicare's coverage rules and notices
    r"hccs? (?:in|under|for) v2\d|v2[48]|raf scores?|hcc coefficients?|what pos|pos (?:for|do)|"
    r"[nl]cds? (?:for|on|number)|coverage determination|abns? (?:required|needed|form)|an abn|"
    # a CPT or HCPCS code by its number, weighed against another or counted in units ("47562 or 47563", "units of
    # 97110", "J1100 dexamethasone units", "E0601 rental"; "E1165 or E1169" is two diagnoses)
    r"\d{5} (?:or|vs\.?|versus) \d{5}|units? of (?:[a-v])?\d{4,5}|"
    r"[a-v]\d{4} [a-z]+ units?|[a-v]\d{4} (?:rental|purchase)|level (?:of )?e/?m|anesthesia (?:crosswalk|base units)|"
    # what a payer pays or covers, an appeal, a lab's waiver, a claim's revenue code
    r"reimbursement (?:for|rate)|apc (?:payment|rate)|covered (?:by|under)|under the aca|"
    r"(?:medicare|medicaid|aetna|humana|cigna|uhc|unitedhealthcare|bcbs|blue cross|tricare|insurance|payers?|payors?) "
    r"(?:cover|covers|coverage|pay|pays|reimburse|reimburses)|appeal letter|clia|rev codes?|billed per|"
    # a claim's rules and money: modifiers told by their letters, a global period, prior authorisation, an EOB,
    # a rebill, what pays more; the dental, anaesthesia and risk-model code sets; an EHR's own how-to
    r"(?:rt|lt)(?:[ /,]+(?:rt|lt))?,? (?:or|vs\.?) 50|(?:59|xs|xu) (?:or|vs\.?) (?:59|xs|xu)|"
    r"global (?:days|period|surgical|ob|obstetric|maternity|package)|pre-?auth(?:orization)?|"
    r"(?:need|needs|require|requires|get an?|number for) (?:a )?prior auth|"
    r"prior auth(?:orization)?s? (?:for|requirements?|with|approved)|"
    r"eobs?|re-?bill(?:ed|ing)?|pays? (?:more|less)|dental codes?|asa (?:codes?|units?)|anesthesia codes?|"
    r"what(?:'s| is) an? apc|maps? to (?:an? )?hccs?|how many (?:symptoms|criteria)|"
    r"in (?:epic|cerner|meditech|athena(?:health)?|eclinicalworks|the ehr|the emr)|"
    # a denial's reason codes, the DRG's payment, how often a payer wants a condition documented
    r"(?:denial|adjustment|remark) (?:reason )?codes?|carc|rarc|co-\d{1,3}|drg payment|"
    r"change the (?:ms-)?drg|cc (?:vs\.?|versus|or) mcc|leading (?:query|queries)|query compliance|"
    r"functional limitation reporting|asa crosswalk|"
    # a drug's J code by its name and dose, a supply's Q code
    r"j[ -]?codes? (?:for )?[a-z][\w -]{2,30}? \d+\s*(?:mg|mcg|units?)?|"
    r"q[ -]?codes? for [\w -]{0,30}?(?:cast|splint|supplies|supply)|"
    r"(?:a |is it (?:a )?)covered (?:test|service|benefit)|"
    r"prior auth(?:orization)? (?:needed|required)|how often (?:does|do|should|must|can) (?:a |an |the )?"
    r"[\w -]{2,40}? (?:be )?(?:documented|billed|coded)|"
    # two services on one day, a quality program's definitions, a query's format
    r"(?:be )?billed (?:on )?(?:the )?same (?:day|date|visit|encounter)|hedis|nhsn|core measures?|star ratings?|"
    r"multiple[- ]choice quer(?:y|ies)|"
    # what the stay or the patient costs: a length of stay, a copay, a risk score's value, a DRG's shift, a
    # visit's level, a plan's coverage, what an operation reimburses, a CPT number's billing
    r"length of stay|los (?:report|data|benchmarks?)|co-?insurance|deductibles?|out[- ]of[- ]pocket|"
    r"raf (?:value|weight)s?|(?:ms-|apr-)?drgs? (?:for|changed|went|shifted|would|will|assigned)|what (?:ms-)?drg|"
    r"payment difference|level (?:\d )?(?:ed|er|office|clinic|e/?m) visits?|what level (?:ed|er|e/?m|of visit)|"
    r"open[- ]ended quer(?:y|ies)|open[- ]ended or|or open[- ]ended|"
    r"under (?:chip|medicaid|medicare advantage|medicare|the plan)|reimburses? (?:better|more|less)|base units?|"
    r"\d{5} (?:billable|payable)|"
    # a CPT number asked about on its own ("92928?", "66982 instead of 66984", "units for 64483"), a payment weight,
    # a modifier by its number, billing something apart, an appeal, a payer's frequency limit or Part's coverage
    r"(?<![\d.-])[0-9]\d{4}(?:-\d{2})?(?=\s*(?:[?,;]|$|instead|when|with|and|for|on|at|-|\b(?:vs|or|units?)\b))|"
    r"units? for (?:[a-v])?\d{4,5}|relative weights?|how many hccs|hccs? (?:and|vs\.?|versus|or) (?:ms-)?drgs?|"
    r"drgs? (?:and|vs\.?|versus|or) hccs?|mod(?:ifier)? ?\d{2}|(?:rt|lt)(?:[ /,]+(?:rt|lt))?,? (?:or|vs\.?) mod 50|"
    r"(?:need|needs|use|append|add) (?:a |the )?(?:59|xs|xu|xe|xp|25|gy|gz|kx|ga) (?:on|to|modifier)|"
    r"bill(?:ed|ing)? (?:\w+ ){0,3}separately|separately (?:billable|reportable)|both bill|"
    r"bill(?:ing)? (?:for )?critical care|requirements? (?:for|to) bill(?:ing)?|"
    r"face[- ]to[- ]face (?:requirements?|timing)|"
    r"to appeal|appeal(?:ing)? (?:a|an|the|this|our) (?:\w+ )?(?:denial|denied|claim)|"
    r"freq\w* limits?|part [abd] (?:cover|covers|pay|pays)|(?:or|vs\.?) part [abd]|"
    r"asa (?:class|classification|status)|"
    r"is (?:that|this|it) (?:a )?leading|can (?:i|we) query)\b", re.I)
# ... unless the question asks for the ICD-10 code as well ("CPT 27447 and the ICD-10-PCS for it")
_ICD_ASKED = re.compile(
    r"(?<!not )(?:\bicd-?10|\bicd10|\bpcs\b|\bicd\b(?!-?9|-?11|-?o)|\b(?:dx|diagnosis|cm) codes?\b)", re.I)
# Clinical advice: how an act is done, a drug's effects or dose, a disease's outlook or treatment, anatomy
_ADVICE = re.compile(
    r"\bhow (?:is|are|do you|does one|to) (?:a |an |the )?[\w /-]{2,40}? "
    r"(?:performed|done|treated|managed|diagnosed)\b|"
    r"\bside effects of\b|\bprognosis (?:for|of)\b|"
    r"\b(?<!meeting )(?<!meets )(?<!full )criteria for\b|\bantidote (?:for|to)\b|"
    r"\b(?:first[- ]line|best|recommended) (?:treatment|therapy|management|antibiotics?|abx|drugs?|meds?)\b|"
    r"\bwhat (?:are|is) the branches of\b|\bcan (?:you|i|he|she|we|they) (?:take|mix|combine|drink|eat)\b|"
    r"\b(?:when )?(?:do|should|must) (?:we|i|you) (?:have to |need to )?(?:hold|stop|start|restart)\b|"
    # a dose for a patient, the drugs that treat, which of two is better, whether it hurts
    r"\b(?:dose|dosing) for (?:a|an|my|the|this)\b|"
    r"\bwhat (?:antibiotics?|abx|drugs?|meds?|medications?) (?:treats?|cures?|helps?|works?|covers?)\b|"
    r"\bwhich is better\b|\bbest (?:position|way to|exercises?|diet)\b|"
    r"\b(?:is|are) (?:a |an |the )?[\w -]{2,30}? (?:painfull?|worse for|better for)\b|"
    r"\bdoes (?:a |an |the )?[\w -]{2,30}? hurt\b|"
    r"\b(?:inr target|max(?:imum)? (?:dose|rate|infusion rate)|normal range|reference range)\b|\blikely to pass\b|"
    r"\bwhat stretches\b|"
    r"\bexplain what\b|\bwhat vaccines\b|\bstep by step\b|\bpathophysiology\b|"
    r"\bwhat are (?:the )?(?:signs and symptoms|symptoms|signs) of\b|"
    r"\bshould i (?:go|see|call|worry|be worried)\b|"
    # what a drug is for, how two tests differ, what a value means, a score's scoring, what to tell a patient
    r"\bwhat is (?:\w+ ){1,2}used for\b|\bhow is (?:an? |the )?[\w -]{2,30}? different from\b|"
    r"\bin simple terms\b|\bfor a patient handout\b|\bwhat to expect\b|\bwatch for\b|"
    r"\b(?:therapeutic|target) range\b|\bwhat does (?:it|that|this) mean clinically\b|"
    r"\bcan you (?:get|catch|have) [\w -]{2,30}? (?:twice|again)\b|\bthreshold\b|"
    r"\bnormal (?:oxygen saturation|o2 sats?|sats?|blood pressure|bp|heart rate|pulse)\b|"
    r"\bwhat (?:nerve|artery|vein|muscle|bone) (?:gets|is|does)\b|\bhow is (?:it|that|this) scored\b|"
    r"\bwhat (?:do|should) i tell (?:her|him|them|the (?:patient|pt|family))\b|"
    r"\bwhich way (?:do|should) (?:you|i|we)\b|\bcan you diagnose\b|"
    # an outlook, a rate, a risk, a price, what a disease is, whether it hurts, how the practice runs
    r"\b(?:mortality|survival|recurrence|success|failure|complication|cure|readmission) rates?\b|"
    r"\blife expectancy\b|\bhalf[- ]life\b|\brisks (?:of|after|with|from)\b|\brisk after\b|"
    r"\bwhat(?:'s| is) the risk\b|\bchances? of (?:getting|having|dying|surviving|recovery)\b|"
    r"\bwhat is [\w' -]{2,30}? exactly\b|\bhow painful\b|\blong[- ]term effects of\b|"
    r"\bdifference between (?:type|a|an|the)\b|\b(?:more|less) (?:often|common|commonly) than\b|"
    r"\bhow much (?:does|do|will|is)\b|\bcosts?\b|\bprognosis (?:for|of|in|with|stage|after)\b|^\W*prognosis\b|"
    r"\b(?:therapeutic|target|goal) (?:inr|level|trough)\b|"
    r"\b(?:considered|count as) (?:a )?(?:major|minor) (?:surgery|procedure)\b|"
    r"\bok (?:to|for (?:him|her|them|me) to) (?:take|mix|combine|stop|start)\b|\bbetter than (?:staying on )?meds\b|"
    # a score worked out, a lab value's meaning, a drug's dose, a regimen, who qualifies, a clinical definition
    r"\bhow (?:do (?:you|i|we) |to )calculate\b|\bwhat (?:\w+ ){0,3}counts? as\b|"
    r"\bcriteria (?:vs\.?|versus)\b|"
    r"\bis (?:that|this|it) (?:considered )?(?:normal|high|low)\b|^\W*normal [\w -]{2,25}\?|"
    r"\b(?:what(?:'s| is) (?:a )?)normal\b|"
    r"\b(?:dose|dosing|dosage) for [\w ]{0,30}?(?:child|kid|adult|infant|\d+ ?kg)\b|"
    r"\btaper (?:for|schedule|regimen)\b|"
    r"\bsafe (?:antibiotics?|abx|drugs?|meds?|medications?|to (?:take|give|use))\b|\bcurable\b|\bcontagious\b|"
    r"\bwho (?:qualifies|is eligible|are eligible)\b|\bclinical definition\b|\bequianalgesic\b|"
    r"\bconversion (?:ratio|factor|table|chart)\b|\b\w+ to \w+ (?:iv |po )?conversion\b|"
    r"\b(?:mean|means|difference)\b[^?.]{0,60}\bclinically\b|"
    r"\b(?:therapeutic|target|goal) \w+ (?:level|range|trough)\b|"
    # how long a recovery or a drug lasts, a starting or target dose, which drug treats, what a nerve supplies,
    # two drugs taken together, a care bundle, how to word a query without leading
    r"\bhow (?:long|soon) (?:before|until|till) (?:she|he|they|i|we|the patient|the pt|pt|patient|my \w+) "
    r"(?:can|could|should|is able)\b|"
    r"\bhow long (?:do|does|will|should|would|must) (?:\w+ ){1,3}(?:stay|be|remain|continue|need to be) on\b|"
    r"\b(?:starting|usual|typical|initial|loading) (?:rate|dose|dosing)\b|"
    r"\bwhat dose\b|\bhow many days of (?:antibiotics?|abx|iv abx|treatment)\b|"
    r"\bwhat does (?:the )?[\w -]{2,20}? innervate\b|"
    r"\bwhich [\w-]{2,20} is best\b|\b(?:together|combined) (?:dangerous|safe|ok)\b|"
    r"\b(?:dangerous|safe) together\b|\b\d[- ]hour bundle\b|\bsep-?1 bundle\b|"
    r"\b(?:trough|inr|a1c|ldl|bp|blood pressure) targets?\b|"
    r"\b(?:what|which) (?:antibiotics?|abx|drugs?|meds?|medications?) (?:for|to (?:use|give|start)|is best)\b|"
    r"\bwhich (?:nerve|artery|vein|muscle|bone) (?:gets|is|does)\b|"
    r"\bwithout (?:leading|suggesting)\b|"
    # which drug a patient should be on, a drug's safety with a condition, an equivalent dose, a screening's start
    # or interval, a test's gold standard, a premedication, a care bundle's checklist, the parts of an organ
    r"\bshould (?:he|she|they|i|we|the (?:pt|patient)) be on\b|"
    r"\bis [\w -]{2,25}? (?:ok|okay|safe) (?:with|in|for)\b|\bok to (?:give|continue|restart|hold)\b|"
    r"\bequivalent dos(?:e|es|ing)\b|\btarget (?:ldl|a1c|inr|bp|blood pressure|hgb|hemoglobin|trough)\b|"
    r"\b(?:screening|surveillance|repeat|follow-?up|recall) intervals?\b|\binterval (?:for|after|between)\b|"
    r"\bwhen should (?:\w+ ){1,8}(?:start|begin|stop|repeat|resume)\b|\bgold standard\b|\bwhich criteria\b|"
    r"\bpremed(?:ication)? (?:protocol|regimen)\b|\b(?:bundle|prevention) checklist\b|"
    r"\bwhat are the (?:\w+ )?(?:chambers|layers|lobes|parts|bones|muscles|valves) of\b|"
    # something to write: a note, a query, a letter
    r"\b(?:write|draft|compose) (?:me )?(?:a|an|my|the) (?:soap note|note|letter|physician query|query|appeal|"
    r"email|handout|summary)\b", re.I)
# "just the clinical description, not codes": no code wanted, whatever else the question names
_NO_CODE = re.compile(r"\b(?:not|no|without|don'?t need)(?: the| any)? codes\b|"
                      r"\bnot asking (?:for )?(?:a |the |any )?codes?\b|\bno codes? needed\b", re.I)
# a code named ("E11.65", "0DTJ4ZZ"): the question is about codes, whatever it asks of them
_CODE_NAMED = re.compile(r"\b[A-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}\b|\b\d[0-9A-HJ-NP-Z]{6}\b")
# ... said of a question that asks no code ("side effects of amiodarone, what's the T code" asks one)
_CODE_WORD = re.compile(r"\bcod(?:e|es|ed|ing)\b|\bicd|\bpcs\b|\bdx\b|\bassign|\bbill|\bclaim|\bsequenc", re.I)
ADVICE_WORDS = 30  # a longer text is a record to code, whatever it says along the way


def asks_other_set(text: str) -> bool:
    """Whether the question asks for another code set's code or a billing rule, and not for ICD-10 too."""
    return bool(_OTHER_SET.search(text)) and not _ICD_ASKED.search(text)


def asks_advice(text: str) -> bool:
    """Whether a short question asks for clinical advice and no code."""
    if _CODE_NAMED.search(text):
        return False
    return len(text.split()) <= ADVICE_WORDS and (bool(_NO_CODE.search(text)) or (
        bool(_ADVICE.search(text)) and not _CODE_WORD.search(text)))


def asks_beyond_sources(text: str) -> bool:
    return asks_other_set(text) or asks_advice(text)
