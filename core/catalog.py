"""The catalog's schema and its read side: the SQLite file that ingest writes and assistant reads."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from core.passage import Passage

SCHEMA = """
create table if not exists passages (
  id text primary key, source text not null, kind text not null, system text not null,
  title text not null, text text not null, codes text not null, location text not null,
  dense integer not null, embedded integer not null default 0, meta text not null
);
create index if not exists passages_source on passages(source);
create index if not exists passages_pending on passages(dense, embedded);
-- a code's own passage and a definition by its label: looked up for every card of every answer
create index if not exists passages_codes on passages(codes, system);
create index if not exists passages_kind_location on passages(kind, location);
create table if not exists codes (
  code text not null, system text not null, title text not null, billable integer not null,
  source text not null, axes text not null default '', primary key (code, system, source)
);
create index if not exists codes_code on codes(code);
create table if not exists sources (
  name text primary key, type text not null, title text not null, path text not null,
  version text not null, year text not null, content_hash text not null,
  ingested_at real not null, passages integer not null
);
-- rows of reference tables (CC/MCC lists, MS-DRG table, GEMs pairs, code-set changes): looked up, not searched
create table if not exists facts (
  source text not null, kind text not null, key text not null, value text not null, detail text not null
);
create index if not exists facts_key on facts(kind, key);
create index if not exists facts_value on facts(kind, value);
create index if not exists facts_source on facts(source);
create table if not exists pending_delete (id text primary key);
create table if not exists state (key text primary key, value text not null);
"""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        db = sqlite3.connect(path, check_same_thread=False)
        db.execute("pragma journal_mode=wal")
        db.execute("pragma synchronous=normal")
        db.executescript(SCHEMA)
    db.row_factory = sqlite3.Row
    return db


def row_to_passage(row: sqlite3.Row) -> Passage:
    return Passage(
        text=row["text"], source=row["source"], kind=row["kind"], title=row["title"],
        system=row["system"], codes=tuple(row["codes"].split()) if row["codes"] else (),
        location=row["location"], dense=bool(row["dense"]), meta=json.loads(row["meta"]),
    )
