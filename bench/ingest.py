"""Full default ingest into a fresh home: wall time, passages/s, peak RSS, size on disk, no-change re-run.

    python bench/ingest.py [--home DIR] [--keep] [--embedder onnx|onnx1|fp32|torch|both|all|A,B,...]

Runs the real `codeask ingest` in a child process so peak RSS is the ingest's own. Documents are embedded
with the ONNX export, int8 weights (the default), the fp32 export (`fp32`: CODEASK_EMBED_WEIGHTS=fp32) or the
torch model (CODEASK_DOC_EMBEDDER=torch, the way every ingest ran before issue 12). The int8 export embeds in
one single-threaded process per core by default; `onnx1` keeps it in the ingest's own process, on two threads
(CODEASK_EMBED_PROCESSES=1, as before the twenty-ninth round). `both` builds a torch home and then a default one
in the same run, for the comparison, and `all` adds the fp32 export and `onnx1` between them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


EMBEDDERS = ("onnx", "onnx1", "fp32", "torch")


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run(home: Path, *args: str, embedder: str = "onnx") -> tuple[float, str]:
    env = {**os.environ, "CODEASK_HOME": str(home), "CODEASK_NO_PROGRESS": "1",
           "CODEASK_DOC_EMBEDDER": "torch" if embedder == "torch" else "onnx",
           "CODEASK_EMBED_WEIGHTS": "fp32" if embedder in ("torch", "fp32") else "int8",
           "CODEASK_EMBED_PROCESSES": "1" if embedder == "onnx1" else os.environ.get("CODEASK_EMBED_PROCESSES", "")}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"codeask {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, help="fresh folder to build into (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the built index")
    parser.add_argument("--embedder", default="onnx",
                        help="onnx, onnx1, fp32, torch, both, all, or several joined by commas (run in that order)")
    args = parser.parse_args()
    runs = {"both": ["torch", "onnx"], "all": ["torch", "fp32", "onnx1", "onnx"]}.get(
        args.embedder, args.embedder.split(","))
    if unknown := [r for r in runs if r not in EMBEDDERS]:
        parser.error(f"unknown embedder {', '.join(unknown)}: choose from {', '.join(EMBEDDERS)}, both, all")
    for embedder in runs:
        home = args.home or Path(tempfile.mkdtemp(prefix="codeask-bench-"))
        if home.exists() and any(home.iterdir()):
            sys.exit(f"{home} is not empty: the benchmark needs a fresh home")
        try:
            measure(home, embedder)
        finally:
            if not args.keep and not args.home:
                shutil.rmtree(home, ignore_errors=True)


def measure(home: Path, embedder: str) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    wall, summary = run(home, "ingest", embedder=embedder)
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    rerun, rerun_summary = run(home, "ingest", embedder=embedder)
    status = json.loads(run(home, "status", "--json")[1])
    passages = status["store"]["passages"]
    dense = status["store"]["dense_passages"]
    print(f"documents embedded with: {embedder} ({status['embedding_weights']} export; home {home})")
    print(f"full ingest:      {wall:7.1f} s  ({summary})")
    print(f"passages:         {passages} ({dense} embedded) -> {passages / wall:.0f} passages/s overall, "
          f"{dense / wall:.0f} embedded/s")
    print(f"peak RSS:         {peak_mb:7.0f} MB (the largest child so far)")
    print(f"index on disk:    {du(home) / 1e6:7.0f} MB")
    print(f"no-change re-run: {rerun:7.1f} s  ({rerun_summary})")
    for system, info in sorted(status["systems"].items()):
        print(f"  {system}: {info['codes']} codes, {sum(info['passages'].values())} passages, {info['version']}")


if __name__ == "__main__":
    main()
