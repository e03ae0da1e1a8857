"""What a substance given was, and where it went: the Administration section's axes.

An Introduction code (3E0) is built from the body system the substance went into (a peripheral or a central
vein, the spinal canal, a joint, the bladder ...) and the substance's class as the section names it
("Other Anti-infective", "Vasopressor"); a Transfusion (302) from the vein and the blood product. Nurses and
pharmacists name neither: they write the drug ("Levophed gtt via TLC") and the line ("20g PIV", "via the
PICC"). This reads those words into the section's own, for a question that tells a substance given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.glossary import Entry

# The section's substance values, from the words a drug reads as (the glossary's drug classes and names).
# Earlier rows win: a checkpoint inhibitor is a monoclonal antibody before it is an antineoplastic.
SUBSTANCES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), words) for p, words in (
    # an antibody given for an immune, nerve or blood disease is the section's Other Therapeutic Monoclonal
    # Antibody, not a cancer drug
    (r"\b(?:infliximab|remicade|inflectra|renflexis|ocrelizumab|ocrevus|natalizumab|tysabri|vedolizumab|entyvio|"
     r"tocilizumab|actemra|eculizumab|soliris|ravulizumab|ultomiris|golimumab|simponi|ustekinumab|stelara|"
     r"omalizumab|xolair|mepolizumab|nucala|benralizumab|fasenra|belimumab|benlysta|anifrolumab|saphnelo|"
     r"alemtuzumab|lemtrada|teprotumumab|tepezza|lecanemab|leqembi|certolizumab|cimzia|risankizumab|skyrizi|"
     r"guselkumab|tremfya|secukinumab|cosentyx)\b", "other therapeutic monoclonal antibody"),
    (r"\bcheckpoint inhibitor|\b(?:rituximab|rituxan|keytruda|pembrolizumab|opdivo|nivolumab|herceptin|"
     r"trastuzumab|avastin|bevacizumab|daratumumab|darzalex|cetuximab)\b", "antineoplastic monoclonal antibody"),
    # an induction agent against rejection is the section's Immunosuppressive, before any "-mab"
    (r"\bthymoglobulin|\bantithymocyte|\batg\b|\bbasiliximab|\bsimulect|\bbelatacept|\bnulojix",
     "immunosuppressive"),
    (r"\b\w+mab\b", "antineoplastic monoclonal antibody"),
    # drug-name stems: -rubicin, -platin, -taxel, -tinib, -citabine ... are antineoplastics
    (r"\bantineoplastic|\bchemo(?:therapy)?\b|\bfulvestrant|\bfaslodex|\bdegarelix|\bfirmagon|\bcytotoxic|\bhidac\b|\b(?:mito|bleo|dactino)mycin\b|\b\w+(?:rubicin|platin|taxel|tinib|citabine|"
     r"arabine|fosfamide|mustine|poside|tecan|blastine|cristine|trexate|fluorouracil|zomib)\b|\bvelcade|\bkyprolis",
     "antineoplastic"),
    (r"\boxazolidinone|\blinezolid|\bzyvox", "oxazolidinones"),
    # an antidote has no class of its own in the section: Other Therapeutic Substance
    (r"\bnaloxone|\bnarcan|\bflumazenil|\bfomepizole|\bn-?acetylcysteine|\bacetylcysteine|\bmucomyst|"
     r"\b(?:activated )?charcoal|\bmethylene blue|\bhydroxocobalamin|\bcyanokit|\bphysostigmine|\bpralidoxime|"
     r"\bdigifab|\bdigibind|\bdeferoxamine|"
     # a bisphosphonate, an iron infusion, an antisense drug: no class of their own either
     r"\bzoledronic|\bzometa|\breclast|\bpamidronate|\baredia|\bibandronate|\biron sucrose|\bvenofer|"
     r"\bferumoxytol|\bferaheme|\bferric carboxymaltose|\binjectafer|\biron dextran|\binfed\b|\bferrlecit|"
     r"\bnusinersen|\bspinraza|\bpatisiran|\bonpattro|\btrilaciclib|\bcosela|\bdmso\b|\bdimethyl sulfoxide",
     "other therapeutic substance"),
    (r"\bantibiotic|\banti-?infective|\bantifungal|\bantiviral|\bantibacterial|\bantimicrobial|\babx\b|"
     r"\b\w+(?:cillin|mycin|micin|floxacin|cycline|penem|bactam)\b|\bcef\w+|\bceph\w+|\brocephin|\bancef|"
     r"\bvanco\w*|\bzosyn|\bunasyn|\bflagyl|\bmetronidazole|\blevaquin|\bbactrim", "anti-infective"),
    (r"\bthrombolytic|\bfibrinolysis|\btpa\b|\balteplase|\btenecteplase|\bactivase|\btnk(?:ase)?\b",
     "thrombolytic"),
    (r"\binsulin", "insulin"),
    (r"\boxytoc|\bpitocin", "hormone"),
    (r"\bvasopressor|\bpressors?\b|\blevophed|\bnorepinephrine|\bnorepi\b|\bvasopressin|\bphenylephrine|"
     r"\bneo-?synephrine", "vasopressor"),
    (r"\bantidysrhythmic|\bantiarrhythmic", "antiarrhythmic"),
    (r"\bglucocorticoid|\bcorticosteroid|\bsteroids?\b|\bsolu-?medrol|\bmethylpred\w*|\bsolu-?cortef|"
     r"\bhydrocortisone|\bdexamethasone|\bdecadron", "anti-inflammatory"),
    (r"\bvaccin|\btoxoid|\bimmuni[sz]ation|\bantiven\w+|\bcrofab\b|\banavip\b|\bantitoxin|\b(?:mmrv?|dtap|tdap|ipv|pcv\d*|hib|gardasil|prevnar|pneumovax|rotateq|"
     r"rotarix|shingrix|flu shot|flu vax)\b", "serum toxoid and vaccine"),
    (r"\blocal anesthetic|\bnerve block|\bplexus block|\b(?:bupi|ropi|lido|mepi|chloropro)vacaine|\bmarcaine|"
     r"\bnaropin", "anesthetic agent"),
    (r"\bopioid|\bnarcotic|\bbenzodiazepine|\bsedative|\banalgesic|\bgeneral anesthetic|\bfentanyl|\bmorphine|"
     r"\bhydromorphone|\bdilaudid",
     "analgesics hypnotics sedatives"),
    (r"\belectrolyt|\bwater-balance|\bpotassium\b|\bkcl\b|\bmagnesium\b|\bmag sulfate|\bmgso4|\bnormal saline|"
     r"\bivf\b|\bfluid bolus|\b(?:iv )?hydration\b|"
     r"\b(?:ns|lr|d5w|d5ns|lactated ringers?)\s+(?:\d|bolus|@|at\b|infusion|wide open)",
     "electrolytic and water balance substance"),
    (r"\bnutrition|\btpn\b|\bppn\b|\btube feed|\benteral feed|\bfeeds\b", "nutritional substance"),
    (r"\bplatelet inhibitor|\bantiplatelet|\beptifibatide|\bintegrilin|\bcangrelor", "platelet inhibitor"),
))

# Blood and its products go by Transfusion (302), coded to the vein they ran into.
_BLOOD = re.compile(r"\btransfus\w*|\bp?rbcs?\b|\bpacked (?:red )?cells\b|\bred (?:blood )?cells\b|"
                    r"\bplatelets?\b|\bplts?\b|\bffp\b|\bplasma\b(?!\s*(?:exchange|pheresis))|\bcryo\w*|"
                    r"\bwhole blood\b|\balbumin\b|\bfibrinogen\b|"
                    r"\bfactor (?:viii|ix|vii|8|9|7)\b|\bstem cells?\b|\bpbsc\b|\bivig\b|\bimmune globulin\b", re.I)

# Where the substance went: (the route words, the section's body system, its 3E0 table, its 302 table). A needle
# or a line in a vessel, a joint or a cavity is the Percutaneous approach; a tube through the nose, the mouth or
# the urethra is Via Natural or Artificial Opening (APPROACHES).
SITES: tuple[tuple[re.Pattern[str], str, str, str], ...] = tuple((re.compile(p, re.I), *rest) for p, *rest in (
    # a central line's tip lies in a central vein, however it went in (a PICC goes in at the arm)
    (r"\b(?:picc|cvc|tlc|triple[- ]lumen|port-?a-?cath|portacath|mediport|hickman|broviac|"
     r"(?:via|through|thru|into) (?:(?:the|his|her|a|an|existing|implanted|indwelling|r|l|right|left|chest|power)"
     r"\s+){0,3}port|accessed (?:(?:the|his|her|a|an|r|l|right|left|chest|power|implanted)\s+){0,3}port|"
     r"port (?=(?:was )?(?:flushed|accessed|sluggish|occluded|with no blood return|no blood return))|"
     r"tunn?ell?ed (?:line|catheter|cvc)|central(?: venous)? (?:line|catheter|access)|ij (?:line|cvc|catheter)|"
     r"r ij|l ij|(?:right|left) ij|(?:subclavian|femoral|internal jugular) (?:line|cvc|catheter|cordis|"
     r"central line)|cordis|trialysis|quinton)\b", "central vein", "3E04", "3024"),
    (r"\b(?:intrathecal\w*|it chemo|via (?:an |the )?lp|via lumbar puncture)\b", "spinal canal", "3E0R", ""),
    # an epidural the patient was under is the anesthesia of another act, not a substance asked about
    (r"(?<!under )(?<!under an )(?<!with )(?<!with an )\bepidural\b(?! (?:anesthesia|analgesia|catheter in place))",
     "epidural space", "3E0S", ""),
    (r"\b(?:intraventricular\w*|ommaya|via (?:the |an )?evd)\b", "cranial cavity and brain", "3E0Q", ""),
    (r"\b(?:intra-?articular\w*|into (?:the )?(?:\w+ ){0,2}(?:knee|shoulder|hip|ankle|elbow|wrist)(?: joint)?)\b",
     "joints", "3E0U", ""),
    (r"\b(?:intraperitoneal\w*|dialysate|into (?:the )?peritone\w*)\b", "peritoneal cavity", "3E0M", ""),
    (r"\b(?:intrapleural\w*|via (?:the |a |his |her )?(?:r |l |right |left )?chest tube|into (?:the )?pleural)\b",
     "pleural cavity", "3E0L", ""),
    (r"\b(?:intravesical\w*|into (?:the )?bladder|bladder instillation)\b", "genitourinary tract", "3E0K", ""),
    (r"\b(?:via (?:the |an |existing |his |her )?(?:ng|og|ngt|peg|g-?tube|gt|j-?tube|dobhoff|feeding tube|"
     r"nasogastric tube)|per tube|tube feed\w*)\b", "upper gi", "3E0G", ""),
    (r"\b(?:via (?:the )?(?:ett|endotracheal tube|vent(?:ilator)? circuit|trach)|inhaled|nebuli[sz]ed)\b",
     "respiratory tract", "3E0F", ""),
    # an injection into the eye ("intravitreal Eylea OS", "intracameral moxifloxacin") goes into the Eye
    (r"\b(?:intravitreal\w*|intracameral\w*|into (?:the )?vitreous|sub-?tenons?\b|intraocular(?! lens))\b",
     "eye", "3E0C", ""),
    (r"\b(?:subq|sub-?q|subcut|subcutaneously|sq|sc|subcutaneous (?:injection|inj|route|dose))\b",
     "subcutaneous tissue", "3E01", ""),
    (r"\b(?:im|intramuscular\w*)\b", "muscle", "3E02", ""),
    (r"\b(?:piv|peripheral (?:iv|line|vein|access)|(?:1[4-9]|2[0-4]) ?(?:g|ga|gauge)\b|"
     r"(?:l|r|left|right) ac\b|antecubital|(?<!stage )(?<!grade )(?<!class )(?<!type )(?<!ckd )(?<!cn )iv|"
     r"intravenous\w*|ivpb|gtt|drip)\b",
     "peripheral vein", "3E03", "3023"),
))

# Words that tell a substance given now (not "on insulin", which is a status the question reads elsewhere).
_GIVEN = re.compile(r"\b(?:given|gave|giving|administ\w*|infus\w*|inject\w*|instill\w*|hung|drip|gtt|bolus|push|"
                    r"ivpb|transfus\w*|started|initiated|via|into|through|thru|dose|dosing|titrated|instillation|"
                    r"intravitreal|intracameral)\b", re.I)
# A cancer drug or a vaccine told with its dose and route ("Bortezomib 1.3 mg/m2 subQ abd") was given: nobody
# writes a chemotherapy's dose and route as a status (a daily drug's, "Lantus 20 units subq", is one).
_GIVEN_BY_DOSE = {"antineoplastic", "antineoplastic monoclonal antibody", "serum toxoid and vaccine"}
_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|g|units?|mg/m2|mg/kg|ml|gm|l|liters?)\b", re.I)
# Any drug told with its dose and route was given, unless the words tell a standing medication ("on Lantus 20
# units subq", "home med", "daily")
_STANDING = re.compile(r"\b(?:on|takes|taking|home meds?|daily|qd|bid|tid|qhs|nightly|at home|chronic|"
                       r"long[- ]term|maintained on|prescribed)\b", re.I)
# A substance denied or held ("No steroid injected", "heparin held") was not given.
_NOT_GIVEN = re.compile(r"\b(?:no|not|without|never|held|holding|declined|refused|deferred)\b[^.;,]*", re.I)
_NEW_TECHNOLOGY = {"3E03": "XW03", "3E04": "XW04", "3023": "XW13", "3024": "XW14"}
_OPENING = {"upper gi", "respiratory tract", "genitourinary tract"}
# A line or tube the substance went through was there already: "via the PICC" inserts nothing.
_ROUTE_DEVICE = re.compile(r"\b(?:via|through|thru|per|accessed)\s+(?:the\s+|an?\s+|existing\s+|his\s+|her\s+|"
                           r"(?:r|l|right|left)\s+)*(?:\w+\s+){0,2}?(picc|cvc|tlc|port|ng|og|ngt|peg|g-?tube|gt|j-?tube|"
                           r"dobhoff|(?:feeding |chest )?tube|line|catheter|foley|ett|trach|evd|ommaya|lumen|avf|avg|"
                           r"(?:av )?fistula|(?:av )?graft|permcath|quinton|trialysis|cannulas?)\b", re.I)
_DEVICE_IN_USE = re.compile(r"\b(port|picc|cvc|line|catheter|hickman|mediport)\s+(?:was\s+)?(?:flushed|accessed|"
                            r"de-?accessed|sluggish|occluded|with no blood return|no blood return)\b", re.I)
_PLACED = re.compile(r"\b(?:placed|placement|inserted|insertion|put in|exchanged|replaced|new)\b", re.I)
_VEINS = {"peripheral vein": ("central vein", "3E04", "3024"), "central vein": ("peripheral vein", "3E03", "3023")}


@dataclass(frozen=True)
class Given:
    """A substance given, as the section reads it."""

    words: str  # the section's substance, body system and approach words, and the table
    approach: str  # the approach the route is: a needle or a line, or a tube through an opening
    drop: tuple[str, ...]  # words the question's terms offered that the route rules out
    tables: tuple[str, ...] = ()  # the section's table the substance and the route name (3E04, 3023)
    ruled_out: frozenset[str] = frozenset()  # the other vein's tables, which a row such as "chemo" offers


def substance(expanded: str) -> str:
    """The section's substance value the drug words read as; "" when none."""
    return next((words for pattern, words in SUBSTANCES if pattern.search(expanded)), "")


def site(text: str) -> tuple[str, str, str] | None:
    """(body system, 3E0 table, 302 table) of the route the text tells; None when it tells none."""
    return next(((words, intro, blood) for pattern, words, intro, blood in SITES if pattern.search(text)), None)


def given_substance(text: str, terms: list[Entry]) -> Given | None:
    """The substance ``text`` tells as given and where it went (``terms``: the glossary entries its words
    read as, which give a drug's class); None when it tells no substance given."""
    text = _NOT_GIVEN.sub(" ", text)  # "no steroid injected"
    where = site(text)
    if where is None:
        return None
    body, intro, blood = where
    named = [e for e in terms if e.term.lower() in text.lower()]
    # a drug the section has no class for ("baclofen", "DNase") is its Other Therapeutic Substance
    given = substance(" ".join([text, *(e.expansion for e in named)])) or (
        "other therapeutic substance" if any(e.kind == "drug" for e in named) else "")
    if not _GIVEN.search(text) and not (_DOSE.search(text) and (given in _GIVEN_BY_DOSE or not _STANDING.search(text))):
        return None
    if body == "eye" and "monoclonal" in given:
        given = "other therapeutic substance"  # an anti-VEGF antibody in the eye treats the retina, not a cancer
    transfused = bool(_BLOOD.search(text))
    if not given and not (transfused and blood):
        return None
    drop: list[str] = []
    ruled_out: frozenset[str] = frozenset()
    if body in _VEINS:
        other, *other_tables = _VEINS[body]
        drop.append(other)
        ruled_out = frozenset(other_tables)
    drop.extend(through_device(text, terms))
    way = "Via Natural or Artificial Opening" if body in _OPENING else "Percutaneous"
    table = blood if transfused and blood else intro
    # a drug with a new-technology code of its own ("Remdesivir Anti-infective", "Caplacizumab") is found by
    # its name in that table's titles beside the section's own
    tables = (table, _NEW_TECHNOLOGY[table]) if table in _NEW_TECHNOLOGY else (table,)
    words = (f"transfusion {body} {way.lower()}" if transfused and blood
             else f"introduction {given} {body} {way.lower()}")
    return Given(words, way, tuple(drop), tables, ruled_out | {_NEW_TECHNOLOGY.get(t, t) for t in ruled_out})


def through_device(text: str, terms: list[Entry]) -> list[str]:
    """The expansions of the line, tube or access a substance or a treatment ran through ("via the PICC", "via L
    arm AVF", "port flushed"): it was there already, and its name's insertion or creation is no act. None when one
    is placed now."""
    if _PLACED.search(text):
        return []
    devices = [m.group(1).lower() for pattern in (_ROUTE_DEVICE, _DEVICE_IN_USE) for m in pattern.finditer(text)]
    return [e.expansion for e in terms if e.term.lower() in devices]


# Dialysis and pheresis run through an access too: "iHD via L arm AVF" codes the filtration, not the fistula.
_THROUGH_ACCESS = re.compile(r"\b(?:i?hd|hemodialysis|dialysis|dialyzed|crrt|cvvhd?f?|sled|pheresis|apheresis|"
                             r"plasma exchange|plex|ecmo)\b", re.I)


def treated_through(text: str, terms: list[Entry]) -> list[str]:
    return through_device(text, terms) if _THROUGH_ACCESS.search(text) else []


def without_access_route(text: str) -> str:
    """A dialysis or pheresis told with the access it ran through, less that route ("HD 4 hrs via L AVF"): the
    access's side and its "via" say nothing of the filtration."""
    if not _THROUGH_ACCESS.search(text) or _PLACED.search(text):
        return text
    return _ROUTE_DEVICE.sub(" ", text)


# Where on the body a shot or a line went ("L thigh", "R deltoid", "abd", "via PIV L forearm") names no body part of
# the Introduction code: a shot is coded to the tissue it went into, a line to the vein, whatever the region.
_INJECTION_REGION = re.compile(r"\b(?:(?:left|right|l|r|lt|rt)\s+)?(?:(?:upper|lower|anterior|lateral)\s+)?"
                               r"(?:thighs?|deltoids?|arms?|forearms?|abd|abdomen|abdominal wall|buttocks?|glute\w*|"
                               r"ventrogluteal|vastus lateralis|upper leg|lower arm|upper arm|hand|"
                               r"back of (?:the )?hand)"
                               r"(?:\s+subcutaneous tissue and fascia)?\b", re.I)
_REGION_ROUTES = ("subcutaneous tissue", "muscle", "peripheral vein")


def administration_words(expanded: str, given: Given) -> str:
    """``expanded`` less what the route rules out, with the section's words for the substance given."""
    for words in given.drop:
        expanded = re.sub(rf"(?<!\w){re.escape(words)}(?!\w)", " ", expanded, flags=re.I)
    if any(route in given.words for route in _REGION_ROUTES):
        expanded = _INJECTION_REGION.sub(" ", expanded)
    return f"{expanded} {given.words}"
