"""Abbreviations whose meaning the note's setting decides, read as that setting's only where the note is one.

NS is normal saline on a ward and nuclear sclerosis in an eye note; PD is peritoneal dialysis to a nephrologist,
Parkinson's disease beside levodopa and dyskinesias; SBP is a blood pressure until ascites and a tap are in the
note; HIT is a blow until heparin and platelets are. The glossary holds one meaning for everyone; where the note's
own words name another setting, that setting's meaning is read and the glossary's is set aside.
"""

from __future__ import annotations

import re

# A skin lesion named (a lesion named without an act done or an injury's words is a diagnosis), or skin told
_LESION_NAMES = (r"s?bccs?|sccs?|scc ?is|sccis|melanomas?|lentigo maligna|merkel|mcc|bowen\w*|keratoacanthomas?|"
                 r"actinic|seb\w* keratos\w*|nev(?:us|i)|mohs|ed&c|c&e|wle|ftsg|stsg|lipomas?|"
                 r"(?:epidermoid|pilar|sebaceous|inclusion) cysts?|cellulitis|ln2|verruca\w*|warts?|molluscum")
_LESION_ABBREVIATIONS = r"(?-i:\bMIS\b|\bAKs\b|\bSKs?\b)"  # (one AK alone may be above the knee)
_SKIN_LESION = rf"\b(?:{_LESION_NAMES}|skin|cutaneous)\b|{_LESION_ABBREVIATIONS}"
_SKIN_DIAGNOSIS = rf"\b(?:{_LESION_NAMES})\b|{_LESION_ABBREVIATIONS}"
# ... the acts done to skin
_SKIN_ACT = (r"(?:excis\w*|resect\w*|mohs|ed&c|c&e|wle|ftsg|stsg|grafts?|flaps?|repair\w*|clos\w*|biops\w*|bx|"
             r"shave\w*|destr\w*|cryo\w*|ln2|curett\w*|i&d|incis\w*|drain\w*|debrid\w*|pcs|procedures?|remov\w*|"
             r"sutur\w*|avulsion|treated)")
# ... and an injury's (a leg broken with "the skin intact" is no skin lesion)
_INJURY = r"(?:lac\w*|bites?|bit|bitten|cuts?|wounds?|fx|fractur\w*|injur\w*|abrasions?|contusions?|burns?|trauma\w*)"

# A stroke or neurointerventional note, and the acts done in one
_NEURO_NOTE = (r"(?:.*?)\b(?:stroke|cva|lvo|nihss|m?tici|thrombectom\w*|stentriever|stent retriever|solitaire|"
               r"trevo|aneurysm\w*|coil\w*|avm|davf|sah|vasospasm|flow divert\w*|wingspan|neuro-?ir|intracranial|"
               r"cvst|mca|basilar|acomm|pcomm|ich|verts?|vertebral arter\w*|dissection|territory|cerebral|"
               r"cerebellar)\b")
_NEURO_ACT = (r"(?:pcs|coil(?:ing|s)?|stent\w*|thrombectom\w*|embo\w*|angioplast\w*|clip\w*|aspirat\w*|"
              r"retriev\w*|pass(?:es)?|deploy\w*|placed|infus\w*|injected|procedure|flow divert\w*|wingspan|"
              r"pipeline|onyx|balloon|sacrific\w*|stentriever|solitaire|trevo)")


def _neuro_segments(inside: str) -> tuple[tuple[str | re.Pattern[str], str], ...]:
    """The brain's arteries by segment, each followed by ``inside`` (the procedure titles' body part)."""
    return (
        (re.compile(r"(?<![\w/-])(?-i:M[1-4])(?![\w/-])"), f"middle cerebral artery{inside}"),
        (re.compile(r"(?<![\w/-])(?-i:A[1-3])(?![\w/-])"), f"anterior cerebral artery{inside}"),
        (re.compile(r"(?<![\w/-])(?-i:P[1-3])(?![\w/-])"), f"posterior cerebral artery{inside}"),
        ("PCA", f"posterior cerebral artery{inside}"),
        (re.compile(r"\ba-?com(?:m|a|ma)?\b", re.I), f"anterior communicating artery{inside or ' cerebral'}"),
        (re.compile(r"\bp-?com(?:m|a|ma)?\b", re.I), f"posterior communicating artery{inside or ' cerebral'}"),
        # (the carotid's segments inside the skull: the diagnosis titles' siphon and bifurcation say them already)
        *(((re.compile(r"\b(?:supraclinoid|intradural|paraophthalmic|ophthalmic segment(?: of the)?) (?:ica|"
                       r"internal carotid(?: artery)?)|\b(?:ica|carotid) (?:terminus|t\b)", re.I), inside),)
          if inside else ()))


# (the words that mark the setting, its abbreviations with their meanings in the code sets' words; a term is a word
# or phrase, or a pattern where its neighbours decide: "the back" is a site, "the back of the hand"
# the hand)
_SETTINGS: tuple[tuple[re.Pattern[str], tuple[tuple[str | re.Pattern[str], str], ...]], ...] = (
    (re.compile(r"\b(?:od|os|ou)\b|\b(?:eyes?|lens|retina\w*|macula\w*|iop|bcva|va 20/\d+|slit lamp|dfe|"
                r"fundus|ophthalm\w*|optom\w*|cataracts?|vitre\w*)\b", re.I), (
        ("ns", "nuclear sclerosis age-related nuclear cataract"),
        ("psc", "age-related posterior subcapsular polar cataract"),
        ("pco", "posterior capsule opacification secondary cataract"),
        ("cme", "cystoid macular edema"),
        ("des", "dry eye syndrome"),
        ("prp", "panretinal photocoagulation destruction retina laser"),
        ("brvo", "branch retinal vein occlusion"),
        ("crao", "central retinal artery occlusion"),
        ("AC", "anterior chamber"),
        ("pk", "penetrating keratoplasty replacement cornea nonautologous tissue substitute"),
        ("CPC", "cyclophotocoagulation destruction eye ciliary body"),
        # the eye's removal (a prostate's or a cyst's enucleation, a wound's evisceration elsewhere)
        ("enucleation", "enucleation resection eye"),
        ("evisceration", "evisceration resection eye"),
        ("pvd", "posterior vitreous detachment"),
        ("GA", "geographic atrophy advanced atrophic"),
        ("XT", "exotropia"),
        ("ET", "esotropia"))),
    # an eyelid note: its lids named by side and place, as a lung's lobes are elsewhere
    (re.compile(r"\b(?:eyelids?|lids?|ptosis|xanthelasma|chalazi\w*|lagophthalmos|ectropion|entropion|"
                r"dermatochalasis|bleph\w*|lashes|trichiasis|canth\w*|levator|tarsal|gold weight)\b", re.I), (
        ("RUL", "right upper eyelid"),
        ("LUL", "left upper eyelid"),
        ("RLL", "right lower eyelid"),
        ("LLL", "left lower eyelid"))),
    # an ear note: BMT is both ears' myringotomy with tubes, not a marrow transplant
    (re.compile(r"\b(?:ears?|otitis|aom|ome|myringotom\w*|tympan\w*|pe tubes?|grommets?|effusions?|ent|"
                r"(?:w/?|with) tubes)\b", re.I), (
        ("bmt", "bilateral myringotomy with tubes drainage middle ear drainage device"),)),
    # a lymphedema therapist's CDT is complete decongestive therapy, not catheter-directed thrombolysis
    (re.compile(r"\blymph\w*|\bcompression (?:garments?|bandag\w*|wraps?)\b|\bmld\b", re.I), (
        ("cdt", "complete decongestive therapy"),)),
    # a movement clinic: Parkinson's drugs, its motor signs and staging, deep brain stimulation
    (re.compile(r"\b(?:levodopa|carbidopa|sinemet|rytary|pramipexole|ropinirole|rasagiline|dyskinesias?|"
                r"h&y|hoehn|bradykinesia|rigidity|resting tremor|wearing off|off periods?|on/off|dbs|"
                r"parkinson\w*)\b", re.I), (
        ("pd", "Parkinson's disease"),)),
    # a demyelinating disease clinic: its drugs, scales and lesions
    (re.compile(r"\b(?:rrms|spms|ppms|ocrelizumab|natalizumab|ofatumumab|fingolimod|glatiramer|interferon beta|"
                r"edss|demyelinat\w*|optic neuritis|dawson|oligoclonal)\b", re.I), (
        ("ms", "multiple sclerosis"),)),
    # an allergy clinic: allergens, skin and food tests, the shots and the biologics
    (re.compile(r"\b(?:allerg\w*|atopic|atopy|dander|pollens?|ragweed|dust mites?|molds?|seasonal|perennial|"
                r"sneez\w*|antihistamines?|flonase|zyrtec|claritin|allegra|singulair|immunotherapy|scit|slit|"
                r"skin (?:prick )?test\w*|prick test\w*|patch test\w*|ige|rast|epipen|epi ?pen|auvi-?q|anaphyla\w*|"
                r"hives|urticaria|eczema|dupilumab|dupixent|xolair|omalizumab|peanuts?|nuts?|food challenge|"
                r"eliminat\w* diet|nickel|fragrance|topical steroids?|eos|eosinophil\w*|drug (?:rash|reaction))\b",
                re.I), (
        ("AR", "allergic rhinitis"),
        ("SAR", "seasonal allergic rhinitis"),
        ("PAR", "perennial allergic rhinitis other allergic rhinitis"),
        ("AD", "atopic dermatitis"),
        ("ACD", "allergic contact dermatitis"),
        ("PN", "peanut"),
        ("TN", "tree nuts"),
        ("CSU", "chronic spontaneous urticaria idiopathic"),
        ("OFC", "oral food challenge"),
        ("DRESS", "drug rash with eosinophilia and systemic symptoms syndrome"))),
    # cirrhosis and its ascites: the tap, the lactulose and rifaximin, the MELD
    (re.compile(r"\b(?:cirrho\w*|ascites|paracentesis|lvp|pmn|saag|meld|lactulose|rifaximin|asterixis|"
                r"west haven|varices|portal hypertension|nash|hepatorenal)\b", re.I), (
        ("sbp", "spontaneous bacterial peritonitis"),
        ("HE", "hepatic encephalopathy"),
        ("para", "paracentesis drainage peritoneal cavity percutaneous"))),
    # heparin and the platelet count: the antibody tests and the drugs that replace heparin
    (re.compile(r"\b(?:heparin|hep gtt|pf4|sra|argatroban|bivalirudin|fondaparinux|platelets?|plts?)\b", re.I), (
        ("HIT", "heparin induced thrombocytopenia"),)),
    # a neuromuscular ward: weakness, reflexes, the nerve tests and the immune treatments
    (re.compile(r"\b(?:areflexi\w*|hyporeflexi\w*|ascending weakness|ivig|plex|plasmapheresis|ncs|emg|"
                r"demyelinating|csf protein|albuminocytologic)\b", re.I), (
        ("gbs", "Guillain-Barre syndrome"),)),
    # a kidney drained through the flank: hydronephrosis, the ureter, the tube and its exchange
    (re.compile(r"\b(?:hydroneph\w*|pyoneph\w*|nephrostomy|ureter\w*|renal pelvis|upj|kidney|"
                r"tube exchange|exchanged? over (?:a )?wire)\b", re.I), (
        ("pcn", "nephrostomy tube"),)),
    # a speech therapist's swallow study
    (re.compile(r"\b(?:swallow\w*|slp|dysphagia|aspiration|penetration|bolus|thin liquids?|nectar)\b", re.I), (
        ("FEES", "fiberoptic endoscopic evaluation of swallowing instrumental swallowing and oral function "
                 "assessment swallowing equipment"),)),
    # a chest tube put in, pulled or on suction, not a scan
    (re.compile(r"\bct\s+(?:was\s+)?(?:placed|inserted|removed|pulled|to\s+(?:suction|water seal)|output)\b|"
                r"\bpigtail\s+ct\b", re.I), (
        ("ct", "chest tube"),)),
    # an arterial operation or intervention: its bypasses, sheaths and arteries
    (re.compile(r"\b(?:bypass|anast\w*|sheath|cfa|sfa|pta|angioplasty|atherectomy|claudication|runoff|"
                r"endarterectomy|thrombectomy)\b", re.I), (
        ("fem", "femoral artery"),
        ("pop", "popliteal artery"))),
    # a valve infected by an organism the cultures grew: the endocarditis is infective (I33.0, not I38)
    (re.compile(r"\b(?:blood cx|bcx|blood cultures?|bacteremi\w*|veg|vegetations?|staph\w*|strep\w*|mrsa|mssa|"
                r"enterococc\w*|e\.? faecalis|viridans|hacek|candida)\b", re.I), (
        ("IE", "acute and subacute infective endocarditis"),)),
    # an oncology ward giving chemotherapy: a neutropenic fever is the drug's agranulocytosis (D70.1)
    (re.compile(r"\b(?:chemo\w*|induction|c\d+d\d+|cycle \d+|7\+3|cyclophosphamide|doxorubicin|cisplatin|carboplatin|"
                r"paclitaxel|docetaxel|folfox|folfiri|r-chop|chop|abvd|cytarabine|gemcitabine)\b", re.I), (
        ("neutropenic fever", "fever agranulocytosis secondary to cancer chemotherapy"),
        ("febrile neutropenia", "fever agranulocytosis secondary to cancer chemotherapy"))),
    # the heart's chambers in a device or catheter note: where a lead, a catheter or a pressure is (RA is
    # rheumatoid arthritis elsewhere)
    (re.compile(r"\b(?:leads?|pacemaker|pacer|ppm|icd|aicd|crt-?[dp]?|generator|pocket|ablation|transseptal|"
                r"pacing|ep study|bioptome|appendage|swan|rhc|lhc|tip|permcath|tdc|cvc|picc)\b", re.I), (
        ("RA", "right atrium"),
        ("RV", "right ventricle"),
        ("LA", "left atrium"),
        ("LV", "left ventricle"))),
    # an ear, nose and throat clinic: the sinuses, the middle ear and its tubes
    (re.compile(r"\b(?:sinus\w*|maxillary|ethmoid\w*|sphenoid\w*|polyps?|fess|nasal|turbinates?|septum|"
                r"ears?|effusion|otitis|aom|ome|tympan\w*|tymps?|myringotomy|tubes?|audiogram|hearing)\b", re.I), (
        ("CRS", "chronic sinusitis"),
        ("crswnp", "chronic sinusitis nasal polyp"),
        ("COME", "chronic serous otitis media"),
        ("BMT", "bilateral myringotomy tubes drainage middle ear drainage device"))),
    # a knee's ligaments in a sports or knee note (MCL is the midclavicular line on a chest)
    (re.compile(r"\b(?:knees?|valgus|varus|acl|pcl|menisc\w*|sprains?|grade [1-3i]+|gr [1-3])\b", re.I), (
        ("mcl", "medial collateral ligament knee bursa and ligament"),
        ("lcl", "lateral collateral ligament knee bursa and ligament"))),
    # a fracture or dislocation set without an incision
    (re.compile(r"\b(?:fx|fractures?|dislocat\w*|reduc\w*|splint\w*)\b", re.I), (
        ("CR", "closed reduction reposition"),
        # the elbow's point broken is the ulna's olecranon process (a bursa there is the elbow's)
        ("olecranon", "olecranon process of ulna"))),
    # a newborn unit: weeks at birth, days of life, birth weight, the unit itself (NEC is "not elsewhere
    # classified" in the titles, BPD a personality disorder and EA nothing elsewhere)
    (re.compile(r"\b(?:nicu|newborns?|neonat\w*|preemies?|micro-?preemie|premature|prematurity|dol ?#?\d+|"
                r"ex-?\d{2} ?(?:wk|week)\w*|\d{2} ?wk\w* (?:ga|pma)|\d{2} ?(?:wkr|weeker)s?|pma|cga|bw|elbw|vlbw|lbw|"
                r"infants?|surfactant|bell stage|pneumatosis|nnp|caffeine citrate)\b", re.I), (
        ("NEC", "necrotizing enterocolitis in newborn"),
        ("nec", "necrotizing enterocolitis in newborn"),
        ("BPD", "bronchopulmonary dysplasia originating in the perinatal period"),
        ("EA", "atresia of esophagus"),
        ("SIP", "perinatal intestinal perforation"),
        ("A's and B's", "apnea and bradycardia"))),
    # a radiation oncology note: doses, fractions, beam energies and machines (RT is "right" elsewhere, TBI a
    # brain injury)
    (re.compile(r"\b\d+(?:\.\d+)?\s*c?gy(?:rbe)?\b|\bfx\b|\bfractions?\b|\b\d+\s*(?:mv|mev)\b|\blinac\b|"
                r"\brad ?onc\b|\bimrt\b|\bsbrt\b|\bvmat\b|\bbrachy\w*|\bcge\b|\bap/pa\b", re.I), (
        ("RT", "radiation therapy"),
        ("TBI", "total body irradiation beam radiation whole body"))),
    # a coronary bypass: its target arteries and its conduits (PDA is the ductus elsewhere, OM the ear)
    (re.compile(r"\b(?:cabg|aortocoronary|coronary (?:artery )?bypass|lima|rima|svgs?|on-?pump|off-?pump|cpb)\b",
                re.I), (
        ("PDA", "posterior descending coronary artery"),
        ("OM", "obtuse marginal coronary artery"),
        ("OM1", "obtuse marginal coronary artery"),
        ("OM2", "obtuse marginal coronary artery"),
        ("greater saphenous vein", "saphenous vein graft autologous venous tissue"),
        ("saphenous vein", "saphenous vein graft autologous venous tissue"))),
    # a vessel narrowed and ballooned: PTA is an angioplasty (a peritonsillar abscess in a throat note)
    (re.compile(r"\b(?:stenos[ie]s|stenotic|narrow\w*|fistula\w*|avf|avg|graft|veins?|venous|arter\w*|balloon|"
                r"angioplasty|fistulogram|outflow|inflow|occlu\w*)\b", re.I), (
        ("pta", "percutaneous transluminal angioplasty dilation percutaneous"),
        ("PTA'd", "dilated percutaneous transluminal angioplasty dilation percutaneous"))),
    # a pregnancy: its weeks and days, its gravidity, labor and the fetus's tests (IOL is a lens in an eye note,
    # ICP a pressure in the skull, LGA a newborn's size, MCA a stroke's artery)
    (re.compile(r"\b(?:pregnan\w*|gravida|primip\w*|multip\w*|g\d+\s*p\d+|\d{2}\s*\+\s*\d|\d{2}\s*w\s*\d\s*d?|"
                r"(?:1\d|2\d|3\d|4[0-2])\s*(?:wks?|weeks?)\s*(?:ga|gestation|iup|pregnant)|gestation\w*|"
                r"antepartum|intrapartum|l&d|labou?r|srom|pprom|prom|nst|bpp|afi|efw|toco|fht|fhr|"
                r"cervical ripening|ripening|bile acids|ob|amnio\w*|ltcs|c/s|c-section|cesarean|nsvd|svd|"
                r"iufd|trimester|fetal|fetus|oasis|o70|mfm|singleton)\b", re.I), (
        ("IOL", "induction of labor"),
        ("iol", "induction of labor"),
        ("ICP", "intrahepatic cholestasis of pregnancy"),
        ("pit", "pitocin oxytocin"),
        ("LGA", "excessive fetal growth"),
        ("MCA", "fetal doppler"),
        ("3a", "third degree IIIa"),
        ("3b", "third degree IIIb"),
        ("3c", "third degree IIIc"),
        # the amniotic fluid's excess or lack (a polyethylene liner, oligoarthritis elsewhere)
        ("oligo", "oligohydramnios"),
        ("poly", "polyhydramnios"))),
    # a prolapse clinic's repairs (an anterior hernia repair elsewhere)
    (re.compile(r"\b(?:prolapse|cystocele|rectocele|enterocele|vagin\w*|pelvic floor|pop-?q|colp\w*|uterosacral|"
                r"sacrospinous|perineorrhaphy)\b", re.I), (
        ("anterior repair", "anterior colporrhaphy repair vagina"),
        ("posterior repair", "posterior colporrhaphy repair vagina"))),
    # a myeloproliferative neoplasm's clinic: its driver mutations, drugs and counts (ET is an endotracheal tube, PV
    # a portal vein and MF a mycosis elsewhere)
    (re.compile(r"\b(?:jak2|calr|mpl|hydrea|hydroxyurea|ruxolitinib|jakafi|fedratinib|anagrelide|pegasys|"
                r"besremi|ropeginterferon|myeloproliferative|mpns?|phlebotom\w*|plts?|platelets?|hct|hematocrit|"
                r"bone marrow|marrow fibrosis|splenomegaly)\b", re.I), (
        ("ET", "essential thrombocythemia"),
        ("PV", "polycythemia vera"),
        ("MF", "myelofibrosis"),
        ("PMF", "primary myelofibrosis"))),
    # a myeloma's clinic: its markers, drugs and responses (MM is millimetres elsewhere)
    (re.compile(r"\b(?:m-?spike|m-?protein|spep|upep|free light chains?|flc|lenalidomide|revlimid|len|bortezomib|"
                r"velcade|daratumumab|dara|carfilzomib|pomalidomide|cr|vgpr|plasma cells?|auto(?:logous)? "
                r"(?:sct|transplant)|asct|myeloma)\b", re.I), (
        ("MM", "multiple myeloma"),)),
    # a transfusion's reactions (a taco is food elsewhere)
    (re.compile(r"\b(?:transfus\w*|p?rbcs?|ffp|platelets?|plts?|units? of|blood bank|cryo\w*)\b", re.I), (
        ("taco", "transfusion associated circulatory overload"),)),
    # a hand surgeon's note: fingers by their initials, phalanges by number (RF is radiofrequency elsewhere, IF a
    # plain "if", P1 a parity, MC nothing)
    (re.compile(r"\b(?:fingers?|thumbs?|hands?|palm\w*|digits?|phalan\w*|metacarp\w*|pips?|dips?|mcps?|cmc|"
                r"pulleys?|flexor|extensor|fdp|fds|fpl|epl|tendons?|trigger|dupuytren\w*|felon|paronychia|"
                r"k-?wires?|crpp|nail ?bed|cht|kanavel|volar|ulnar gutter|buddy[- ]tap\w*)\b"
                # ... or a finger by its initials beside its side or its phalanx ("R IF", "LF P2")
                r"|(?-i:\b(?:R|L|Rt|Lt|rt|lt|right|left|Right|Left) (?:IF|LF|MF|RF|SF)\b|"
                r"\b(?:IF|LF|MF|RF|SF) P[123]\b)",
                re.I), (
        ("IF", "index finger"),
        ("LF", "middle finger"),
        ("MF", "middle finger"),
        ("RF", "ring finger"),
        ("SF", "little finger"),
        ("P1", "proximal phalanx"),
        ("P2", "middle phalanx"),
        ("P3", "distal phalanx"),
        ("MC", "metacarpal"),
        ("TF", "trigger finger"))),
    # a wound or pressure-injury note: PI and PU are the pressure injury (a PI elsewhere is an investigator, a
    # present illness or a valve's insufficiency)
    (re.compile(r"\b(?:heels?|sacr\w*|coccyx|ischi\w*|trochanter\w*|stage\s*(?:[1-4]|i{1,3}|iv)|unstageable|dti|"
                r"braden|offload\w*|wound\w*|slough|eschar|granulation|turn(?:ing)? q\s*2)\b", re.I), (
        ("PI", "pressure ulcer"),
        ("PU", "pressure ulcer"))),
    # a skin lesion's site named as a dermatologist names it: the titles name the face, the nose, the ear, the lip
    # ("skin of other parts of face", "Left Ear Skin"; a temple, a helix, a nasal ala are none of those words)
    (re.compile(_SKIN_LESION, re.I), (
        *((site, f"{site} face other parts") for site in (
            "temple", "forehead", "brow", "eyebrow", "glabella", "chin", "malar", "jawline", "preauricular",
            "nasolabial")),
        *((site, f"{site} nose face") for site in (
            "ala", "alar", "nasal tip", "nasal dorsum", "nasal sidewall", "columella")),
        *((site, f"{site} ear") for site in (
            "helix", "helical", "antihelix", "concha", "conchal", "tragus", "earlobe", "lobule", "postauricular",
            "pinna", "auricle")),
        ("philtrum", "philtrum lip"),
        ("vermilion", "vermilion lip"),
        ("ED&C", "electrodesiccation and curettage destruction skin"),
        ("C&E", "curettage and electrodesiccation destruction skin"),
        ("cryo", "cryotherapy destruction skin"),
        ("KA", "keratoacanthoma"),
        ("MM", "malignant melanoma"),
        ("MCC", "merkel cell carcinoma"),
        ("MIS", "melanoma in situ"),
        ("AK", "actinic keratosis"),
        ("SK", "seborrheic keratosis"))),
    # ... and the trunk and the limbs, only for the diagnosis: the diagnosis titles group the skin as trunk, upper
    # limb and lower limb, where the procedure titles name an upper arm, a lower leg (a forearm's lesion excised
    # must not lean to the Upper Arm for a limb's "upper"); a question that asks the diagnosis is one whatever acts
    # it tells
    (re.compile(rf"^(?!.*\b{_INJURY}\b)(?:(?=.*\b(?:dx|diagnos\w*|icd-?10-?cm|cm codes?)\b)|(?!.*\b{_SKIN_ACT}\b))"
                rf"(?=.*(?:{_SKIN_DIAGNOSIS}))", re.I | re.S), (
        (re.compile(r"(?<=\bthe )back\b(?! of\b)", re.I), "back trunk"),
        *((site, f"{site} trunk") for site in (
            "upper back", "mid back", "mid-back", "lower back", "low back", "chest", "presternal", "abdomen",
            "flank")),
        # (a lipoma's titles name the arm and the leg)
        *((site, f"{site} upper limb") for site in ("arm", "shoulder", "hand")),
        *((site, f"{site} arm upper limb") for site in ("forearm", "elbow", "wrist")),
        ("leg", "leg lower limb"),
        ("foot", "foot lower limb"),
        *((site, f"{site} leg lower limb") for site in ("thigh", "calf", "shin", "pretibial", "knee", "ankle")))),
    # a psychiatric or detox note: its ideations and attempts, its episodes and withdrawals (SI is a sacroiliac
    # joint, SA a sinoatrial node, w/d "well developed", rec a recreation, BPD a premature lung in a newborn unit)
    (re.compile(r"\b(?:psych\w*|suicid\w*|depress\w*|mdd|bipolar|bpad|schizo\w*|5150|mse|ptsd|anxiety|mani[ac]|"
                r"phq-?9|gad-?7|ect|self-harm|nssi|od|overdosed?|etoh|alcohol|ciwa|cows|detox|opioid|benzo\w*|aud|oud|sud|"
                r"dsm\w*|personality|borderline|w/ plan|with (?:a )?plan|no plan|hallucinat\w*|delusion\w*|"
                r"ah/vh)\b", re.I), (
        ("SI", "suicidal ideations"),
        ("HI", "homicidal ideations"),
        ("SA", "suicide attempt"),
        ("BPD", "BPD borderline personality disorder"),
        ("AN", "anorexia nervosa"),
        ("w/d", "withdrawal"),
        ("rec", "recurrent"),
        ("sev", "severe"),
        ("w/o psychosis", "without psychotic features"),
        ("w/ psychosis", "with psychotic features"),
        ("w/ psychotic features", "with psychotic features"))),
    # a code called for an arrest
    (re.compile(r"\b(?:arrest|rosc|cpr|code blue|acls|compressions)\b", re.I), (
        ("PEA", "pulseless electrical activity cardiac arrest"),)),
    # a stroke or neurointerventional note: the brain's arteries by segment (every artery inside the skull is the
    # procedure titles' Intracranial Artery, said only where an act is told: the diagnosis titles name the cerebral
    # artery, and their "unspecified intracranial artery" would take the words), the clot's tools, the venous
    # sinuses (Intracranial Vein), a reperfusion grade that names nothing coded
    (re.compile(rf"^(?!.*\b(?:cm|dx|diagnos\w*|icd-?10-?cm)\b)(?=.*\b{_NEURO_ACT}\b){_NEURO_NOTE}", re.I | re.S),
     _neuro_segments(" intracranial artery")),
    (re.compile(_NEURO_NOTE, re.I), _neuro_segments("") + (
        (re.compile(r"\b(?:verts?|vertebral(?: artery)?|va) ?(?-i:V[1-4])\b|\b(?-i:V[1-4])(?: segment)? of the "
                    r"vert\w*\b|\bverts?\b", re.I), "vertebral artery"),
        ("CCA", "common carotid artery"),
        ("HP", "hemiplegia"),
        ("SSS", "superior sagittal sinus intracranial vein"),
        ("cvst", "cerebral venous sinus thrombosis nonpyogenic thrombosis intracranial venous system"),
        (re.compile(r"\b(?:transverse|sigmoid|straight|sagittal)(?:[- ](?:sigmoid|transverse))? sinus(?:es)?\b",
                    re.I), "intracranial vein venous sinus"),
        (re.compile(r"\b(?:stentriever|solitaire|trevo)s?\b", re.I), "stent retriever extirpation"),
        (re.compile(r"\b(?:adapt(?: technique)?|sofia(?= catheter)|react \d+|aspiration catheter|big bore catheter)"
                    r"\b", re.I),
         "aspiration thrombectomy extirpation matter"),
        (re.compile(r"\bm?tici ?(?:[0-3][abc]?)?\b", re.I), " "),
        (re.compile(r"\b(?:onyx|phil|n-?bca)(?: \d+)?\b", re.I), "liquid embolic occlusion intraluminal device"),
        (re.compile(r"\b(?:pipeline|ped|fred|surpass)\b(?! (?:of|for) \w+ing)", re.I), "flow diverter"),
        (re.compile(r"\bwingspan\b", re.I), "intracranial stent dilation intraluminal device"))),
)


# "RA/RV leads": two chambers written as a pair
_CHAMBER_PAIR = re.compile(r"\b([RL][AV])/([RL][AV])\b")


def _read(text: str) -> list[tuple[re.Pattern[str], str]]:
    """An abbreviation written in capitals in the table is also an English word ("he", "hit", "pea"): only its
    capitals read as the abbreviation."""
    out = []
    for setting, terms in _SETTINGS:
        if setting.search(text):
            for term, words in terms:
                pattern = term if isinstance(term, re.Pattern) else re.compile(
                    rf"(?<![\w/-]){re.escape(term)}(?![\w/-])", 0 if term.isupper() else re.I)
                if pattern.search(text):
                    out.append((pattern, words))
    return out


# Bell's staging of necrotizing enterocolitis (IA/IB suspected, IIA/IIB definite, IIIA/IIIB advanced) is what the
# titles number 1 to 3; "Bell" alone would read as the palsy.
_NEC = re.compile(r"\bnec\b|necroti[sz]ing enterocolitis", re.I)
_BELL_STAGE = re.compile(r"\bbell(?:'s)?\s+(?:stage\s+)?(III|II|I|[123])[AB]?\b", re.I)
_STAGE_NUMBER = {"i": "1", "ii": "2", "iii": "3"}


def _bell(text: str) -> str:
    if not _NEC.search(text):
        return text
    return _BELL_STAGE.sub(lambda m: f"stage {_STAGE_NUMBER.get(m.group(1).lower(), m.group(1))}", text)


def spelled_out(text: str) -> str:
    """The note with each abbreviation its setting decides written out in the setting's words ("#HIT - PF4 +,
    argatroban" reads "#heparin induced thrombocytopenia - ..."), so every later reading sees the meaning."""
    text = _bell(_CHAMBER_PAIR.sub(r"\1 and \2", text))
    for pattern, words in _read(text):
        text = pattern.sub(words, text)
    return text
