"""`codeask mcp`: the assistant as MCP tools for AI assistants (the official `mcp` SDK), over stdio or
streamable HTTP on loopback.

Three read-only tools, answering exactly as the HTTP API does: ``ask`` (the JSON of `codeask ask --json`),
``lookup_code`` and ``list_sources``. Writes stay with the CLI, the UI and `codeask serve`, where a key
guards them. Tool arguments (question text) are never logged.
"""

from __future__ import annotations

from typing import Any

from assistant.server import SYSTEMS, Service, is_loopback, lookup_code
from core.config import Settings
from core.errors import CodeaskError

INSTRUCTIONS = (
    "codeask suggests ICD-10-PCS, ICD-10-CM (and, from the user's own sources, CPT and HCPCS) codes for a "
    "procedure or diagnosis described in words, each with the numbered source passages behind it. Quote the "
    "citations; when 'found' is false the sources hold no evidence and no code should be offered."
)


def build(settings: Settings) -> Any:
    """The MCP server with its tools, bound to one index."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    service = Service(settings)
    server = MCPServer("codeask", instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool()
    def ask(question: str, system: str | None = None, k: int = 10,
            choices: list[str] | None = None) -> dict[str, Any]:
        """Suggest codes for a procedure or diagnosis in plain words or coder shorthand ("lap chole",
        "EGD w/ bx"). system: pcs, cm, cpt or hcpcs to ask one code set; k: how many codes (1-50).
        When the answer's "clarify" asks for a missing detail (side, approach, device, encounter...), ask
        again with choices: the chosen option labels (or the details in words), one per question asked."""
        if system is not None and system.lower() not in SYSTEMS:
            raise ToolError(f"system must be one of {', '.join(SYSTEMS)}")
        if not 1 <= k <= 50:
            raise ToolError("k must be between 1 and 50")
        try:
            return service.engine().ask_choosing(question, list(choices or [])[:5], system=system, k=k).to_json()
        except CodeaskError as exc:
            raise ToolError(str(exc)) from None

    @server.tool(name="lookup_code")
    def lookup(code: str) -> dict[str, Any]:
        """Look up one code (ICD-10-PCS, ICD-10-CM with or without its dot, or a loaded CPT/HCPCS table code):
        title, system, billable, PCS axes, instructional notes and the passages they come from."""
        try:
            found = lookup_code(service.engine(), code)
        except CodeaskError as exc:
            raise ToolError(str(exc)) from None
        if not found:
            raise ToolError(f"{code} is not a code in the loaded code sets")
        return {"codes": found}

    @server.tool()
    def list_sources() -> dict[str, Any]:
        """The sources in the index: built-in code sets and references, and the user's own files."""
        try:
            return {"sources": list(service.engine().sources().values())}
        except CodeaskError as exc:
            raise ToolError(str(exc)) from None

    return server


def run(settings: Settings, *, http: bool, host: str, port: int) -> None:
    if not settings.catalog_path.exists():
        from core.errors import IndexMissing

        raise IndexMissing(f"no index under {settings.home} yet: run `codeask ingest` first")
    server = build(settings)
    if not http:
        server.run("stdio")
        return
    if not is_loopback(host):
        raise CodeaskError("the MCP HTTP transport listens on loopback only; put a proxy with auth in front of it")
    server.run("streamable-http", host=host, port=port)
