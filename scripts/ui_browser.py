"""Drive the codeask Streamlit app in a real headless Chromium (Debian's chromium + chromium-driver).

Used by tests/test_ui_browser.py and scripts/screenshots. Every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "assistant" / "ui_app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage")


def missing_browser() -> str | None:
    """Why a browser session cannot start here, or None when it can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing (apt-get install -y chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[Any], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with {proc.returncode} before listening")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"the app did not listen on port {port} within {timeout:.0f} s")


@contextmanager
def serve_app(home: Path, *, log: Path | None = None, timeout: float = 90.0, prefix: Sequence[str] = (),
              env: dict[str, str] | None = None, via_cli: bool = False) -> Iterator[str]:
    """Run the app on a free localhost port with CODEASK_HOME=home; yields its URL; always stops it.

    ``via_cli`` starts it as users do (``codeask ui``); ``prefix`` wraps the command (a syscall tracer);
    ``env`` replaces the inherited environment. The whole process group is stopped, tracer and all.
    """
    port = free_port()
    env = {**(os.environ if env is None else env), "CODEASK_HOME": str(home), "CODEASK_NO_PROGRESS": "1"}
    env.pop("CHROMA_HOST", None)
    if via_cli:
        cmd = [*prefix, sys.executable, "-m", "assistant.cli", "ui", "--port", str(port)]
    else:
        cmd = [*prefix, sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_port(port, proc, timeout)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_group(proc)
        if log:
            out.close()


def stop_group(proc: subprocess.Popen[Any]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def chromium(*, width: int = 1366, height: int = 900) -> Iterator[Any]:
    """A headless Chromium with a fresh profile; always quits."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="codeask-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in CHROME_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        driver.set_page_load_timeout(60)
        try:
            yield driver
        finally:
            driver.quit()


def wait_for(driver: Any, css: str, *, timeout: float = 90.0, visible: bool = True) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    locator = (By.CSS_SELECTOR, css)
    condition = ec.visibility_of_element_located(locator) if visible else ec.presence_of_element_located(locator)
    return WebDriverWait(driver, timeout).until(condition)


def open_app(driver: Any, url: str) -> None:
    driver.get(url)
    wait_for(driver, 'textarea[data-testid="stChatInputTextArea"]', timeout=120)


def ask(driver: Any, question: str, *, expect_code: str | None = None, timeout: float = 90.0) -> Any:
    """Type a question into the chat input and press Enter; waits for the answer's code cards."""
    from selenium.webdriver.common.keys import Keys

    before = len(driver.find_elements("css selector", ".ca-cards"))
    box = wait_for(driver, 'textarea[data-testid="stChatInputTextArea"]')
    box.click()
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    css = f'.ca-card[data-code="{expect_code}"]' if expect_code else ".ca-cards"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = driver.find_elements("css selector", css)
        if len(driver.find_elements("css selector", ".ca-cards")) > before and found:
            wait_until_idle(driver, timeout=max(5.0, deadline - time.monotonic()))
            return found[-1]
        time.sleep(0.3)
    raise TimeoutError(f"no answer with {css} within {timeout:.0f} s")


def wait_until_idle(driver: Any, *, timeout: float = 60.0) -> None:
    """Wait until Streamlit is no longer running the script (its status widget goes away)."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        running = driver.find_elements("css selector", '[data-testid="stStatusWidget"]')
        quiet = quiet + 1 if not running else 0
        if quiet >= 3:
            return
        time.sleep(0.3)


def open_citation(driver: Any, n: int, *, timeout: float = 30.0) -> Any:
    """Follow an [n] link of the latest answer's cards and open citation n; returns its passage element.

    Streamlit may rerun and redraw the expander after the click, so each poll finds it afresh and opens it
    again when it shows closed.
    """
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    links = driver.find_elements("css selector", f'.ca-cards a[href$="-{n}"]')
    if not links:
        raise LookupError(f"no card links to citation [{n}]")
    target = links[-1].get_attribute("href").rsplit("#", 1)[1]
    driver.execute_script("arguments[0].click();", links[-1])
    # The link points at a real anchor; the page may still be drawing the sources under the answer.
    WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_elements("css selector", f"#{target}"))
    if not _citation_expanders(driver, n):
        raise LookupError(f"no expander for citation [{n}]")
    last_click = [0.0]

    def shown(_: Any) -> Any:
        expanders = _citation_expanders(driver, n)
        if not expanders:
            return False
        expander = expanders[-1]
        found = expander.find_elements("css selector", ".ca-passage")
        if found and found[0].is_displayed():
            return found[0]
        body = expander.find_elements("css selector", '[data-testid="stExpanderDetails"]')
        closed = not body or body[0].get_attribute("inert") is not None  # Streamlit marks a closed body inert
        if closed and time.monotonic() - last_click[0] > 2.0:
            summary = expander.find_element("css selector", "summary")
            # Centred and clicked by script: at the top of the view the app's fixed header takes a real click.
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", summary)
            last_click[0] = time.monotonic()
        return False

    wait = WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,))
    return wait.until(shown)


def _citation_expanders(driver: Any, n: int) -> list[Any]:
    return [e for e in driver.find_elements("css selector", '[data-testid="stExpander"]')
            if f"[{n}] " in e.find_element("css selector", "summary").text]


def card_citations(card: Any) -> list[int]:
    """The citation numbers a code card links to."""
    return [int(a.text.strip("[]")) for a in card.find_elements("css selector", ".ca-cites a")]


def click_text(driver: Any, text: str, *, timeout: float = 30.0) -> None:
    """Click the button whose visible text is ``text``."""
    from selenium.webdriver.support.ui import WebDriverWait

    def find(_: Any) -> Any:
        for b in driver.find_elements("css selector", "button"):
            if b.text.strip() == text and b.is_displayed():
                return b
        return False

    WebDriverWait(driver, timeout).until(find).click()
