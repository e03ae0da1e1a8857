"""A department deployment (issue 12, docs/deployment.md): one real `chroma run` server on loopback and two
`codeask serve` servers sharing the index (the second with two worker processes of its own); a file uploaded
through one is answered by the other, and the second keeps answering while the first ingests."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from assistant.llm import free_port
from tests.conftest import SLICE, run_cli, wait_healthy

FIXTURES = Path(__file__).parent / "fixtures" / "cpt_articles"
KEY = "department-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


@contextmanager
def worker(home: Path, chroma_port: int, *extra: str) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {**os.environ, "CODEASK_HOME": str(home), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port),
           "CODEASK_API_KEY": KEY, "CODEASK_NO_PROGRESS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), *extra], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def spawned_workers(parent: int) -> list[int]:
    """uvicorn's worker processes under ``parent`` (multiprocessing children, not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError):
            continue
        ppid = next((line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), "")
        if ppid == str(parent) and "spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def test_two_workers_on_one_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli("ingest", "--only-codes", SLICE, home=home,
            env={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server)})
    assert not (home / "chroma").exists()  # the vectors live in the server only
    with worker(home, chroma_server) as (a, _), worker(home, chroma_server, "--workers", "2") as (b, b_pid):
        assert len(spawned_workers(b_pid)) == 2  # `--workers 2`: two processes answer at once
        for url in (a, b):
            r = httpx.post(f"{url}/v1/ask", json={"question": "lap chole"}, timeout=60)
            assert r.json()["suggestions"][0]["code"] == "0FT44ZZ"
        errors: list[str] = []
        uploaded = threading.Event()

        def upload() -> None:
            try:
                article = (FIXTURES / "percutaneous-scs-lead-placement.html").read_bytes()
                r = httpx.post(f"{a}/v1/sources", headers=AUTH, timeout=300,
                               files={"files": ("scs-lead.html", article, "text/html")})
                if r.status_code != 200 or not r.json()["added"]:
                    errors.append(f"upload: {r.status_code} {r.text[:200]}")
            finally:
                uploaded.set()

        thread = threading.Thread(target=upload)
        thread.start()
        asked = 0
        while not uploaded.is_set() or asked < 3:
            r = httpx.post(f"{b}/v1/ask", json={"question": "laparoscopic cholecystectomy"}, timeout=60)
            if r.status_code != 200 or r.json()["suggestions"][0]["code"] != "0FT44ZZ":
                errors.append(f"ask on b: {r.status_code} {r.text[:200]}")
            asked += 1
        thread.join()
        assert not errors, errors[:3]
        first = httpx.post(f"{b}/v1/ask", json={"question": "What is 63650?"}, timeout=60).json()["suggestions"][0]
        assert (first["code"], first["origin"]) == ("63650", "source")  # worker b sees a's upload
