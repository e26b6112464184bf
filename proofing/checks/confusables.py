"""
Commonly misused words (conf.word): proofing/data/confusables.tsv, wrong<TAB>right<TAB>note, loaded once.

A wrong form that is also the beginning of correct text (既使 in 既使用……又……) is skipped where one of
NOT_WRONG_IN matches around it.
"""

import functools
from pathlib import Path

from .base import Finding
from .matching import WordIndex

DATA = Path(__file__).resolve().parent.parent / "data" / "confusables.tsv"

NOT_WRONG_IN = {"既使": ("既使用",), "必需": ("必需品",)}


@functools.cache
def table():
    pairs = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        wrong, right, *note = line.split("\t")
        pairs[wrong] = (right, note[0] if note else "")
    return pairs, WordIndex(pairs)


def find(text, context, kind):
    pairs, index = table()
    for at, wrong in index.finditer(text):
        if any(text.startswith(longer, at - longer.index(wrong)) for longer in NOT_WRONG_IN.get(wrong, ())):
            continue
        right, note = pairs[wrong]
        message = f"“{wrong}”应为“{right}”" + (f"（{note}）" if note else "")
        yield Finding("conf.word", "confusables", message, at, at + len(wrong), wrong, right)
