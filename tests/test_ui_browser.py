"""The app in a real headless Chromium: ask by keyboard, see the code card, open a citation."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_HELPER = Path(__file__).resolve().parents[1] / "scripts" / "ui_browser.py"


def _load_helper() -> Any:
    spec = importlib.util.spec_from_file_location("codeask_ui_browser", _HELPER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ub = _load_helper()


@pytest.fixture
def served(small_home: Path, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """The app on a free localhost port over a copy of the small index, and a fresh Chromium."""
    why = ub.missing_browser()
    if why:
        pytest.skip(f"no browser for UI tests: {why}")
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    log = tmp_path / "streamlit.log"
    with ub.serve_app(home, log=log, timeout=90) as url, ub.chromium() as driver:
        try:
            yield url, driver
        except Exception:
            print(log.read_text()[-4000:])
            raise


def test_ask_by_keyboard_and_review_a_citation(served: tuple[str, Any]) -> None:
    url, driver = served
    ub.open_app(driver, url)
    card = ub.ask(driver, "laparoscopic cholecystectomy", expect_code="0FT44ZZ")
    assert card.find_element("css selector", ".ca-code").text == "0FT44ZZ"
    assert "Resection of Gallbladder" in card.text
    assert "valid" in card.text
    cited = ub.card_citations(card)
    assert cited, "the card links to the passages behind it"
    # The answer text's [n] markers are links to the passages too.
    links = driver.find_elements("css selector", '[data-testid="stChatMessage"] a[href*="#cite-t1-"]')
    assert len(links) > len(cited)
    passage = ub.open_citation(driver, cited[0])
    assert "0FT44ZZ" in passage.text
    marks = [m.text for m in passage.find_elements("css selector", "mark")]
    assert any(word.lower() in ("resection", "gallbladder", "cholecystectomy") for word in marks)
    assert not driver.find_elements("css selector", '[data-testid="stException"]')
