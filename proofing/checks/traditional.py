"""
Traditional characters and variant forms in simplified text (trad.char), found with OpenCC's t2s converter.

The whole text is converted at once (OpenCC reads phrases, so 乾隆 and 著名 stay as they are); a character the
conversion changes is flagged with its simplified form as the suggestion, one finding per character.
"""

import functools

from .base import Finding


@functools.cache
def converter():
    import opencc

    return opencc.OpenCC("t2s")


def find(text, context, kind):
    if text.isascii():
        return
    simplified = converter().convert(text)
    if simplified == text:
        return
    if len(simplified) != len(text):
        simplified = "".join(converter().convert(c) if ord(c) > 0x2E7F else c for c in text)
    for at, (was, now) in enumerate(zip(text, simplified, strict=False)):
        if was != now:
            yield Finding("trad.char", "traditional", f"“{was}”是繁体字或异体字，应为“{now}”", at, at + 1, was, now)
