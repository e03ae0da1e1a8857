"""Text for the page: Markdown-safe answers whose [n] markers link to their passages,
passages with the question's words highlighted, and compact code cards.

Everything that comes from the sources or the user is escaped here, once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from core.codes import CM
from core.text import STOPWORDS, tokenize

CITE = re.compile(r"\[(\d{1,3})\]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>$~|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-])")
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def md_escape(text: str) -> str:
    """Text shown literally by Streamlit's Markdown (no emphasis, links, HTML, LaTeX or lists)."""
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_NUMBERED.sub(r"\1\\\2", text)


def anchor_id(turn_key: str, n: int) -> str:
    return f"cite-{turn_key}-{n}"


def linkify(text: str, turn_key: str | None) -> str:
    """Escaped text whose ``[n]`` markers link to the passage anchors of one answer."""
    out: list[str] = []
    pos = 0
    for match in CITE.finditer(text):
        out.append(md_escape(text[pos:match.start()]))
        n = int(match.group(1))
        out.append(rf"\[{n}\]" if turn_key is None else rf"[\[{n}\]](#{anchor_id(turn_key, n)})")
        pos = match.end()
    out.append(md_escape(text[pos:]))
    return "".join(out)


def answer_chunks(text: str, turn_key: str | None = None) -> list[str]:
    """The answer as Markdown, one chunk per line (what the chat streams).

    Indented lines (the code's axes, what would change it) become list items.
    """
    chunks: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        body = linkify(line.strip(), turn_key)
        if line[:1].isspace():
            chunks.append(("\n" if chunks else "") + "- " + body)
        else:
            chunks.append(("\n\n" if chunks else "") + body)
    return chunks


def answer_markdown(text: str, turn_key: str | None = None) -> str:
    return "".join(answer_chunks(text, turn_key))


def question_terms(*questions: str | None) -> set[str]:
    """Stemmed words of the questions and of their shorthand expansion: what gets highlighted."""
    from assistant.query import analyse

    terms: set[str] = set()
    for q in questions:
        if q:
            terms |= set(tokenize(q)) | set(tokenize(analyse(q).expanded))
    return terms


def highlight_html(text: str, terms: set[str], *, css_class: str = "ca-passage") -> str:
    """``text`` as one HTML block, escaped, with words matching ``terms`` in <mark>."""
    found = list(_WORD.finditer(text))
    stems = tokenize(" ".join(m.group(0) for m in found), keep_stopwords=True)
    if len(stems) != len(found):  # the tokenizer split differently: stem word by word
        stems = [(tokenize(m.group(0), keep_stopwords=True) or [""])[0] for m in found]
    out: list[str] = []
    pos = 0
    for match, stem in zip(found, stems, strict=True):
        out.append(html.escape(text[pos:match.start()]))
        word = html.escape(match.group(0))
        marked = stem in terms and match.group(0).lower() not in STOPWORDS
        out.append(f"<mark>{word}</mark>" if marked else word)
        pos = match.end()
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("$", "&#36;")
    body = re.sub(r"\r?\n", "<br>", body)
    return f'<div class="{css_class}">{body}</div>'


def _badges(s: dict[str, Any]) -> str:
    if s.get("valid") is None:  # named in the coder's own source; no code set of its system is loaded
        badges = ['<span class="ca-badge ca-warn" title="no code set of this system is loaded">not checked</span>']
    else:
        badges = ['<span class="ca-badge ca-ok">valid</span>' if s.get("valid")
                  else '<span class="ca-badge ca-bad">not valid</span>']
    if s.get("quote"):
        badges.append('<span class="ca-badge ca-src">from your source</span>')
    if s.get("billable"):
        badges.append('<span class="ca-badge ca-ok">billable</span>')
    elif s.get("system") == CM:
        badges.append('<span class="ca-badge ca-warn" title="a category: pick a more specific code">'
                      "not billable</span>")
    if s.get("severity"):
        excluded = (s.get("cc_exclusion") or {}).get("excluded")
        tip = "CMS FY2026 " + ("MCC list (table 6I)" if s["severity"] == "MCC" else "CC list (table 6J)")
        badges.append(f'<span class="ca-badge ca-sev" title="{tip}">{s["severity"]}'
                      + (" (excluded by the principal diagnosis)" if excluded else "") + "</span>")
    for flag in s.get("gems", []):
        badges.append(f'<span class="ca-badge ca-src" title="GEMs flag">{html.escape(str(flag))}</span>')
    return "".join(badges)


def cards_html(suggestions: Iterable[dict[str, Any]], turn_key: str | None) -> str:
    """Compact cards for suggested codes, best first; each names the citations behind it."""
    cards: list[str] = []
    for rank, s in enumerate(suggestions):
        cites = " ".join(
            f'<a href="#{anchor_id(turn_key, int(n))}">[{int(n)}]</a>' if turn_key else f"[{int(n)}]"
            for n in s.get("citations", []))
        code = html.escape(str(s["code"]))
        top = " ca-top" if rank == 0 else ""
        label = str(s.get("role") or ("best match" if rank == 0 else ""))
        quote = (f'<div class="ca-quote">\u201c{html.escape(str(s["quote"]))}\u201d</div>' if s.get("quote") else "")
        cards.append(
            f'<div class="ca-card{top}" data-code="{code}">'
            f'<div class="ca-head"><span class="ca-code">{code}</span>'
            f'<span class="ca-sys">{html.escape(str(s.get("system", "")))}</span>'
            + (f'<span class="ca-rank">{label}</span>' if label else "")
            + f'</div><div class="ca-title">{html.escape(str(s.get("title", "")))}</div>{quote}'
            + _companions(s.get("companions", []))
            + f'<div class="ca-foot">{_badges(s)}'
            + (f'<span class="ca-cites">evidence {cites}</span>' if cites else "")
            + "</div></div>")
    return '<div class="ca-cards">' + "".join(cards) + "</div>" if cards else ""


def _companions(items: list[dict[str, Any]]) -> str:
    """The codes the tabular's notes ask for beside this one: "Use additional code: insulin Z79.4 [3]"."""
    rows = []
    for c in items:
        codes = ", ".join(html.escape(str(x["code"])) + ("" if x.get("valid") else " (not valid)") for x in c["codes"])
        cite = f" [{int(c['citation'])}]" if c.get("citation") else ""
        rows.append(f'<li>{html.escape(str(c["note"]))}: {html.escape(str(c["for"]))} <b>{codes}</b>{cite}</li>')
    return f'<ul class="ca-comp">{"".join(rows)}</ul>' if rows else ""


CSS = """
<style>
.ca-cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:.1rem 0 .2rem}
.ca-card{flex:1 1 13rem;max-width:100%;border:1px solid rgba(128,128,128,.35);border-radius:.5rem;
  padding:.4rem .6rem;line-height:1.3}
.ca-card.ca-top{border-color:rgba(33,150,83,.85);box-shadow:inset 0 0 0 1px rgba(33,150,83,.45)}
.ca-head{display:flex;align-items:baseline;gap:.4rem;flex-wrap:wrap}
.ca-quote{font-style:italic;opacity:.85;margin-top:.15rem}
.ca-src{background:rgba(33,110,200,.15)}
.ca-code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700;font-size:1.05rem}
.ca-sys{font-size:.75rem;opacity:.75}
.ca-rank{font-size:.7rem;margin-left:auto;color:rgb(33,150,83);font-weight:600}
.ca-title{font-size:.85rem;margin:.15rem 0 .3rem}
.ca-foot{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem}
.ca-badge{display:inline-block;font-size:.7rem;padding:0 .45rem;border-radius:.6rem}
.ca-ok{background:rgba(33,150,83,.18)}
.ca-bad{background:rgba(220,53,69,.22)}
.ca-warn{background:rgba(255,170,0,.28)}
.ca-sev{background:rgba(140,60,200,.2);font-weight:600}
.ca-comp{font-size:.75rem;margin:.1rem 0 .3rem;padding-left:1rem}
.ca-cites{font-size:.75rem;margin-left:.2rem}
.ca-cites a{text-decoration:none}
.ca-passage{font-size:.9rem;line-height:1.45;max-height:22rem;overflow:auto}
.ca-passage mark,.ca-snippet mark{background:rgba(255,214,0,.55);color:inherit;padding:0 .1rem;border-radius:.15rem}
.ca-snippet{font-size:.88rem;line-height:1.4}
.ca-anchor{scroll-margin-top:4rem}
</style>
"""
