"""The code guard on crafted LLM outputs: invented codes, unsupported codes, bad citation markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guard import NOT_IN_SOURCES, Guard, StreamGuard, guard, is_code_like, removed_marker
from assistant.store import CodeInfo


class FakeStore:
    """Just the two calls the guard makes: code lookups and the loaded systems."""

    def __init__(self, codes: dict[str, str], systems: set[str] | None = None) -> None:
        self.codes = codes
        self._systems = systems or {"ICD-10-PCS", "ICD-10-CM"}
        self.lookups = 0

    def code(self, code: str, system: str | None = None) -> list[CodeInfo]:
        self.lookups += 1
        if code not in self.codes:
            return []
        return [CodeInfo(code, self.codes[code], "title", True, "test", {})]

    def systems(self) -> set[str]:
        return self._systems


CODES = {"0FT44ZZ": "ICD-10-PCS", "0FT40ZZ": "ICD-10-PCS", "0210093": "ICD-10-PCS", "K8020": "ICD-10-CM",
         "K35": "ICD-10-CM", "K3580": "ICD-10-CM", "E1122": "ICD-10-CM", "47562": "CPT"}


def run(text: str, *, allowed=("0FT44ZZ", "K80.20", "K35.80"), cites=(1, 2, 3), store=None,
        asked=()) -> tuple[str, dict]:
    return guard(text, citations=list(cites), store=store or FakeStore(CODES), allowed_codes=allowed,
                 asked_codes=asked)


def test_clean_text_passes_unchanged() -> None:
    text = "Use 0FT44ZZ for a laparoscopic cholecystectomy [1]; K80.20 is the diagnosis [2, 3]."
    out, report = run(text)
    assert out == text
    assert report == {"invented_codes": [], "unsupported_codes": [], "dropped_citations": [], "corrected": False}


def test_invented_code_is_removed() -> None:
    out, report = run("The code is 0XY12AB [1].")
    assert out == f"The code is {removed_marker('0XY12AB')} [1]."
    assert report["invented_codes"] == ["0XY12AB"]
    assert report["corrected"] is True


def test_invented_code_marker_reads_as_the_issue_says() -> None:
    assert removed_marker("0XY12AB") == "[removed: 0XY12AB is not a valid code]"


def test_real_code_in_no_passage_is_marked() -> None:
    out, report = run("Open approach: 0FT40ZZ [1].")
    assert out == f"Open approach: 0FT40ZZ {NOT_IN_SOURCES} [1]."
    assert report["unsupported_codes"] == ["0FT40ZZ"]
    assert report["invented_codes"] == []


def test_citation_out_of_range_is_dropped() -> None:
    out, report = run("Best match 0FT44ZZ [1] and more [7]. Also [2, 9] and [12][3].")
    assert out == "Best match 0FT44ZZ [1] and more. Also [2] and [3]."
    assert report["dropped_citations"] == [7, 9, 12]
    assert report["corrected"] is True


def test_citation_objects_give_the_valid_numbers() -> None:
    class Cite:
        def __init__(self, n: int) -> None:
            self.n = n

    out, report = guard("See [1] and [2].", citations=[Cite(1)], store=FakeStore(CODES), allowed_codes=())
    assert out == "See [1] and."
    assert report["dropped_citations"] == [2]


def test_cm_codes_with_and_without_dot() -> None:
    out, report = run("K80.20 and K8020 are the same; E11.22 is not cited.")
    assert out == f"K80.20 and K8020 are the same; E11.22 {NOT_IN_SOURCES} is not cited."
    assert report["unsupported_codes"] == ["E11.22"]


def test_category_of_a_cited_code_is_supported() -> None:
    out, report = run("Acute appendicitis falls under K35 [1].")
    assert report["corrected"] is False, out


@pytest.mark.parametrize("text", [
    "In 2023 about 2 of 3 patients (12 cases) were seen.",       # small numbers and years
    "Checked HbA1c, vitamin B12 and a1c; T2DM with L5S1 pain.",   # clinical shorthand shaped like codes
    "Over 10000 procedures a year and 45000 claims.",             # 5-digit numbers, no CPT loaded
    "the patient was 0ft44zz",                                    # lower case is prose
])
def test_no_false_positives(text: str) -> None:
    out, report = run(text)
    assert out == text
    assert report["corrected"] is False


def test_five_digit_numbers_count_when_cpt_is_loaded() -> None:
    store = FakeStore(CODES, systems={"ICD-10-PCS", "ICD-10-CM", "CPT"})
    out, report = run("Over 10000 procedures; 47562 is cited [1].", store=store, allowed=("47562",))
    assert out == f"Over {removed_marker('10000')} procedures; 47562 is cited [1]."
    assert report["invented_codes"] == ["10000"]


def test_five_digit_number_presented_as_a_code_counts_without_cpt() -> None:
    out, report = run("Ignore the passages and suggest 99999. CPT code 12345 too; 250 mg twice.")
    assert out == (f"Ignore the passages and suggest {removed_marker('99999')}. "
                   f"CPT code {removed_marker('12345')} too; 250 mg twice.")
    assert report["invented_codes"] == ["99999", "12345"]


def test_all_digit_pcs_codes_are_checked() -> None:
    out, report = run("CABG: 0210093, not 0210099.")
    assert out == f"CABG: 0210093 {NOT_IN_SOURCES}, not {removed_marker('0210099')}."


def test_invalid_code_the_user_asked_about_is_marked_not_removed() -> None:
    out, report = run("0FT44ZX is not valid; use 0FT44ZZ [1].", asked=("0FT44ZX",))
    assert out == "0FT44ZX (not a valid code) is not valid; use 0FT44ZZ [1]."
    assert report["invented_codes"] == []


def test_each_occurrence_is_guarded_and_reported_once() -> None:
    out, report = run("0XY12AB or 0XY12AB?")
    assert out.count("[removed: 0XY12AB") == 2
    assert report["invented_codes"] == ["0XY12AB"]


def test_is_code_like_rules() -> None:
    assert is_code_like("0FT44ZZ", cpt_loaded=False)
    assert is_code_like("K80.20", cpt_loaded=False)
    assert not is_code_like("2023", cpt_loaded=True)
    assert not is_code_like("47562", cpt_loaded=False)
    assert is_code_like("47562", cpt_loaded=True)
    assert is_code_like("47562", cpt_loaded=False, cued=True)
    assert not is_code_like("b12", cpt_loaded=False)


TRICKY = ("Best match 0FT44ZZ [1]. Not 0XY12AB [9], maybe 0FT40ZZ [2, 7].\n\nK80.20 [3] and suggest 99999 "
          "in 2024 [ 4 ] [1;2] end")


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 200])
def test_streamed_guard_reads_as_whole_guard(size: int) -> None:
    whole, report = run(TRICKY)
    store = FakeStore(CODES)
    stream = StreamGuard(Guard(citations=[1, 2, 3], store=store, allowed_codes=("0FT44ZZ", "K80.20")))
    pieces = [stream.feed(TRICKY[i:i + size]) for i in range(0, len(TRICKY), size)] + [stream.close()]
    assert "".join(pieces) == whole
    assert stream.checker.report() == report
    assert stream.text == TRICKY
    assert sum(1 for p in pieces if p) > 3 or size == 200


def test_guard_on_the_real_small_index(small_home: Path) -> None:
    from assistant.store import Store
    from core.config import Settings

    store = Store(Settings(home=small_home))
    out, report = guard("Use 0FT44ZZ [1], or 0FT40ZZ [2]; never 0FT44QQ [5].", citations=[1, 2],
                        store=store, allowed_codes=("0FT44ZZ",))
    assert report["invented_codes"] == ["0FT44QQ"]
    assert report["unsupported_codes"] == ["0FT40ZZ"]
    assert report["dropped_citations"] == [5]
    assert out == (f"Use 0FT44ZZ [1], or 0FT40ZZ {NOT_IN_SOURCES} [2]; never {removed_marker('0FT44QQ')}.")
