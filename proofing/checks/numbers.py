"""
Numbers after GB/T 15835-2011 出版物上数字用法.

- num.fullwidth: full-width digits (２０２２) are written as ordinary Arabic digits.
- num.mixed_year: a text that writes 公历 years both ways (2022年 and 二〇二二年) writes them the way most of its
  years are written (Arabic on a tie, as the norm prefers); the other form is flagged.
- num.range: a range of two numbers with a unit after it (1-11月, 3~5人) uses the house range mark
  (ProofingContext.range_mark, settings.PROOFING_RANGE_MARK, "—" by default); other marks are flagged. A range
  written out (1至11月, 3到5人) is prose and is not flagged.
- num.percent: a text that writes percentages both ways (百分之五 and 5%) writes them with %; 百分之百 is an idiom.
- num.separator: news text writes numbers below 10000 without a thousands separator (1,000 → 1000).
"""

import re

from .base import Finding

FULLWIDTH = re.compile("[０-９]+(?:[．.][０-９]+)?")
TO_HALF = str.maketrans("０１２３４５６７８９．", "0123456789.")

CHINESE_DIGITS = "〇零一二三四五六七八九"
DIGIT_OF = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
ARABIC_YEAR = re.compile(r"(?<![\d.])[12]\d{3}年")
CHINESE_YEAR = re.compile(f"(?<![{CHINESE_DIGITS}])[一二][{CHINESE_DIGITS}]{{3}}年")

RANGE = re.compile(
    r"(?<![\d.\-/:－~～—–A-Za-z])(\d{1,4}(?:\.\d+)?)\s*([-－~～—–])\s*(\d{1,4}(?:\.\d+)?)(?=[%‰℃\u4e00-\u9fff])"
)

CHINESE_PERCENT = re.compile("百分之([零一二三四五六七八九十百点]+)")
ARABIC_PERCENT = re.compile(r"\d+(?:\.\d+)?[%％]")

SEPARATED = re.compile(r"(?<![\d,.])\d,\d{3}(?![\d,]|\.\d)")


def finding(rule, message, text, start, end, suggestion):
    return Finding(rule, "numbers", message, start, end, text[start:end], suggestion)


def find(text, context, kind):
    for m in FULLWIDTH.finditer(text):
        yield finding(
            "num.fullwidth", "数字应使用半角阿拉伯数字", text, m.start(), m.end(), m.group().translate(TO_HALF)
        )
    yield from years(text)
    mark = context.range_mark
    for m in RANGE.finditer(text):
        if m.group(2) != mark:
            s, e = m.start(2), m.end(2)
            yield finding("num.range", f"数值范围的连接号应统一为“{mark}”", text, s, e, mark)
    yield from percents(text)
    for m in SEPARATED.finditer(text):
        yield finding(
            "num.separator", "一万以下的数字不加千分位分隔符", text, m.start(), m.end(), m.group().replace(",", "")
        )


def years(text):
    arabic = list(ARABIC_YEAR.finditer(text))
    chinese = list(CHINESE_YEAR.finditer(text))
    if not arabic or not chinese:
        return
    if len(chinese) > len(arabic):
        for m in arabic:
            written = "".join(CHINESE_DIGITS[int(d)] if d != "0" else "〇" for d in m.group()[:-1]) + "年"
            yield finding("num.mixed_year", "同一篇中年份写法应统一", text, m.start(), m.end(), written)
    else:
        for m in chinese:
            digits = "".join(DIGIT_OF[c] for c in m.group()[:-1]) + "年"
            yield finding(
                "num.mixed_year", "同一篇中年份写法应统一，公历年份宜用阿拉伯数字", text, m.start(), m.end(), digits
            )


def chinese_number(words):
    """百分之 numbers up to 一百 and decimals with 点: 五 5, 十二 12, 三十五 35, 四点五 4.5."""
    whole, _, decimal = words.partition("点")
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if whole == "一百":
        value = 100
    elif "十" in whole:
        tens, _, ones = whole.partition("十")
        if any(c not in digits for c in tens + ones) or len(tens) > 1 or len(ones) > 1:
            return None
        value = (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    elif len(whole) == 1 and whole in digits:
        value = digits[whole]
    else:
        return None
    if decimal:
        if any(c not in digits for c in decimal):
            return None
        return f"{value}." + "".join(str(digits[c]) for c in decimal)
    return str(value)


def percents(text):
    if not ARABIC_PERCENT.search(text):
        return
    for m in CHINESE_PERCENT.finditer(text):
        if m.group(1).startswith("百"):
            continue  # 百分之百
        number = chinese_number(m.group(1))
        yield finding(
            "num.percent",
            "同一篇中百分数写法应统一为阿拉伯数字加“%”",
            text,
            m.start(),
            m.end(),
            number and f"{number}%",
        )
