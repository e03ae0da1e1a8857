"""`codeask mcp` (issue 12): the tools through the official MCP SDK's own client, over stdio (the command an
assistant launches) and streamable HTTP on loopback, on a real index."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import mcp

from assistant.llm import free_port
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHROMA_")}
    return {**env, "CODEASK_HOME": str(home), "CODEASK_NO_PROGRESS": "1"}


async def _session(server: Any, calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[str], list[Any]]:
    async with mcp.Client(server) as client:
        tools = [t.name for t in (await client.list_tools()).tools]
        results = [await client.call_tool(name, args) for name, args in calls]
    return tools, results


def _payload(result: Any) -> dict[str, Any]:
    assert not result.is_error, result
    return result.structured_content or json.loads(result.content[0].text)


def test_stdio_tools_answer_as_the_cli_does(small_home: Path) -> None:
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "assistant.cli", "mcp"],
                                   env=_env(small_home), cwd=str(ROOT))
    tools, (asked, looked, listed, empty, chosen) = asyncio.run(_session(params, [
        ("ask", {"question": "lap chole for gallstones", "k": 5}),
        ("lookup_code", {"code": "K80.20"}),
        ("list_sources", {}),
        ("ask", {"question": "  "}),
        ("ask", {"question": "appendectomy", "choices": ["laparoscopic"]}),
    ]))
    assert set(tools) == {"ask", "lookup_code", "list_sources"}
    cli = json.loads(run_cli("ask", "lap chole for gallstones", "-k", "5", "--json", home=small_home).stdout)
    assert _payload(asked) == cli
    code = _payload(looked)["codes"][0]
    assert (code["code"], code["system"], code["billable"]) == ("K80.20", "ICD-10-CM", True)
    assert {s["name"] for s in _payload(listed)["sources"]} >= {"icd10pcs-codes"}
    assert empty.is_error and "the question is empty" in empty.content[0].text
    assert _payload(chosen)["suggestions"][0]["code"] == "0DTJ4ZZ"  # the reply to "Which approach?"


def test_streamable_http_on_loopback(small_home: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "mcp", "--http", "--port", str(port)],
                            env=_env(small_home), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 120
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert proc.poll() is None and time.monotonic() < deadline, "the MCP server did not start"
            time.sleep(0.3)
        _, (asked,) = asyncio.run(_session(f"http://127.0.0.1:{port}/mcp",
                                           [("ask", {"question": "laparoscopic cholecystectomy"})]))
        assert _payload(asked)["suggestions"][0]["code"] == "0FT44ZZ"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "laparoscopic" not in err  # tool arguments never reach the log


def test_http_transport_refuses_a_public_address(small_home: Path) -> None:
    proc = run_cli("mcp", "--http", "--host", "0.0.0.0", home=small_home, check=False, timeout=60)
    assert proc.returncode != 0 and "loopback only" in proc.stderr
