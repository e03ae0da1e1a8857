"""The Streamlit app driven by streamlit.testing (AppTest) over the small real index."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow

APP = str(Path(__file__).resolve().parents[1] / "assistant" / "ui_app.py")
POLICY = (b"Gallbladder prior authorization policy\n\n"
          b"Payer rule: laparoscopic gallbladder removal billed as 0FT44ZZ needs the operative report "
          b"and the ultrasound showing cholelithiasis before prior authorization is granted.\n")


@pytest.fixture
def app(small_home: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The app over the shared read-only index."""
    monkeypatch.setenv("CODEASK_HOME", str(small_home))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("CODEASK_LLM_BASE_URL", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _no_failure(at)
    return at


@pytest.fixture
def writable_app(small_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The app over a private copy of the index, for tests that write (uploads, feedback)."""
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    monkeypatch.setenv("CODEASK_HOME", str(home))
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("CODEASK_LLM_BASE_URL", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _no_failure(at)
    return at, home


def _no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _ask(at: AppTest, question: str) -> None:
    at.chat_input(key="question").set_value(question).run()
    _no_failure(at)


def _button(at: AppTest, label: str):  # noqa: ANN202
    return next(b for b in at.button if b.label == label)


def _cards(at: AppTest) -> list[str]:
    """The code-card blocks, one per answer, oldest first."""
    return [m.value for m in at.markdown if m.value.startswith('<div class="ca-cards">')]


def _card_codes(cards: str) -> list[tuple[str, str]]:
    return re.findall(r'data-code="([^"]+)".*?<span class="ca-sys">([^<]*)</span>', cards)


def _card_citations(cards: str, code: str) -> list[int]:
    card = re.search(rf'data-code="{re.escape(code)}"(.*?)</div></div>', cards)
    assert card, f"no card for {code}"
    return [int(n) for n in re.findall(r'href="#cite-t\d+-(\d+)"', card.group(1))]


def test_question_shows_code_cards_answer_and_citations(app: AppTest) -> None:
    _ask(app, "laparoscopic cholecystectomy")
    [cards] = _cards(app)
    codes = [code for code, _ in _card_codes(cards)]
    assert "0FT44ZZ" in codes
    assert 'class="ca-badge ca-ok">valid<' in cards
    cited = _card_citations(cards, "0FT44ZZ")
    assert cited, "the 0FT44ZZ card names the passages behind it"
    # The answer text comes after the cards and its [n] markers link to the passage anchors.
    values = [m.value for m in app.markdown]
    answer = next(v for v in values if v.startswith("Best match:"))
    assert values.index(cards) < values.index(answer)
    assert re.search(r"\[\\\[\d+\\\]\]\(#cite-t1-\d+\)", answer)
    # Every cited number has an anchor and an expander; the card's first one holds the code's own passage.
    labels = [e.label for e in app.expander if e.label.startswith("\\[")]
    for n in cited:
        assert f'<div id="cite-t1-{n}" class="ca-anchor"></div>' in values
        assert any(label.startswith(f"\\[{n}\\] ") for label in labels)
    own = next(e for e in app.expander if e.label.startswith(f"\\[{cited[0]}\\] "))
    passage = " ".join(m.value for m in own.markdown)
    assert "0FT44ZZ" in passage
    assert "<mark>Resection</mark>" in passage or "<mark>Gallbladder</mark>" in passage
    origin = " ".join(c.value for c in own.caption)
    assert "ICD-10-PCS" in origin and "FY20" in origin  # the code set and its version


def test_whole_record_shows_anatomy_notes_and_guideline(app: AppTest) -> None:
    _ask(app, "laparoscopic cholecystectomy")
    cited = _card_citations(_cards(app)[0], "0FT44ZZ")
    app.toggle(key=f"rec-t1-{cited[0]}").set_value(True).run()
    _no_failure(app)
    own = next(e for e in app.expander if e.label.startswith(f"\\[{cited[0]}\\] "))
    record = "\n".join(m.value for m in own.markdown)
    assert "| 3 | `T` | Root operation | Resection |" in record
    assert "| 5 | `4` | Approach | Percutaneous Endoscopic |" in record
    assert "Related guideline" in record and "Resection" in record


def test_code_system_filter_changes_suggestions(app: AppTest) -> None:
    _ask(app, "laparoscopic cholecystectomy")
    first = _card_codes(_cards(app)[0])
    assert first[0][1] == "ICD-10-PCS"
    app.sidebar.selectbox(key="system").set_value("ICD-10-CM").run()
    _ask(app, "laparoscopic cholecystectomy")
    second = _card_codes(_cards(app)[-1])
    assert second, "the CM filter still suggests codes"
    assert {system for _, system in second} == {"ICD-10-CM"}
    assert all(re.fullmatch(r"[A-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}", code) for code, _ in second)


def test_follow_up_shows_rewritten_question(app: AppTest) -> None:
    _ask(app, "laparoscopic cholecystectomy")
    assert not any(c.value.startswith("Read as:") for c in app.caption)
    _ask(app, "what if it was open?")
    read_as = [c.value for c in app.caption if c.value.startswith("Read as:")]
    assert len(read_as) == 1
    assert "cholecystectomy" in read_as[0] and "open" in read_as[0]
    cards = _cards(app)
    assert len(cards) == 2
    assert "0FT40ZZ" in [code for code, _ in _card_codes(cards[1])]
    # Clearing forgets the conversation: the same follow-up is then read as it stands.
    app.sidebar.button(key="clear").click().run()
    assert not _cards(app)


def test_browse_filters_passages(app: AppTest) -> None:
    app.segmented_control(key="view").set_value("Browse").run()
    _no_failure(app)
    app.text_input(key="browse-q").input("gallbladder resection")
    app.multiselect(key="browse-kinds").set_value(["index"])
    _button(app, "Search").click().run()
    _no_failure(app)
    heads = [m.value for m in app.markdown if re.match(r"\*\*\d+\. ", m.value)]
    assert heads, "Browse lists ranked passages"
    assert all("index" in h for h in heads)
    assert any("Cholecystectomy" in m.value for m in app.markdown)


def test_empty_index_offers_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEASK_HOME", str(tmp_path / "fresh"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    _no_failure(at)
    assert any("No index under" in i.value for i in at.info)
    assert at.button(key="build-index").label == "Build the index"
    assert not at.chat_input
    assert not (tmp_path / "fresh").exists(), "loading the page builds nothing by itself"


def test_upload_reports_bad_files_and_indexes_the_rest(writable_app: tuple[AppTest, Path]) -> None:
    at, home = writable_app
    at.segmented_control(key="view").set_value("Sources").run()
    _no_failure(at)
    at.file_uploader[0].set_value([("empty.txt", b"", "text/plain"),
                                   ("bundle.zip", b"PK\x03\x04", "application/zip"),
                                   ("policy.txt", POLICY, "text/plain")]).run()
    at.button(key="upload-go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 2, errors
    assert all("\n" not in e and "Traceback" not in e for e in errors)
    assert any(e.startswith("empty.txt: ") for e in errors)
    assert any(e.startswith("bundle.zip: ") and "archive" in e for e in errors)
    assert any("Added 1 file" in s.value for s in at.success)
    assert sorted(p.name for p in (home / "uploads").iterdir()) == ["policy.txt"]
    assert any("policy.txt" in m.value for m in at.markdown)

    # The new passages are searchable at once (the cached store was dropped).
    at.segmented_control(key="view").set_value("Browse").run()
    at.text_input(key="browse-q").input("prior authorization operative report")
    _button(at, "Search").click().run()
    _no_failure(at)
    assert any("ultrasound" in m.value and "<mark>" in m.value for m in at.markdown)
    assert any("your file policy.txt" in c.value for c in at.caption)

    # Removing the source takes it out of the index and out of uploads/.
    at.segmented_control(key="view").set_value("Sources").run()
    at.button(key="remove-0").click().run()
    _no_failure(at)
    assert any("Removed policy.txt" in s.value for s in at.success)
    assert not (home / "uploads" / "policy.txt").exists()
    assert any("None of your files is indexed yet." in c.value for c in at.caption)


def test_feedback_is_saved_locally(writable_app: tuple[AppTest, Path]) -> None:
    at, home = writable_app
    _ask(at, "laparoscopic cholecystectomy")
    assert not (home / "feedback.jsonl").exists()
    at.feedback(key="fb-t1").set_value(0).run()
    at.text_input(key="fbnote-t1").input("expected 0FT44ZZ first")
    _button(at, "Save feedback").click().run()
    _no_failure(at)
    lines = (home / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["question"] == "laparoscopic cholecystectomy"
    assert record["rating"] == "down"
    assert record["note"] == "expected 0FT44ZZ first"
    assert "0FT44ZZ" in record["codes"]
    assert re.match(r"\d{4}-\d\d-\d\dT", record["timestamp"])
    assert any("Saved (down)" in s.value for s in at.success)


def _llm_app(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("CODEASK_HOME", str(small_home))
    monkeypatch.setenv("CODEASK_LLM_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    monkeypatch.setenv("CODEASK_LLM_MODEL", "test-model")
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _no_failure(at)
    at.sidebar.radio(key="mode").set_value("llm").run()
    return at


def test_llm_mode_streams_guarded_text_below_the_cards(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import assistant.llm_answer as llm_answer

    def fake(bot, question, *, system=None, k=10, conversation=None, on_token=None):  # noqa: ANN001, ANN202
        base = bot.ask(question, system=system, k=k, conversation=conversation)
        pieces = ["Use ", base.suggestions[0]["code"], " for this [1]", "."]
        for piece in pieces:
            on_token(piece)
        return dataclasses.replace(base, answer="".join(pieces), guard={"corrected": False})

    monkeypatch.setattr(llm_answer, "ask_with_llm", fake)
    at = _llm_app(small_home, monkeypatch)
    _ask(at, "laparoscopic cholecystectomy")
    values = [m.value for m in at.markdown]
    [cards] = _cards(at)
    text = next(v for v in values if v.startswith("Use "))
    assert re.search(r"for this \[\\\[1\\\]\]\(#cite-t1-1\)", text)
    assert values.index(cards) < values.index(text)


def test_llm_unreachable_is_one_line(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("assistant.llm_answer")
    at = _llm_app(small_home, monkeypatch)
    at.chat_input(key="question").set_value("laparoscopic cholecystectomy").run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "\n" not in errors[0] and "LLM" in errors[0]
    # The app still works in the default mode afterwards.
    at.sidebar.radio(key="mode").set_value("default").run()
    _ask(at, "laparoscopic cholecystectomy")
    assert _cards(at)


def test_a_clarifying_question_offers_option_buttons_that_narrow_the_answer(app: AppTest) -> None:
    _ask(app, "appendectomy")
    assert any("Which approach?" in m.value for m in app.markdown)
    buttons = {b.label: b for b in app.button if b.key and b.key.startswith("clarify-t1-")}
    assert {"Open", "Percutaneous Endoscopic"} <= set(buttons)
    buttons["Percutaneous Endoscopic"].click().run()
    _no_failure(app)
    cards = _cards(app)
    assert len(cards) == 2
    assert _card_codes(cards[1])[0][0] == "0DTJ4ZZ"
    assert not [b for b in app.button if b.key and b.key.startswith("clarify-t1-")]  # only the last turn's


def test_browse_lists_the_code_set_changes_under_a_prefix(app: AppTest) -> None:
    app.segmented_control(key="view").set_value("Browse").run()
    app.text_input(key="changes-prefix").input("G35").run()
    _no_failure(app)
    table = app.dataframe[0].value
    changes = dict(zip(table["code"], table["change"], strict=True))
    assert changes["G35"] == "expanded" and changes["G35.A"] == "added"
    assert any("11" in c.value or "added" in c.value for c in app.caption)
