"""Read prose documents (txt, md, html, pdf, docx) into text parts.

Every loader returns a ``LoadedDocument``: a title and one or more parts.
Headings are written as Markdown ``#`` lines (for md, html and docx) so the
chunker can keep each chunk's heading path; a PDF has one part per page so
each chunk can cite its page. Each failure is a ``SourceUnreadable`` with a
line that tells the user what to do.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import SourceUnreadable
from ingest.files.read_text import decode


@dataclass
class LoadedDocument:
    """Text of one prose file before cleaning and chunking."""

    title: str
    type: str                      # txt, md, html, pdf, docx
    parts: list[str]
    pages: list[int] | None = None  # page number of each part (PDF only)
    markdown: bool = False          # headings are "#" lines
    meta: dict[str, str] = field(default_factory=dict)


def _first_heading(text: str) -> str:
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return match.group(1).strip() if match else ""


def load_txt(path: Path, data: bytes) -> LoadedDocument:
    """Plain text: one part, titled by the file name."""
    return LoadedDocument(title=path.stem, type="txt", parts=[decode(data, name=path.name)])


_SETEXT = re.compile(r"^(?P<text>[^\n#>|\-=*][^\n]*)\n(?P<bar>=+|-+)[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def load_md(path: Path, data: bytes) -> LoadedDocument:
    """Markdown: headings kept; underlined (setext) headings become ``#`` lines."""
    text = decode(data, name=path.name)
    title = ""
    front = _FRONT_MATTER.match(text)
    if front:
        found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group("body"), re.MULTILINE)
        title = found.group(1) if found else ""
        text = text[front.end():]
    text = _SETEXT.sub(lambda m: ("# " if m["bar"][0] == "=" else "## ") + m["text"].strip(), text)
    return LoadedDocument(title=title or _first_heading(text) or path.stem, type="md",
                          parts=[text], markdown=True)


# ---------------------------------------------------------------- html

_MIN_ARTICLE_CHARS = 200
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "button", "svg", "iframe", "template")


def _html_fallback(html: str) -> str:
    """Visible text with headings as ``#`` lines, when trafilatura finds no article."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several types for bad markup
        return ""
    for bad in root.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        bad.drop_tree()
    lines: list[str] = []
    body = root.find("body") if root.find("body") is not None else root
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if re.fullmatch(r"h[1-6]", tag):
            lines.append("#" * int(tag[1]) + " " + " ".join(element.text_content().split()))
            lines.append("")
        elif tag in ("p", "li", "td", "th", "pre", "blockquote", "dt", "dd"):
            text = " ".join(element.text_content().split())
            if text:
                lines.append(("- " if tag == "li" else "") + text)
                lines.append("")
    if not any(line.strip() for line in lines):
        return " ".join(body.text_content().split())
    return "\n".join(lines)


def load_html(path: Path, data: bytes) -> LoadedDocument:
    """Web page: trafilatura's main text as Markdown (nav, scripts, ads gone).

    trafilatura only parses the string it is given (no fetching); when it finds
    no main text, or only a scrap (short or unusual pages), a plain extraction
    that drops nav, header, footer, aside, form and script takes over.
    """
    import trafilatura

    html = decode(data, name=path.name)
    text = trafilatura.extract(
        html, output_format="markdown", include_formatting=True, include_comments=False,
        include_tables=True, include_links=False, include_images=False,
    ) or ""
    meta: dict[str, str] = {}
    if len(text.strip()) < _MIN_ARTICLE_CHARS:
        # Nothing, or trafilatura's own baseline, which keeps menus and loses headings.
        plain = _html_fallback(html)
        if plain.strip():
            text = plain
            meta["extraction"] = "fallback"
    if not text.strip():
        raise SourceUnreadable(f"{path.name} has no readable text")
    title = ""
    try:
        found = trafilatura.extract_metadata(html)
        title = (found.title or "") if found else ""
    except Exception:  # noqa: BLE001 - metadata is a nicety; the text is what matters
        title = ""
    return LoadedDocument(title=title or _first_heading(text) or path.stem, type="html",
                          parts=[text], markdown=True, meta=meta)


# ---------------------------------------------------------------- pdf

def load_pdf(path: Path, data: bytes) -> LoadedDocument:
    """PDF: one part per page with text; page numbers are 1-based as viewers show them."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                opened = 0
            if not opened:
                raise SourceUnreadable(
                    f"{path.name} is encrypted (password protected); save an unprotected copy")
        count = len(reader.pages)
    except SourceUnreadable:
        raise
    except PdfReadError as exc:
        raise SourceUnreadable(f"{path.name} is not a readable PDF (corrupt?): {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on broken files
        raise SourceUnreadable(f"{path.name} is not a readable PDF (corrupt?): {exc}") from exc
    if count == 0:
        raise SourceUnreadable(f"{path.name} is not a readable PDF (corrupt?): no pages")
    parts: list[str] = []
    pages: list[int] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one bad page should not lose the others
            continue
        text = re.sub(r"([a-z])-\n([a-z])", r"\1\2", text.replace("\r\n", "\n"))
        if text.strip():
            parts.append(text)
            pages.append(number)
    if not parts:
        raise SourceUnreadable(f"{path.name} has no text layer (scanned PDF?); run OCR first")
    title = ""
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:  # noqa: BLE001
        title = ""
    return LoadedDocument(title=title or path.stem, type="pdf", parts=parts, pages=pages,
                          meta={"page_count": str(count)})


# ---------------------------------------------------------------- docx

def _heading_level(style_name: str) -> int | None:
    name = style_name.lower()
    if name == "title":
        return 1
    match = re.fullmatch(r"heading (\d)", name)
    return min(int(match.group(1)), 6) if match else None


def load_docx(path: Path, data: bytes) -> LoadedDocument:
    """Word document: paragraphs in order, headings as ``#`` lines, tables as ``a | b`` rows."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - zip, xml and key errors all mean "broken"
        raise SourceUnreadable(
            f"{path.name} is not a readable .docx (corrupt or password protected?)") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    lines.append(" | ".join(cells))
            lines.append("")
            continue
        text = block.text.strip()
        if not text:
            lines.append("")
            continue
        level = _heading_level(block.style.name if block.style is not None else "")
        if level:
            lines.extend(["", "#" * level + " " + " ".join(text.split()), ""])
        else:
            lines.extend([text, ""])
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    if not text.strip():
        raise SourceUnreadable(f"{path.name} has no text")
    title = (document.core_properties.title or "").strip()
    return LoadedDocument(title=title or _first_heading(text) or path.stem, type="docx",
                          parts=[text], markdown=True)
