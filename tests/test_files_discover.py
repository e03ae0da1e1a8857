"""Finding user files: order, hidden files, archives, sizes, links and permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.files.discover import Problem, discover

MB = 1024 * 1024


def _touch(path: Path, text: str = "Fixture text written for codeask tests.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _messages(problems: list[Problem]) -> dict[str, str]:
    return {p.path.name: p.message for p in problems}


def test_walks_folders_recursively_sorted_and_skips_hidden(tmp_path: Path) -> None:
    _touch(tmp_path / "b.md")
    _touch(tmp_path / "a.txt")
    _touch(tmp_path / "sub" / "c.html")
    _touch(tmp_path / ".hidden.txt")
    _touch(tmp_path / ".git" / "notes.txt")
    files, problems = discover([tmp_path], max_bytes=MB)
    root = tmp_path.resolve()
    assert files == [root / "a.txt", root / "b.md", root / "sub" / "c.html"]
    assert problems == []


def test_named_files_keep_input_order_and_appear_once(tmp_path: Path) -> None:
    b = _touch(tmp_path / "b.txt")
    a = _touch(tmp_path / "a.txt")
    files, problems = discover([b, a, tmp_path], max_bytes=MB)
    assert files == [b.resolve(), a.resolve()]
    assert problems == []


def test_archives_are_refused_with_a_hint(tmp_path: Path) -> None:
    for name in ("codes.zip", "dump.tar.gz", "x.7z", "y.tgz"):
        (tmp_path / name).write_bytes(b"not really an archive")
    files, problems = discover([tmp_path], max_bytes=MB)
    assert files == []
    messages = _messages(problems)
    assert set(messages) == {"codes.zip", "dump.tar.gz", "x.7z", "y.tgz"}
    assert all("extract it" in m for m in messages.values())


def test_unsupported_extensions_say_what_is_supported(tmp_path: Path) -> None:
    _touch(tmp_path / "scan.png")
    _touch(tmp_path / "old.doc")
    _touch(tmp_path / "README")
    _, problems = discover([tmp_path], max_bytes=MB)
    messages = _messages(problems)
    assert "unsupported file type .png" in messages["scan.png"]
    assert ".pdf" in messages["scan.png"]
    assert "save it as .docx" in messages["old.doc"]
    assert "(no extension)" in messages["README"]


def test_oversized_file_names_size_limit_and_flag(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (3 * MB))
    files, problems = discover([big], max_bytes=2 * MB)
    assert files == []
    [problem] = problems
    assert problem.message == "file is 3.0 MB, over the 2 MB limit; raise it with --max-file-mb"
    assert str(problem).startswith(str(big))


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    files, problems = discover([tmp_path / "nope"], max_bytes=MB)
    assert files == []
    assert problems[0].message == "no such file or folder"


def test_symlink_loops_terminate(tmp_path: Path) -> None:
    _touch(tmp_path / "docs" / "a.txt")
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "again")      # folder loop
    os.symlink(tmp_path / "self", tmp_path / "self")                 # link to itself
    os.symlink(tmp_path / "docs" / "a.txt", tmp_path / "alias.txt")  # second name, same file
    files, problems = discover([tmp_path], max_bytes=MB)
    assert files == [(tmp_path / "docs" / "a.txt").resolve()]
    assert _messages(problems) == {"self": "broken link or link loop"}


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    secret = _touch(tmp_path / "secret.txt")
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as root (or with CAP_DAC_OVERRIDE): chmod 0 stays readable")
        files, problems = discover([tmp_path], max_bytes=MB)
        assert files == []
        assert _messages(problems) == {"secret.txt": "permission denied"}
    finally:
        secret.chmod(0o644)
