"""What a loader hands the pipeline: a source's identity, its passages and the codes it defines."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from core.passage import Passage


@dataclass(frozen=True)
class CodeRow:
    """A code a source defines: what makes a code "valid" in the loaded code sets."""

    code: str
    system: str
    title: str
    billable: bool = True
    axes: str = ""  # JSON of PCS axis labels, when the source has them


@dataclass(frozen=True)
class Fact:
    """One row of a reference table: looked up by kind and key, never searched or embedded."""

    kind: str
    key: str
    value: str = ""
    detail: str = ""  # JSON of the row's other columns


@dataclass
class SourceInfo:
    """Identity of a source; ``content_hash`` decides whether it must be read again."""

    name: str
    type: str
    title: str
    content_hash: str
    version: str = ""
    year: str = ""
    path: str = ""


@dataclass
class SourceLoad:
    info: SourceInfo
    passages: list[Passage] = field(default_factory=list)
    codes: list[CodeRow] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def hash_files(*parts: str | Path) -> str:
    """Hash of file contents and plain strings, in order."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            digest.update(part.read_bytes())
        else:
            digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
