"""How procedure titles and op notes are read: the index followed as a coder follows it, verbs of an op note,
what a title leads with, and the details that decide the root operation or the approach.

These need no index: they check the rules that feed retrieval.
"""

from __future__ import annotations

import pytest

from assistant.pcs_index import PcsIndex
from assistant.query import (
    act_words,
    analyse,
    catheter_tip,
    coronary_dilation_words,
    expand_terms,
    extent,
    lodged_object,
    primary_procedure,
    stent_count_words,
)
from ingest.builtin.pcs import index_passages


def _index(*entries: tuple[str, str]) -> PcsIndex:
    passages = [p for term, content in entries for p in index_passages(term, content, "test")]
    return PcsIndex(passages, lambda _word: 1.0)


def _leads(index: PcsIndex, question: str) -> dict[str, float]:
    return {lead.target: lead.weight for lead in index.walk(analyse(question).tokens, lambda _w: 1.0)}


RESECTION = ("Resection", "Eye\n\tLeft **08T1XZZ**\n\tRight **08T0XZZ**\nGallbladder **0FT4**\n"
                          "Kidney\n\tLeft **0TT1**\n\tRight **0TT0**")


def test_a_table_reference_is_followed_to_the_body_part_the_question_names() -> None:
    index = _index(("Enucleation", "Eyeball see Resection, Eye **08T**"), RESECTION)
    leads = _leads(index, "Enucleation of right eyeball")
    assert {"08T0XZZ", "08T1XZZ"} <= set(leads)  # "eyeball" states the eye; the side is the scorer's
    assert "0FT4" not in leads and "0TT0" not in leads  # the reference names table 08T only


def test_a_reference_by_name_needs_the_body_part_stated() -> None:
    index = _index(("Disarticulation", "see Detachment"),
                   ("Detachment", "Knee Region\n\tLeft **0Y6G0ZZ**\n\tRight **0Y6F0ZZ**\nHand\n"
                                  "\tLeft **0X6K0Z0**"))
    leads = _leads(index, "disarticulation of the knee")
    assert {"0Y6G0ZZ", "0Y6F0ZZ"} <= set(leads) and "0X6K0Z0" not in leads
    assert not _leads(index, "disarticulation")


def test_a_reference_with_a_body_part_takes_only_that_part() -> None:
    # a made-up term, so no glossary entry names the body part for it
    index = _index(("Zorbiplasty, dismembered", "see Repair, Kidney Pelvis"),
                   ("Repair", "Kidney Pelvis\n\tLeft **0TQ4**\n\tRight **0TQ3**\nKidney\n\tLeft **0TQ1**"))
    leads = _leads(index, "dismembered zorbiplasty")
    assert {"0TQ3", "0TQ4"} <= set(leads) and "0TQ1" not in leads


def test_a_title_that_leads_with_its_act_is_read_as_a_procedure_title() -> None:
    assert analyse("Enucleation of eyeball").title_act
    assert analyse("Procedure performed: shave excision of basal cell carcinoma of the cheek").title_act
    assert not analyse("Pneumonia, treated with IV antibiotics and then discharged home with a follow-up visit "
                       "arranged with her primary care doctor in two weeks after the biopsy results").title_act
    assert not analyse("Type 2 diabetes with diabetic nephropathy").title_act


def test_an_op_note_verb_reads_as_its_procedure_noun() -> None:
    found = {word: e.term for word, e in expand_terms("the splenic artery was embolized with coils") if e}
    assert found["embolized"] == "embolization"
    assert "dilated" not in {word for word, e in expand_terms("dilated cardiomyopathy") if e}
    realigned = {word: e.term for word, e in expand_terms("the fragments were realigned and a nail inserted") if e}
    assert realigned["realigned"] == "realignment"  # Reposition


def test_a_plural_reads_as_the_glossary_term() -> None:
    assert "sentinel nodes" in {word for word, e in expand_terms("two sentinel nodes excised") if e}


def test_an_operation_ruled_out_is_not_another_objective_of_a_look() -> None:
    query = analyse("Procedure performed: Diagnostic arthroscopy of the right knee; no pathology requiring "
                    "treatment identified, no debridement performed.")
    assert query.look_only and not query.other_roots
    query = analyse("Diagnostic laparoscopy; peritoneal surfaces inspected, nothing removed.")
    assert query.look_only and not query.other_roots
    assert analyse("Arthroscopy of the right knee with debridement of the meniscus").other_roots


def test_the_primary_procedure_of_a_numbered_list_is_the_first() -> None:
    text = ("Procedures performed: 1. Endovascular repair of infrarenal aortic aneurysm with a stent graft. "
            "2. Completion aortogram. Code the primary procedure (ICD-10-PCS).")
    read = primary_procedure(text)
    assert "aortogram" not in read and "stent graft" in read and "primary procedure" in read
    listed = "1. Lap chole 2. Intraoperative cholangiogram. Code all procedures."
    assert primary_procedure(listed) == listed


def test_matter_taken_out_is_extirpation_and_a_hernia_is_repaired_where_it_comes_through() -> None:
    assert "extirpation" in act_words("R URS, distal ureteral stone basketed out intact")
    assert "extirpation" in act_words("Craniotomy for evacuation of acute subdural hematoma")
    assert "extirpation" not in act_words("Holmium laser lithotripsy of a ureteral stone, fragments left to pass")
    assert "extirpation" in act_words("The neurosurgeon evacuates the clotted subdural blood")
    assert "extirpation" in act_words("The atherosclerotic plaque is removed from the internal carotid artery")
    assert "abdominal wall" in act_words("The umbilical hernia sac was reduced and the fascia closed")
    assert "diaphragm" in act_words("Laparoscopic repair of a hiatal hernia")


def test_fluid_let_out_of_a_cavity_is_drainage_of_the_cavity_not_of_the_wall_it_went_through() -> None:
    from assistant.filler import strip_wrappers

    tap = "With tense ascites, a needle is inserted through the abdominal wall and 6 liters of fluid are drained."
    assert "drainage peritoneal cavity" in act_words(tap)
    assert "abdominal wall" not in strip_wrappers(tap) and "percutaneously" in strip_wrappers(tap)
    assert "drainage pleural cavity" in act_words("The right pleural effusion was tapped under ultrasound")
    assert "cavity" not in act_words("Admitted with ascites and a large pleural effusion")  # nothing let out
    hernia = "The bowel had herniated through the abdominal wall and was reduced"
    assert "abdominal wall" in strip_wrappers(hernia)  # no needle or catheter went in: the wall is the site


def test_a_swallowed_object_taken_out_is_a_foreign_body_and_a_fracture_reduced_is_put_back() -> None:
    assert "extirpation" in act_words("Lily swallowed a coin; at EGD the coin was grasped with a net and removed")
    assert "extirpation" not in act_words("She swallowed a coin, which passed on its own")  # nothing taken out
    # an object named for itself and taken out is a foreign body, however it got there
    assert "extirpation" in act_words("removed pink plastic bead from L nostril using alligator forceps")
    assert "extirpation" in act_words("live insect R ear canal, drowned w/ mineral oil then extracted with forceps")
    assert "reposition" in act_words("The fracture site was opened to obtain reduction, then a nail was passed")
    assert "reposition" in act_words("Anterior shoulder dislocation reduced with traction-countertraction")
    assert "reposition" not in act_words("Heart failure with reduced ejection fraction")  # no fracture or dislocation
    assert "reposition" not in act_words("Screw fixation of a nondisplaced femoral neck fracture; no reduction needed")


def test_a_hole_sewn_shut_is_repair_and_an_act_ruled_out_is_not_coded() -> None:
    from assistant.query import negated_words

    assert "repair" in act_words("Laparotomy; the perforation was closed with interrupted sutures")
    assert "repair" not in act_words("Lap chole; the port sites were closed with sutures")  # the wound's own closure
    assert "excis" in negated_words("Bilateral vas deferens ligation via scrotal incision (no segment excised)")


@pytest.mark.parametrize(("text", "part"), [
    ("Hysteroscopic resection of the fibroid with a resectoscope loop", "part"),
    ("Laparoscopic cystectomy, cyst shelled out and ovary preserved", "part"),
    ("segmental resection of 15 cm of jejunum; remainder of small bowel preserved", "part"),
    ("Total abdominal hysterectomy", "whole"),
    ("The uterus and cervix were removed for symptomatic fibroids", None),  # the fibroids are only the reason
])
def test_a_lesion_resected_takes_part_of_its_organ(text: str, part: str | None) -> None:
    assert extent(text) == part


def test_a_procedure_told_in_the_past_is_a_status_not_an_act() -> None:
    amputated = analyse("Reggie, who had a left below-knee amputation two years ago, has a stage 2 pressure "
                        "ulcer of the left buttock. Code and sequence.")
    assert amputated.status and not amputated.act
    today = analyse("Admitted 3 days ago with a hip fracture, she underwent open reduction and internal "
                    "fixation today. Code it.")
    assert today.act and not today.status


def test_a_catheter_taken_out_as_the_procedure_ends_is_no_device_left() -> None:
    from assistant.query import negated_words

    said = "A needle-catheter drains the effusion; the catheter is removed at the end of the procedure."
    assert "devic" in negated_words(said)
    assert "devic" not in negated_words("A pigtail catheter is left in place to drain the effusion.")


def test_a_closed_fracture_is_the_kind_of_fracture_not_the_approach_of_its_repair() -> None:
    orif = analyse("Closed displaced fracture of the right femoral shaft: the site is opened, the fragments "
                   "realigned and an intramedullary nail inserted. Assign the ICD-10-PCS code.")
    assert "external" not in orif.expanded.lower()
    closed = analyse("Closed reduction of closed fracture of the left distal radius, cast applied")
    assert closed.approach == "External"  # a closed reduction keeps its approach


def test_guidance_and_wound_closure_are_not_the_procedure() -> None:
    query = analyse("CT-guided percutaneous biopsy of a liver lesion")
    assert "ct" not in query.core_text.lower().split()
    query = analyse("Open repair of umbilical hernia; the fascial defect was closed primarily with sutures")
    assert query.approach == "Open"


def test_the_approach_of_resectoscope_mouth_and_vagina_work() -> None:
    assert analyse("Transurethral resection of prostate").approach == "Via Natural or Artificial Opening Endoscopic"
    assert analyse("Transurethral insertion of a Foley catheter").approach == "Via Natural or Artificial Opening"
    assert analyse("Transoral excision of tongue lesion").approach == "External"
    assert analyse("Loop excision of the cervix through the vagina").approach == "Via Natural or Artificial Opening"


def test_a_subtotal_hysterectomy_still_takes_the_uterus() -> None:
    assert extent("Subtotal abdominal hysterectomy") != "part"
    assert extent("Subtotal thyroidectomy") == "part"


def test_matter_taken_out_whole_says_nothing_of_the_body_part() -> None:
    assert extent("Meat bolus impacted in the distal esophagus, removed en bloc with a Roth net") is None
    assert extent("Sigmoid colon removed en bloc with its mesentery") == "whole"


@pytest.mark.parametrize(("text", "count"), [
    ("PCI with drug-eluting stents to the LAD and the RCA", 2),
    ("CABG x3: LIMA to LAD, reversed saphenous vein grafts to OM1 and PDA", 3),
    ("Triple bypass on pump", 3),
    ("Two-vessel PCI", 2),
    ("Stent to the proximal LAD", 1),
    ("3-vessel coronary artery disease, medical management", 0),  # a disease, no bypass or dilation
    # a cath report's findings name arteries only looked at: the lines that tell the act count
    ("PCI proximal LAD.\nFindings: LM normal. LCx mild disease. RCA 30%.\n3.0 x 18 DES to proximal LAD.", 1),
    ("PCI to LAD and OM1.\nFindings: RCA 40%. Mid LAD 90%, DES. OM1 85%, DES.", 2),
])
def test_a_coronary_procedure_counts_the_arteries_it_treats(text: str, count: int) -> None:
    from assistant.query import coronary_count

    assert coronary_count(text) == count


def test_two_arteries_read_as_the_two_artery_table() -> None:
    query = analyse("PCI with DES to the LAD and the RCA")
    assert "two arteries" in query.expanded and "one artery" not in query.expanded
    assert " 0271" in query.expanded and " 0270" not in query.expanded
    assert "one artery" in analyse("PCI with one DES to the LAD").expanded  # one artery keeps its table


@pytest.mark.parametrize(("text", "level"), [
    ("Right above-knee amputation; femur divided at the midshaft level", "mid"),
    ("Amputation through the humerus, left, distal third", "low"),
    ("Below-knee amputation, tibia transected in its proximal third", "high"),
    ("Great toe disarticulated at the metatarsophalangeal joint", "complete"),
    ("Amputation of the second toe at the proximal interphalangeal joint", "mid"),
    ("Revision amputation through the distal phalanx of the ring finger", "low"),
    ("Ray amputation, complete first ray at the tarsometatarsal joint", "complete 1st ray"),
    ("Partial 5th ray amputation through the metatarsal neck", "partial 5th ray"),
    ("Total knee arthroplasty, distal third of femur cut", ""),  # no amputation told
])
def test_an_amputation_reads_as_its_detachment_level(text: str, level: str) -> None:
    from assistant.query import amputation_words

    assert amputation_words(text) == level


def test_bleeding_stopped_at_endoscopy_is_control_and_its_clips_are_no_device() -> None:
    query = analyse("EGD: visible vessel in a duodenal ulcer, epinephrine injected and two clips applied. PCS?")
    assert "control" in query.other_roots
    assert "extraluminal device" not in query.expanded
    # an op note's own closing hemostasis names no bleeding source
    assert "control bleeding" not in act_words("Lap chole; hemostasis obtained with cautery; ports closed")


def test_what_was_not_used_is_not_the_approach() -> None:
    assert analyse("Removal of foreign body from rectum, digital, without endoscope").approach is None
    reduced = analyse("Distal radius fx: hematoma block, closed reduction with traction. No pins, no incision.")
    assert reduced.approach == "External" and reduced.act
    assert analyse("Closed reduction and percutaneous pinning of the distal radius").approach == "Percutaneous"


def test_an_object_taken_out_is_extirpation_and_a_fragment_is_not_fragmentation() -> None:
    assert "extirpation" in act_words("Choking on peanuts; rigid bronchoscopy, a peanut fragment grasped and removed")
    assert "extirpation" in act_words("Food impaction: at EGD the meat bolus was removed with a Roth net")
    query = analyse("Knee arthroscopy: a loose body and several cartilage fragments were removed")
    assert "fragment" not in query.other_roots
    assert "fragment" in analyse("Ureteroscopy with laser lithotripsy; fragments left to pass").other_roots
    assert "devic" not in analyse("Removal of intraluminal foreign body from the nose").tokens


@pytest.mark.parametrize("text", [
    "Access: left femoral, 7F sheath. Balloon angioplasty of the right superficial femoral artery, no stent",
    "Right common femoral antegrade access; the right superficial femoral artery was dilated with a balloon",
])
def test_the_access_vessel_is_the_route_not_the_side_or_site_treated(text: str) -> None:
    query = analyse(text)
    assert query.side == "Right"  # the left groin is only the way in
    assert query.approach == "Percutaneous"


def test_a_balloon_that_dilates_is_no_device_left_in() -> None:
    from assistant.pcs_fit import fit_parts

    query = analyse("Balloon angioplasty of the right superficial femoral artery")
    plain = fit_parts(query, "047K3ZZ", "Dilation of Right Femoral Artery, Percutaneous Approach",
                      {"device": "No Device"})
    assert plain["device"] == 0  # the balloon came out again: nothing speaks against No Device
    balloon = fit_parts(analyse("intra-aortic balloon pump placed"), "02HX3ZZ", "Insertion into Aorta",
                        {"device": "No Device"})
    assert balloon["device"] < 0  # a balloon left in is a device


def test_a_central_line_is_coded_where_its_tip_ends() -> None:
    query = analyse("Right internal jugular vein accessed under ultrasound, triple-lumen catheter placed, "
                    "tip at the cavoatrial junction. PCS code?")
    assert "superior vena cava" in query.expanded
    assert "jugular" not in query.tokens  # the vein it went in by is not the body part
    port = analyse("Right IJ accessed, catheter tunneled, tip at the cavoatrial junction, port reservoir placed "
                   "in a subcutaneous pocket of the right chest")
    assert "superior vena cava" not in port.expanded  # a port is coded to its pocket


def test_one_numbered_procedure_asked_by_its_number() -> None:
    text = ("PROCEDURES:\n1. Cystourethroscopy.\n2. Left retrograde pyelogram.\n3. Left ureteral stent placement, "
            "double-J.\nPlease code item #3.")
    read = primary_procedure(text)
    assert "stent" in read and "pyelogram" not in read
    assert "Cystourethroscopy" in read  # a scope named alone tells how the chosen item was done


def test_burr_holes_are_percutaneous_and_an_endoscopic_vein_harvest_is_not_the_bypass_approach() -> None:
    assert analyse("Chronic subdural hematoma: two burr holes, dura opened, fluid drained").approach == "Percutaneous"
    assert analyse("VP shunt through a frontal burr hole, distal catheter tunneled").approach != "Percutaneous"
    cabg = analyse("CABG x2 on pump: saphenous vein harvested endoscopically; grafts from the aorta to the OM and PDA")
    assert cabg.approach != "Percutaneous Endoscopic"


def test_what_a_note_found_well_is_not_what_was_operated_on() -> None:
    note = analyse("Right knee arthroscopy. Diagnostic survey: intact ACL and PCL. A tear of the medial meniscus was "
                   "trimmed back to a stable rim. The lateral meniscus was normal. PCS code?")
    assert {"acl", "pcl", "ligament", "bursa"} <= note.negated  # the ligaments were only looked at
    assert "meniscus" not in note.negated and "joint" not in note.negated  # named again for the act
    assert "knee" not in note.negated
    assert not note.diagnostic  # a diagnostic survey before the act takes no tissue
    assert "eye" not in analyse("right eye stye, left eye normal").negated  # named for the condition too


def test_an_operation_ruled_out_takes_the_roots_its_word_parts_would_add() -> None:
    query = analyse("Right knee arthroscopy. The medial meniscus was trimmed. No chondroplasty.")
    assert "excis" in query.other_roots
    assert not {"repair", "replac", "supplement"} & query.other_roots  # "-plasty" of the word ruled out


def test_a_prosthesis_put_where_the_native_part_was_is_a_replacement() -> None:
    valve = analyse("Median sternotomy on bypass. The calcified aortic valve was excised and the annulus debrided. "
                    "A 23 mm bovine pericardial bioprosthesis was sewn in. Code the valve procedure.")
    assert "replac" in valve.other_roots
    hip = analyse("Femoral neck fracture. Femoral head extracted, canal prepared, stem cemented and a unipolar head "
                  "placed. PCS code?")
    assert "replac" in hip.other_roots
    spacer = analyse("Infected knee prosthesis components removed and an antibiotic cement spacer placed")
    assert "replac" not in spacer.other_roots  # a spacer is no prosthesis in the native part's place


def test_ports_placed_tell_a_laparoscopic_case_and_a_chest_port_does_not() -> None:
    assert analyse("Four ports placed. The left kidney was freed and removed in a bag.").approach == (
        "Percutaneous Endoscopic")
    assert analyse("Balloon dissector in the preperitoneal space, then two 5 mm ports; mesh placed").approach == (
        "Percutaneous Endoscopic")
    assert analyse("Chest port placed via the right internal jugular vein").approach != "Percutaneous Endoscopic"


def test_fluid_sent_for_study_is_diagnostic_and_fluid_let_off_is_not() -> None:
    tap = analyse("Right thoracentesis, 60 mL withdrawn and sent for cell count, LDH, protein and cytology. PCS?")
    assert tap.diagnostic
    lp = analyse("LP: 12 mL of CSF collected in four tubes for cell count, Gram stain, culture. PCS?")
    assert lp.diagnostic
    assert not analyse("Therapeutic thoracentesis, 1,200 mL of fluid removed for dyspnea. PCS?").diagnostic


def test_the_table_of_the_stated_root_for_a_body_part_search_found() -> None:
    from assistant.candidates import Gatherer, Votes

    votes = Votes()
    votes.stem.update({"0SQC": 0.6, "0MBN": 1.2, "0FT4": 0.2})
    added = Gatherer._stated_root_votes(analyse("Right knee arthroscopy, the torn meniscus was trimmed"), votes)
    assert "0SBC" in added and "0STC" in added  # Excision (stated) and Resection (its sibling) of the knee joint
    assert votes.stem["0SBC"] < votes.stem["0SQC"]  # lent, never more than the table it came from
    assert "0MBN" not in added and votes.stem["0MBN"] == 1.2  # a table search found keeps its own vote
    assert not Gatherer._stated_root_votes(analyse("knee pain"), Votes())  # no root stated: nothing lent


def test_a_change_lends_the_body_systems_change_tables_when_the_organ_has_none() -> None:
    from assistant.candidates import Gatherer, Votes

    tables = {"0D2": ["0D20", "0D2D", "0D2U"], "0D16": ["0D16"]}
    votes = Votes()
    votes.stem.update({"0D16": 1.0})
    swap = analyse("Bedside: the old gastrostomy tube was removed and a new one passed through the mature tract.")
    added = Gatherer._stated_root_votes(swap, votes, lambda prefix: tables.get(prefix, []))
    assert "0D20" in added and "0D26" not in added  # Change of the upper intestinal tract, not a stomach table


def test_a_specimen_taken_out_through_a_port_is_tissue_and_a_closing_drain_is_no_second_act() -> None:
    appendix = analyse("Pneumoperitoneum was obtained and two 5 mm ports were placed. The mesoappendix was divided and "
                       "the base was transected with a stapler. The specimen was retrieved in a bag through the "
                       "umbilical port. Fascia closed. PCS?")
    assert "remov" not in appendix.other_roots  # the port is the way out, not a device taken out
    lobe = analyse("Three thoracoscopic ports were placed. The upper lobe bronchus was divided with staplers. The "
                   "entire upper lobe was bagged and removed. A 24 Fr chest tube was placed.")
    assert "drainag" not in lobe.other_roots  # the chest tube closes the operation
    bedside = analyse("Right chest prepped. Blunt dissection over the 5th rib into the pleural space. A 28 Fr chest "
                      "tube was placed and 800 mL of serous fluid drained.")
    assert "drainag" in bedside.other_roots  # here the tube is the act


@pytest.mark.parametrize(("note", "root"), [
    ("The transverse carpal ligament was incised along its ulnar side until the median nerve was completely free.",
     "releas"),
    ("Dense adhesions tethered the loops. All adhesions were lysed sharply, freeing the small bowel.", "releas"),
    ("The gastric fundus was passed behind the esophagus and wrapped 360 degrees around the distal esophagus.",
     "restrict"),
    ("A thick fibrinous peel was stripped from the visceral pleura, and the lung re-expanded.", "extract"),
    ("The cord was mobilized and the testis was brought down into a subdartos pouch in the scrotum.", "reposit"),
    ("The supraspinatus tendon was mobilized and fixed back down to the tuberosity with suture anchors.",
     "reattach"),
    ("The nucleus was emulsified with the phaco handpiece and a foldable acrylic lens was injected into the bag.",
     "replac"),
    ("The femoral neck was osteotomized and the acetabulum reamed. A press-fit shell was impacted and a "
     "polyethylene liner seated; a cementless stem was seated.", "replac"),
])
def test_the_verbs_an_operative_note_does_its_act_with_name_its_root(note: str, root: str) -> None:
    assert root in analyse(note).other_roots


def test_an_assessment_header_names_its_problem_before_the_dash_and_a_declined_act_is_not_done() -> None:
    from assistant.filler import without_orders

    assert without_orders("# Gallstone pancreatitis without necrosis - lap chole prior to discharge") == (
        "Gallstone pancreatitis without necrosis")
    assert without_orders("# Acute urinary retention - Foley placed, start tamsulosin") == "Acute urinary retention"
    assert not analyse("# Acute urinary retention - Foley placed, voiding trial in 48 h").act
    assert "version" in analyse("Singleton breech at 39 weeks, ECV declined").negated
    asked = analyse("Code the intervention. Right radial access. The RCA lesion was treated with a balloon.")
    assert asked.named_system == "ICD-10-PCS"


@pytest.mark.parametrize(("text", "system"), [
    ("Ten days after a surgeon excised a benign lipoma from her left shoulder, Marion Keller, 56, returns solely to "
     "have her sutures removed. The incision is well healed. Which code is assigned?", None),  # a story, no op note
    ("During a total abdominal hysterectomy the gynecologist inadvertently nicks the sigmoid colon; general surgery "
     "repairs it primarily. Which code reports this intraoperative complication?", "ICD-10-CM"),
    ("Delivery record: Clara Jansen, 27, delivered a healthy liveborn girl vaginally at 40 weeks; a first-degree "
     "perineal laceration was repaired. Code the maternal delivery record.", "ICD-10-CM"),
    ("The RCA was crossed with a wire. The lesion was predilated and a stent was deployed. The sheath was removed. "
     "Code the intervention.", "ICD-10-PCS"),
])
def test_what_a_vignette_or_a_note_asks_to_code(text: str, system: str | None) -> None:
    assert analyse(text).named_system == system


def test_an_injury_told_as_old_is_a_sequela_and_one_that_has_not_united_a_nonunion() -> None:
    assert analyse("Scaphoid waist fracture six months ago, treated in a cast; CT confirms the fracture has not "
                   "united.").encounter == "K"
    assert analyse("Persistent left foot drop, which the neurologist attributes to that old peroneal nerve "
                   "injury.").encounter == "S"


def test_a_ventilation_asked_for_is_not_the_tube_put_in_on_the_way() -> None:
    from assistant.query import ventilation_asked

    note = ("Overdose, intubated in the ED 11/30 at 20:10. Extubated 12/1 at 19:55. Mechanical ventilation code?")
    assert "intubat" not in ventilation_asked(note) and "mechanical ventilation" in ventilation_asked(note)
    assert "endotrach" not in analyse(note).tokens
    kept = "Intubated 11/30 at 20:10 for airway protection. Code the intubation."
    assert ventilation_asked(kept) == kept
    # the terminal ileum reached by a colonoscope is no airway
    assert "endotrach" not in analyse("Colonoscopy to cecum, TI intubated, cold snare polypectomy of the "
                                      "ascending colon").tokens


def test_an_op_note_drops_its_positioning_and_the_scan_of_its_indication() -> None:
    from assistant.query import without_positioning

    note = ("Right knee mechanical symptoms, MRI medial meniscal tear. Supine, leg holder. Standard anterolateral and "
            "anteromedial portals. The unstable flap of the medial meniscus was trimmed back to a stable rim.")
    read = analyse(note)
    assert read.approach == "Percutaneous Endoscopic"  # an arthroscopy's portals
    assert "holder" not in read.tokens and "mri" not in read.tokens
    assert without_positioning("Lithotomy, general. The tumor was shaved away.") == "The tumor was shaved away."
    # a positioning sentence that tells the way in stays
    assert "speculum" in without_positioning("Dorsal lithotomy, speculum placed. The zone was cut out.")
    assert analyse("Dorsal lithotomy, speculum placed. The transformation zone was cut out with a loop.").approach == (
        "Via Natural or Artificial Opening")
    assert analyse("TIPS: a stent placed between the portal and hepatic veins via the jugular vein.").approach != (
        "Percutaneous Endoscopic")


def test_what_ends_a_drainage_is_no_device_and_no_second_act() -> None:
    tapped = analyse("Bedside left thoracentesis: 8 Fr catheter-over-needle, 1,350 mL fluid removed; catheter "
                     "withdrawn at end.")
    assert "drainag" not in {w for g in tapped.groups for w in g if "devic" in g}
    assert analyse("Seldinger technique, 14 Fr pigtail catheter placed into the right pleural space.").approach == (
        "Percutaneous")
    packed = analyse("Fluctuant abscess of the upper back. Cruciate incision, 15 mL of pus drained. Cavity irrigated "
                     "and packed with iodoform gauze.")
    assert "pack" not in packed.tokens and "gauz" not in packed.tokens
    chips = analyse("Resectoscope via the urethra. The bladder tumor was resected with the loop down to muscle. Chips "
                    "evacuated with the Ellik and sent.")
    assert "drainag" not in chips.tokens
    # pus drained and sent for culture is treated, not a diagnostic drainage; fluid tapped for study is
    assert not analyse("Right hip septic arthritis. Capsule incised and frank pus evacuated and sent for culture.")\
        .diagnostic
    assert analyse("Knee aspiration: 40 mL cloudy fluid aspirated and sent for cell count and crystals.").diagnostic
    assert not analyse("Biopsy-proven CIN 3. Speculum placed and the transformation zone cut out with a loop.")\
        .diagnostic


def test_an_item_asked_for_on_the_last_items_line_keeps_only_its_own_item() -> None:
    read = primary_procedure("PROCEDURES: 1. Colonoscopy to cecum, TI intubated 2. Hot snare polypectomy, ascending "
                             "colon 3. Cold bx x1 sigmoid Code item 2 only pls.")
    assert "sigmoid" not in read and "ascending colon" in read and "Colonoscopy" in read


def test_a_numbered_plan_line_is_its_problem() -> None:
    from assistant.query import problem_of_line

    assert problem_of_line("7. L adrenal met - IR bx") == "L adrenal met"
    assert problem_of_line("#2 L empyema - VATS decortication") == "L empyema"
    assert not analyse("#2 L empyema - VATS decortication").act
    assert problem_of_line("Colonoscopy - polypectomy") == "Colonoscopy - polypectomy"


def test_a_laceration_repaired_after_delivery_is_repaired_in_the_layer_its_degree_names() -> None:
    assert "repair perineum muscle" in act_words("2nd degree perineal lac repair after vag delivery")
    assert "repair anal sphincter" in act_words("Third-degree tear after forceps delivery; the sphincter ends "
                                                "were reapproximated.")
    assert "perineum" not in act_words("Second-degree perineal laceration noted; patient declined the exam.")


def test_a_scope_read_as_a_findings_test_is_still_the_way_in_and_hemostasis_is_an_act() -> None:
    note = ("Melena. EGD showed a duodenal ulcer with a visible vessel. 6 mL of epinephrine were injected around it, "
            "followed by placement of two through-the-scope clips with hemostasis achieved. How do I code the "
            "hemostasis?")
    read = analyse(note)
    assert read.approach is not None and read.named_system == "ICD-10-PCS"
    assert analyse("Removal of foreign body from rectum, digital, without endoscope").approach is None


def test_a_surface_abscess_drained_is_subcutaneous_and_its_verb_names_no_drain() -> None:
    from assistant.query import drained_as_act

    note = ("Fluctuant 5 cm abscess of the upper back. Cruciate incision, 15 mL of purulent material drained and "
            "loculations broken up.")
    assert "subcutaneous tissue" in act_words(note)
    assert "subcutaneous tissue" not in act_words("Deep intramuscular abscess of the thigh drained under CT.")
    assert "drain" not in analyse(note).tokens
    assert drained_as_act("pus drained; a Penrose drain was left") == "pus drained; a Penrose drain was left"


def test_one_coronary_artery_named_is_one_artery_whatever_the_number_of_stents() -> None:
    read = analyse("Long RCA disease. Two overlapping drug-eluting stents were placed in the mid and distal right "
                   "coronary artery.")
    assert "one artery" in read.expanded and "two arteries" not in read.expanded
    assert "two arteries" in analyse("Drug-eluting stents were placed in the LAD and the RCA.").expanded


def test_a_tool_catheter_and_an_arteriotomy_are_the_way_to_an_extirpation() -> None:
    q = analyse("Right brachial artery exposed and a transverse arteriotomy made. A 3 Fr Fogarty catheter was passed "
                "and fresh embolus retrieved. Arteriotomy closed with 7-0 Prolene.")
    assert "extirp" in q.other_roots and "drainag" not in q.other_roots
    assert "catheter" not in q.core_text.lower() and "arteriotomy" not in q.core_text.lower()
    assert q.approach == "Open"


def test_laparoscopic_ports_are_trocars_not_an_implanted_port() -> None:
    q = analyse("Pneumoperitoneum obtained at the umbilicus and two additional 5 mm ports were placed. The appendix "
                "was stapled across at its base and removed in a bag.")
    assert q.approach == "Percutaneous Endoscopic"
    assert "vascular access device" not in q.expanded
    port = analyse("A totally implantable venous access port was placed in a right chest pocket.")
    assert "vascular access device" in port.expanded  # a chest port is still the device


def test_a_tube_swapped_through_its_tract_is_change_by_the_external_approach() -> None:
    q = analyse("Gastrostomy tube fell out this morning. A new 20 Fr balloon gastrostomy tube was inserted through "
                "the existing stoma at bedside and the balloon inflated.")
    assert q.other_roots == {"chang"}
    assert q.approach == "External"


def test_an_egd_that_carries_a_dilation_is_not_the_upper_esophagus() -> None:
    q = analyse("EGD with through-the-scope balloon dilation of a peptic stricture of the distal esophagus to 15 mm.")
    assert "upper" not in q.tokens and "lower" in q.tokens
    assert "upper" in analyse("EGD, normal exam").tokens  # a look alone is the upper intestinal tract


def test_anatomy_named_external_or_upper_chest_is_no_approach_or_limb() -> None:
    q = analyse("Incision along the left sternocleidomastoid; the common, internal and external carotid arteries "
                "were controlled. Plaque removed from the internal carotid. Incision closed in layers.")
    assert q.approach == "Open"
    port = analyse("Right IJ accessed; a subcutaneous pocket was created through an incision on the right upper "
                   "chest and the port reservoir secured there.")
    assert "chest" in port.tokens and "upper" not in port.tokens


def test_a_case_converted_through_a_laparotomy_is_open() -> None:
    q = analyse("Began laparoscopically with four ports but the tumor was stuck to the wall, so we converted to a "
                "midline laparotomy and removed the descending colon.")
    assert q.approach == "Open"


def test_graft_in_the_disc_space_or_decorticated_gutters_is_fusion_counted_once_per_joint() -> None:
    q = analyse("Right-sided Smith-Robinson approach. Discectomies at C5-6 and C6-7, then PEEK cages with allograft "
                "inserted at both disc spaces and an anterior plate.")
    assert "fusion" in q.other_roots and "2 or more cervical" in q.expanded
    once = analyse("Anterior cervical discectomy and fusion at C5-C6: the C5-C6 disc is removed and a cage placed.")
    assert "2 or more" not in once.expanded and "cervical vertebral joint" in once.expanded


def test_a_stent_set_across_a_narrowing_is_dilation_and_one_taken_out_is_removal() -> None:
    placed = analyse("ERCP with placement of a 10 Fr plastic stent across a distal common bile duct stricture.")
    assert "dilat" in placed.other_roots
    removed = analyse("Cystoscopy: the left ureteral stent was grasped and removed intact.")
    assert "remov" in removed.other_roots and "dilat" not in removed.other_roots
    none = analyse("A 9 mm ureteral stone was fragmented with the laser and the pieces basketed out. No stent placed.")
    assert "dilat" not in none.other_roots


def test_matter_broken_up_and_taken_out_is_extirpation_and_left_to_pass_is_fragmentation() -> None:
    out = analyse("Right semirigid ureteroscopy. A 9 mm stone in the right distal ureter was fragmented with the "
                  "holmium laser and all fragments were extracted with a nitinol basket.")
    assert "extirp" in out.other_roots and "fragment" not in out.other_roots
    left = analyse("Left ureteroscopy, distal ureteral stone dusted with the holmium laser into fine particles, "
                   "nothing basketed; fragments left to pass.")
    assert "extirp" not in left.other_roots


def test_a_clot_evacuated_is_extirpation_and_a_lobe_taken_out_is_the_whole_lobe() -> None:
    clot = analyse("Craniotomy for evacuation of acute subdural hematoma.")
    assert "extirp" in clot.other_roots and "drainag" not in clot.other_roots
    assert extent("L thyroid lobectomy, isthmus left intact, for a 3 cm nodule.") == "whole"
    assert extent("Enucleation of the left eye with an orbital implant.") == "whole"
    assert extent("Wedge resection of a right upper lobe nodule.") == "part"


def test_the_ends_joined_after_a_resection_are_no_bypass() -> None:
    joined = analyse("Sigmoid colectomy, open, with primary anastomosis.")
    assert "bypass" not in joined.other_roots
    stoma = analyse("Hartmann procedure: sigmoid resection with end descending colostomy.")
    assert "bypass" in stoma.expanded or "stoma" in stoma.expanded.lower()


def test_an_ankle_fracture_set_and_fixed_is_its_bones_not_the_ankle_joint() -> None:
    from assistant.query import malleolar_bones

    read = analyse("ORIF L bimalleolar ankle fx, plates and screws, medial and lateral malleolus")
    assert {"tibia", "fibula"} <= read.tokens and "tarsal" not in read.tokens
    assert malleolar_bones("Lateral malleolus fracture reduced and plated").endswith("fibula")
    # weeks after the fixation, the fracture's follow-up is a diagnosis: nothing read as bones set
    later = analyse("Returns four weeks after ORIF of a displaced bimalleolar fracture of the left ankle")
    assert "tibia" not in later.tokens


def test_an_object_told_where_it_sits_is_a_foreign_body() -> None:
    assert lodged_object("popcorn kernel R ear") == "foreign body"
    assert lodged_object("ate a cookie with peanuts at a party, hives and wheezing") == ""


def test_a_central_line_is_coded_where_its_tip_projects() -> None:
    told = "left subclavian triple-lumen catheter placed; CXR: catheter tip projects over the right atrium"
    assert catheter_tip(told).endswith("right atrium")
    assert "subclavian" not in catheter_tip(told)


@pytest.mark.parametrize("text, words", [
    ("RCA: 2 overlapping DES, post-dil NC 4.0", "two drug-eluting intraluminal devices"),
    ("3V PCI: LAD DES x1, LCx DES x1, RCA DES x1", "three drug-eluting intraluminal devices"),
    ("PCI with DES to the mid LAD", ""),  # one stent: the titles' plain device
])
def test_a_pcis_stents_are_counted_over_every_artery(text: str, words: str) -> None:
    assert stent_count_words(text) == words


def test_a_pci_is_percutaneous_in_the_table_of_its_artery_count() -> None:
    assert coronary_dilation_words("DES to mid LAD and DES to OM1", 2) == "percutaneous 0271"
    assert coronary_dilation_words("CABG x2 on pump, LIMA-LAD", 2) == ""  # an open-chest bypass


@pytest.mark.parametrize("note", [
    "IR: routine L PCN exchange over wire, 10 Fr, hydronephrosis resolved. PCS?",
    "Routine left nephrostomy tube exchange, 10 Fr",
])
def test_a_tube_exchanged_through_its_tract_is_a_change(note: str) -> None:
    query = analyse(note)
    assert "chang" in query.other_roots and "drainag" not in query.other_roots


def test_an_in_situ_mammary_is_the_bypass_conduit_and_a_total_joint_is_no_single_surface() -> None:
    from assistant.pcs_fit import fit_parts

    lima = analyse("CABG x1 LIMA-LAD, on pump")

    def device(query, code: str, qualifier: str, device_value: str) -> float:  # noqa: ANN001
        axes = {"root_operation": "Bypass", "body_part": "Coronary Artery, One Artery", "approach": "Open",
                "device": device_value, "qualifier": qualifier}
        title = f"Bypass Coronary Artery, One Artery from {qualifier}"
        return fit_parts(query, code, title, axes, "ICD-10-PCS")["device"]

    assert device(lima, "02100Z9", "Left Internal Mammary", "No Device") > 0
    assert device(lima, "02100K9", "Left Internal Mammary", "Nonautologous Tissue Substitute") < 0
    assert device(lima, "02100K3", "Coronary Artery", "Nonautologous Tissue Substitute") < 0  # the only conduit
    free = analyse("CABG x1 with a free LIMA graft to the LAD")
    assert device(free, "02100Z9", "Left Internal Mammary", "No Device") <= 0
    # a pedicle screw is a spine's, not a conduit
    assert device(analyse("fusion with pedicle screws"), "02100Z9", "Left Internal Mammary", "No Device") <= 0
    tka = analyse("total knee arthroplasty with cemented femoral and tibial components")
    surface = fit_parts(tka, "0SRV0J9", "Replacement of Right Knee Joint, Tibial Surface with Synthetic Substitute",
                        {"root_operation": "Replacement", "body_part": "Knee Joint, Tibial Surface, Right"},
                        "ICD-10-PCS")
    joint = fit_parts(tka, "0SRC0J9", "Replacement of Right Knee Joint with Synthetic Substitute",
                      {"root_operation": "Replacement", "body_part": "Knee Joint, Right"}, "ICD-10-PCS")
    assert surface["extent"] < joint["extent"]


def test_a_graft_is_coded_where_it_lands_not_where_it_was_taken() -> None:
    query = analyse("STSG 150 cm2 from L thigh to R forearm burn, meshed 1.5:1, stapled. pcs for the graft?")
    assert query.side == "Right" and "thigh" not in query.core_text and "autolog" in query.tokens
    assert "mesh" not in query.tokens  # a meshed graft puts in no mesh
    asked = analyse("STSG from the R thigh to the L leg wound; what are the pcs codes for graft and donor")
    assert "thigh" in asked.core_text  # the donor's own code is asked for: its site stays


def test_work_under_imaging_goes_in_through_the_skin_unless_it_is_open() -> None:
    biopsy = analyse("US guided core bx L axillary LN x3")
    assert biopsy.approach == "Percutaneous" and "ultrasound" not in biopsy.expanded.lower()
    assert analyse("ORIF left distal radius under fluoro").approach == "Open"
    assert analyse("CT abdomen with contrast").approach is None  # a study, no guidance


def test_catheter_work_in_a_vessel_is_percutaneous_when_no_way_in_is_told() -> None:
    from assistant.query import detect_approach
    assert detect_approach("renal artery stent right, ostial 80% lesion") == "Percutaneous"
    assert detect_approach("r renal artery embolization pre-nephrectomy w/ coils") == "Percutaneous"
    assert detect_approach("fluoro-guided esophageal stent for malignant stricture") != "Percutaneous"
    assert detect_approach("carotid endarterectomy with patch angioplasty") is None


def test_a_tip_told_without_a_preposition_still_names_the_vessel() -> None:
    assert "superior vena cava" in catheter_tip("R IJ tunneled HD cath, tip cavoatrial junction")
    assert "superior vena cava" in catheter_tip("R IJ Hickman, tip: CAJ")


def test_a_therapeutic_tap_is_no_substance_and_an_external_dcr_is_open() -> None:
    assert "therapeutic" not in analyse("therapeutic thoracentesis, percutaneous").core_text.lower()
    assert analyse("Left external dacryocystorhinostomy, no stent placed").approach == "Open"


def test_a_cage_packed_with_bone_is_the_interbody_device() -> None:
    from assistant.pcs_fit import fit_parts
    query = analyse("L4-L5 interbody fusion via transforaminal approach, PEEK cage packed with local autograft")
    graft = fit_parts(query, "0SG007J", "Fusion of Lumbar Vertebral Joint with Autologous Tissue Substitute, "
                      "Posterior Approach, Anterior Column, Open Approach",
                      {"device": "Autologous Tissue Substitute"}, "ICD-10-PCS")
    cage = fit_parts(query, "0SG00AJ", "Fusion of Lumbar Vertebral Joint with Interbody Fusion Device, "
                     "Posterior Approach, Anterior Column, Open Approach",
                     {"device": "Interbody Fusion Device"}, "ICD-10-PCS")
    assert graft["device"] < 0 < cage["device"]


def test_a_craniotomy_named_by_its_site_is_the_way_in_and_a_brain_lesion_is_in_its_lobe() -> None:
    from assistant.query import skull_opening
    tumor = skull_opening("R frontal crani for tumor resection, GBM")
    assert "frontal crani" not in tumor and "(frontal lobe)" in tumor
    clot = skull_opening("R temporal crani for evac of epidural hematoma")
    assert "temporal" not in clot  # on the brain, not in a lobe: no lobe told
    assert skull_opening("hemicraniectomy for malignant MCA infarct") == "hemicraniectomy for malignant MCA infarct"


def test_a_lesion_resected_is_an_excision_unless_the_organ_goes_whole() -> None:
    assert "excision" in analyse("R crani for tumor resection, GBM").expanded.lower()
    assert "resection" not in analyse("resection of a large bladder tumor").core_text.lower()
    assert "wedge resection" in analyse("wedge resection of a RUL nodule").core_text.lower()  # the term stays whole
    assert "resection" in analyse("resection of the left lobe of the thyroid, lobectomy").core_text.lower()


def test_a_metastasis_operated_on_is_not_its_primary_site() -> None:
    query = analyse("suboccipital crani, resection of R cerebellar hemisphere met (breast primary). PCS")
    assert "breast" not in query.expanded.lower()


def test_a_vessel_harvested_for_a_bypass_is_the_harvest_not_the_bypass() -> None:
    query = analyse("endoscopic harvest of left greater saphenous vein for CABG conduit")
    assert "cabg" not in query.expanded.lower() and "excision" in query.expanded.lower()


def test_an_antidote_asked_for_as_a_procedure_is_its_administration() -> None:
    query = analyse("Naloxone 0.4mg IV push through a peripheral IV for opioid OD. Procedure code?")
    assert "other therapeutic substance" in query.expanded and "peripheral vein" in query.expanded
