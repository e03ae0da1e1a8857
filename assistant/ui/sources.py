"""Your sources: upload files into the index, see what is indexed, remove a file again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import streamlit as st

from assistant.ui import jobs
from assistant.ui.engine import Engine
from assistant.ui.render import md_escape
from core.config import Settings
from core.errors import CodeaskError

log = logging.getLogger("codeask")
FILE_TYPES = ".txt .md .html .pdf .docx .csv .tsv .xlsx"
SYSTEMS = {"auto": "Detect from the file", "cpt": "CPT", "hcpcs": "HCPCS", "icd10pcs": "ICD-10-PCS",
           "icd10cm": "ICD-10-CM", "other": "Other"}


def render(settings: Settings, engine: Engine, on_change: Callable[[], None]) -> None:
    st.session_state.setdefault("upload_round", 0)
    _report()
    st.markdown("#### Add files")
    st.caption("Payer policies, articles, your licensed CPT/HCPCS tables, notes: "
               + FILE_TYPES + ". Files are kept under "
               f"`{jobs.uploads_dir(settings)}` and indexed on this computer.")
    files = st.file_uploader("Files to add", accept_multiple_files=True, max_upload_size=jobs.MAX_FILE_BYTES >> 20,
                             key=f"uploader-{st.session_state['upload_round']}")
    system = st.selectbox("Code system of code tables", list(SYSTEMS), format_func=SYSTEMS.get, key="upload-system")
    if st.button("Add to the index", type="primary", disabled=not files, key="upload-go"):
        _add(settings, [(f.name, f.getvalue()) for f in files or []], None if system == "auto" else system,
             on_change)
    st.markdown("#### Indexed sources")
    _list(settings, engine, on_change)


def _report() -> None:
    """The outcome of the last change, kept across the rerun that refreshes the index."""
    report = st.session_state.pop("sources_report", None)
    if not report:
        return
    if report.get("line"):
        st.success(report["line"])
    for problem in report.get("problems", []):
        st.error(problem)


def progress_box(label: str) -> tuple[object, Callable[[str, float | None], None]]:
    box = st.status(label, expanded=True)
    bar = box.progress(0.0)
    text = box.empty()

    def progress(message: str, fraction: float | None) -> None:
        text.caption(message)
        if fraction is not None:
            bar.progress(min(max(fraction, 0.0), 1.0))

    return box, progress


def _add(settings: Settings, files: list[tuple[str, bytes]], system: str | None,
         on_change: Callable[[], None]) -> None:
    box, progress = progress_box(f"Adding {len(files)} file(s) to the index…")
    saved, problems = jobs.save_uploads(settings, files)
    try:
        result = jobs.add_files(settings, saved, progress, system=system) if saved else jobs.JobResult()
    except CodeaskError as exc:
        box.update(label="Adding files failed", state="error")
        st.error(str(exc))
        return
    except Exception as exc:  # never a traceback on the page; the log keeps it
        log.exception("adding files failed")
        box.update(label="Adding files failed", state="error")
        st.error(f"adding files failed: {type(exc).__name__}: {exc}")
        return
    problems += result.problems
    added = len(result.added)
    box.update(label=f"Added {added} file(s)" + (f"; {len(problems)} skipped" if problems else ""),
               state="complete" if added or not problems else "error", expanded=False)
    line = f"Added {added} file(s): {result.line}" if added else ""
    st.session_state["sources_report"] = {"line": line, "problems": problems}
    st.session_state["upload_round"] += 1  # an empty uploader for the next files
    on_change()
    st.rerun()


def _remove(settings: Settings, name: str, on_change: Callable[[], None]) -> None:
    box, progress = progress_box(f"Removing {Path(name).name}…")
    try:
        result = jobs.remove_source(settings, name, progress)
    except CodeaskError as exc:
        box.update(label="Removing failed", state="error")
        st.error(str(exc))
        return
    box.update(label="Removed", state="complete", expanded=False)
    st.session_state["sources_report"] = {"line": f"Removed {Path(name).name}: {result.line}", "problems": []}
    on_change()
    st.rerun()


def _list(settings: Settings, engine: Engine, on_change: Callable[[], None]) -> None:
    sources = list(engine.sources().values())
    users = [s for s in sources if s.get("version") == "user file"]
    builtin = [s for s in sources if s.get("version") != "user file"]
    if not users:
        st.caption("None of your files is indexed yet.")
    for i, s in enumerate(users):
        col1, col2 = st.columns([5, 1], vertical_alignment="center")
        when = datetime.fromtimestamp(s["ingested_at"]).strftime("%Y-%m-%d %H:%M") if s.get("ingested_at") else ""
        col1.markdown(f"**{md_escape(Path(s['name']).name)}** · {md_escape(s['type'])} · {s['passages']:,} "
                      f"passage(s) · added {when}  \n<small>{md_escape(s['name'])}</small>", unsafe_allow_html=True)
        if col2.button("Remove", key=f"remove-{i}", help=f"Remove {s['name']} from the index"):
            _remove(settings, s["name"], on_change)
    st.markdown("**Built-in sources**")
    st.markdown("\n".join(
        f"- {md_escape(s['title'])} — {md_escape(', '.join(v for v in (s['year'], s['version']) if v))} "
        f"({s['passages']:,} passages)" for s in builtin) or "None.")
