"""
Punctuation in Chinese text, after GB/T 15834-2011 标点符号用法.

- punct.halfwidth: , . : ; ? ! ( ) " next to a Chinese character (not in 3.14, 1,000, 10:30, URLs or Latin text;
  ( ) as a pair, Chinese when what they enclose or what is next to them is; 1.加强领导 is a 序次语 and right).
- punct.unbalanced / punct.nesting: “” ‘’ 《》 （） 【】 that do not pair up; a quotation inside a quotation uses
  ‘’ and a title inside a title 〈〉, so “ inside “ and 《 inside 《 are wrongly nested.
- punct.doubled: ，， 。。 、、 ；； ：： written twice. ！！ and ？？ are not flagged: the norm allows
  叠用 of ！ and ？ for emphasis (and ？！ for a rhetorical exclamation).
- punct.ellipsis: the ellipsis is …… (two 省略号, ……………… for whole paragraphs); 。。。 ... and any other run
  of … are wrong.
- punct.dash: the dash is —— (two em dashes); a lone — between Chinese characters, or -- / ―― next to them, is
  wrong. A lone — between numbers is the range mark (一字线), which the numbers checks read.
- punct.space: a space between two Chinese characters or marks in body text (kind="body" only; headlines of this
  paper separate two phrases with a space; a credit's names are too: （曹艺 赵晓坤）).
"""

import re

from .base import CJK, Finding

HALF_TO_FULL = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
CJK_MARKS = "，。、；：？！“”‘’《》（）【】…—"
NEAR = re.compile(f"[{CJK}{CJK_MARKS}]")
IDEOGRAPH = re.compile(f"[{CJK}]")

PARENTHESES = re.compile(r"\(([^()\n]{0,60})\)")
HALFWIDTH = re.compile(r"(?<!\.)[,:;?!()]|(?<!\.)\.(?!\.)")
URL = re.compile(
    r"(?:https?://|www\.)[^\s，。；、“”（）]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)+\.(?:com|cn|net|org|gov)\b"
)

PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〈": "〉"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
BRACKET = re.compile("[“”‘’《》（）【】〈〉]")

DOUBLED = re.compile(r"(?<!。)(。。)(?!。)|，，+|、、+|；；+|：：+")
ELLIPSIS = re.compile(r"。{3,}|\.{3,}|…+")
DASH = re.compile(r"(?<!—)—(?!—)|--+|―+|－－+")
SPACE = re.compile(r"[ \u3000]+")
# A credit line's names are separated by a space: （曹艺 赵晓坤）.
CREDIT = re.compile(f"[（(][{CJK}]{{2,4}}(?:[ \u3000][{CJK}]{{2,4}})+[）)]")


def finding(rule, message, text, start, end, suggestion=None):
    return Finding(rule, "punctuation", message, start, end, text[start:end], suggestion)


def near_chinese(text, start, end):
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(before and NEAR.match(before)) or bool(after and NEAR.match(after))


def find(text, context, kind):
    urls = [m.span() for m in URL.finditer(text)]
    yield from halfwidth(text, urls)
    yield from brackets(text)
    for m in DOUBLED.finditer(text):
        yield finding("punct.doubled", f"标点“{m.group()[0]}”重复", text, m.start(), m.end(), m.group()[0])
    for m in ELLIPSIS.finditer(text):
        if m.group()[0] == "." and not near_chinese(text, m.start(), m.end()):
            continue
        if m.group()[0] == "…" and len(m.group()) in (2, 6):
            continue  # …… and, for whole paragraphs left out, ………………
        yield finding("punct.ellipsis", "省略号应为“……”", text, m.start(), m.end(), "……")
    yield from dashes(text)
    if kind == "body":
        credits = [m.span() for m in CREDIT.finditer(text)]
        for m in SPACE.finditer(text):
            s, e = m.span()
            if any(a < s < b for a, b in credits):
                continue
            if s > 0 and e < len(text) and NEAR.match(text[s - 1]) and NEAR.match(text[e]):
                yield finding("punct.space", "中文之间不应有空格", text, s, e, "")


def halfwidth(text, urls):
    pairs = {}
    for m in PARENTHESES.finditer(text):
        # A pair of ( ) is Chinese when what it encloses or what is next to it is: (以下简称市环境局), 市局(1)
        inside = bool(IDEOGRAPH.search(m.group(1)))
        pairs[m.start()] = pairs[m.end() - 1] = inside or near_chinese(text, m.start(), m.end())
    for m in HALFWIDTH.finditer(text):
        s = m.start()
        if any(a <= s < b for a, b in urls):
            continue
        mark = m.group()
        before = text[s - 1] if s > 0 else ""
        after = text[s + 1] if s + 1 < len(text) else ""
        if mark in ",.:" and before.isdigit() and after.isdigit():
            continue  # 1,000  3.14  10:30
        if mark == "." and before.isdigit() and sequence_number(text, s):
            continue  # 1.加强组织领导: a 序次语 with 下脚点, as GB/T 15834 writes it
        if mark in "()" and s in pairs:
            chinese = pairs[s]
        elif mark in "()":
            chinese = bool(before and IDEOGRAPH.match(before)) or bool(after and IDEOGRAPH.match(after))
        else:
            chinese = bool(before and NEAR.match(before)) or bool(after and IDEOGRAPH.match(after))
        if chinese:
            yield finding(
                "punct.halfwidth", f"中文中应使用全角标点“{HALF_TO_FULL[mark]}”", text, s, s + 1, HALF_TO_FULL[mark]
            )
    yield from straight_quotes(text, urls)


def sequence_number(text, dot):
    """Whether the digits before `dot` are a 序次语 (1. 2. 12.) at the start of a line or after a mark."""
    start = dot
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    return dot - start <= 2 and (start == 0 or text[start - 1] in "\n \u3000：；。")


def straight_quotes(text, urls):
    """Half-width " in Chinese text: the first of each pair opens (“), the second closes (”)."""
    quotes = [m.start() for m in re.finditer('"', text) if not any(a <= m.start() < b for a, b in urls)]
    for number, at in enumerate(quotes):
        if near_chinese(text, at, at + 1):
            mark = "“" if number % 2 == 0 else "”"
            yield finding("punct.halfwidth", f"中文中应使用全角引号“{mark}”", text, at, at + 1, mark)


def brackets(text):
    stack = []
    for m in BRACKET.finditer(text):
        mark, at = m.group(), m.start()
        if mark in PAIRS:
            if mark in "“《" and any(open_ == mark for open_, _ in stack):
                inner = "‘" if mark == "“" else "〈"
                yield finding("punct.nesting", f"引号或书名号套用时，里层应使用“{inner}”", text, at, at + 1, inner)
            stack.append((mark, at))
        elif stack and stack[-1][0] == CLOSERS[mark]:
            stack.pop()
        elif any(open_ == CLOSERS[mark] for open_, _ in stack):
            # Something opened inside was never closed: report that, then close this pair.
            while stack[-1][0] != CLOSERS[mark]:
                open_, where = stack.pop()
                yield finding("punct.unbalanced", f"“{open_}”没有对应的“{PAIRS[open_]}”", text, where, where + 1)
            stack.pop()
        else:
            yield finding("punct.unbalanced", f"“{mark}”没有对应的“{CLOSERS[mark]}”", text, at, at + 1)
    for open_, where in stack:
        yield finding("punct.unbalanced", f"“{open_}”没有对应的“{PAIRS[open_]}”", text, where, where + 1)


def dashes(text):
    for m in DASH.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s > 0 else ""
        after = text[e] if e < len(text) else ""
        if m.group() == "—" and (before.isdigit() or after.isdigit() or not (before or after)):
            continue  # 一字线 in a range (1—11月, 2021年—2022年)
        if not near_chinese(text, s, e):
            continue
        yield finding("punct.dash", "破折号应为“——”", text, s, e, "——")
