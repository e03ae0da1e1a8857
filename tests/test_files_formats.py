"""Each prose format loads through ``load_files``, and every bad input becomes one clear Problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.files import load_files
from ingest.files.chunk import CHUNK_CHARS
from tests.user_files import FIXTURES, builders
from tests.user_files import load_one as _one


def _problem(path: Path) -> str:
    sources, problems = load_files([path])
    assert sources == []
    [problem] = problems
    return problem.message


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / name, tmp_path / name))


def test_txt_is_one_document_with_codes(tmp_path: Path) -> None:
    source = _one(_copy("notes.txt", tmp_path))
    assert (source.type, source.title) == ("txt", "notes")
    [passage] = source.passages
    assert passage.kind == "document" and passage.dense
    assert passage.source == str((tmp_path / "notes.txt").resolve())
    assert passage.codes == ("99214", "99213")          # the zip code is not a code
    assert passage.meta["type"] == "txt" and passage.meta["file_title"] == "notes"
    assert passage.location == "part 1 of 1"


def test_markdown_keeps_heading_paths(tmp_path: Path) -> None:
    source = _one(_copy("modifiers.md", tmp_path))
    assert source.title == "Modifier handbook"
    by_location = {p.location: p for p in source.passages}
    tips = by_location["section: Modifier handbook > Coding tips > Modifiers"]
    assert tips.title == "Modifier handbook > Coding tips > Modifiers"
    assert tips.codes == ("99213",)
    assert "\n\nModifier 59" in tips.text                 # paragraphs survive the splitter
    drugs = by_location["section: Modifier handbook > Drugs"]
    assert drugs.meta["mentions"] == "J1100:ICD-10-CM|HCPCS;E119:ICD-10-CM"
    assert "Intro paragraph" in source.passages[0].text


def test_html_keeps_the_article_and_drops_the_noise(tmp_path: Path) -> None:
    source = _one(_copy("article.html", tmp_path))
    assert (source.type, source.title) == ("html", "Reporting joint injections")
    text = "\n".join(p.text for p in source.passages)
    for substance in ("once per joint", "20610", "J1100", "Name the joint and the side"):
        assert substance in text
    for noise in ("cookies", "Create a free account", "console.log", "font-family", "Sign up",
                  "All rights reserved", "Subscribe", "Share | Print", "Home"):
        assert noise not in text
    locations = [p.location for p in source.passages]
    assert "section: Reporting joint injections > Choosing the code" in locations


def test_html_without_an_article_falls_back_to_plain_extraction(tmp_path: Path) -> None:
    page = tmp_path / "tiny.htm"
    page.write_text("<html><body><nav>Menu</nav><h2>Bundling</h2><p>Code 99213 alone.</p>"
                    "<script>x()</script></body></html>")
    source = _one(page)
    assert [p.text for p in source.passages] == ["Code 99213 alone."]
    assert source.passages[0].location == "section: Bundling"


def test_pdf_pages_are_citation_locations(tmp_path: Path) -> None:
    pdf = builders.make_pdf(tmp_path / "knee.pdf", footer="Acme Payer Policy Manual, draft")
    source = _one(pdf)
    assert (source.type, source.title) == ("pdf", "Knee injection article")
    assert [p.location for p in source.passages] == ["page 1", "page 2", "page 3"]
    page2 = source.passages[1]
    assert page2.codes == ("20610", "J1100")
    assert page2.meta["page"] == "2"
    assert sum("Acme Payer Policy Manual" in p.text for p in source.passages) == 1  # running footer


def test_docx_keeps_headings_and_tables(tmp_path: Path) -> None:
    source = _one(builders.make_docx(tmp_path / "repair.docx"))
    assert (source.type, source.title) == ("docx", "Wound repair guide")
    locations = [p.location for p in source.passages]
    assert locations == ["section: Wound repair guide", "section: Wound repair guide > Measuring",
                         "section: Wound repair guide > Which code"]
    last = source.passages[-1]
    assert last.codes == ("12001",)
    assert "Intermediate | Deeper layers as well as skin" in last.text
    assert "Create a free account" not in last.text


def test_long_documents_are_chunked_for_minilm(tmp_path: Path) -> None:
    body = " ".join(f"Sentence {i} of a long fixture paragraph written for codeask tests." for i in range(200))
    doc = tmp_path / "long.md"
    doc.write_text(f"# Long\n\n## Part\n\n{body}\n")
    source = _one(doc)
    assert len(source.passages) > 5
    assert all(len(p.text) <= CHUNK_CHARS for p in source.passages)
    assert {p.location for p in source.passages} == {"section: Long > Part"}
    assert len({p.id for p in source.passages}) == len(source.passages)


def test_latin1_and_cp1252_text_decode(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Procédure: révision du genou, côté droit (fixture)\n".encode("latin-1"))
    windows = tmp_path / "windows.txt"
    windows.write_bytes("The patient’s “follow-up” visit – café note (fixture)\n".encode("cp1252"))
    assert "Procédure: révision du genou, côté droit" in _one(latin).passages[0].text
    assert "The patient’s “follow-up” visit – café note" in _one(windows).passages[0].text


def test_utf8_with_bom_decodes(tmp_path: Path) -> None:
    doc = tmp_path / "bom.md"
    doc.write_bytes("\ufeff# Naïve title\n\nBody text.\n".encode())
    assert _one(doc).title == "Naïve title"


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _problem(tmp_path / "empty.txt") == "is empty"
    (tmp_path / "blank.md").write_text("  \n\n")
    assert _problem(tmp_path / "blank.md") == "is empty"


def test_binary_with_text_extension(tmp_path: Path) -> None:
    fake = tmp_path / "photo.txt"
    fake.write_bytes(bytes(range(256)) * 20)
    assert _problem(fake) == "looks binary, not text"


def test_encrypted_pdf(tmp_path: Path) -> None:
    pdf = builders.make_pdf(tmp_path / "locked.pdf", encrypt="secret")
    assert _problem(pdf) == "is encrypted (password protected); save an unprotected copy"


def test_pdf_with_only_an_owner_password_opens(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    pdf = builders.make_pdf(tmp_path / "owner.pdf", encrypt=StandardEncryption("", ownerPassword="own"))
    assert len(_one(pdf).passages) == 3


def test_corrupt_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    assert _problem(bad).startswith("is not a readable PDF (corrupt?)")


def test_truncated_pdf(tmp_path: Path) -> None:
    good = builders.make_pdf(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good[:200])
    assert _problem(cut).startswith("is not a readable PDF")


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    pdf = builders.make_scanned_pdf(tmp_path / "scan.pdf")
    assert _problem(pdf) == "has no text layer (scanned PDF?); run OCR first"


def test_corrupt_docx(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 definitely not a real word file")
    assert _problem(bad) == "is not a readable .docx (corrupt or password protected?)"


@pytest.mark.parametrize("name", ["notes.txt", "modifiers.md", "article.html"])
def test_loading_is_deterministic(tmp_path: Path, name: str) -> None:
    path = _copy(name, tmp_path)
    first, second = _one(path), _one(path)
    assert [p.id for p in first.passages] == [p.id for p in second.passages]
    assert first.content_hash == second.content_hash
