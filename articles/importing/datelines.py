"""
Datelines (电头) and bylines (署名) as Chinese papers print them.

    opening("本报讯（记者 曹艺 通讯员 王某）今天……")
        -> Opening(dateline="本报讯", bylines=[曹艺 reporter, 王某 correspondent], end=<where the text starts>)
    opening("本报记者 曹艺 报道\\n今天……")          -> Opening("", [曹艺 reporter], ...)
    opening("新华社北京2月15日电（记者 张三）……")   -> Opening("新华社北京2月15日电", [张三 reporter], ...)
    byline_line("（文/图 曹艺）")                  -> [曹艺 reporter, 曹艺 photographer]

Text is read before stray spaces are removed: at the start of a story the
spaces are what separate one name from the next and the last name from the text.
Which word gives which role is the ROLES table; the table-driven test in
tests/test_import_datelines.py lists the forms recognised.
"""

import re
from typing import NamedTuple

from articles.models import Byline

REPORTER, PHOTOGRAPHER = Byline.Role.REPORTER.value, Byline.Role.PHOTOGRAPHER.value
CORRESPONDENT, EDITOR = Byline.Role.CORRESPONDENT.value, Byline.Role.EDITOR.value

ROLES = {
    **dict.fromkeys(
        ("记者", "本报记者", "见习记者", "特约记者", "首席记者", "融媒记者", "全媒体记者", "文", "撰文"), (REPORTER,)
    ),
    # There is no intern role: an intern reports with the reporters and is
    # credited beside them, so the byline counts them as one.
    **dict.fromkeys(("实习生", "见习生", "本报实习生"), (REPORTER,)),
    **dict.fromkeys(("通讯员", "特约通讯员", "本报通讯员"), (CORRESPONDENT,)),
    **dict.fromkeys(("摄影", "摄影记者", "本报摄影记者", "图", "摄"), (PHOTOGRAPHER,)),
    **dict.fromkeys(("文/图", "图/文", "文／图", "图／文", "文图", "图文"), (REPORTER, PHOTOGRAPHER)),
    **dict.fromkeys(("编辑", "责任编辑", "责编"), (EDITOR,)),
}
# Words a byline may hold that name nobody.
FILLERS = {"报道", "报", "综合报道", "整理"}
# "记者 曹艺 摄": the names since the last role took the photos.
TOOK_THE_PHOTOS = "摄"

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
PERSON_NAME = re.compile(rf"^(?:[{CJK}]{{2,5}}|[{CJK}]{{1,8}}[·•・][{CJK}]{{1,8}})$")
# The words a story most often opens with: where no bracket closes a byline
# they would otherwise pass for one more name.
NOT_NAMES = {
    *("近日", "日前", "近期", "连日", "连日来", "今天", "今日", "昨天", "昨日", "明天", "今年", "去年", "明年"),
    *("目前", "当前", "上午", "下午", "晚上", "当天", "本月", "上月", "年初", "年底", "春节", "元旦", "我市"),
    # and the notes a story may end with
    *("见下图", "见上图", "有删节", "待续", "未完待续", "全文完", "完"),
}
SPLIT_WORDS = re.compile(r"[\s、，,；;：:|｜]+")
# A role glued to its first name, "记者曹艺"; one-character roles (文, 图) begin surnames too.
GLUED_ROLE = re.compile(
    "^(" + "|".join(re.escape(word) for word in sorted(ROLES, key=len, reverse=True) if len(word) > 1) + ")(.+)$"
)

NUMBER = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
DATE = rf"{NUMBER}月{NUMBER}日"
# 本报, 新华社, 中新网, 人民日报, 内蒙古日报, 央视新闻客户端, 乌海融媒 …
SOURCE = rf"本报|[{CJK}]{{1,8}}?(?:日报|晚报|早报|时报|商报|网|社|电视台|新闻|客户端|融媒体中心|融媒)"
DATELINE = re.compile(rf"^(?:{SOURCE})(?P<place>[{CJK}]{{0,8}}?)(?P<date>{DATE})?(?:讯|电|消息)")
# What may follow a dateline: the text after a space, a bracketed byline, a colon, a dash.
AFTER_DATELINE = re.compile(r"$|[\s（(【：:—\-]")
OPEN_BRACKET = "（(【["
# Matched at a position, so no "^": re would not anchor it there.
BRACKETED = re.compile(r"[（(【\[]([^（）()【】\[\]]{2,80})[）)】\]]")
CHUNK = re.compile(r"\S+")


class Opening(NamedTuple):
    dateline: str
    bylines: list  # [{"name": ..., "role": ...}]
    end: int  # where the story's own text starts


def _words(text):
    for word in SPLIT_WORDS.split(text.strip()):
        glued = GLUED_ROLE.match(word) if word not in ROLES else None
        if glued and glued.group(2) not in FILLERS:
            yield from glued.groups()
        elif word:
            yield word


def is_name(word):
    return bool(PERSON_NAME.match(word)) and word not in ROLES and word not in FILLERS and word not in NOT_NAMES


def parse_bylines(text, *, role_required=False):
    """The words of a byline -> [{"name", "role"}], or None when any word is neither a role nor a name."""
    roles, named_since_role, bylines, saw_role = (REPORTER,), [], [], False
    for word in _words(text):
        if word == TOOK_THE_PHOTOS and named_since_role:
            for byline in named_since_role:
                byline["role"] = PHOTOGRAPHER
            named_since_role = []
        elif word in ROLES:
            roles, named_since_role, saw_role = ROLES[word], [], True
        elif word in FILLERS:
            continue
        elif is_name(word):
            added = [{"name": word, "role": role} for role in roles]
            bylines += added
            named_since_role += added
        else:
            return None
    if not bylines or (role_required and not saw_role):
        return None
    unique = {(byline["name"], byline["role"]): byline for byline in bylines}
    return list(unique.values())


def byline_line(line):
    """A line that is a byline and nothing else: （曹艺 赵晓坤）, (记者 曹艺), （文/图 曹艺）, 记者 曹艺."""
    line = line.strip()
    bracketed = BRACKETED.match(line)
    if bracketed and bracketed.end() == len(line):
        return parse_bylines(bracketed.group(1))
    if line and line[0] not in OPEN_BRACKET:
        return parse_bylines(line, role_required=True)
    return None


def _bracketed_bylines(text, start):
    """A bracketed byline at text[start:] (after spaces) -> (bylines, end) or None."""
    position = len(text) - len(text[start:].lstrip())
    bracketed = BRACKETED.match(text, position) if position < len(text) else None
    if not bracketed:
        return None
    bylines = parse_bylines(bracketed.group(1))
    return (bylines, bracketed.end()) if bylines else None


def _unbracketed_bylines(text, start):
    """ "记者 曹艺 通讯员 王某 今天……": the run of roles and names -> (bylines, end, last word) or None."""
    words, end = [], start
    for chunk in CHUNK.finditer(text, start):
        if not all(word in ROLES or word in FILLERS or is_name(word) for word in _words(chunk.group())):
            break
        words += _words(chunk.group())
        end = chunk.end()
    if not words or words[0] not in ROLES:
        return None
    bylines = parse_bylines(" ".join(words), role_required=True)
    return (bylines, end, words[-1]) if bylines else None


def _valid_dateline(match, text):
    if match.group() == "本报讯" or match.group("date"):
        return True
    return bool(AFTER_DATELINE.match(text, match.end()))


def opening(text):
    """The dateline and bylines a stripped paragraph opens with, or None; `text` keeps its spaces and line breaks."""
    dateline = DATELINE.match(text)
    if dateline and _valid_dateline(dateline, text):
        found = _bracketed_bylines(text, dateline.end())
        if found is None:
            run = _unbracketed_bylines(text, dateline.end())
            found = run[:2] if run else ([], dateline.end())
        return Opening(dateline.group(), *found)
    # 本报记者 曹艺 报道: a byline without a dateline, ending in 报道 or with its line.
    run = _unbracketed_bylines(text, 0)
    if run and (run[2] in FILLERS or text[run[1] : run[1] + 1] in ("", "\n")):
        return Opening("", run[0], run[1])
    return None


def opens_with_dateline(line):
    return opening(line) is not None
