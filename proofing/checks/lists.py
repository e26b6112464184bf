"""
The newsroom's own lists, from the ProofingContext (proofing.lists_for_checking() loads them from the admin).

- house.preferred (house_style): a 规范表述's wrong form, suggestion its right form. A wrong form inside its own
  right form (十四五 in “十四五”) is not flagged there.
- name.near_miss (names): a string as long as a protected name (or a department's full or short name) that differs
  from it in exactly one character, not one of its first two or its last (市人力资源与社会保障局 for
  市人力资源和社会保障局, 市生态环竟局 for 市生态环境局; 区/市 and 局/厅 differences are other bodies).
  Names shorter than 6 characters are not checked that way (市商务局 and 区商务局 are both right), nor is a
  string that is itself a protected name. Only substitutions: a missing or an extra character is not caught.
- banned.word (banned): a 禁用词; the only blocking finding.
"""

from .base import Finding
from .matching import WordIndex

NEAR_MISS_MIN_LENGTH = 6
SAME_AROUND = 2


def preferred_index(context):
    return {wrong: (right, note) for wrong, right, note in context.preferred}, WordIndex(
        w for w, _, _ in context.preferred
    )


def banned_index(context):
    return {word: (replacement, note) for word, replacement, note in context.banned}, WordIndex(
        w for w, _, _ in context.banned
    )


def names_index(context):
    """{first two characters: {length: {last character: [names]}}}: a near miss keeps a name's first two and last
    characters, so a place in the text is compared only with names it could be a near miss of (a paper in 乌海
    prints 乌海 everywhere; two thousand names starting 乌海市 must not each be tried there)."""
    by_head = {}
    for name in context.protected:
        if len(name) >= NEAR_MISS_MIN_LENGTH:
            by_head.setdefault(name[:SAME_AROUND], {}).setdefault(len(name), {}).setdefault(name[-1], []).append(name)
    return by_head, set(context.protected)


def find(text, context, kind):
    if context.preferred:
        pairs, index = context.index("preferred", preferred_index)
        for at, wrong in index.finditer(text):
            right, note = pairs[wrong]
            offset = right.find(wrong)
            if offset >= 0 and text.startswith(right, at - offset):
                continue
            message = f"规范表述：“{wrong}”应为“{right}”" + (f"（{note}）" if note else "")
            yield Finding("house.preferred", "house_style", message, at, at + len(wrong), wrong, right)
    if context.protected:
        yield from near_misses(text, context)
    if context.banned:
        words, index = context.index("banned", banned_index)
        for at, word in index.finditer(text):
            replacement, note = words[word]
            message = f"禁用词“{word}”" + (f"（{note}）" if note else "")
            yield Finding("banned.word", "banned", message, at, at + len(word), word, replacement or None, True)


def near_misses(text, context):
    by_head, protected = context.index("names", names_index)
    for at in range(len(text) - NEAR_MISS_MIN_LENGTH + 1):
        by_length = by_head.get(text[at : at + SAME_AROUND])
        if by_length is None:
            continue
        for length, by_last in by_length.items():
            if at + length > len(text):
                continue
            candidate = text[at : at + length]
            names = by_last.get(candidate[-1], ())
            if not names or candidate in protected:
                continue
            yield from _near_miss_of(candidate, names, at)


def _near_miss_of(candidate, names, at):
    for name in names:
        differ = [i for i, (a, b) in enumerate(zip(candidate, name, strict=True)) if a != b]
        if len(differ) == 1 and SAME_AROUND <= differ[0] < len(name) - 1:
            yield Finding("name.near_miss", "names", f"名称应为“{name}”", at, at + len(name), candidate, name)
