"""Turning an uploaded file's bytes into text, or saying why not."""

import unicodedata

MAX_BYTES = 1024 * 1024
MAX_CHARS = 200_000


class UnreadableText(ValueError):
    """The message is for the reporter: it says what to do next."""


def decode_text(data):
    """UTF-8 (with or without BOM), else GB18030; binary files are refused."""
    if len(data) > MAX_BYTES:
        raise UnreadableText("文件太大：一篇稿件的文字通常不超过 1 MB，请只上传这篇稿件的文字。")
    if b"\x00" in data:
        raise UnreadableText(
            "这不是文本文件（可能是 Word、PDF 或图片）。请另存为 .txt 纯文本后再上传，或直接粘贴文字。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableText("无法识别文件的编码。请用 UTF-8 或 GB18030（GBK）编码另存为 .txt 后再上传。")
    if _looks_binary(text):
        raise UnreadableText(
            "这不是文本文件（可能是 Word、PDF 或图片）。请另存为 .txt 纯文本后再上传，或直接粘贴文字。"
        )
    return text


def _looks_binary(text):
    """Control characters and unassigned code points are what junk decodes into."""
    sample = text[:20_000]
    if not sample.strip():
        return False
    odd = sum(1 for char in sample if char not in "\n\r\t\f" and unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"))
    return odd > max(2, len(sample) // 200)
