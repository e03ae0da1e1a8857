"""The codeask Streamlit app: `codeask ui`, or `streamlit run assistant/ui_app.py`.

Views: Chat (answers with code cards and reviewable citations), Browse
(search passages directly) and Sources (add or remove your files). The
model and the store load once per index and are shared by every session.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from core import config as _config  # noqa: F401 - pins offline settings before heavy imports

try:  # telemetry off even when started without --browser.gatherUsageStats false
    from streamlit import config as _st_config

    _st_config.set_option("browser.gatherUsageStats", False)
    _st_config.set_option("client.toolbarMode", "minimal")  # no Deploy button on a local tool
except Exception:  # noqa: BLE001 - an internal API; the CLI flag is the main switch
    pass

import streamlit as st

from assistant.ui import browse, chat, jobs, sidebar, sources
from assistant.ui.engine import Engine, index_generation
from assistant.ui.render import CSS, md_escape
from core.config import Settings
from core.errors import CodeaskError, IndexMissing

log = logging.getLogger("codeask")
VIEWS = ("Chat", "Browse", "Sources")


@st.cache_resource(max_entries=2, show_spinner="Loading the model and the index…")
def load_engine(home: str, generation: int) -> Engine:
    """One Engine per index state: a new ingest (a new generation) loads a fresh store."""
    return Engine(Settings(home=Path(home)))


@st.cache_data(max_entries=4, show_spinner=False)
def load_status(home: str, generation: int) -> dict[str, Any]:
    from assistant.cli import status_data

    return status_data(Settings(home=Path(home)))


def forget_index() -> None:
    """Drop every cached store so passages added or removed become visible."""
    load_engine.clear()
    load_status.clear()


def build_offer(settings: Settings, reason: str) -> None:
    st.info(f"{reason}. Build the index of the code sets and references to start "
            "(it reads the bundled ICD-10-PCS and ICD-10-CM data and embeds them; several minutes on a laptop).")
    if st.button("Build the index", type="primary", key="build-index"):
        box, progress = sources.progress_box("Building the index…")
        try:
            result = jobs.build_index(settings, progress)
        except CodeaskError as exc:
            box.update(label="Building the index failed", state="error")
            st.error(str(exc))
            return
        box.update(label=f"Index built: {result.line}", state="complete", expanded=False)
        forget_index()
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="codeask", layout="centered", initial_sidebar_state="expanded")
    st.html(CSS)
    settings = Settings()
    engine: Engine | None = None
    status: dict[str, Any] | None = None
    missing: str | None = None
    try:
        generation = index_generation(settings)
        engine = load_engine(str(settings.home), generation)
        status = load_status(str(settings.home), generation)
    except IndexMissing:
        missing = f"No index under {md_escape(str(settings.home))} yet"
    except CodeaskError as exc:
        st.error(str(exc))
        st.stop()
    options = sidebar.options(settings, status)
    if engine is None:
        build_offer(settings, missing or "No index yet")
        sidebar.actions(settings, None)
        return
    view = st.segmented_control("View", VIEWS, default="Chat", key="view", required=True,
                                label_visibility="collapsed")
    try:
        if view == "Browse":
            browse.render(engine)
        elif view == "Sources":
            sources.render(settings, engine, forget_index)
        else:
            chat.render(engine, options)
    except CodeaskError as exc:
        st.error(str(exc))
    sidebar.actions(settings, status)


try:
    main()
except CodeaskError as exc:
    st.error(str(exc))
except Exception as exc:  # no raw tracebacks on the page; the server log keeps the details
    log.exception("the codeask UI failed")
    st.error(f"Something went wrong: {type(exc).__name__}: {exc}. Details are in the server log.")
