"""
The checks themselves, on plain text. Each family is a module with `find(text, context, kind)` yielding Findings.

Families: punctuation (GB/T 15834-2011), numbers (GB/T 15835-2011), repeats, traditional (OpenCC t2s),
confusables (proofing/data/confusables.tsv), house_style (the newsroom's 规范表述), names (protected names and
departments: a near miss by one character), banned (禁用词, the only blocking findings).
"""

from .base import CJK, EMPTY, Finding, ProofingContext
from .engine import check_text

__all__ = ["CJK", "EMPTY", "Finding", "ProofingContext", "check_text"]
