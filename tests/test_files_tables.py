"""Code tables: one passage per row, columns found or given, systems given or guessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.files import load_files
from tests.user_files import FIXTURES, builders
from tests.user_files import load_one as _one


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / name, tmp_path / name))


def test_csv_rows_by_header_names(tmp_path: Path) -> None:
    source = _one(_copy("codes.csv", tmp_path))
    assert (source.type, source.title) == ("table", "codes")
    rows = source.passages
    assert [p.codes for p in rows] == [("99213",), ("99214",), ("20610",), ("0042T",)]
    first = rows[0]
    assert first.kind == "row" and first.dense
    assert first.location == "row 2"                    # header is row 1, as in a spreadsheet
    assert first.system == "CPT"
    assert first.text == ("99213 Office visit for an established patient, moderate complexity"
                          " (fixture text written for codeask tests)")
    assert first.title.startswith("99213 Office visit") and len(first.title) <= 90
    assert first.meta["defines"] == "1"
    assert first.meta["type"] == "table" and first.meta["file_title"] == "codes"
    assert first.meta["system_guessed"] == "1"
    assert first.source == str((tmp_path / "codes.csv").resolve())


def test_given_system_is_canonical_and_not_guessed(tmp_path: Path) -> None:
    source = _one(_copy("codes.csv", tmp_path), system="cpt")
    assert {p.system for p in source.passages} == {"CPT"}
    assert "system_guessed" not in source.passages[0].meta


def test_tsv_hcpcs(tmp_path: Path) -> None:
    source = _one(_copy("codes.tsv", tmp_path))
    assert [(p.codes[0], p.system) for p in source.passages] == [
        ("J1100", "HCPCS"), ("A4550", "HCPCS"), ("G0438", "HCPCS")]


def test_tab_delimited_txt_without_header_is_a_table(tmp_path: Path) -> None:
    source = _one(_copy("codes_tab.txt", tmp_path))
    assert source.type == "table"
    assert [p.location for p in source.passages] == ["row 1", "row 2", "row 3"]
    assert source.passages[2].codes == ("99215",)


def test_prose_txt_with_a_few_tabs_is_not_a_table(tmp_path: Path) -> None:
    doc = tmp_path / "memo.txt"
    doc.write_text("Memo written for codeask tests\n\nItem\tnote\n99213\tvisit\n"
                   "Plain line one\nPlain line two\nPlain line three\n")
    assert _one(doc).type == "txt"


def test_columns_found_by_content_and_semicolons(tmp_path: Path) -> None:
    source = _one(_copy("pcs_semicolon.csv", tmp_path))
    first = source.passages[0]
    assert first.codes == ("0FT44ZZ",) and first.system == "ICD-10-PCS"
    assert "removal of the gallbladder" in first.text     # the longest column, not "short"


def test_headerless_cm_table_is_guessed_as_cm(tmp_path: Path) -> None:
    source = _one(_copy("cm_noheader.csv", tmp_path))
    assert [(p.codes[0], p.system, p.location) for p in source.passages] == [
        ("E119", "ICD-10-CM", "row 1"), ("I10", "ICD-10-CM", "row 2"), ("S52501A", "ICD-10-CM", "row 3")]
    assert source.passages[0].title.startswith("E11.9 ")


def test_explicit_columns_by_name_and_number(tmp_path: Path) -> None:
    path = _copy("pcs_semicolon.csv", tmp_path)
    by_name = _one(path, code_column="proc", text_column="Notes")
    assert by_name.passages[0].text == "0FT44ZZ short"
    by_number = _one(path, code_column="1", text_column="3")
    assert "gallbladder" in by_number.passages[0].text


def test_unknown_explicit_column_is_a_problem(tmp_path: Path) -> None:
    sources, problems = load_files([_copy("codes.csv", tmp_path)], code_column="HCPCS")
    assert sources == []
    assert problems[0].message == ("no code column 'HCPCS' "
                                   "(columns: Code, Long Description, Category)")


def test_table_without_codes_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,role\nAda,coder\nBob,biller\n")
    sources, problems = load_files([path])
    assert sources == []
    assert problems[0].message == "no column of codes found; name it with --code-column"


def test_options_change_the_content_hash(tmp_path: Path) -> None:
    path = _copy("codes.csv", tmp_path)
    plain, again, cpt = _one(path), _one(path), _one(path, system="CPT")
    assert plain.content_hash == again.content_hash
    assert plain.content_hash != cpt.content_hash


def test_xlsx_sheet_rows_and_lost_leading_zeros(tmp_path: Path) -> None:
    source = _one(builders.make_xlsx(tmp_path / "codes.xlsx", extra_sheet=True))
    rows = [(p.codes[0], p.system, p.location) for p in source.passages]
    assert rows == [("J1100", "HCPCS", "Codes row 2"), ("A4550", "HCPCS", "Codes row 3"),
                    ("99213", "CPT", "Codes row 4"), ("00100", "CPT", "Codes row 5")]
    first = source.passages[0]
    assert first.text == "J1100 Injection of an invented steroid, per 1 mg (fixture text)"
    assert first.title == "J1100 Steroid inj"             # the sheet's short description
    assert first.meta["description"] == "Injection of an invented steroid, per 1 mg (fixture text)"
    assert first.meta["format"] == "xlsx"


def test_corrupt_xlsx(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook at all")
    sources, problems = load_files([bad])
    assert sources == []
    assert problems[0].message == "is not a readable .xlsx (corrupt or password protected?)"


def test_long_rows_are_never_split(tmp_path: Path) -> None:
    desc = "Invented long description written for codeask tests " * 40
    path = tmp_path / "long.csv"
    path.write_text(f"code,description\n99213,\"{desc}\"\n")
    [row] = _one(path).passages
    assert row.text == f"99213 {desc}".strip()
    assert row.title.endswith("…") and len(row.title) < 100


def test_blank_and_label_rows_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "sections.csv"
    path.write_text("code,description\nVisits section,\n99213,Visit fixture\n,\n99214,Other visit fixture\n")
    source = _one(path)
    assert [(p.codes[0], p.location) for p in source.passages] == [("99213", "row 3"), ("99214", "row 5")]


def test_row_mentions_of_other_codes(tmp_path: Path) -> None:
    path = tmp_path / "addon.csv"
    path.write_text("code,description\n99417,Invented add-on fixture: report with 99215 for extra time\n")
    [row] = _one(path).passages
    assert row.codes == ("99417",)
    assert row.meta["mentions"] == "99215:CPT"


@pytest.mark.parametrize("system", ["pcs", "cm", "hcpcs", "other", "ICD-10-CM"])
def test_every_system_name_is_accepted(tmp_path: Path, system: str) -> None:
    source = _one(_copy("codes.tsv", tmp_path), system=system)
    assert source.passages[0].system in {"ICD-10-PCS", "ICD-10-CM", "HCPCS", "other"}


def test_unknown_system_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown code system"):
        load_files([_copy("codes.tsv", tmp_path)], system="snomed")
