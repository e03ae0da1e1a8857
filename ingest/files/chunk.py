"""Cut cleaned documents into passages small enough for MiniLM, along their structure.

all-MiniLM-L6-v2 reads 256 word pieces (about 1,000 characters of English)
and mean-pools them, so long passages blur: chunks aim at ~800 characters with
~100 characters of overlap. Markdown headings split first, so a chunk never
straddles two sections and carries its heading path; PDF chunks never
straddle two pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

CHUNK_CHARS = 800
OVERLAP_CHARS = 100
_LEVELS = [("#" * n, f"h{n}") for n in range(1, 7)]
# MarkdownHeaderTextSplitter drops blank lines (and so paragraph breaks); a
# printable marker line stands in for each blank line and is turned back after.
_PARA = "\u2042\u2042para\u2042\u2042"


@dataclass(frozen=True)
class Chunk:
    """One piece of a document: its text, the headings above it, its page (PDF)."""

    text: str
    headings: tuple[str, ...] = ()
    page: int | None = None


def _splitter() -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_CHARS, chunk_overlap=OVERLAP_CHARS,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""], keep_separator="end",
    )


def split_plain(text: str, *, page: int | None = None,
                headings: tuple[str, ...] = ()) -> list[Chunk]:
    """Chunks of text with no heading structure (plain text, one PDF page)."""
    return [Chunk(piece.strip(), headings, page)
            for piece in _splitter().split_text(text) if piece.strip()]


def split_markdown(text: str) -> list[Chunk]:
    """Chunks of Markdown: by heading first, then by size within each section."""
    # The splitter also drops non-printable characters, tabs included.
    marked = re.sub(r"\n[ \t]*\n", f"\n{_PARA}\n", text.replace("\t", " "))
    sections = MarkdownHeaderTextSplitter(_LEVELS, strip_headers=True).split_text(marked)
    chunks: list[Chunk] = []
    for section in sections:
        body = section.page_content.replace("  \n", "\n")
        body = re.sub(rf"\n?{re.escape(_PARA)}\n?", "\n\n", body).replace(_PARA, "")
        if not body.strip():
            continue
        headings = tuple(section.metadata[name] for _, name in _LEVELS
                         if section.metadata.get(name))
        chunks += split_plain(body, headings=headings)
    return chunks
