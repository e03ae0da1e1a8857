"""Bring-your-own sources through the real CLI: CPT tables and articles answered with the right citation,
updates, removal, and bad files that are skipped while the rest ingests."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "user_sources"

ARTICLE = """# Coding the established patient visit

Written for codeask tests in the project's own words.

## When to add modifier 25

Report 99213 with modifier 25 only when the visit is significant and separately identifiable from the
minor procedure done the same day; the note must show the extra work.
"""


@pytest.fixture(scope="module")
def byo_home(small_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("byo") / "home"
    shutil.copytree(small_home, home)
    docs = home.parent / "docs"
    docs.mkdir()
    shutil.copy(FIXTURES / "codes.csv", docs / "cpt-table.csv")
    (docs / "modifier-25.md").write_text(ARTICLE)
    run_cli("ingest", str(docs / "cpt-table.csv"), "--system", "cpt", home=home)
    run_cli("ingest", str(docs / "modifier-25.md"), home=home)
    return home


def ask(home: Path, question: str) -> dict:
    return json.loads(run_cli("ask", question, "--json", home=home).stdout)


def test_cpt_code_is_valid_once_a_table_defines_it(byo_home: Path) -> None:
    answer = ask(byo_home, "is 99214 valid?")
    first = answer["suggestions"][0]
    assert (first["code"], first["system"], first["valid"]) == ("99214", "CPT", True)
    cited = {c["n"]: c for c in answer["citations"]}
    row = cited[first["citations"][0]]
    assert row["location"] == "row 3" and row["source"].endswith("cpt-table.csv")


def test_cpt_question_finds_the_users_article_with_its_section(byo_home: Path) -> None:
    answer = ask(byo_home, "when can I bill 99213 with modifier 25?")
    sources = [(c["source"], c["location"]) for c in answer["citations"]]
    assert any(s.endswith("modifier-25.md") and "modifier 25" in loc.lower() for s, loc in sources)
    assert answer["suggestions"][0]["code"] == "99213"


def test_status_lists_user_sources(byo_home: Path) -> None:
    data = json.loads(run_cli("status", "--json", home=byo_home).stdout)
    user = {Path(s["name"]).name: s for s in data["sources"] if s["version"] == "user file"}
    assert set(user) >= {"cpt-table.csv", "modifier-25.md"}
    assert data["systems"]["CPT"]["codes"] == 4


def test_without_cpt_loaded_the_answer_says_so_and_gives_no_pcs_code_for_it(small_home: Path) -> None:
    answer = ask(small_home, "CPT code for laparoscopic cholecystectomy")
    assert "No CPT code set is loaded" in answer["answer"]
    assert "codeask ingest FILE --system cpt" in answer["answer"]
    assert answer["found"] is False and answer["suggestions"] == []  # a PCS code is no CPT code
    assert "ask for ICD-10-PCS" in answer["answer"]
    pcs = ask(small_home, "ICD-10-PCS code for laparoscopic cholecystectomy")
    assert pcs["suggestions"][0]["code"] == "0FT44ZZ"


def test_unchanged_file_is_skipped_changed_file_replaced_removed_file_gone(small_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    doc = tmp_path / "note.md"
    doc.write_text(ARTICLE)
    run_cli("ingest", str(doc), home=home)
    again = run_cli("ingest", str(doc), home=home).stdout
    assert "added 0" in again and "embedded 0" in again
    doc.write_text(ARTICLE.replace("the note must show the extra work", "document the extra work clearly"))
    changed = run_cli("ingest", str(doc), home=home).stdout
    assert "updated 1" in changed
    run_cli("remove", str(doc), home=home)
    db = sqlite3.connect(home / "catalog.sqlite")
    assert db.execute("select count(*) from passages where source=?", (str(doc.resolve()),)).fetchone()[0] == 0
    assert db.execute("select count(*) from sources where name=?", (str(doc.resolve()),)).fetchone()[0] == 0


def test_bad_files_are_skipped_with_one_line_each_and_the_rest_ingests(small_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text(ARTICLE)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 200)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("inside.txt", "text")
    (folder / "big.txt").write_text("word " * 300_000)
    proc = run_cli("ingest", str(folder), "--max-file-mb", "1", home=home, check=False)
    assert proc.returncode == 1
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped ")]
    assert {Path(line.split()[1].rstrip(":")).name for line in skipped} == {
        "empty.txt", "binary.txt", "broken.pdf", "bundle.zip", "big.txt"}
    assert "Traceback" not in proc.stderr
    db = sqlite3.connect(home / "catalog.sqlite")
    good = str((folder / "good.md").resolve())
    assert db.execute("select count(*) from passages where source=?", (good,)).fetchone()[0] >= 1
    assert db.execute("select count(*) from passages where dense=1 and embedded=0").fetchone()[0] == 0
