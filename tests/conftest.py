"""Shared fixtures: a small real index (real model, real Chroma) built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ["CODEASK_NO_PROGRESS"] = "1"

# One PCS body system (hepatobiliary, 0F), a few joint/GI/skin stems, and a few dozen CM categories:
# enough to answer real questions, small enough to build in about a minute.
SLICE = ("0F,0DT,0DB,0DJ,0DC,0DP,0SR,0FT,0H9,0J9,00HU,02HV,K35,K80,E11,S51,S52,I10,I21,J44,G43,J15,J18,B96,"
         "N17,N18,G35,T78,Z79,B20,E10,H66,C61,D29,T39,T43,Z85,J17,M10,H40,Z96,K25,R03,I11,I50,0YQ,0YU,0JH6,02RF,"
         "C787,C22,G473,R55,M800,S320,F1023,O21,E86,I12,L974,I1A,I13,Z80,Z12,C18,Z20,Z11,U07,R05,R50,O09,Z34,T42,T16,"
         "09C3,B59,0UT,M80,M81,0PSJ,2W3,C50,0HBT,C80,0D2,0DH6,3023")


def run_cli(*args: str, home: Path, check: bool = True, env: dict[str, str] | None = None,
            input: str | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("CHROMA_HOST", "CHROMA_PORT")}
    full_env = {**base, "CODEASK_HOME": str(home), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=full_env, text=True,
                          capture_output=True, input=input, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"codeask {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def small_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index of a corpus slice; read-only for tests (copy it to modify)."""
    home = tmp_path_factory.mktemp("codeask-home")
    run_cli("ingest", "--only-codes", SLICE, home=home)
    return home


@pytest.fixture(scope="session")
def assistant(small_home: Path):  # noqa: ANN201
    from assistant.service import Assistant
    from core.config import Settings

    return Assistant(Settings(home=small_home))


@pytest.fixture(scope="session")
def llm_url():  # noqa: ANN201
    """A real OpenAI-compatible server (xllamacpp, SmolLM2-135M GGUF) on loopback, shared by the LLM tests."""
    from assistant.llm import local_server
    from core.errors import LLMUnavailable

    try:
        server = local_server(n_ctx=4096)
        url = server.__enter__()
    except LLMUnavailable as exc:
        pytest.skip(f"the local xllamacpp server cannot start: {exc}")
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


@pytest.fixture
def chroma_server(tmp_path: Path):  # noqa: ANN201
    """A real `chroma run` on a loopback port (yields the port); stopped after the test."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("the chroma command is not installed in this environment")
    from assistant.llm import free_port

    port = free_port()
    log = open(tmp_path / "chroma.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    import urllib.request

    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("chroma server did not start: " + (tmp_path / "chroma.log").read_text()[-500:])
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def wait_healthy(url: str, proc: subprocess.Popen, *, timeout: float = 120.0) -> None:
    """Wait until a `codeask serve` at ``url`` reports a ready index; fail if it exits or takes too long."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).json()["ok"]:
                return
        except httpx.HTTPError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, f"codeask serve at {url} did not start"
        time.sleep(0.5)
