"""Checks a question before any work is done, so bad input gets one clear line."""

from __future__ import annotations

import re
import unicodedata

from core.errors import BadQuestion

MAX_CHARS = 4000


def clean_question(raw: object) -> str:
    if not isinstance(raw, str):
        raise BadQuestion("the question must be text")
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") else ch for ch in raw)
    text = re.sub(r"\s+", " ", text).strip()
    # "Ménière's", "café-au-lait", "Sjögren": the code sets spell these without accents
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    if not text:
        raise BadQuestion("the question is empty: type what you want to code, e.g. \"lap chole\"")
    if len(text) > MAX_CHARS:
        raise BadQuestion(
            f"the question is too long ({len(text)} characters; the limit is {MAX_CHARS}): "
            "paste the sentence that describes the procedure or diagnosis"
        )
    if not any(ch.isalnum() for ch in text):
        raise BadQuestion("the question has no words or codes in it")
    return text
