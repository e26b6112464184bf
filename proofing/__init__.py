"""
Proofreading checks (校对): the engine that reads a story's plain text and reports what a proofreader would mark.

`check_text(text, *, context=None, kind="body")` returns a list of `Finding`s (rule id, family, Chinese message,
span into the text, the text found, a suggested replacement or None, and `blocking`, True only for banned words).
`lists_for_checking()` loads the newsroom's own lists (规范表述, protected names and department names, 禁用词)
once and caches them until one of them changes; pass the result as `context`. `check_html(html)` and
`plain_text(html)` (proofing.html) do the same for a story body in HTML, with offsets into `plain_text(html)`.

Lives here: the checks (proofing/checks/), the confusables list (proofing/data/confusables.tsv), the models of the
newsroom's lists and their admin. proofing may import core and departments only (never articles or above); the
engine itself (checks/) imports neither Django models nor settings at import time.
"""

from .checks import Finding, ProofingContext, check_text
from .html import check_html, plain_text, text_and_places
from .lists import lists_for_checking

__all__ = [
    "Finding",
    "ProofingContext",
    "check_html",
    "check_text",
    "lists_for_checking",
    "plain_text",
    "text_and_places",
]
