"""How procedure titles and op notes are read: the index followed as a coder follows it, verbs of an op note,
what a title leads with, and the details that decide the root operation or the approach.

These need no index: they check the rules that feed retrieval.
"""

from __future__ import annotations

from assistant.pcs_index import PcsIndex
from assistant.query import act_words, analyse, expand_terms, extent, primary_procedure
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
