"""Clarifying questions (issue 14): asked when the leading codes differ on a detail the question leaves out,
not asked when it is stated or does not matter; options in the code set's words, each leading to valid codes;
a chosen option (or the detail typed) narrows the answer, through chat, JSON and the HTTP API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.service import Conversation
from core.codes import normalize
from tests.conftest import run_cli


def _options(answer) -> dict[str, list[str]]:  # noqa: ANN001
    return {o["label"]: o["codes"] for o in answer.clarify["options"]}


@pytest.mark.parametrize(("question", "axis", "labels"), [
    ("total knee replacement", "side", {"Right", "Left"}),
    ("appendectomy", "approach", {"Open", "Percutaneous Endoscopic"}),
    ("right hip replacement", "qualifier", {"Cemented", "Uncemented"}),
    ("removal of device from stomach, open", "device", {"Drainage Device", "Feeding Device"}),
    ("fracture of right radius shaft", "encounter", {"initial encounter for closed fracture",
                                                     "subsequent encounter for closed fracture with routine healing",
                                                     "sequela"}),
    ("diabetes with diabetic polyneuropathy", "type", {"Type 1 diabetes", "Type 2 diabetes"}),
    ("chronic kidney disease", "stage", {"stage 4 (severe)", "stage 5"}),
    # a pacemaker, but which: the named device ties several values
    ("Insertion of pacemaker generator into chest subcutaneous pocket, open", "device",
     {"Pacemaker, Single Chamber", "Pacemaker, Dual Chamber"}),
    # "prosthesis" says synthetic, not which bearing surface: asked after side, approach and cement
    ("Cemented total right hip arthroplasty with prosthesis", "device",
     {"Synthetic Substitute", "Synthetic Substitute, Metal on Polyethylene"}),
    # the severity of nonproliferative retinopathy is its stage
    ("Type 2 diabetes mellitus with nonproliferative diabetic retinopathy without macular edema, right eye", "stage",
     {"mild", "moderate", "severe"}),
    # "valve" lists alternatives (mechanical or tissue): no device is stated
    ("Open aortic valve replacement with a new valve", "device", {"Synthetic Substitute", "Zooplastic Tissue"}),
    # a kind the category spells out that the question leaves out: the unspecified code leads, the kinds are asked
    ("systolic heart failure", "type", {"Acute", "Chronic", "Acute on chronic", "Unspecified"}),
    # a follow-up that does not say how the fracture heals: routine healing assumed, the others offered
    ("F/u of displaced transverse fracture of shaft of right radius", "encounter",
     {"subsequent encounter for closed fracture with routine healing",
      "subsequent encounter for closed fracture with delayed healing",
      "subsequent encounter for closed fracture with nonunion",
      "subsequent encounter for closed fracture with malunion"}),
])
def test_a_missing_deciding_detail_gets_one_question_in_the_code_sets_words(assistant, question: str, axis: str,
                                                                            labels: set[str]) -> None:  # noqa: ANN001
    answer = assistant.ask(question)
    assert answer.clarify is not None and answer.clarify["axis"] == axis
    options = _options(answer)
    assert labels <= set(options)
    for codes in options.values():  # every option leads to codes that exist
        assert codes and all(assistant.store.code(normalize(c)) for c in codes)
    top = answer.suggestions[0]
    assert top["assumed"]["axis"] == axis and any(top["code"] in codes for codes in options.values())
    assert answer.clarify["question"] in answer.answer
    assert answer.clarify["physician_query"].startswith("Please document") and "Physician query" in answer.answer


@pytest.mark.parametrize("question", [
    "laparoscopic appendectomy",  # approach stated
    "laparoscopic cholecystectomy",
    "otitis media of the left ear",  # side stated
    "torus fracture of right radius, initial encounter",  # side and encounter stated
    "type 2 diabetes without complications",  # nothing left to decide
    "excision of skin of back",  # no qualifier named: not diagnostic, not a question
    "chronic kidney disease stage 4",
    "removal of drainage device from stomach, open",  # the device named in full
    "F/u with routine healing of displaced transverse fracture of shaft of right radius",
    "Lap right inguinal hernia repair with synthetic mesh",
    "Cemented total right hip arthroplasty with metal on polyethylene prosthesis",
    "Type 1 diabetes mellitus",  # without complications: nothing to decide
    # the longer value typed in full beats the shorter one named inside it
    "Open total hip replacement of the left hip using a metal-on-polyethylene synthetic substitute, uncemented",
    "Open aortic valve replacement with mechanical valve",
    "Insertion of dual chamber pacemaker generator into chest subcutaneous tissue, open",
    "Percutaneous balloon angioplasty of right superficial femoral artery",  # "balloon" is not drug-coated
    "acute on chronic systolic heart failure",  # the kind stated
    "COPD",  # "with exacerbation" is a complication coded when stated, not a kind to ask about
    "heart failure",  # right heart failure is a chamber, not a side
    # "bovine" names Zooplastic Tissue though "valve" lists alternatives
    "Transfemoral TAVR with a bovine pericardial valve for severe aortic stenosis",
    # "CRT-D" is the defibrillator, though the leads' reading mentions a pacemaker
    "CRT-D generator placed in the left pectoral subcutaneous pocket through an open incision; leads coded separately",
    # a device pocket is made through an incision: the approach is the conventional one, not a question
    "Implanted a dual-chamber pacemaker generator in a left infraclavicular subcutaneous pocket",
    # a generator goes into a pocket cut open: its approach is no question either
    "dual chamber pacemaker generator placed L chest, leads coded separately",
])
def test_no_question_when_the_detail_is_stated_or_does_not_matter(assistant, question: str) -> None:  # noqa: ANN001
    answer = assistant.ask(question)
    assert answer.found and answer.clarify is None, answer.clarify


def test_choosing_an_option_narrows_to_its_code_and_may_ask_the_next(assistant) -> None:  # noqa: ANN001
    conversation = Conversation()
    first = assistant.ask("total knee replacement", conversation=conversation)
    right = _options(first)["Right"]
    second = assistant.ask("Right", conversation=conversation)
    narrowed = [s["code"] for s in second.suggestions]
    # Only the option's codes, its lead first; the rest follow retrieval's order (service.keep_within).
    assert narrowed and narrowed[0] == right[0] and set(narrowed) <= set(right)
    assert second.clarify["axis"] == "qualifier"
    third = assistant.ask("2", conversation=conversation)  # the second option, by number
    chosen = second.clarify["options"][1]
    assert [s["code"] for s in third.suggestions] == chosen["codes"] and third.clarify is None


def test_typing_the_detail_answers_the_question(assistant) -> None:  # noqa: ANN001
    conversation = Conversation()
    assistant.ask("total knee replacement", conversation=conversation)
    answer = assistant.ask("left, uncemented", conversation=conversation)
    assert answer.suggestions[0]["code"] == "0SRD0JA"  # Left knee, synthetic substitute, uncemented
    conversation = Conversation()
    assistant.ask("appendectomy", conversation=conversation)
    assert assistant.ask("laparoscopic", conversation=conversation).suggestions[0]["code"] == "0DTJ4ZZ"


def test_a_hernia_repair_without_mesh_named_is_repair_and_asks_about_mesh(assistant) -> None:  # noqa: ANN001
    conversation = Conversation()
    answer = assistant.ask("Lap right inguinal hernia repair", conversation=conversation)
    assert answer.suggestions[0]["code"] == "0YQ54ZZ"  # nothing documented is placed: Repair stays first
    options = _options(answer)
    assert answer.clarify["axis"] == "device" and options["No Device"] == ["0YQ54ZZ"]
    assert "0YU54JZ" in options["Synthetic Substitute"]  # with mesh it is Supplement
    chosen = assistant.ask("Synthetic Substitute", conversation=conversation)
    assert chosen.suggestions[0]["code"] == "0YU54JZ"


def test_an_open_fracture_keeps_to_its_type_letters(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("Initial encounter for open type II fracture of shaft of radius")
    if answer.clarify is None or answer.clarify["axis"] != "side":
        pytest.fail(f"expected a side question, got {answer.clarify}")
    assert all(code.endswith("B") for codes in _options(answer).values() for code in codes)


def test_chat_takes_an_option_number_as_the_next_turn(small_home: Path) -> None:
    out = run_cli("chat", home=small_home, input="appendectomy\n2\n\n").stdout
    first, second = out.split("Physician query", 1)
    assert "Which approach?" in first and "2. Percutaneous Endoscopic" in first
    assert "Best match: 0DTJ4ZZ" in second


def test_json_carries_the_clarify_object(small_home: Path) -> None:
    data = json.loads(run_cli("ask", "total knee replacement", "--json", home=small_home).stdout)
    clarify = data["clarify"]
    assert set(clarify) == {"axis", "question", "options", "assumed", "physician_query"}
    assert clarify["axis"] == "side" and all({"label", "codes", "citation"} <= set(o) for o in clarify["options"])
    cited = {c["n"] for c in data["citations"]}
    assert all(o["citation"] in cited for o in clarify["options"])
    assert json.loads(run_cli("ask", "lap appendectomy", "--json", home=small_home).stdout)["clarify"] is None


def test_a_kind_question_keeps_the_unspecified_code_first_and_a_chosen_kind_narrows_to_it(assistant) -> None:  # noqa: ANN001
    conversation = Conversation()
    first = assistant.ask("systolic heart failure", conversation=conversation)
    assert first.suggestions[0]["code"] == "I50.20"  # the code when the record is silent
    assert "heart failure" in first.clarify["physician_query"] and "Unspecified systolic" not in \
        first.clarify["physician_query"]
    second = assistant.ask("acute on chronic", conversation=conversation)
    assert second.suggestions[0]["code"] == "I50.23" and second.clarify is None


def test_a_kind_in_other_words_is_read_and_what_the_question_says_of_it_narrows_the_kinds() -> None:
    from assistant.clarify import _kind_words, _narrowed, _title_words

    def kind(top: str, other: str) -> list[str] | None:
        return _kind_words(_title_words(top), _title_words(other))

    assert kind("Asthma, unspecified", "Mild intermittent asthma") == ["mild", "intermittent"]
    # the kind before the condition's words, a nonessential modifier left out
    assert kind("Heart failure, unspecified", "Chronic systolic (congestive) heart failure") == ["chronic", "systolic"]
    assert kind("Respiratory failure, unspecified with hypoxia", "Acute respiratory failure with hypoxia") == ["acute"]
    assert kind("Respiratory failure, unspecified with hypoxia", "Acute respiratory failure with hypercapnia") is None
    options = {"acute systolic": ["I50.21"], "chronic systolic": ["I50.22"], "chronic diastolic": ["I50.32"],
               "biventricular": ["I50.82"]}
    assert set(_narrowed(options, {"chronic"})) == {"chronic systolic", "chronic diastolic"}
    assert _narrowed(options, {"cough"}) == options  # nothing said of the kind: all of them


def test_an_unspecified_control_asks_which_control_and_a_monitor_is_a_monitoring_device() -> None:
    from assistant.clarify import _kind_words, _title_words, _value_words

    def kind(top: str, other: str) -> list[str] | None:
        return _kind_words(_title_words(top), _title_words(other))

    top = "Gestational diabetes mellitus in pregnancy, unspecified control"
    assert kind(top, "Gestational diabetes mellitus in pregnancy, insulin controlled") == ["insulin", "controlled"]
    assert kind(top, "Gestational diabetes mellitus in pregnancy, controlled by oral hypoglycemic drugs") == [
        "controlled", "by", "oral", "hypoglycemic", "drugs"]
    assert _value_words("Monitoring Device", frozenset())  # not emptied by the Monitoring root operation


def test_a_substage_the_titles_do_not_split_states_its_stage() -> None:
    from assistant.clarify import _stated
    from assistant.query import analyse
    values = {"Stage 1", "Stage 2", "Stage 3", "unspecified stage"}
    assert _stated(analyse("NEC Bell stage IIA, NPO/abx"), "cm", "stage", values) == {"Stage 2"}
    # a substage the titles do split is kept: CKD 3b is not 3a
    assert _stated(analyse("CKD stage 3b"), "cm", "stage", {"stage 3a", "stage 3b", "stage 3 unspecified"}) \
        == {"stage 3b"}


def test_a_device_named_by_a_word_an_approach_shares_and_poly_as_polyethylene() -> None:
    from assistant.clarify import _stated
    from assistant.query import analyse
    from core.text import token_set

    context = frozenset(token_set("Femoral Shaft Open Percutaneous External"))
    devices = {"Internal Fixation Device", "Intramedullary Internal Fixation Device", "External Fixation Device",
               "No Device"}
    nail = analyse("femoral shaft fracture: open reduction, then antegrade intramedullary nail fixation")
    assert _stated(nail, "pcs", "device", devices, context) == {"Intramedullary Internal Fixation Device"}
    fixator = analyse("femoral shaft fracture, closed reduction and external fixator")
    assert _stated(fixator, "pcs", "device", devices, context) == {"External Fixation Device"}
    bearings = {"Synthetic Substitute, Ceramic", "Synthetic Substitute, Ceramic on Polyethylene",
                "Synthetic Substitute, Metal on Polyethylene", "Synthetic Substitute"}
    hip = analyse("total hip arthroplasty, ceramic head on highly crosslinked poly liner, press-fit")
    assert _stated(hip, "pcs", "device", bearings, frozenset(token_set("Hip Joint Open"))) == {
        "Synthetic Substitute, Ceramic on Polyethylene"}


def test_leads_told_aside_and_an_implant_name_no_device_of_the_generators() -> None:
    from assistant.clarify import _stated
    from assistant.query import analyse
    from core.text import token_set

    context = frozenset(token_set("Chest Subcutaneous Tissue and Fascia Open Percutaneous"))
    devices = {"Pacemaker, Single Chamber", "Pacemaker, Dual Chamber", "Pacemaker, Single Chamber Rate Responsive",
               "Cardiac Resynchronization Pacemaker Pulse Generator", "Defibrillator Generator",
               "Subcutaneous Defibrillator Lead", "Vascular Access Device, Totally Implantable"}
    pacer = analyse("Pacer implant: generator placed in a left infraclavicular subcutaneous pocket. Leads coded "
                    "separately, generator code?")
    assert _stated(pacer, "pcs", "device", devices, context) == {
        "Pacemaker, Single Chamber", "Pacemaker, Dual Chamber", "Pacemaker, Single Chamber Rate Responsive",
        "Cardiac Resynchronization Pacemaker Pulse Generator"}  # which pacemaker is the question
    generator = analyse("New pocket, left chest, insertion of generator (leads already in place)")
    assert _stated(generator, "pcs", "device", devices, context) is None  # no lead put in: not stated at all


def test_among_many_devices_the_generators_are_offered_first(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("New pocket, left chest, insertion of generator (leads already in place)")
    assert answer.clarify is not None and answer.clarify["axis"] == "device"
    labels = [o["label"] for o in answer.clarify["options"]]
    assert "Defibrillator Generator" in labels and "Cardiac Resynchronization Pacemaker Pulse Generator" in labels
    assert "Contraceptive Device" not in labels and "Tissue Expander" not in labels


def test_a_graft_said_but_not_named_is_a_device_to_ask_about_unless_it_stays_attached() -> None:
    from assistant.clarify import device_said
    from assistant.query import analyse

    assert device_said(analyse("CABG x3, aortocoronary grafts to LAD, OM1 and PDA, bypass code only"))
    assert device_said(analyse("fem-pop bypass with a graft"))
    assert not device_said(analyse("CABG x1 with a pedicled LIMA graft to the LAD"))  # in situ: no device
    assert not device_said(analyse("CABG x1 LIMA to LAD"))
    assert not device_said(analyse("hernia repair, no mesh"))
