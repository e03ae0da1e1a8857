"""codeask: a retrieval-augmented assistant for medical coders."""

__version__ = "0.1.0"

import core as _core  # noqa: F401, E402 - sets the offline switches first
