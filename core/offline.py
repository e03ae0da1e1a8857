"""Every switch that keeps third-party libraries from reaching the network, set in one place.

Imported by ``core/__init__.py``, so importing anything of codeask sets these before Chroma,
onnxruntime, Hugging Face or Streamlit load. A user may still override one in the environment
(``setdefault``); nothing here turns a switch on that the user turned off on purpose.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",  # no model downloads or hub calls
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # Chroma's product telemetry
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime >= 1.29 looks up a Microsoft events host seconds after loading
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",  # the cross-tool convention some libraries honour
    "OTEL_SDK_DISABLED": "true",  # Chroma and the MCP SDK open OpenTelemetry spans: never exported
}
QUIET_ENV = {
    "TOKENIZERS_PARALLELISM": "false",
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}

for _name, _value in {**OFFLINE_ENV, **QUIET_ENV}.items():
    os.environ.setdefault(_name, _value)
