"""The record that travels from loaders to the store.

A passage's id is a hash of everything that makes it what it is (text and
metadata), so re-running a loader over unchanged input yields the same ids and
the store can tell new, unchanged and stale passages apart without embedding.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

# Passage kinds: what a passage is, so filters and answers can tell them apart.
KINDS = ("code", "stem", "definition", "guideline", "index", "note", "glossary", "document", "row")


@dataclass(frozen=True)
class Passage:
    """One retrievable, citable piece of text.

    ``source`` names the source it came from (a built-in data set or a user
    file); ``location`` says where inside it (a code, a page, a row) so a
    citation can point back. ``dense`` says whether the passage is embedded in
    the vector store or served by the lexical index alone.
    """

    text: str
    source: str
    kind: str
    title: str = ""
    system: str = ""
    codes: tuple[str, ...] = ()
    location: str = ""
    dense: bool = False
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        payload = json.dumps(
            [self.text, self.source, self.kind, self.title, self.system, list(self.codes),
             self.location, self.dense, sorted(self.meta.items())],
            ensure_ascii=False,
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()
