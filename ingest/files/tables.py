"""Code tables (csv, tsv, tab-delimited txt, xlsx): one passage per row.

A row of a code table defines a code: the store marks such passages
(``meta["defines"] = "1"``) so a code the user's own table lists counts as
valid for its system. Rows are never split.

Row numbers follow what a spreadsheet shows: the physical row of the record
in the file or sheet, 1-based, header included. So with a header line the
first data row is "row 2"; a CSV record spanning several lines (a quoted
newline) still counts as one row.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from core.codes import CM, CPT, HCPCS, OTHER, PCS, display, normalize, shape_systems
from core.errors import SourceUnreadable
from core.passage import Passage
from ingest.files.mentions import code_mentions, mentions_meta

# Header names, best first, compared lower case with "_" and "-" as spaces.
CODE_HEADERS = ("code", "cpt code", "cpt", "hcpcs code", "hcpcs", "hcpc", "hcpcs cd",
                "procedure code", "proc code", "icd-10 code", "icd10 code", "icd code",
                "pcs code", "cm code", "dx code", "px code", "code value")
TEXT_HEADERS = ("long description", "long desc", "long descriptor", "description",
                "descriptor", "code description", "desc", "title", "long title",
                "short description", "short desc", "short title", "name")
SHORT_HEADERS = ("short description", "short desc", "short descriptor", "short title")
_MIN_CODE_SHARE = 0.8   # of a column's values that must be code-shaped to be the code column
_MIN_TXT_SHARE = 0.6    # of a .txt's lines that must be "code<TAB>text" for it to be a table
_SAMPLE_ROWS = 500
_TITLE_CHARS = 80
_CODE_KEY = re.compile(r"[A-Z0-9]{2,10}")


@dataclass
class Table:
    """Rows of one sheet or file: (row number as a spreadsheet shows it, cells)."""

    rows: list[tuple[int, list[str]]]
    sheet: str = ""
    header: list[str] = field(default_factory=list)


def _header_key(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").lower().split())


def _is_code(value: str) -> bool:
    return bool(value) and bool(shape_systems(value.strip()))


def _split_header(rows: list[tuple[int, list[str]]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Treat the first row as a header when none of its cells is code-shaped."""
    if len(rows) > 1 and not any(_is_code(cell) for cell in rows[0][1]):
        return rows[0][1], rows[1:]
    return [], rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_delimited(text: str, *, delimiter: str | None = None) -> Table:
    """Rows of CSV/TSV text; the delimiter is the one most used on the first line."""
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t|", key=first.count) if any(c in first for c in ",;\t|") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = [_cell(c) for c in record]
            if any(cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise SourceUnreadable(f"not a readable table: {exc}") from exc
    header, data = _split_header(rows)
    return Table(rows=data, header=header)


def tab_table(text: str) -> Table | None:
    """The rows of a .txt that is really a tab-delimited code table, else None.

    Counts as a table when at least 60% of its non-blank lines (a header line
    aside) are ``code<TAB>text`` with a code-shaped first field.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    body = lines[1:] if (len(lines) > 1 and not _is_code(lines[0].split("\t", 1)[0])) else lines
    hits = sum(1 for line in body if "\t" in line and _is_code(line.split("\t", 1)[0]))
    if not body or hits / len(body) < _MIN_TXT_SHARE:
        return None
    return read_delimited(text, delimiter="\t")


def read_xlsx(name: str, data: bytes) -> list[Table]:
    """One table per non-empty sheet, read-only, cached values not formulas."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, xml and key errors all mean "broken"
        raise SourceUnreadable(
            f"{name} is not a readable .xlsx (corrupt or password protected?)") from exc
    tables: list[Table] = []
    try:
        for sheet in book.worksheets:
            rows: list[tuple[int, list[str]]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    rows.append((number, cells))
            if rows:
                header, body = _split_header(rows)
                tables.append(Table(rows=body, sheet=sheet.title, header=header))
    finally:
        book.close()
    return tables


def _column_by_name(table: Table, wanted: str, *, what: str, name: str) -> int:
    """Index of a column given by header name (any case) or 1-based number."""
    key = _header_key(wanted)
    for i, head in enumerate(table.header):
        if _header_key(head) == key:
            return i
    if wanted.strip().isdigit() and int(wanted) >= 1:
        return int(wanted) - 1
    heads = ", ".join(h for h in table.header if h) or "none: give a column number"
    raise SourceUnreadable(f"{name}: no {what} column {wanted!r} (columns: {heads})")


def _column(table: Table, names: tuple[str, ...], skip: int | None = None) -> int | None:
    keys = [_header_key(h) for h in table.header]
    for wanted in names:
        for i, key in enumerate(keys):
            if key == wanted and i != skip:
                return i
    return None


def _values(table: Table, col: int) -> list[str]:
    return [cells[col] for _, cells in table.rows[:_SAMPLE_ROWS]
            if col < len(cells) and cells[col]]


def detect_columns(table: Table, *, code_column: str | None = None,
                   text_column: str | None = None, name: str = "table") -> tuple[int, int | None]:
    """(code column, description column): given, by header name, else by content.

    By content the code column is the one whose values are most often
    code-shaped (at least 80%), and the description column the other column
    with the longest text on average.
    """
    width = max((len(cells) for _, cells in table.rows), default=0)
    code = (_column_by_name(table, code_column, what="code", name=name) if code_column
            else _column(table, CODE_HEADERS))
    if code is None:
        shares = []
        for col in range(width):
            values = _values(table, col)
            if values:
                shares.append((sum(map(_is_code, values)) / len(values), -col))
        best = max(shares, default=(0.0, 0))
        if best[0] < _MIN_CODE_SHARE:
            raise SourceUnreadable(
                f"{name}: no column of codes found; name it with --code-column")
        code = -best[1]
    text = (_column_by_name(table, text_column, what="description", name=name) if text_column
            else _column(table, TEXT_HEADERS, skip=code))
    if text is None:
        lengths = []
        for col in range(width):
            values = _values(table, col)
            if col != code and values:
                lengths.append((sum(map(len, values)) / len(values), -col))
        text = -max(lengths)[1] if lengths else None
    return code, text


def _pad_numeric(codes: list[str]) -> int:
    """Digits all-numeric codes should have: spreadsheets drop CPT's leading zeros (00100 -> 100)."""
    numeric = Counter(len(c) for c in codes if c.isdigit())
    return 5 if numeric and numeric.most_common(1)[0][0] == 5 else 0


def looks_like_cm(codes: list[str]) -> bool:
    """Whether a table's codes look like ICD-10-CM (dots, or codes only CM's shape fits)."""
    return any("." in c or shape_systems(c) == (CM,) for c in codes[:_SAMPLE_ROWS])


def row_system(code: str, *, looks_cm: bool) -> str:
    """System for one row when none was given, from its shape.

    CM when the table looks like CM and the code fits; otherwise the first of
    CPT, HCPCS, ICD-10-PCS, ICD-10-CM that fits; "other" when nothing fits.
    """
    systems = shape_systems(code)
    if looks_cm and CM in systems:
        return CM
    for system in (CPT, HCPCS, PCS, CM):
        if system in systems:
            return system
    return OTHER


def _short(text: str) -> str:
    if len(text) <= _TITLE_CHARS:
        return text
    cut = text[:_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def table_passages(table: Table, *, source: str, file_title: str, fmt: str,
                   system: str | None, code_column: str | None, text_column: str | None,
                   name: str, multi_sheet: bool = False) -> list[Passage]:
    """One ``row`` passage per data row that holds a code.

    Text is the code and its description; the title is the code and the
    table's short description when it has one, else the description cut to
    about 80 characters; ``meta["description"]`` keeps the full description.
    """
    if not table.rows:
        return []
    code_col, text_col = detect_columns(table, code_column=code_column,
                                        text_column=text_column, name=name)
    raw = [cells[code_col].strip() if code_col < len(cells) else "" for _, cells in table.rows]
    pad = _pad_numeric([normalize(c) for c in raw if c])
    looks_cm = looks_like_cm(raw) if system is None else False
    short_col = _column(table, SHORT_HEADERS)
    if short_col in (code_col, text_col):
        short_col = None
    where = f"{table.sheet} " if multi_sheet and table.sheet else ""
    out: list[Passage] = []
    for (number, cells), written in zip(table.rows, raw, strict=True):
        key = normalize(written)
        if not _CODE_KEY.fullmatch(key):
            continue  # blank, a section label, or a note row
        if pad and key.isdigit() and len(key) < pad:
            key = key.zfill(pad)
        row_sys = system or row_system(key, looks_cm=looks_cm)
        desc = cells[text_col].strip() if text_col is not None and text_col < len(cells) else ""
        short = cells[short_col].strip() if short_col is not None and short_col < len(cells) else ""
        shown = display(key, row_sys)
        meta = {"type": "table", "file_title": file_title, "defines": "1", "format": fmt,
                "description": desc}
        if system is None:
            meta["system_guessed"] = "1"
        others = [m for m in code_mentions(desc, doc_is_coding=True) if m.code != key]
        if others:
            meta["mentions"] = mentions_meta(others)
        out.append(Passage(
            text=f"{shown} {desc}".strip(), source=source, kind="row",
            title=f"{shown} {short or _short(desc)}".strip(), system=row_sys, codes=(key,),
            location=f"{where}row {number}", dense=True, meta=meta,
        ))
    return out


def load_table(path: Path, data: bytes, text: str | None, *, source: str, system: str | None,
               code_column: str | None, text_column: str | None) -> list[Passage]:
    """Passages of a csv/tsv/xlsx file, or of a .txt already known to be a tab table."""
    suffix = path.suffix.lower()
    title = path.stem
    if suffix == ".xlsx":
        tables = read_xlsx(path.name, data)
        fmt = "xlsx"
    else:
        assert text is not None
        fmt = suffix.lstrip(".")
        tables = [read_delimited(text, delimiter="\t" if suffix in (".tsv", ".txt") else None)]
    passages: list[Passage] = []
    multi = len(tables) > 1
    for table in tables:
        try:
            passages += table_passages(table, source=source, file_title=title, fmt=fmt,
                                       system=system, code_column=code_column,
                                       text_column=text_column, name=path.name,
                                       multi_sheet=multi)
        except SourceUnreadable:
            if not multi:
                raise  # a workbook's notes sheet may hold no codes; a lone table must
    if not passages:
        raise SourceUnreadable(f"{path.name} has no rows with codes")
    return passages
