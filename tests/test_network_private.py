"""Nothing leaves the machine (issue 12): each command (ingest, ask, serve, ui) runs under a syscall trace
(Debian's strace) with none of the offline switches in its environment, so the project itself must set
them, and may make no connection to a non-loopback address and no DNS lookup.

onnxruntime (1.29 and later) looks up a Microsoft events host about ten seconds after it loads unless
ORT_DISABLE_TELEMETRY is set; a one-shot ``codeask ask`` usually exits before that, so the long-lived
commands are kept alive past it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.offline import OFFLINE_ENV
from scripts import ui_browser as ub

STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is missing (apt-get install -y strace)")

TRACED = "connect,sendto,sendmsg,sendmmsg,execve"
# connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, 16)
_INET = re.compile(r"sa_family=AF_INET6?, sin6?_port=htons\((\d+)\).*?(?:inet_addr\(\"([^\"]+)\"\)|"
                   r"inet_pton\(AF_INET6, \"([^\"]+)\")")
LONG_LIVED_S = 15.0  # past onnxruntime's telemetry delay


def clean_env(home: Path) -> dict[str, str]:
    """The caller's environment without a single offline switch: codeask must set its own."""
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV and not k.startswith("CHROMA_")}
    return {**env, "CODEASK_HOME": str(home), "CODEASK_NO_PROGRESS": "1"}


def trace_prefix(log: Path) -> list[str]:
    return [str(STRACE), "-f", "-qq", "--seccomp-bpf", "-e", f"trace={TRACED}", "-o", str(log)]


def network_attempts(log: Path) -> list[str]:
    """Trace lines that reach past loopback or look a name up (DNS on port 53, wherever the resolver is)."""
    bad = []
    for line in log.read_text(errors="replace").splitlines():
        m = _INET.search(line)
        if not m:
            continue
        port, addr = int(m.group(1)), m.group(2) or m.group(3)
        loopback = addr.startswith("127.") or addr in ("::1", "::") or addr.startswith("::ffff:127.")
        if port == 53 or not loopback:
            bad.append(line.strip())
    return bad


def run_traced(args: list[str], home: Path, log: Path, *, timeout: int = 600) -> None:
    proc = subprocess.run([*trace_prefix(log), sys.executable, "-m", "assistant.cli", *args],
                          env=clean_env(home), capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_the_trace_catches_a_lookup_and_a_connection(tmp_path: Path) -> None:
    # The tracer and its parser see what they must: a name looked up and a connection past loopback.
    code = ("import socket\n"
            "try: socket.getaddrinfo('telemetry.example.com', 443)\nexcept OSError: pass\n"
            "s = socket.socket(); s.settimeout(0.2)\n"
            "try: s.connect(('192.0.2.1', 9))\nexcept OSError: pass\n")
    log = tmp_path / "probe.trace"
    subprocess.run([*trace_prefix(log), sys.executable, "-c", code], check=True, timeout=120)
    attempts = network_attempts(log)
    assert any("htons(53)" in line for line in attempts) or not Path("/etc/resolv.conf").exists()
    assert any("192.0.2.1" in line for line in attempts)


def test_ingest_ask_and_a_long_lived_process_stay_on_the_machine(tmp_path: Path, small_home: Path) -> None:
    home = tmp_path / "home"
    run_traced(["ingest", "--only-codes", "0FT4,K80.2"], home, tmp_path / "ingest.trace")
    run_traced(["ask", "lap chole for gallstones", "--json"], home, tmp_path / "ask.trace")
    # A process that lives like a server: every package codeask loads, a question embedded, then waiting.
    code = ("import time; from assistant.service import Assistant; from core.config import Settings; "
            f"Assistant(Settings()).ask('laparoscopic cholecystectomy'); time.sleep({LONG_LIVED_S})")
    log = tmp_path / "python.trace"
    subprocess.run([*trace_prefix(log), sys.executable, "-c", code], env=clean_env(home), check=True, timeout=300,
                   capture_output=True)
    for name in ("ingest", "ask", "python"):
        trace = tmp_path / f"{name}.trace"
        assert "execve(" in trace.read_text(errors="replace"), name  # the tracer ran the command
        assert not network_attempts(trace), name


@pytest.mark.skipif(ub.missing_browser() is not None, reason=str(ub.missing_browser()))
def test_the_ui_answers_a_question_without_the_network(tmp_path: Path, small_home: Path) -> None:
    log = tmp_path / "ui.trace"
    with ub.serve_app(small_home, prefix=trace_prefix(log), env=clean_env(small_home), via_cli=True) as url, \
            ub.chromium() as driver:
        ub.open_app(driver, url)
        ub.ask(driver, "laparoscopic cholecystectomy", expect_code="0FT44ZZ")
        time.sleep(LONG_LIVED_S)
    assert "streamlit" in log.read_text(errors="replace"), "the trace followed the app's processes"
    assert not network_attempts(log)


def test_serve_answers_a_request_without_the_network(tmp_path: Path, small_home: Path) -> None:
    import httpx

    log = tmp_path / "serve.trace"
    port = ub.free_port()
    proc = subprocess.Popen([*trace_prefix(log), sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
                            env=clean_env(small_home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        ub.wait_port(port, proc, timeout=120)
        r = httpx.post(f"http://127.0.0.1:{port}/v1/ask", json={"question": "lap chole"}, timeout=60)
        assert r.status_code == 200 and r.json()["suggestions"][0]["code"] == "0FT44ZZ"
        time.sleep(LONG_LIVED_S)
    finally:
        ub.stop_group(proc)
    assert "serve" in log.read_text(errors="replace")
    assert not network_attempts(log)
