"""What every part of the PII detector shares: the match type and the basic text patterns."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    text: str


SP = r"[ \t\u00a0]"  # spaces inside one line
WORD = re.compile(r"[’']t(?![^\W\d_])|[^\W\d_]+(?:['’-][^\W\d_]+)*")
WORD_SPLIT = re.compile("(" + WORD.pattern + ")")
