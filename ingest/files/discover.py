"""Find the user files an ingest will load, and say plainly why others are skipped.

Walking is deterministic (sorted names, input order kept) so two runs over the
same tree load the same files in the same order, and it follows folder links
only once per real folder so a link loop cannot hang an ingest.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# Extensions a loader exists for, mapped to the loader family.
SUPPORTED = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
    ".csv": "csv", ".tsv": "tsv", ".xlsx": "xlsx",
}
ARCHIVES = (".zip", ".tar", ".gz", ".tgz", ".7z", ".rar", ".bz2", ".xz")
# Formats users often have, with the way out.
_HINTS = {
    ".doc": "old Word format: save it as .docx",
    ".xls": "old Excel format: save it as .xlsx or .csv",
    ".rtf": "save it as .docx or .txt",
    ".pptx": "save it as .pdf",
}


@dataclass(frozen=True)
class Problem:
    """A file (or folder) that was not loaded, with one line saying why."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _human(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _limit(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n} bytes"


def check_file(path: Path, *, max_bytes: int) -> str | None:
    """Why ``path`` cannot be loaded, or None when it can."""
    name = path.name.lower()
    if name.endswith(ARCHIVES):
        return "archives are not read: extract it and ingest the folder"
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = _HINTS.get(suffix)
        if hint:
            return f"unsupported file type {suffix} ({hint})"
        kinds = " ".join(sorted(SUPPORTED))
        return f"unsupported file type {suffix or '(no extension)'} (supported: {kinds})"
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size > max_bytes:
        return (f"file is {_human(info.st_size)}, over the {_limit(max_bytes)} limit; "
                "raise it with --max-file-mb")
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def discover(paths: list[Path], *, max_bytes: int) -> tuple[list[Path], list[Problem]]:
    """Loadable files under ``paths`` (files or folders, walked recursively).

    Named files are taken as given (even hidden ones: the user asked for them);
    inside folders, hidden files and folders are skipped silently. Every file
    appears once, by its resolved path, even when reached through links.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    seen_files: set[Path] = set()
    seen_dirs: set[Path] = set()

    def take(path: Path) -> None:
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            problems.append(Problem(path, "broken link or link loop"))
            return
        if real in seen_files:
            return
        seen_files.add(real)
        why = check_file(real, max_bytes=max_bytes)
        if why:
            problems.append(Problem(path, why))
        else:
            found.append(real)

    def walk(folder: Path) -> None:
        try:
            real = folder.resolve(strict=True)
        except (OSError, RuntimeError):
            problems.append(Problem(folder, "broken link or link loop"))
            return
        if real in seen_dirs:
            return  # already walked: a link back up the tree, or two links to one place
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(folder, f"cannot list folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                walk(child)
            else:
                take(child)

    for path in paths:
        path = Path(path)
        if path.is_dir():
            walk(path)
        elif path.exists() or path.is_symlink():
            take(path)
        else:
            problems.append(Problem(path, "no such file or folder"))
    return found, problems
