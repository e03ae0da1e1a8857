"""Benchmark: how fast user files become passages (and, if installed, how fast `codeask ingest` runs).

Generates N PDFs (4 pages each, reportlab) and a code table of invented rows
in a temporary folder, then times ``load_files`` (discover, read, clean,
chunk) on each and prints pages/s and rows/s. When the ``codeask`` command
is on PATH it also times ``codeask ingest DIR --system cpt`` end to end into
a temporary CODEASK_HOME, and a second run with nothing changed.

    python bench/documents.py [--pdfs N] [--rows N] [--pages N] [--no-cli]

In a fresh CODEASK_HOME the first `codeask ingest DIR` may also build the
default index (minutes on 2 cores); the no-change run is the one that shows
whether unchanged files are skipped.

All text is invented for this benchmark (no AMA CPT descriptor text).
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import csv
import functools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.files import load_files  # noqa: E402

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows through pipes

_WORD_LIST = ("visit injection repair knee shoulder wound imaging guidance modifier unit drug "
              "dose documentation payer policy bundled separate procedure follow-up level "
              "complexity review catheter scope biopsy lesion closure layer graft device")
WORDS = tuple(_WORD_LIST.split(" "))


def _sentence(rng: random.Random, code: str | None = None) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 14))
    if code:
        words.insert(rng.randint(0, len(words)), f"code {code}")
    return " ".join(words).capitalize() + "."


def make_pdfs(folder: Path, count: int, pages: int, rng: random.Random) -> None:
    from reportlab.pdfgen import canvas

    for n in range(count):
        c = canvas.Canvas(str(folder / f"policy_{n:04d}.pdf"))
        c.setTitle(f"Invented payer policy {n}")
        for page in range(1, pages + 1):
            y = 760
            c.drawString(72, y, f"Invented payer policy {n}, section {page} (benchmark text)")
            for line in range(30):
                y -= 22
                code = f"{rng.randint(10000, 99999)}" if line % 7 == 0 else None
                c.drawString(72, y, _sentence(rng, code)[:95])
            c.drawString(72, 30, f"Benchmark footer for policy {n}")
            c.showPage()
        c.save()


def make_table(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "description"])
        for i in range(rows):
            code = f"{10000 + i}" if i % 4 else f"{'ABCEGJKLQ'[i % 9]}{i % 10000:04d}"
            writer.writerow([code, _sentence(rng) + " (invented benchmark description)"])


def _time_cli(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.returncode, (done.stderr or done.stdout)[-600:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--pdfs", type=int, default=50, help="PDF files to generate (default 50)")
    parser.add_argument("--pages", type=int, default=4, help="pages per PDF (default 4)")
    parser.add_argument("--rows", type=int, default=10_000, help="code-table rows (default 10000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-cli", action="store_true",
                        help="skip the end-to-end `codeask ingest` timing (it may build the default index first)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="codeask-bench-") as tmp:
        root = Path(tmp)
        docs = root / "docs"
        docs.mkdir()
        start = time.perf_counter()
        make_pdfs(docs, args.pdfs, args.pages, rng)
        make_table(docs / "codes.csv", args.rows, rng)
        print(f"generated {args.pdfs} PDFs x {args.pages} pages and {args.rows} rows "
              f"in {time.perf_counter() - start:.1f}s")

        pdfs = sorted(docs.glob("*.pdf"))
        start = time.perf_counter()
        sources, problems = load_files(pdfs)
        took = time.perf_counter() - start
        pages = sum(len({p.location for p in s.passages}) for s in sources)
        chunks = sum(len(s.passages) for s in sources)
        print(f"pdf   load+clean+chunk: {pages} pages, {chunks} passages in {took:.2f}s "
              f"= {pages / took:.1f} pages/s ({len(problems)} problems)")

        start = time.perf_counter()
        sources, problems = load_files([docs / "codes.csv"])
        took = time.perf_counter() - start
        rows = sum(len(s.passages) for s in sources)
        print(f"table load+rows:        {rows} rows in {took:.2f}s = {rows / took:.0f} rows/s "
              f"({len(problems)} problems)")

        exe = shutil.which("codeask")
        if args.no_cli:
            return 0
        if not exe:
            print("codeask command not found: skipping the end-to-end ingest timing")
            return 0
        env = {**os.environ, "CODEASK_HOME": str(root / "home")}
        command = [exe, "ingest", str(docs), "--system", "cpt"]
        for label in ("codeask ingest (first run)", "codeask ingest (no change)"):
            took, code, tail = _time_cli(command, env)
            print(f"{label}: {took:.1f}s (exit {code})")
            if code:
                print(f"  stderr tail: {tail.strip()}")
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
