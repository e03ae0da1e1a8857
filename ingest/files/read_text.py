"""Turn the bytes of a text file into text, whatever encoding it was saved in.

Coders' files come from Windows tools (cp1252), old exports (latin-1) and
editors that add a BOM, so UTF-8 is tried first and charset-normalizer guesses
the rest. A file that is really binary (a renamed spreadsheet, an image) is
refused rather than indexed as garbage.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

from core.errors import SourceUnreadable

# Share of control characters (besides tab, newline, carriage return, form
# feed) above which a sample is binary, not text.
_MAX_CONTROL_SHARE = 0.10
_SAMPLE = 8192
# Share of non-ASCII letters above which cp1252 is probably the wrong guess.
_MAX_FOREIGN_SHARE = 0.3


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or many control characters in the first 8 KiB."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > _MAX_CONTROL_SHARE


def _western(data: bytes) -> str | None:
    """cp1252 text when it plausibly is Western text (few non-ASCII letters)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(1 for ch in letters if not ch.isascii())
    return text if letters and foreign / len(letters) <= _MAX_FOREIGN_SHARE else None


def _legacy(data: bytes) -> str:
    """Decode non-UTF-8 bytes.

    charset-normalizer misreads short Western files (it picked cp775 and
    cp1250 for plain cp1252 notes), and US coders' files are mostly cp1252 or
    latin-1, so cp1252 wins when it decodes to mostly-ASCII letters; otherwise
    charset-normalizer guesses, and latin-1 (which decodes anything) is last.
    """
    text = _western(data)
    if text is not None:
        return text
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("latin-1")


def decode(data: bytes, *, name: str = "file") -> str:
    """Decode ``data`` to text with universal newlines; raise SourceUnreadable if binary."""
    if not data.strip():
        raise SourceUnreadable(f"{name} is empty")
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None:
        if looks_binary(data):
            raise SourceUnreadable(f"{name} looks binary, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _legacy(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceUnreadable(f"{name} is empty")
    return text
