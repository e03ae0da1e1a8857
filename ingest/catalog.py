"""The catalog: a SQLite file that is the source of truth for what is ingested.

Every passage (dense or not), every code a source defines, every source with its
content hash. Each source is replaced in one transaction, so a kill at any
moment leaves either the old or the new version; dense passages carry an
``embedded`` flag that is set only after Chroma holds their vector, so an
interrupted ingest resumes where it stopped.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from core.catalog import connect, row_to_passage
from core.passage import Passage
from ingest.source import SourceLoad


@dataclass
class Diff:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    def __iadd__(self, other: Diff) -> Diff:
        self.added += other.added
        self.updated += other.updated
        self.removed += other.removed
        self.unchanged += other.unchanged
        return self


class Catalog:
    def __init__(self, path: Path) -> None:
        self.db = connect(path)

    def close(self) -> None:
        self.db.close()

    def source_hash(self, name: str) -> str | None:
        row = self.db.execute("select content_hash from sources where name=?", (name,)).fetchone()
        return row[0] if row else None

    def source_passages(self, name: str) -> int:
        return self.db.execute("select count(*) from passages where source=?", (name,)).fetchone()[0]

    def generation(self) -> int:
        row = self.db.execute("select value from state where key='generation'").fetchone()
        return int(row[0]) if row else 0

    def replace_source(self, load: SourceLoad) -> Diff:
        """Make the catalog hold exactly ``load`` for its source, in one transaction."""
        name = load.info.name
        new = {p.id: p for p in load.passages}
        with self.db:
            old = dict(self.db.execute("select id, location from passages where source=?", (name,)).fetchall())
            gone = [i for i in old if i not in new]
            added = [p for i, p in new.items() if i not in old]
            moved_locations = {old[i] for i in gone}
            updated = sum(1 for p in added if p.location and p.location in moved_locations)
            self.db.executemany("delete from passages where id=?", [(i,) for i in gone])
            self.db.executemany("insert or ignore into pending_delete(id) values (?)", [(i,) for i in gone])
            self.db.executemany(
                "insert or replace into passages values (?,?,?,?,?,?,?,?,?,0,?)",
                [(p.id, p.source, p.kind, p.system, p.title, p.text, " ".join(p.codes), p.location,
                  int(p.dense), json.dumps(p.meta)) for p in added],
            )
            self.db.execute("delete from pending_delete where id in (select id from passages)")
            self.db.execute("delete from codes where source=?", (name,))
            self.db.executemany(
                "insert or replace into codes values (?,?,?,?,?,?)",
                [(c.code, c.system, c.title, int(c.billable), name, c.axes) for c in load.codes],
            )
            facts_changed = self._replace_facts(name, load)
            i = load.info
            self.db.execute(
                "insert or replace into sources values (?,?,?,?,?,?,?,?,?)",
                (name, i.type, i.title, i.path, i.version, i.year, i.content_hash, time.time(), len(new)),
            )
            if gone or added or facts_changed:
                self._bump()
        return Diff(added=len(added) - updated, updated=updated, removed=len(gone) - updated,
                    unchanged=len(new) - len(added))

    def _replace_facts(self, name: str, load: SourceLoad) -> bool:
        had = self.db.execute("select 1 from facts where source=? limit 1", (name,)).fetchone() is not None
        self.db.execute("delete from facts where source=?", (name,))
        self.db.executemany("insert into facts values (?,?,?,?,?)",
                            [(name, f.kind, f.key, f.value, f.detail) for f in load.facts])
        return had or bool(load.facts)

    def remove_source(self, name: str) -> int:
        with self.db:
            ids = [r[0] for r in self.db.execute("select id from passages where source=?", (name,))]
            self.db.executemany("insert or ignore into pending_delete(id) values (?)", [(i,) for i in ids])
            self.db.execute("delete from passages where source=?", (name,))
            self.db.execute("delete from codes where source=?", (name,))
            self.db.execute("delete from facts where source=?", (name,))
            self.db.execute("delete from sources where name=?", (name,))
            self._bump()
        return len(ids)

    def _bump(self) -> None:
        self.db.execute(
            "insert into state(key, value) values ('generation', '1') on conflict(key) "
            "do update set value = cast(value as integer) + 1"
        )

    # --- dense bookkeeping -------------------------------------------------
    def pending_deletes(self) -> list[str]:
        return [r[0] for r in self.db.execute("select id from pending_delete")]

    def clear_deletes(self, ids: list[str]) -> None:
        with self.db:
            self.db.executemany("delete from pending_delete where id=?", [(i,) for i in ids])

    def pending_embeddings(self) -> int:
        return self.db.execute("select count(*) from passages where dense=1 and embedded=0").fetchone()[0]

    def iter_pending(self, batch: int, *, skip: int = 0) -> list[Passage]:
        rows = self.db.execute(
            "select * from passages where dense=1 and embedded=0 order by rowid limit ? offset ?", (batch, skip)
        ).fetchall()
        return [row_to_passage(r) for r in rows]

    def mark_embedded(self, ids: list[str], value: int = 1) -> None:
        with self.db:
            self.db.executemany("update passages set embedded=? where id=?", [(value, i) for i in ids])

    def embedded_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("select id from passages where dense=1 and embedded=1")}

    def dense_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("select id from passages where dense=1")}

    def embedded_count(self) -> int:
        return self.db.execute("select count(*) from passages where dense=1 and embedded=1").fetchone()[0]


__all__ = ["Catalog", "Diff", "connect", "row_to_passage"]
