"""codeask: a retrieval-augmented assistant for medical coders."""

__version__ = "0.1.0"
