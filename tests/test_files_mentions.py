"""Code mentions in prose: strong shapes always, weak ones only in a coding context."""

from __future__ import annotations

from ingest.files.mentions import code_mentions, is_coding_text, mentions_meta


def _codes(text: str, *, coding: bool = False) -> list[str]:
    return [m.code for m in code_mentions(text, doc_is_coding=coding)]


def test_strong_shapes_are_kept_without_context() -> None:
    text = "The visit had J1100, 0FT44ZZ, 0042T and E11.9 written on it."
    assert _codes(text) == ["J1100", "0FT44ZZ", "0042T", "E119"]


def test_meta_lists_every_shape_system() -> None:
    found = code_mentions("Report 99213 and J1100 together.")
    assert mentions_meta(found) == "99213:CPT;J1100:ICD-10-CM|HCPCS"


def test_plain_numbers_need_a_coding_word_on_the_line_or_in_the_document() -> None:
    assert _codes("We saw 12345 people at 4567890 events.") == []
    assert _codes("Bill 99213 for the visit.") == ["99213"]
    assert _codes("We saw 12345 people.", coding=True) == ["12345"]


def test_zip_codes_amounts_and_grouped_numbers_are_not_codes() -> None:
    line = "CPT billing office, Springfield, IL 62701, or 62702-1234; fee $45000; 12,34567 claims"
    assert _codes(line, coding=True) == []


def test_ranges_and_modifiers_are_still_codes() -> None:
    assert _codes("Report 99211-99215 with 99213-25 when coding visits") == ["99211", "99215", "99213"]


def test_lower_case_tokens_are_words_not_codes() -> None:
    assert _codes("Check the a1c and the j1100 billing codes") == []


def test_each_code_once_in_order() -> None:
    assert _codes("CPT 99214 then 99213 then 99214 again") == ["99214", "99213"]


def test_coding_text_detection() -> None:
    assert is_coding_text("Tips for CPT modifiers")
    assert not is_coding_text("Our picnic is on Saturday at noon.")
