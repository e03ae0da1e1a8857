"""Data flows one way: core <- ingest (writes) and core <- assistant (reads); only the CLI and the UI,
which start ingests for the user, may call into ingest."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDGE = {"assistant/cli.py"}  # plus assistant/ui/: the user's upload and rebuild buttons call ingest


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def offenders(package: str, forbidden: set[str], allowed: set[str] = frozenset()) -> list[str]:
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in allowed or rel.startswith("assistant/ui/") and "ingest" in forbidden and package == "assistant":
            continue
        hits = imported_packages(path) & forbidden
        if hits:
            bad.append(f"{rel} imports {', '.join(sorted(hits))}")
    return bad


def test_core_imports_neither_side() -> None:
    assert offenders("core", {"assistant", "ingest"}) == []


def test_ingest_never_imports_the_assistant() -> None:
    assert offenders("ingest", {"assistant"}) == []


def test_assistant_reads_through_core_not_ingest() -> None:
    assert offenders("assistant", {"ingest"}, EDGE) == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from ingest.catalog import Catalog\nimport assistant.cli as c\n")
    assert imported_packages(module) == {"ingest", "assistant"}
