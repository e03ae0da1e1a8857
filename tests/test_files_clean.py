"""Boilerplate goes, substance stays, shared lines across a folder go."""

from __future__ import annotations

from ingest.files.clean import clean_parts, cross_document_repeats, drop_shared, is_noise

NOISE = [
    "© 2024 Acme Coding. All rights reserved.",
    "Copyright 2023 Example Health Plan",
    "Create a free account to unlock this content.",
    "Sign up to read the full answer",
    "Log in",
    "Start your free trial today!",
    "Buy now",
    "We use cookies to improve your experience.",
    "This website uses cookies. Accept all cookies",
    "Share | Print | Email",
    "Facebook Twitter LinkedIn",
    "Subscribe to our newsletter",
    "Page 3 of 12",
    "Skip to main content",
    "Get fresh coding tips in your inbox every Tuesday.",
    "[Email address] [Subscribe]",
    "The Insider Brief lands every Friday with spine coding changes you can use Monday.",
    "Drug pricing updates every quarter, delivered free.",
]
SUBSTANCE = [
    "Providers who log in to the payer portal must still attach the operative note before the"
    " claim is reviewed, and the reviewer checks every line against the policy written for tests.",
    "Report the visit once per day.",
    "Subscribers to the plan need prior authorization for 20610.",
    "## Share of cost",
    "Print the modifier next to the code.",
    "The drug is delivered every day by the pump for three days.",
    "Refills arrive every month from the supplier.",
]


def test_noise_lines_are_recognised() -> None:
    for line in NOISE:
        assert is_noise(line), line


def test_substance_is_kept() -> None:
    for line in SUBSTANCE:
        assert not is_noise(line), line


def test_code_mentions_protect_a_line() -> None:
    assert not is_noise("Sign up to see how 99213 differs")


def test_clean_parts_drops_noise_and_in_document_repeats() -> None:
    header = "Acme Payer Policy Manual, draft edition"
    pages = [f"{header}\nPage {n} text written for codeask tests.\nPage {n} of 3" for n in (1, 2, 3)]
    cleaned = clean_parts(pages)
    assert cleaned[0] == f"{header}\nPage 1 text written for codeask tests."
    assert cleaned[1] == "Page 2 text written for codeask tests."
    assert cleaned[2] == "Page 3 text written for codeask tests."


def test_repeated_lines_naming_a_code_stay() -> None:
    text = "\n".join(["Remember to add J1100 per unit given"] * 3)
    assert clean_parts([text]) == [text]


def test_short_repeated_lines_stay() -> None:
    text = "Yes\nNo\nYes\nNo\nYes"
    assert clean_parts([text]) == [text]


def _docs(n: int) -> list[list[str]]:
    return [[f"# Tip {i}\nAcme Coding Newsletter banner line\nSubstantive tip {i} about 9921{i}.\n"
             "Call our help line on weekdays"] for i in range(1, n + 1)]


def test_cross_document_repeats_need_three_documents() -> None:
    assert cross_document_repeats(_docs(2)) == set()
    shared = cross_document_repeats(_docs(3))
    assert shared == {"acme coding newsletter banner line", "call our help line on weekdays"}


def test_cross_document_repeats_need_sixty_percent() -> None:
    docs = _docs(2) + [["Other text one"], ["Other text two"]]
    assert cross_document_repeats(docs) == set()   # 2 of 4 documents is 50%


def test_headings_are_never_cross_document_boilerplate() -> None:
    docs = [[f"# Summary\nBody number {i} of this folder."] for i in range(3)]
    assert cross_document_repeats(docs) == set()


def test_drop_shared_removes_exact_repeats_even_with_codes() -> None:
    docs = [[f"Unique body {i} for tests.\nFooter: see J1100 policy page"] for i in range(3)]
    shared = cross_document_repeats(docs)
    assert shared == {"footer: see j1100 policy page"}
    kept, removed = drop_shared(docs[0], shared)
    assert kept == ["Unique body 0 for tests."]
    assert removed == shared


def test_identical_copies_count_once_and_near_copies_are_left_whole() -> None:
    policy = ["Line one of the fixture policy.\nLine two of the fixture policy.\nLine three, longer than the rest."]
    assert cross_document_repeats([policy, policy, policy]) == set()
    versions = [[policy[0] + f"\nVersion {i}"] for i in range(3)]
    shared = cross_document_repeats(versions)
    assert drop_shared(versions[0], shared) == (versions[0], set())
