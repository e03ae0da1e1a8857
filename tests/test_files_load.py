"""``load_files`` over a folder: every format together, problems apart, folder boilerplate gone."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest.files import load_files

FIXTURES = Path(__file__).parent / "fixtures" / "user_sources"


def _fixture_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def test_folder_loads_every_format_and_reports_bad_files(tmp_path: Path) -> None:
    folder = _fixture_folder(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bundle.zip").write_bytes(b"PK")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    sources, problems = load_files([folder])
    names = [s.path.name for s in sources]
    assert names == ["article.html", "cm_noheader.csv", "codes.csv", "codes.tsv", "codes_tab.txt",
                     "modifiers.md", "notes.txt", "pcs_semicolon.csv", "page1.md", "page2.md", "page3.md"]
    assert {p.path.name: p.message for p in problems} == {
        "binary.txt": "looks binary, not text",
        "bundle.zip": "archives are not read: extract it and ingest the folder",
        "empty.txt": "is empty",
    }
    for source in sources:
        assert source.path.is_absolute()
        assert len(source.content_hash) == 64
        for passage in source.passages:
            assert passage.source == str(source.path)
            assert passage.dense
            assert passage.kind == ("row" if source.type == "table" else "document")
            assert passage.meta["type"] == source.type
            assert passage.meta["file_title"]


def test_lines_shared_by_a_folder_are_removed(tmp_path: Path) -> None:
    sources, _ = load_files([_fixture_folder(tmp_path) / "site"])
    assert len(sources) == 3
    for n, source in enumerate(sources, start=1):
        text = "\n".join(p.text for p in source.passages)
        assert f"substantive tip number {n}" in text
        assert "Acme Coding Newsletter" not in text
        assert "help line" not in text
        assert source.passages[0].codes == (f"9921{n}",)


def test_shared_lines_are_kept_when_a_folder_has_two_documents(tmp_path: Path) -> None:
    folder = _fixture_folder(tmp_path) / "site"
    (folder / "page3.md").unlink()
    sources, _ = load_files([folder])
    assert all("Acme Coding Newsletter" in s.passages[0].text for s in sources)


def test_removed_boilerplate_changes_the_hash(tmp_path: Path) -> None:
    folder = _fixture_folder(tmp_path) / "site"
    with_three = {s.path.name: s.content_hash for s in load_files([folder])[0]}
    alone = load_files([folder / "page1.md"])[0][0].content_hash
    assert with_three["page1.md"] != alone


def test_one_bad_file_does_not_stop_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Fine\n\nA good fixture document about 99213 coding.\n")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 nonsense")
    sources, problems = load_files([bad, good, tmp_path / "missing.txt"])
    assert [s.path.name for s in sources] == ["good.md"]
    assert [p.path.name for p in problems] == ["missing.txt", "bad.pdf"]


def test_given_system_labels_documents(tmp_path: Path) -> None:
    doc = tmp_path / "cpt_notes.md"
    doc.write_text("# CPT notes\n\nFixture guidance about 99213.\n")
    sources, _ = load_files([doc], system="cpt")
    assert sources[0].passages[0].system == "CPT"
    sources, _ = load_files([doc])
    assert sources[0].passages[0].system == ""
