"""Helpers shared by the user-file loader tests: the fixture builders and a one-file load."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from ingest.files import FileSource, load_files

FIXTURES = Path(__file__).parent / "fixtures" / "user_sources"


def _builders() -> ModuleType:
    spec = importlib.util.spec_from_file_location("user_source_builders", FIXTURES / "builders.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builders = _builders()


def load_one(path: Path, **options: object) -> FileSource:
    """Load one file that must load cleanly."""
    sources, problems = load_files([path], **options)  # type: ignore[arg-type]
    assert problems == []
    [source] = sources
    return source
