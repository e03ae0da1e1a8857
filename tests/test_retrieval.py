"""Retrieval on a real small index: exact codes, validity, filters, coder language, batch and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.codes import CM, PCS, find_mentions, normalize
from tests.conftest import run_cli


def top(assistant, question: str, **kw) -> list[str]:  # noqa: ANN001
    return [s.code for s in assistant.retrieve(question, **kw).suggestions]


@pytest.mark.parametrize("question", ["0FT44ZZ", "is 0ft44zz valid?", "what is 0FT44ZZ"])
def test_pcs_code_in_question_comes_first(assistant, question: str) -> None:  # noqa: ANN001
    result = assistant.retrieve(question)
    assert result.suggestions[0].code == "0FT44ZZ"
    assert result.exact[0].valid and result.exact[0].system == PCS
    assert result.passages[result.suggestions[0].evidence[0]].codes == ("0FT44ZZ",)


@pytest.mark.parametrize("question", ["E11.22", "e1122", "is E11.22 billable?"])
def test_cm_code_dotted_undotted_lower_case(assistant, question: str) -> None:  # noqa: ANN001
    result = assistant.retrieve(question)
    first = result.suggestions[0]
    assert (first.code, first.system, first.billable) == ("E1122", CM, True)


def test_cm_category_is_valid_but_not_billable(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("is E11 billable?")
    assert "not billable" in answer.answer
    assert answer.suggestions[0]["code"] == "E11" and answer.suggestions[0]["billable"] is False


def test_seventh_character_code_with_placeholder(assistant) -> None:  # noqa: ANN001
    result = assistant.retrieve("S52.501A")
    assert result.suggestions[0].code == "S52501A" and result.suggestions[0].billable


def test_invalid_code_is_named_with_nearest_valid_codes(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("is 0FT44Z9 valid?")
    assert "0FT44Z9 is not a valid ICD-10-PCS code" in answer.answer
    assert "0FT4" in answer.answer.split("Nearest valid codes:")[1]
    assert all(s["code"] != "0FT44Z9" for s in answer.suggestions)


def test_cpt_shaped_code_without_cpt_loaded_says_so(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("what is CPT 47562?")
    assert "no CPT code set is loaded" in answer.answer
    assert "codeask ingest FILE --system cpt" in answer.answer


def test_code_shapes() -> None:
    found = {m.code: m.systems for m in find_mentions("0ft44zz E11.22 T36.0X1A 99213 0591T J1100 S52501A")}
    assert found["0FT44ZZ"] == (PCS,)
    assert found["E1122"] == (CM,)
    assert found["T360X1A"] == (CM,)
    assert found["99213"] == ("CPT",) and found["0591T"] == ("CPT",)
    assert "HCPCS" in found["J1100"]
    assert normalize(" e11.22 ") == "E1122"


@pytest.mark.parametrize(("question", "expected"), [
    ("lap chole", "0FT44ZZ"),
    ("laparoscopic cholecystectomy", "0FT44ZZ"),
    ("open cholecystectomy", "0FT40ZZ"),
    ("Resection of gallbladder, open", "0FT40ZZ"),
])
def test_coder_language_finds_the_code(assistant, question: str, expected: str) -> None:  # noqa: ANN001
    assert top(assistant, question)[0] == expected


def test_approach_and_qualifier_pick_between_siblings(assistant) -> None:  # noqa: ANN001
    codes = top(assistant, "percutaneous needle biopsy of the liver")
    assert codes[0] == "0FB03ZX"


def test_system_filter_keeps_only_that_system(assistant) -> None:  # noqa: ANN001
    result = assistant.retrieve("gallbladder stones", system="cm")
    assert result.suggestions and all(s.system == CM for s in result.suggestions)
    # (a condition alone names no procedure: under the PCS filter it sits at the found gate's threshold)
    result = assistant.retrieve("cholecystectomy for gallbladder stones", system="pcs")
    assert result.suggestions and all(s.system == PCS for s in result.suggestions)


def test_kind_filter(assistant) -> None:  # noqa: ANN001
    result = assistant.retrieve("Excision versus Resection", kinds=("guideline",))
    assert result.ranked and all(result.passages[p].kind == "guideline" for p in result.ranked)


def test_suggested_codes_always_exist(assistant) -> None:  # noqa: ANN001
    for question in ("lap chole", "type 2 diabetes with kidney disease", "appendicitis with perforation"):
        for s in assistant.retrieve(question).suggestions:
            assert assistant.store.code(s.code, s.system), s.code


def test_question_with_no_evidence_is_not_found(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("xqzv blorft wibble")
    assert answer.found is False and answer.suggestions == []
    assert answer.answer.startswith("Not found in the sources")


def test_words_of_another_language_are_not_cut_into_abbreviations() -> None:
    """"nasılsın" (Turkish small talk) once read as "nas" + "ls" + "n" and matched neonatal abstinence
    syndrome; accented English still folds to its plain spelling."""
    from assistant.query import analyse
    from core.text import words

    assert words("Merhaba, nasılsın?") == ["merhaba"]
    assert {t for g in analyse("Merhaba, nasılsın?").groups for t in g} == {"merhaba"}
    assert words("Привет, как дела?") == []
    assert words("Ménière's disease, Sjögren") == ["meniere's", "disease", "sjogren"]


def test_batch_json_lines(small_home: Path, tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "question": "lap chole"},
        {"id": "b", "question": "E11.22"},
        {"id": "c", "question": "   "},
    ]) + "\n")
    proc = run_cli("ask", "--batch", str(batch), "--json", home=small_home, check=False)
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "c"]
    assert lines[0]["suggestions"][0]["code"] == "0FT44ZZ"
    assert lines[1]["suggestions"][0]["code"] == "E11.22"
    for item in lines[:2]:
        assert set(item) >= {"question", "answer", "found", "suggestions", "citations"}
        assert set(item["suggestions"][0]) >= {"code", "system", "title", "valid", "citations"}
        assert set(item["citations"][0]) >= {"n", "source", "title", "text", "location"}
    assert "empty" in lines[2]["error"]
    assert proc.returncode == 1  # one line failed; the others were answered


@pytest.mark.parametrize(("question", "message", "code"), [
    ("", "empty", 2),
    ("   \t  ", "empty", 2),
    ("x" * 100_000, "too long", 2),
    ("?!?!...;;", "no words", 2),
    ("\x07\x1b\x08", "empty", 2),
])
def test_bad_questions_get_one_line_and_an_exit_code(small_home: Path, question: str, message: str,
                                                     code: int) -> None:
    proc = run_cli("ask", question, "--json", home=small_home, check=False)
    assert proc.returncode == code
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("question", ["lap\x07 chole\x1b", "¿Cuál es el código para colecistectomía?"])
def test_odd_but_answerable_questions_do_not_fail(assistant, question: str) -> None:  # noqa: ANN001
    answer = assistant.ask(question)
    assert isinstance(answer.found, bool)
    assert "\x07" not in answer.question


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    proc = run_cli("ask", "lap chole", home=tmp_path / "nothing-here", check=False)
    assert proc.returncode == 3
    assert "codeask ingest" in proc.stderr and "Traceback" not in proc.stderr




def test_a_procedure_done_in_the_ed_answers_a_bare_ask_with_the_diagnosis(assistant) -> None:  # noqa: ANN001
    told = "Closed reduction of a distal radius fracture"
    assert top(assistant, f"{told} in the ED, splint applied. Code it.")[0].startswith("S525")
    # the same act in the hospital's record, asked by its code set, is the procedure
    assert top(assistant, f"{told}, admitted, splint applied. ICD-10-PCS code?")[0].startswith("0PSJ")


def test_a_gastrostomy_tube_swapped_through_its_tract_is_a_change(assistant) -> None:  # noqa: ANN001
    codes = top(assistant, "Bedside: gastrostomy tube dislodged; the old 18 Fr balloon G-tube was removed and a new "
                           "18 Fr balloon tube placed through the existing mature tract. Code this.")
    assert codes[0] == "0D20XUZ"  # Change of a Feeding Device, Upper Intestinal Tract, External


def test_a_pathology_report_is_coded_by_its_diagnosis_not_its_biopsy(assistant) -> None:  # noqa: ANN001
    codes = top(assistant, "Breast, left, upper outer quadrant, US-guided core biopsy, female patient: Invasive "
                           "ductal carcinoma, Nottingham grade 2.")
    assert codes[0] == "C50412"
