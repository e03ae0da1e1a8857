"""Where the codes a question names go: first for a lookup, ranked like any candidate when a case is told.

These need no index: the ranked list is built by hand, as retrieval would hand it over.
"""

from __future__ import annotations

from assistant.named_codes import place_named, told_case
from assistant.query import analyse
from assistant.retrieve import Suggestion
from core.codes import CM


def _s(code: str, billable: bool = True, score: float = 1.0) -> Suggestion:
    return Suggestion(code, CM, code, True, billable, score)


def test_a_code_looked_up_leads_and_a_case_told_around_it_is_a_case() -> None:
    assert not told_case(analyse("What is I21.4?"))
    assert told_case(analyse("stemi inferior wall, cath shows RCA culprit. which I21"))
    named, ranked = place_named(analyse("What is I21.4?"), [_s("I214")], [_s("I219")])
    assert [s.code for s in named] == ["I214"] and [s.code for s in ranked] == ["I219"]


def test_a_category_that_is_not_billable_follows_the_first_billable_code_under_it() -> None:
    query = analyse("stemi inferior wall, cath shows RCA culprit. which I21")
    named, ranked = place_named(query, [_s("I21", billable=False)], [_s("I2111"), _s("I2119"), _s("I252")])
    assert named == []
    assert [s.code for s in ranked] == ["I2111", "I21", "I2119", "I252"]


def test_codes_a_coder_doubts_are_ranked_by_the_case_not_forced_first() -> None:
    query = analyse("persistent afib, cardiology says NOT longstanding. I48.11 or I48.19?")
    named, ranked = place_named(query, [_s("I4811"), _s("I4819")], [_s("I4819"), _s("I4891"), _s("I4811")])
    assert named == []
    assert [s.code for s in ranked] == ["I4819", "I4891", "I4811"]
    # a payer's rejection: the named code goes where the case puts it, even when retrieval did not rank it
    rejected = analyse("hx of tubular adenoma colon polyps, Z86.010 rejected")
    named, ranked = place_named(rejected, [_s("Z86010")], [_s("Z860101"), _s("Z860102"), _s("Z860100")])
    assert named == [] and [s.code for s in ranked][:3] == ["Z860101", "Z860102", "Z86010"]
    # named without doubt, with a case told: still the code the coder asks about
    named, _ = place_named(analyse("pt with type 2 diabetes and CKD stage 3a on insulin, code E11.22 here"),
                           [_s("E1122")], [_s("E119")])
    assert [s.code for s in named] == ["E1122"]
