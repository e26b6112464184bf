"""check_text: every family's checks on one text, findings in order."""

from . import confusables, lists, numbers, punctuation, repeats, traditional
from .base import EMPTY

FAMILIES = (punctuation, numbers, repeats, traditional, confusables, lists)


def check_text(text, *, context=None, kind="body"):
    """Every finding in `text`, ordered by position. kind is "body" or "headline" (headlines may have spaces)."""
    context = context or EMPTY
    findings = []
    for module in FAMILIES:
        findings.extend(module.find(text, context, kind))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings
