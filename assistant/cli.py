"""The `codeask` command: a thin layer over ingest.pipeline and assistant.service."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from core import config as _config  # noqa: F401 - pins offline settings before heavy imports
from core.codes import canonical_system, display, normalize
from core.config import Settings
from core.errors import CodeaskError


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _fail(exc: CodeaskError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CodeaskError as exc:
            _fail(exc)
        except ValueError as exc:  # option values checked deep inside (system names, ...)
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.option("--home", type=click.Path(path_type=Path), envvar="CODEASK_HOME",
              help="Folder holding the index (default ~/.codeask; env CODEASK_HOME).")
@click.version_option(package_name="codeask")
@click.pass_context
def main(ctx: click.Context, home: Path | None) -> None:
    """codeask: suggested medical codes with the cited passages behind them, offline."""
    settings = Settings(home=home) if home else Settings()
    ctx.obj = {"settings": settings}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--system", help="Code system of code tables: cpt, hcpcs, icd10pcs, icd10cm or other.")
@click.option("--code-column", help="Column holding the code in a table file.")
@click.option("--text-column", help="Column holding the description in a table file.")
@click.option("--max-file-mb", type=float, default=50.0, show_default=True, help="Skip files larger than this.")
@click.option("--prune", is_flag=True, help="Also remove user sources under PATHS whose files are gone.")
@click.option("--only-codes", default="", help="Index only codes starting with these comma-separated "
              "prefixes (small indexes for tests and demos), e.g. 0FT,K35.")
@click.option("--wait", is_flag=True, help="Wait for another ingest on the same home instead of refusing.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], system: str | None, code_column: str | None,
           text_column: str | None, max_file_mb: float, prune: bool, only_codes: str, wait: bool) -> None:
    """Build the default index, or add user files and folders (PATHS) to it."""
    from ingest import pipeline
    from ingest.user import load_user_sources

    settings = _settings(ctx)
    loads, problems, removed = [], [], []
    if paths:
        loads, problems, removed = load_user_sources(
            settings, list(paths), system=system, code_column=code_column, text_column=text_column,
            max_bytes=int(max_file_mb * 1024 * 1024), prune=prune)
        for problem in problems:
            click.echo(f"skipped {problem}", err=True)
        empty = [load for load in loads if not load.passages]  # nothing to search: say so, do not add it
        for load in empty:
            click.echo(f"skipped {load.info.name}: no text found in the file", err=True)
        loads = [load for load in loads if load.passages]
        problems += [f"{load.info.name}: no text found in the file" for load in empty]
    prefixes = tuple(p.strip().upper() for p in only_codes.split(",") if p.strip())
    summary = pipeline.run(settings, builtin=not paths, loads=loads, remove=removed, code_prefixes=prefixes, wait=wait)
    summary.problems = [str(p) for p in problems]
    click.echo(summary.line())
    if problems:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def remove(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Remove user sources (files, or every file under a folder) from the index."""
    from ingest import pipeline
    from ingest.user import sources_under

    settings = _settings(ctx)
    names = sources_under(settings, list(paths))
    if not names:
        raise CodeaskError("no ingested source matches " + ", ".join(str(p) for p in paths))
    summary = pipeline.run(settings, builtin=False, remove=names)
    click.echo(f"removed {len(names)} source(s); " + summary.line())


def status_data(settings: Settings) -> dict[str, Any]:
    from assistant.reference import Reference
    from assistant.store import Store
    from core.embedder import export_weights

    store = Store(settings)
    return {
        "systems": store.counts(),
        "other_passages": store.passages_without_system(),
        "sources": [{**src, "rows": Reference(store.db).rows(src["name"])} for src in store.sources()],
        "store": {"home": str(settings.home), "mode": store.settings.store_mode,
                  "chroma": settings.chroma_path.as_posix() if not settings.chroma_host else None,
                  "collection": settings.collection, "dense_passages": store.dense_count(),
                  "passages": store.db.execute("select count(*) from passages").fetchone()[0]},
        "embedding_model": settings.embed_model,
        "embedding_weights": export_weights(settings.embed_model, settings.home) or "torch",
    }


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """What the index holds: code systems, sources, store and model."""
    data = status_data(_settings(ctx))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    store = data["store"]
    click.echo(f"index: {store['home']} ({store['mode']}, {store['passages']} passages, "
               f"{store['dense_passages']} embedded with {data['embedding_model']}, "
               f"{data['embedding_weights']})")
    for system, info in sorted(data["systems"].items()):
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(info["passages"].items()))
        click.echo(f"{system}: {info['codes']} codes ({info['billable']} billable), {info['version']}; {kinds}")
    if data["other_passages"]:
        click.echo("no code system: " + ", ".join(f"{k} {n}" for k, n in sorted(data["other_passages"].items())))
    for src in data["sources"]:
        rows = f", {src['rows']} table rows" if src.get("rows") else ""
        click.echo(f"source {src['name']}: {src['title']} [{src['type']}] {src['passages']} passages{rows}")


@main.command()
@click.argument("prefix", required=False, default="")
@click.option("--system", type=click.Choice(["cm", "pcs"], case_sensitive=False), default="cm", show_default=True,
              help="Which code set's changes.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def changes(ctx: click.Context, prefix: str, system: str, as_json: bool) -> None:
    """Codes added, deleted or expanded between the 2025 lists and FY2026, under a chapter, category or body
    system (PREFIX, e.g. G35 or 04)."""
    from assistant.reference import Reference
    from assistant.store import Store

    chosen = canonical_system(system)
    rows = Reference(Store(_settings(ctx)).db).changes(chosen, normalize(prefix))
    if as_json:
        click.echo(json.dumps({"system": chosen, "prefix": prefix, "changes": [r.to_json() for r in rows]}, indent=2))
        return
    if not rows:
        click.echo(f"no {chosen} code under {prefix or 'any prefix'} was added, deleted or expanded")
        return
    click.echo(f"{chosen}, {rows[0].old} to {rows[0].new}: {len(rows)} change(s)")
    for r in rows:
        click.echo(f"{r.kind:9} {display(r.code, chosen):9} {r.title}")


def _answer_text(answer: Any) -> str:
    out = [f"Note: {notice}" for notice in answer.notices if notice not in answer.answer] + [answer.answer]
    if answer.rewritten:
        out.insert(0, f"(read as: {answer.rewritten})")
    if answer.citations:
        out.append("")
        out.append("Sources:")
        for c in answer.citations:
            out.append(f"[{c.n}] {c.title} — {c.location} ({c.source})")
    return "\n".join(out)


@main.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option("--system", type=click.Choice(["pcs", "cm", "cpt", "hcpcs"], case_sensitive=False),
              help="Only suggest codes of this system.")
@click.option("-k", "k", type=click.IntRange(1, 50), default=10, show_default=True, help="How many codes.")
@click.option("--batch", type=click.File("r"), help="JSONL file of {\"id\", \"question\"} lines.")
@click.option("--kind", "kinds", multiple=True, help="Only passages of this kind (code, stem, definition, "
              "guideline, index, note, glossary, document, row); repeatable.")
@click.option("--source", "sources", multiple=True, help="Only passages from this source (a name from "
              "`codeask status`, or a file path); repeatable.")
@click.option("--llm", is_flag=True, help="Answer with the configured LLM (passed through the code guard).")
@click.pass_context
def ask(ctx: click.Context, question: str | None, as_json: bool, system: str | None, k: int,
        batch: Any, kinds: tuple[str, ...], sources: tuple[str, ...], llm: bool) -> None:
    """Ask for codes; with no QUESTION (and no --batch) starts an interactive prompt."""
    from assistant.service import Assistant

    settings = _settings(ctx)
    filters = {"kinds": kinds, "sources": tuple(str(Path(x).resolve()) if Path(x).exists() else x for x in sources)}
    if batch is not None:
        bot = Assistant(settings, **filters)
        failures = 0
        for number, line in enumerate(batch, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                answer = _ask_one(bot, item.get("question"), system, k, llm)
                payload = {"id": item.get("id"), **answer.to_json()}
            except json.JSONDecodeError:
                payload = {"id": None, "error": f"line {number} is not JSON"}
                failures += 1
            except CodeaskError as exc:
                payload = {"id": item.get("id"), "error": str(exc)}
                failures += 1
            click.echo(json.dumps(payload) if as_json else _batch_text(payload))
        sys.exit(1 if failures else 0)
    if question is None:
        _interactive(settings, system, k, llm)
        return
    from assistant.validate import clean_question

    clean_question(question)  # fail fast, before any model loads
    bot = Assistant(settings, **filters)
    if llm and not as_json:
        _stream_llm(bot, question, system, k, None)
        return
    answer = _ask_one(bot, question, system, k, llm)
    click.echo(json.dumps(answer.to_json(), indent=2) if as_json else _answer_text(answer))


def _stream_llm(bot: Any, question: str, system: str | None, k: int, conversation: Any) -> None:
    """Print the LLM's guarded answer as it arrives, then its sources and what the guard corrected."""
    from assistant.llm_answer import ask_with_llm

    streamed: list[str] = []

    def show(piece: str) -> None:
        streamed.append(piece)
        click.echo(piece, nl=False)

    answer = ask_with_llm(bot, question, system=system, k=k, conversation=conversation, on_token=show)
    if not streamed:
        click.echo(answer.answer, nl=False)
    click.echo()
    if answer.rewritten:  # known only once retrieval ran, so it follows the streamed text
        click.echo(f"(read as: {answer.rewritten})")
    if answer.suggestions:
        click.echo("Codes (from retrieval): " + ", ".join(f"{s['code']} {s['title']}" for s in answer.suggestions[:5]))
    tail = _answer_text(answer).split("\nSources:", 1)
    if len(tail) == 2:
        click.echo("Sources:" + tail[1])
    guard = answer.guard or {}
    if guard.get("corrected"):
        fixes = [f"{name.replace('_', ' ')}: {', '.join(map(str, items))}"
                 for name, items in guard.items() if isinstance(items, list) and items]
        click.echo("Code guard corrected the answer — " + "; ".join(fixes))


def _batch_text(payload: dict[str, Any]) -> str:
    if "error" in payload:
        return f"{payload['id']}: error: {payload['error']}"
    top = payload["suggestions"][0]["code"] if payload["suggestions"] else "not found"
    return f"{payload['id']}: {top}"


def _ask_one(bot: Any, question: Any, system: str | None, k: int, llm: bool, conversation: Any = None) -> Any:
    if llm:
        from assistant.llm_answer import ask_with_llm

        return ask_with_llm(bot, question, system=system, k=k, conversation=conversation)
    return bot.ask(question, system=system, k=k, conversation=conversation)


def _interactive(settings: Settings, system: str | None, k: int, llm: bool) -> None:
    from assistant.service import Assistant, Conversation

    bot = Assistant(settings)
    conversation = Conversation()
    click.echo("codeask — ask about procedures and codes; follow-ups use the earlier turns. "
               "Empty line or Ctrl-D quits.")
    while True:
        try:
            question = input("? ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if not question:
            return
        try:
            if llm:
                _stream_llm(bot, question, system, k, conversation)
            else:
                click.echo(_answer_text(_ask_one(bot, question, system, k, llm, conversation)))
        except CodeaskError as exc:
            click.echo(f"error: {exc}", err=True)


@main.command()
@click.option("--system", type=click.Choice(["pcs", "cm", "cpt", "hcpcs"], case_sensitive=False),
              help="Only suggest codes of this system.")
@click.option("-k", "k", type=click.IntRange(1, 50), default=10, show_default=True, help="How many codes.")
@click.option("--llm", is_flag=True, help="Answer with the configured LLM.")
@click.pass_context
def chat(ctx: click.Context, system: str | None, k: int, llm: bool) -> None:
    """Interactive conversation in the terminal."""
    _interactive(_settings(ctx), system, k, llm)


@main.command(name="eval")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--misses", type=int, default=20, show_default=True, help="How many misses to list.")
@click.pass_context
def eval_cmd(ctx: click.Context, file: Path, as_json: bool, misses: int) -> None:
    """Score questions with gold codes: hit@1/5/10, MRR, latency p50/p95, and the misses."""
    from assistant.evaluate import evaluate, load_items, report
    from assistant.service import Assistant

    bot = Assistant(_settings(ctx))
    result = evaluate(bot, load_items(file))
    click.echo(json.dumps(result.summary(), indent=2) if as_json else report(result, misses))


@main.command()
@click.option("--port", type=int, default=8501, show_default=True, help="Port on 127.0.0.1.")
@click.pass_context
def ui(ctx: click.Context, port: int) -> None:
    """Serve the Streamlit app on localhost."""
    import subprocess

    app = Path(__file__).with_name("ui_app.py")
    env = {"CODEASK_HOME": str(_settings(ctx).home)}
    import os

    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    started = time.time()
    click.echo(f"codeask UI on http://127.0.0.1:{port}")
    rc = subprocess.call(cmd, env={**os.environ, **env})
    if rc and time.time() - started < 5:
        raise CodeaskError(f"the UI could not start (exit {rc})")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs CODEASK_API_KEY.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes answering at once (about one per core; each holds its own copy of the index).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    """Serve the HTTP API (OpenAPI page at /docs): ask, batch, stream, codes, status, sources."""
    from assistant.server import serve as run_server

    run_server(_settings(ctx), host, port, workers)


@main.command(name="mcp")
@click.option("--http", "http", is_flag=True, help="Streamable HTTP on loopback instead of stdio.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address for --http.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port for --http.")
@click.pass_context
def mcp_cmd(ctx: click.Context, http: bool, host: str, port: int) -> None:
    """Serve MCP tools (ask, lookup_code, list_sources) for AI assistants: stdio, or --http at /mcp."""
    from assistant.mcp_tools import run

    run(_settings(ctx), http=http, host=host, port=port)


if __name__ == "__main__":
    main()
