"""`codeask serve`: the assistant over HTTP for encoders, EHR tools and scripts (FastAPI, OpenAPI at /docs).

Questions are answered by a shared Engine (the UI's); writes (uploads, removals) run one at a time as
`codeask ingest` / `codeask remove` processes, so questions go on against the index as it was (the store
retries or answers from the word index while a write is under way) and the Engine is swapped for a fresh
one when the index generation changes.
Loopback needs no key; any other address, and every write, needs ``CODEASK_API_KEY``. Question text is
never logged (uvicorn's access log holds method, path and status only).
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import json
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from assistant.answer import Citations, citations_json
from assistant.card_facts import companion_facts, mark_number, severity_facts
from assistant.reference import Reference
from assistant.service import Conversation
from assistant.ui import jobs
from assistant.ui.engine import Engine, index_generation
from assistant.validate import MAX_CHARS
from core.codes import CM, PCS, canonical_system, display, normalize
from core.config import Settings
from core.errors import BadQuestion, CodeaskError, IndexMissing, IngestLocked

log = logging.getLogger(__name__)
MAX_BATCH = 100
MAX_BODY_BYTES = 1024 * 1024  # a question or a batch; uploads have their own limit
SYSTEMS = ("pcs", "cm", "cpt", "hcpcs")


class AskRequest(BaseModel):
    question: str = Field(max_length=MAX_CHARS * 2)  # clean_question gives the one-line reason
    system: str | None = Field(default=None, pattern="^(pcs|cm|cpt|hcpcs)$")
    k: int = Field(default=10, ge=1, le=50)
    # replies to the answer's clarifying questions, in turn: an option's label or number, or the detail in words
    choices: list[str] = Field(default_factory=list, max_length=5)


class BatchRequest(BaseModel):
    questions: list[AskRequest] = Field(max_length=MAX_BATCH)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Service:
    """The shared Engine, rebuilt after writes; writes take turns."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.write_lock = threading.Lock()
        self._swap = threading.Lock()
        self._engine: Engine | None = None
        self._generation: int | None = None
        self._building: int | None = None

    def engine(self) -> Engine:
        """The Engine for the newest index. After a write the next one is built in the background while
        the current one keeps answering (loading the word index takes seconds), then swapped in."""
        generation = index_generation(self.settings)  # IndexMissing when no index was built
        with self._swap:
            if self._engine is None:
                self._engine, self._generation = Engine(self.settings), generation
            elif generation != self._generation and self._building != generation:
                self._building = generation
                threading.Thread(target=self._build, args=(generation,), name="codeask-engine", daemon=True).start()
            return self._engine

    def _build(self, generation: int) -> None:
        try:
            fresh = Engine(self.settings)
            fresh.ask("warm up", system=None, k=1, conversation=Conversation())  # load the indexes before use
        except Exception:  # noqa: BLE001 - the current Engine keeps serving; the next question retries
            log.exception("the index changed but could not be loaded")
            with self._swap:
                self._building = None
            return
        with self._swap:
            self._engine, self._generation, self._building = fresh, generation, None

    def write(self, job: Any) -> Any:
        if not self.write_lock.acquire(blocking=False):
            raise IngestLocked("another upload or removal is running on this server; try again when it ends")
        try:
            return job()
        finally:
            self.write_lock.release()
            with contextlib.suppress(CodeaskError):
                self.engine()  # start loading the new index now, not at the next question


def create_app(settings: Settings | None = None, *, api_key: str | None = None,
               open_reads: bool = True) -> FastAPI:
    """The app; ``open_reads`` False (a non-loopback bind) makes every endpoint but /healthz need the key."""
    settings = settings or Settings()
    key = api_key if api_key is not None else (os.environ.get("CODEASK_API_KEY") or None)
    service = Service(settings)
    app = FastAPI(title="codeask", version="1", summary="Suggested medical codes with the cited passages behind them.")

    def presented(request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        return auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-api-key")

    def check(request: Request, required: bool) -> None:
        if not required:
            return
        if key is None:
            raise HTTPException(403, "writes are disabled: start the server with CODEASK_API_KEY set")
        given = presented(request)
        if given is None or not hmac.compare_digest(given.encode(), key.encode()):
            raise HTTPException(401, "a valid API key is required (Authorization: Bearer <key>)")

    def reader(request: Request) -> None:
        check(request, not open_reads)

    def writer(request: Request) -> None:
        check(request, True)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        size = int(request.headers.get("content-length") or 0)
        limit = jobs.MAX_FILE_BYTES + 1024 * 1024 if request.url.path == "/v1/sources" else MAX_BODY_BYTES
        if size > limit:
            return JSONResponse({"error": f"the request is too large ({size} bytes; the limit is {limit})"}, 413)
        return await call_next(request)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return JSONResponse({"error": f"{where}: {first.get('msg', 'invalid request')}"}, 422)

    @app.exception_handler(CodeaskError)
    async def domain_error(_: Request, exc: CodeaskError) -> JSONResponse:
        status = 400 if isinstance(exc, BadQuestion) else 409 if isinstance(exc, IngestLocked) else \
            503 if isinstance(exc, IndexMissing) else 422
        return JSONResponse({"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}, status)

    def answer(req: AskRequest) -> dict[str, Any]:
        return service.engine().ask_choosing(req.question, req.choices, system=req.system, k=req.k).to_json()

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        try:
            generation = index_generation(settings)
        except IndexMissing:
            return {"ok": False, "index": "missing"}
        return {"ok": True, "index": "ready", "generation": generation}

    @app.post("/v1/ask", dependencies=[Depends(reader)])
    def ask(req: AskRequest) -> dict[str, Any]:
        """Exactly the JSON of `codeask ask --json`."""
        return answer(req)

    @app.post("/v1/ask/batch", dependencies=[Depends(reader)])
    def ask_batch(req: BatchRequest) -> dict[str, Any]:
        """One result per question, in order; a bad question is an error item, never a failed batch."""
        results: list[dict[str, Any]] = []
        for item in req.questions:
            try:
                results.append(answer(item))
            except BadQuestion as exc:
                results.append({"error": str(exc)})
        return {"results": results}

    @app.post("/v1/ask/stream", dependencies=[Depends(reader)])
    def ask_stream(req: AskRequest) -> StreamingResponse:
        """Server-sent events: ``suggestions`` first, the answer text line by line (``delta``), then ``done``
        with the whole JSON, or one ``error`` event."""
        def events() -> Iterator[str]:
            try:
                data = answer(req)
            except CodeaskError as exc:
                yield _sse("error", {"error": str(exc)})
                return
            yield _sse("suggestions", data["suggestions"])
            for line in data["answer"].splitlines(keepends=True):
                yield _sse("delta", {"text": line})
            yield _sse("done", data)

        return StreamingResponse(events(), media_type="text/event-stream")

    @app.get("/v1/codes/{code}", dependencies=[Depends(reader)])
    def code(code: str, system: str | None = None) -> dict[str, Any]:
        """A code's title, system, validity, billable status, PCS axes and notes, with citations."""
        found = lookup_code(service.engine(), code, system)
        if not found:
            raise HTTPException(404, f"{code} is not a code in the loaded code sets")
        return {"codes": found}

    @app.get("/v1/changes", dependencies=[Depends(reader)])
    def changes(system: str = "cm", prefix: str = "") -> dict[str, Any]:
        """Codes added, deleted or expanded between the 2025 lists and FY2026, under a prefix."""
        try:
            chosen = canonical_system(system)
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        if chosen not in (CM, PCS):
            raise HTTPException(400, "code-set changes are held for ICD-10-CM and ICD-10-PCS only")
        engine = service.engine()
        with engine.lock:
            rows = Reference(engine.store.db).changes(chosen, normalize(prefix))
        return {"system": chosen, "prefix": prefix, "changes": [r.to_json() for r in rows]}

    @app.get("/v1/status", dependencies=[Depends(reader)])
    def status() -> dict[str, Any]:
        """As `codeask status --json`."""
        from assistant.cli import status_data

        return status_data(settings)

    @app.get("/v1/sources", dependencies=[Depends(reader)])
    def sources() -> dict[str, Any]:
        engine = service.engine()
        return {"sources": list(engine.sources().values())}

    @app.post("/v1/sources", dependencies=[Depends(writer)])
    def upload(files: Annotated[list[UploadFile], File()],
               system: Annotated[str | None, Form()] = None) -> dict[str, Any]:
        """Add files through the same ingest as `codeask ingest`; an unreadable file is reported, never a stop."""
        if system is not None and system.lower() not in (*SYSTEMS, "icd10pcs", "icd10cm", "other"):
            raise HTTPException(422, f"system: unknown code system {system!r}")
        payload = []
        for f in files:
            data = f.file.read(jobs.MAX_FILE_BYTES + 1)
            if len(data) > jobs.MAX_FILE_BYTES:
                raise HTTPException(413, f"{f.filename}: larger than {jobs.MAX_FILE_BYTES // (1024 * 1024)} MB")
            payload.append((f.filename or "", data))
        saved, problems = jobs.save_uploads(settings, payload)
        if not saved:
            return {"added": [], "problems": problems, "summary": "nothing was added"}
        extra = ["--system", system] if system else []
        summary, skipped = service.write(
            lambda: jobs.write_process(settings, "ingest", *map(str, saved), *extra, "--wait"))
        known = set(service.engine().sources())
        added = [str(path) for path in saved if str(path) in known]
        for path in saved:
            if str(path) not in added:
                path.unlink(missing_ok=True)  # an upload that could not be read is not kept
        return {"added": added, "problems": problems + skipped, "summary": summary}

    @app.delete("/v1/sources/{name:path}", dependencies=[Depends(writer)])
    def remove(name: str) -> dict[str, Any]:
        """Remove a user source by its name (as /v1/sources lists it) or an uploaded file's name."""
        known = {s["name"] for s in service.engine().sources().values() if s.get("version") == "user file"}
        target = name if name in known else "/" + name if "/" + name in known else \
            str((jobs.uploads_dir(settings) / name).resolve())
        if target not in known:
            raise HTTPException(404, f"no user source named {name}")
        summary, _ = service.write(lambda: jobs.write_process(settings, "remove", target))
        upload = jobs.uploads_dir(settings).resolve() / Path(target).name
        if str(upload) == target:
            upload.unlink(missing_ok=True)
        return {"removed": target, "summary": summary}

    return app


def lookup_code(engine: Engine, code: str, system: str | None = None) -> list[dict[str, Any]]:
    """Every loaded code set's row for ``code`` (dots optional), with its notes, its CC/MCC status and
    companion codes (CM), any code-set change, and the passages behind them. A code retired since the 2025
    lists comes back ``"valid": false`` with its change and successors."""
    store = engine.store
    key = normalize(code)
    with engine.lock:
        infos = store.code(key)
        if system:
            infos = [i for i in infos if i.system == canonical_system(system)] or infos
        out = []
        for info in infos:
            cites = Citations()
            # A CM code's instructional notes mostly sit on its category and subcategories.
            passages = store.passages_for_code(info.code, kinds=("code", "row"))
            passages += store.notes(info.code) if info.system == CM else []
            for p in passages:
                cites.cite(p)
            row = {"code": display(info.code, info.system), "system": info.system, "title": info.title,
                   "valid": True, "billable": info.billable, "axes": info.axes,
                   "notes": [p.text for p in passages if p.kind == "note"]}
            if info.system == CM:
                row.update(severity_facts(store, info.code, cites.cite)[0])
                row.update(companion_facts(store, info.code, cites.cite)[0])
            change = Reference(store.db).change(info.code, info.system)
            row["change"] = change.to_json(mark_number(cites.cite(change.passage))) if change else None
            row["citations"] = citations_json(cites.items)
            out.append(row)
        change = None if infos else Reference(store.db).change(key, canonical_system(system) if system else None)
        if change is not None:
            cites = Citations()
            mark = cites.cite(change.passage)
            out.append({"code": display(key, change.system), "system": change.system, "title": change.title,
                        "valid": False, "billable": False, "axes": {}, "notes": [],
                        "change": change.to_json(mark_number(mark)),
                        "citations": citations_json(cites.items)})
    return out


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def worker_app() -> FastAPI:
    """The app in each of `serve --workers N`'s processes, configured from the environment serve set."""
    return create_app(Settings(), open_reads=os.environ.get("CODEASK_OPEN_READS") == "1")


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Run uvicorn; refuse a non-loopback address without an API key. With several workers each is its own
    process with its own Engine on the same home (a question holds one interpreter, so one process answers
    one at a time); writes still take turns through the home's lock."""
    import uvicorn

    key = os.environ.get("CODEASK_API_KEY") or None
    loopback = is_loopback(host)
    if not loopback and key is None:
        raise CodeaskError(f"refusing to listen on {host} without an API key: set CODEASK_API_KEY (or use 127.0.0.1)")
    if not settings.catalog_path.exists():
        raise IndexMissing(f"no index under {settings.home} yet: run `codeask ingest` first")
    options = {"host": host, "port": port, "log_level": "info", "access_log": True, "server_header": False}
    if workers > 1:
        os.environ["CODEASK_HOME"] = str(settings.home)
        os.environ["CODEASK_OPEN_READS"] = "1" if loopback else "0"
        uvicorn.run("assistant.server:worker_app", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(settings, api_key=key, open_reads=loopback), **options)

