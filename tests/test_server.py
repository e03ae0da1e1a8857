"""`codeask serve` (issue 12): the HTTP contract of every endpoint, bad input, auth, and questions answered
while an upload is being ingested. The app runs on a real index (real model, real Chroma); the last tests
start the real `codeask serve` on loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.llm import free_port
from assistant.server import create_app
from core.config import Settings
from tests.conftest import run_cli, wait_healthy

FIXTURES = Path(__file__).parent / "fixtures" / "cpt_articles"
KEY = "test-key-123"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def home(small_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("served") / "home"
    shutil.copytree(small_home, target)
    return target


@pytest.fixture(scope="module")
def client(home: Path) -> TestClient:
    return TestClient(create_app(Settings(home=home), api_key=KEY))


def test_ask_returns_exactly_the_cli_json(client: TestClient, home: Path) -> None:
    served = client.post("/v1/ask", json={"question": "lap chole for gallstones", "k": 5})
    assert served.status_code == 200
    cli = json.loads(run_cli("ask", "lap chole for gallstones", "-k", "5", "--json", home=home).stdout)
    assert served.json() == cli
    assert served.json()["suggestions"][0]["code"] == "0FT44ZZ"


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"question": "   "}, 400, "the question is empty"),
    ({"question": "lap chole", "k": 99}, 422, "k:"),
    ({"question": "lap chole", "system": "icd9"}, 422, "system:"),
    ({"nothing": 1}, 422, "question: Field required"),
])
def test_bad_input_is_a_4xx_with_one_line(client: TestClient, body: dict, status: int, says: str) -> None:
    r = client.post("/v1/ask", json=body)
    assert r.status_code == status
    error = r.json()["error"]
    assert says in error and "\n" not in error


def test_an_oversized_request_is_refused_before_it_is_read(client: TestClient) -> None:
    r = client.post("/v1/ask", content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_batch_keeps_order_and_a_bad_item_does_not_fail_the_rest(client: TestClient) -> None:
    r = client.post("/v1/ask/batch", json={"questions": [{"question": "lap chole"}, {"question": ""},
                                                          {"question": "type 2 diabetes", "system": "cm"}]})
    results = r.json()["results"]
    assert [("error" in x) for x in results] == [False, True, False]
    assert results[0]["suggestions"][0]["code"] == "0FT44ZZ"
    assert results[2]["suggestions"][0]["system"] == "ICD-10-CM"


def test_stream_sends_suggestions_then_the_text_then_the_whole_answer(client: TestClient) -> None:
    with client.stream("POST", "/v1/ask/stream", json={"question": "lap chole"}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        body = "".join(r.iter_text())
    events = [(block.split("\n")[0].removeprefix("event: "), json.loads(block.split("\n")[1].removeprefix("data: ")))
              for block in body.strip().split("\n\n")]
    names = [name for name, _ in events]
    assert names[0] == "suggestions" and names[-1] == "done" and "delta" in names
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]
    assert events[0][1] == done["suggestions"]


def test_code_lookup_with_notes_and_citations(client: TestClient) -> None:
    pcs = client.get("/v1/codes/0FT44ZZ").json()["codes"][0]
    assert pcs["system"] == "ICD-10-PCS" and pcs["title"].startswith("Resection of Gallbladder")
    assert pcs["axes"]["body_part"] == "Gallbladder" and pcs["citations"]
    cm = client.get("/v1/codes/E11.9").json()["codes"][0]
    assert cm["code"] == "E11.9" and cm["billable"] is True
    assert any("Excludes1" in n or "Includes" in n for n in cm["notes"])  # the category's notes too
    missing = client.get("/v1/codes/0FT44ZQ")
    assert missing.status_code == 404 and "not a code" in missing.json()["error"]


def test_ask_takes_replies_to_clarifying_questions(client: TestClient) -> None:
    asked = client.post("/v1/ask", json={"question": "appendectomy"}).json()
    assert asked["clarify"]["axis"] == "approach"
    chosen = client.post("/v1/ask", json={"question": "appendectomy", "choices": ["Percutaneous Endoscopic"]}).json()
    assert chosen["suggestions"][0]["code"] == "0DTJ4ZZ" and chosen["clarify"] is None
    bad = client.post("/v1/ask", json={"question": "appendectomy", "choices": ["sideways"]})
    assert bad.status_code == 400 and "the options are: Open" in bad.json()["error"]


def test_code_lookup_carries_severity_companions_and_code_set_changes(client: TestClient) -> None:
    aki = client.get("/v1/codes/N17.9").json()["codes"][0]
    cited = {c["n"]: c for c in aki["citations"]}
    assert aki["severity"] == "CC" and cited[aki["severity_citation"]]["location"] == "Table 6J, N17.9"
    dm = client.get("/v1/codes/E11.22").json()["codes"][0]
    assert any(c["codes"][0]["code"] == "Z79.4" for c in dm["companions"])
    retired = client.get("/v1/codes/T78.07XA").json()["codes"][0]
    assert retired["valid"] is False and retired["change"]["change"] == "deleted"
    assert retired["change"]["successors"][0]["code"].startswith("T78.07")
    listed = client.get("/v1/changes", params={"system": "pcs", "prefix": "0SG6"}).json()
    assert listed["system"] == "ICD-10-PCS" and {c["change"] for c in listed["changes"]} == {"added"}
    assert client.get("/v1/changes", params={"system": "cpt"}).status_code == 400


def test_status_and_sources_match_the_cli(client: TestClient, home: Path) -> None:
    served = client.get("/v1/status").json()
    cli = json.loads(run_cli("status", "--json", home=home).stdout)
    assert served["systems"] == cli["systems"] and served["store"]["passages"] == cli["store"]["passages"]
    names = {s["name"] for s in client.get("/v1/sources").json()["sources"]}
    assert names == {s["name"] for s in cli["sources"]}
    assert client.get("/healthz").json()["ok"] is True


def test_writes_need_the_key_always(home: Path, client: TestClient) -> None:
    files = {"files": ("a.txt", b"some text about 20610")}
    no_key = TestClient(create_app(Settings(home=home), api_key=None))
    assert no_key.post("/v1/sources", files=files).status_code == 403
    assert client.post("/v1/sources", files=files).status_code == 401
    assert client.post("/v1/sources", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.delete("/v1/sources/a.txt").status_code == 401


def test_reads_need_the_key_off_loopback(home: Path) -> None:
    exposed = TestClient(create_app(Settings(home=home), api_key=KEY, open_reads=False))
    assert exposed.post("/v1/ask", json={"question": "lap chole"}).status_code == 401
    assert exposed.post("/v1/ask", json={"question": "lap chole"}, headers={"X-API-Key": KEY}).status_code == 200
    assert exposed.get("/healthz").status_code == 200  # a load balancer probes without a key


def test_upload_ingests_reports_the_bad_file_and_questions_see_it(client: TestClient) -> None:
    article = (FIXTURES / "percutaneous-scs-lead-placement.html").read_bytes()
    r = client.post("/v1/sources", headers=AUTH, files=[
        ("files", ("scs-lead.html", article, "text/html")),
        ("files", ("broken.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")),
    ])
    assert r.status_code == 200, r.text
    body = r.json()
    assert [Path(a).name for a in body["added"]] == ["scs-lead.html"]
    assert any("broken.pdf" in p for p in body["problems"])
    answer = client.post("/v1/ask", json={"question": "What is 63650?"}).json()
    assert answer["suggestions"][0]["code"] == "63650" and answer["suggestions"][0]["origin"] == "source"
    removed = client.delete("/v1/sources/scs-lead.html", headers=AUTH)
    assert removed.status_code == 200, removed.text
    assert all(not s["name"].endswith("scs-lead.html") for s in client.get("/v1/sources").json()["sources"])
    assert client.delete("/v1/sources/never-uploaded.txt", headers=AUTH).status_code == 404


def test_serve_refuses_a_public_address_without_a_key(home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CODEASK_API_KEY"}
    proc = run_cli("serve", "--host", "0.0.0.0", "--port", str(free_port()), home=home, check=False, env=env,
                   timeout=60)
    assert proc.returncode != 0
    assert "CODEASK_API_KEY" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_the_real_server_answers_while_an_upload_is_ingested(home: Path) -> None:
    port = free_port()
    env = {**os.environ, "CODEASK_HOME": str(home), "CODEASK_API_KEY": KEY}
    env.pop("CHROMA_HOST", None)
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "codeask"
        docs = [(f"doc{i}.md", (FIXTURES / name).read_bytes()) for i, name in enumerate(
            ["central-line-insertion-non-tunneled.md", "tipsheet_scs_lead.md", "tipsheet_large_joint_injection.md"])]
        errors: list[str] = []
        answered = 0
        upload_done = threading.Event()

        def upload() -> None:
            try:
                r = httpx.post(f"{base}/v1/sources", headers=AUTH, timeout=300,
                               files=[("files", (n, d, "text/markdown")) for n, d in docs])
                if r.status_code != 200:
                    errors.append(f"upload {r.status_code}: {r.text}")
            finally:
                upload_done.set()

        writer = threading.Thread(target=upload)
        writer.start()
        with httpx.Client(base_url=base, timeout=60) as http:
            while not upload_done.is_set() or answered < 5:
                r = http.post("/v1/ask", json={"question": "laparoscopic cholecystectomy"})
                if r.status_code != 200 or r.json()["suggestions"][0]["code"] != "0FT44ZZ":
                    errors.append(f"ask {r.status_code}: {r.text[:200]}")
                answered += 1
        writer.join()
        assert not errors, errors[:3]
        names = [Path(s["name"]).name for s in httpx.get(f"{base}/v1/sources").json()["sources"]]
        assert {"doc0.md", "doc1.md", "doc2.md"} <= set(names)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "laparoscopic" not in out  # the question text never reaches the server's log
