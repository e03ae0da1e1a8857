"""Many coders on one index while someone uploads (issue 12): errors, lost passages, latency, throughput.

    python bench/load.py [--clients 16] [--files 30] [--think 0] [--workers 1] [--mode server|cli|both]

Copies the default index (CODEASK_HOME; `codeask ingest` first) into a scratch home. Then:
- server: starts `codeask serve --workers W` on loopback; one client's questions per second alone first, then
  CLIENTS threads ask dev-set questions through `POST /v1/ask` while FILES articles are uploaded in one
  `POST /v1/sources` and ingested. Reports errors (any non-200 or a missing answer), passages lost (the
  uploaded files' passages the catalog holds but the vector store does not), p50/p95 latency and
  questions per second against the single client.
- cli: the old way, for comparison: 4 `codeask ask` processes (10 questions each) while `codeask ingest`
  adds the same files from another process. Reports how many asks failed.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from assistant.llm import free_port
from core.config import Settings

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "fixtures" / "cpt_articles"
KEY = "load-bench-key"


def questions(n: int = 200) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "bench" / "data" / "dev.jsonl").read_text().splitlines() if line]
    return [r["question"] for r in rows][:n]


def make_files(folder: Path, count: int) -> list[Path]:
    """COUNT distinct articles: the fixture articles, each copy marked so its content (and hash) differs."""
    sources = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".html", ".md", ".txt") and p.name != "README.md"
                     and p.name != "boilerplate.txt" and not p.name.startswith("table"))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        src = sources[i % len(sources)]
        target = folder / f"load-{i:02d}-{src.name}"
        text = src.read_text()
        marker = f"\n\nCopy {i} of this article, kept by coding team {i}.\n"
        target.write_text(text.replace("</body>", marker + "</body>") if "</body>" in text else text + marker)
        out.append(target)
    return out


def lost_passages(home: Path, prefix: str) -> tuple[int, int]:
    """(passages of the uploaded files in the catalog, of those missing from the vector store)."""
    db = sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True)
    ids = [r[0] for r in db.execute("select p.id from passages p join sources s on p.source = s.name "
                                    "where s.version = 'user file' and s.name like ?", (f"%/{prefix}%",))]
    db.close()
    os.environ["CODEASK_HOME"] = str(home)
    from core.chroma_client import collection

    got = set(collection(Settings(home=home), create=False).get(ids=ids, include=[])["ids"]) if ids else set()
    return len(ids), len(set(ids) - got)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run_server(home: Path, files: list[Path], clients: int, think: float, workers: int) -> None:
    port = free_port()
    env = {**os.environ, "CODEASK_HOME": str(home), "CODEASK_API_KEY": KEY, "CODEASK_NO_PROGRESS": "1"}
    env.pop("CHROMA_HOST", None)
    log = (home.parent / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port),
                             "--workers", str(workers)], env=env,
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    qs = questions()
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).json().get("ok"):
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.5)
        with httpx.Client(base_url=base, timeout=120) as http:
            for _ in range(4 * workers):  # every worker loads its index before the clock starts
                http.post("/v1/ask", json={"question": "warm up"})
            start = time.perf_counter()
            for q in qs[:40]:
                http.post("/v1/ask", json={"question": q}).raise_for_status()
            single_qps = 40 / (time.perf_counter() - start)

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        done = threading.Event()

        def client(n: int) -> None:
            with httpx.Client(base_url=base, timeout=120) as http:
                i = n
                while not done.is_set():
                    t0 = time.perf_counter()
                    try:
                        r = http.post("/v1/ask", json={"question": qs[i % len(qs)]})
                        ok = r.status_code == 200 and "suggestions" in r.json()
                        why = f"{r.status_code} {r.text[:120]}"
                    except httpx.HTTPError as exc:
                        ok, why = False, str(exc)
                    with lock:
                        latencies.append(time.perf_counter() - t0)
                        if not ok:
                            errors.append(why)
                    i += clients
                    if think:
                        done.wait(think)

        upload_errors: list[str] = []
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        t_start = time.perf_counter()
        for t in threads:
            t.start()
        with httpx.Client(base_url=base, timeout=900, headers={"Authorization": f"Bearer {KEY}"}) as http:
            r = http.post("/v1/sources", files=[("files", (f.name, f.read_bytes())) for f in files])
            added = r.json().get("added", []) if r.status_code == 200 else []
            if len(added) != len(files):
                upload_errors.append(f"{r.status_code}: {len(added)} of {len(files)} added: {r.text[:200]}")
        ingest_s = time.perf_counter() - t_start
        done.set()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t_start
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()
    degraded = (home.parent / "serve.log").read_text().count("meaning search unavailable")
    ms = [x * 1000 for x in latencies]
    print(f"server ({workers} worker{'s' * (workers > 1)}): {clients} clients ({think:g} s between a client's "
          f"questions) asking while {len(files)} files were uploaded and ingested ({ingest_s:.0f} s)")
    print(f"  questions {len(ms)}, errors {len(errors)}, upload errors {len(upload_errors)}, answered from the "
          f"word index alone while the store was written {degraded}", flush=True)
    total, lost = lost_passages(home, "load-")
    print(f"  passages of the uploads {total}, lost {lost}")
    print(f"  latency p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms; "
          f"{len(ms) / elapsed:.1f} questions/s against {single_qps:.1f}/s for one client alone")
    for e in (errors + upload_errors)[:5]:
        print("  error:", e)


def run_cli(home: Path, files: list[Path]) -> None:
    env = {**os.environ, "CODEASK_HOME": str(home), "CODEASK_NO_PROGRESS": "1"}
    env.pop("CHROMA_HOST", None)
    folder = files[0].parent
    qs = questions(40)
    writer = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", str(folder), "--wait"], env=env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures: list[str] = []

    def asker(n: int) -> None:
        for q in qs[n * 10:(n + 1) * 10]:
            p = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", q, "--json"], env=env, cwd=ROOT,
                               capture_output=True, text=True)
            if p.returncode != 0:
                failures.append(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}")

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.wait()
    print(f"cli: 4 processes x 10 `codeask ask` while `codeask ingest` added {len(files)} files: "
          f"{len(failures)} of 40 failed")
    for f in failures[:3]:
        print("  error:", f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--files", type=int, default=30)
    parser.add_argument("--mode", choices=["server", "cli", "both"], default="server")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each client waits between questions")
    parser.add_argument("--workers", type=int, default=1, help="`codeask serve --workers`")
    args = parser.parse_args()
    source = Settings().home
    if not (source / "catalog.sqlite").exists():
        raise SystemExit(f"no index under {source}: run `codeask ingest` first")
    for mode in (["server", "cli"] if args.mode == "both" else [args.mode]):
        scratch = Path(tempfile.mkdtemp(prefix=f"codeask-load-{mode}-"))
        try:
            home = scratch / "home"
            shutil.copytree(source, home, ignore=shutil.ignore_patterns("bench-naive", "*.lock", "uploads"))
            files = make_files(scratch / "docs", args.files)
            if mode == "server":
                run_server(home, files, args.clients, args.think, args.workers)
            else:
                run_cli(home, files)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
