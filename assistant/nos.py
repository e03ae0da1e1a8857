"""The code the classification itself gives a bare term: ICD-10-CM inclusion terms and "NOS".

"Eczema NOS" under L30.9, "Osteoporosis NOS" under M81.0, "pneumonia NOS (J18.9)" in an Excludes
note: the tabular says which code a term takes when nothing more is documented. A problem list
that says only "Eczema" means that code, not the nearest title (atopic dermatitis). An inclusion
term without NOS ("Cholelithiasis (without cholecystitis)" under K80.2) is weaker evidence of the
same kind: the term, its nonessential words in parentheses aside, belongs to that code. Both are
read from the catalog once, on the first question.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from assistant.pcs_fit import DENIED, ENCOUNTER_PHRASE, NONESSENTIAL
from assistant.query import Query
from core.text import tokenize

# A NOS term followed by the code it takes, as Excludes and "code also" notes write it: "ileus NOS (K56.7)".
_NOTE_TERM = re.compile(r"\sNOS\s*\(([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)-?\)")
_DELIMITER = re.compile(r"[;:()\u2014|]")
# The inclusion terms of a code's own passage: "L30.9 Dermatitis, unspecified. Also: Eczema NOS".
_ALSO = re.compile(r"\bAlso: (.*)$")
_INCLUDES = re.compile(r"\bIncludes: (.*?)(?: \| |$)")
_UNSPECIFIED = frozenset(tokenize("unspecified"))
_WITH_MARK = frozenset({" with"})  # no typed word tokenises to this
# What a title's qualifiers may say and still name the bare term: a side (and its organ), an encounter, a site.
_QUALIFIERS = re.compile(r"\b(?:unspecified|right|left|bilateral|ears?|eyes?|side|site|initial|subsequent|"
                         r"encounter|sequela|not elsewhere classified|nos|type|organism|cause|part|region)\b", re.I)


def essential(text: str) -> frozenset[str]:
    """A term's words without its nonessential modifiers (in parentheses)."""
    return frozenset(tokenize(NONESSENTIAL.sub(" ", text)))


def title_term(title: str) -> frozenset[str]:
    """What a title names before its first qualifier: "Dermatitis, unspecified" names dermatitis. A "with"
    there asserts more than the bare term ("... reflux disease with esophagitis" is not GERD as typed), and so
    does a qualifier that is more than unspecified, a side or an encounter ("Type 1 diabetes mellitus,
    presymptomatic, unspecified" is not type 1 diabetes as typed)."""
    head, _, rest = title.partition(",")
    # a denial ("not intractable, without status migrainosus") is the plain term's default, not more
    rest = ENCOUNTER_PHRASE.sub(" ", rest)  # "initial encounter for closed fracture" is the encounter's say
    asserts = re.search(r"\bwith\b", head, re.I) or essential(_QUALIFIERS.sub(" ", DENIED.sub(" ", rest)))
    return (essential(head) - _UNSPECIFIED) | (_WITH_MARK if asserts else frozenset())


def title_terms(title: str) -> list[frozenset[str]]:
    """The title's term, and each of two single words its "and" joins ("Syncope and collapse" names syncope as
    well: "and" in a title means "and/or", convention I.A.14)."""
    term = title_term(title)
    head = NONESSENTIAL.sub(" ", title.partition(",")[0]).strip()
    joined = re.fullmatch(r"([\w'-]+) and ([\w'-]+)", head, re.I)
    extra = term & _WITH_MARK
    return [term, *((essential(word) | extra) for word in joined.groups())] if joined else [term]


def asked_terms(query: Query) -> list[frozenset[str]]:
    """The question as a term: its words as typed, or, for one coder abbreviation, what it stands for."""
    if not query.typed or not all(query.typed):
        return []
    out = [frozenset().union(*query.typed)]
    if len(query.groups) == 1:
        out += [frozenset(tokenize(e.expansion)) for e in query.glossary_hits]
    return out


class TermDefaults:
    """Term (its essential tokens) -> the CM codes or categories the tabular assigns to it."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.nos: dict[frozenset[str], set[str]] = defaultdict(set)
        self.inclusion: dict[frozenset[str], set[str]] = defaultdict(set)
        for kind, codes, text in rows:
            if kind == "code":
                also = _ALSO.search(text)
                for item in also.group(1).split(";") if also else []:
                    item = item.strip()
                    nos = item.endswith(" NOS")
                    if term := essential(item[:-4] if nos else item):
                        (self.nos if nos else self.inclusion)[term].add(codes.split()[0])
            elif kind == "note" and (includes := _INCLUDES.search(text)) and "-" not in codes:
                # a code's or category's "Includes:" list names the same terms ("hypertension (essential)" at I10)
                for item in includes.group(1).split(";"):
                    item = item.strip()
                    if re.search(r"\b[A-Za-z]\b", item.replace("'s", "")):
                        continue  # "influenza A": the letter is a stop word, so the item would read as bare influenza
                    nos = item.endswith(" NOS")
                    if term := essential(item[:-4] if nos else item):
                        (self.nos if nos else self.inclusion)[term].add(codes.split()[0])
            for m in _NOTE_TERM.finditer(text) if "NOS (" in text else ():
                phrase = _DELIMITER.split(text[:m.start()])[-1]
                if term := essential(phrase):
                    self.nos[term].add(m.group(1).replace(".", ""))

    def defaults(self, query: Query) -> tuple[set[str], set[str]]:
        """Codes whose NOS term, and codes whose inclusion term, is exactly what the question asks."""
        nos: set[str] = set()
        inclusion: set[str] = set()
        for term in asked_terms(query):
            nos |= self.nos.get(term, set())
            inclusion |= self.inclusion.get(term, set())
        return nos, inclusion
