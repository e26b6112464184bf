"""Import reads the datelines and bylines Chinese papers print, and every imported draft has an author."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importing.structure import parse_story
from articles.models import Article, Person

from .factories import make_editor, make_reporter

R, C, P, E = "reporter", "correspondent", "photographer", "editor"

# (the story as pasted below its headline, the dateline kept, the bylines, the first paragraph a reader sees)
VARIANTS = [
    # 本报讯, bare, bracketed, or followed by the names
    ("本报讯 今天开会。", "本报讯", [], "今天开会。"),
    ("本报讯（记者 曹艺）今天开会。", "本报讯", [("曹艺", R)], "今天开会。"),
    ("本报讯 (记者 曹艺) 今天开会。", "本报讯", [("曹艺", R)], "今天开会。"),
    ("本报讯【记者 曹艺】今天开会。", "本报讯", [("曹艺", R)], "今天开会。"),
    ("本报讯 （记者：曹艺） 今天开会。", "本报讯", [("曹艺", R)], "今天开会。"),
    ("本报讯（记者 曹艺 赵晓坤）今天开会。", "本报讯", [("曹艺", R), ("赵晓坤", R)], "今天开会。"),
    ("本报讯（记者 曹艺、赵晓坤）今天开会。", "本报讯", [("曹艺", R), ("赵晓坤", R)], "今天开会。"),
    (
        "本报讯（记者 曹艺，赵晓坤 通讯员 王某）今天开会。",
        "本报讯",
        [("曹艺", R), ("赵晓坤", R), ("王某", C)],
        "今天开会。",
    ),
    ("本报讯（记者曹艺 通讯员王某）今天开会。", "本报讯", [("曹艺", R), ("王某", C)], "今天开会。"),
    ("本报讯 记者 曹艺 通讯员 王某 今天开会。", "本报讯", [("曹艺", R), ("王某", C)], "今天开会。"),
    ("本报讯 记者 曹艺 赵晓坤 近日，我市开会。", "本报讯", [("曹艺", R), ("赵晓坤", R)], "近日，我市开会。"),
    ("本报讯 记者 曹艺、赵晓坤 近日 我市开会。", "本报讯", [("曹艺", R), ("赵晓坤", R)], "近日我市开会。"),
    ("本报讯 记者 曹艺\n通讯员 王某 今天开会。", "本报讯", [("曹艺", R), ("王某", C)], "今天开会。"),
    ("本报讯（通讯员 王某 实习生 李四）今天开会。", "本报讯", [("王某", C), ("李四", R)], "今天开会。"),
    ("本报讯（记者 曹艺 摄影 赵晓坤）今天开会。", "本报讯", [("曹艺", R), ("赵晓坤", P)], "今天开会。"),
    ("本报讯 2022年 5月，我市开会。", "本报讯", [], "2022年5月，我市开会。"),
    # 本报记者 … 报道: a byline without a dateline
    ("本报记者 曹艺 报道\n\n今天开会。", "", [("曹艺", R)], "今天开会。"),
    (
        "本报记者 曹艺 赵晓坤 通讯员 王某 报道 今天开会。",
        "",
        [("曹艺", R), ("赵晓坤", R), ("王某", C)],
        "今天开会。",
    ),
    ("本报记者 曹艺\n今天开会，大家都来了。", "", [("曹艺", R)], "今天开会，大家都来了。"),
    # 本报 with a place and a date
    ("本报2月15日讯（记者 曹艺）今天开会。", "本报2月15日讯", [("曹艺", R)], "今天开会。"),
    ("本报乌海2月15日电 记者 曹艺 今天开会。", "本报乌海2月15日电", [("曹艺", R)], "今天开会。"),
    # agencies and other papers: their dateline stays, their reporters are the bylines
    (
        "新华社北京2月15日电（记者 张三 李四）今天开会。",
        "新华社北京2月15日电",
        [("张三", R), ("李四", R)],
        "今天开会。",
    ),
    ("新华社北京2月15日电\n\n（记者 张三）今天开会。", "新华社北京2月15日电", [("张三", R)], "今天开会。"),
    ("新华社电 今天开会。", "新华社电", [], "今天开会。"),
    ("中新网北京2月15日电（记者 王五）今天开会。", "中新网北京2月15日电", [("王五", R)], "今天开会。"),
    ("人民日报乌海2月15日讯（记者 张三）今天开会。", "人民日报乌海2月15日讯", [("张三", R)], "今天开会。"),
    # a byline at the end, on its own line or after the last sentence
    ("今天开会。\n\n（记者 曹艺 赵晓坤）", "", [("曹艺", R), ("赵晓坤", R)], "今天开会。"),
    ("今天开会。\n\n（曹艺 赵晓坤）", "", [("曹艺", R), ("赵晓坤", R)], "今天开会。"),
    ("今天开会。\n\n(记者 曹艺 通讯员 王某)", "", [("曹艺", R), ("王某", C)], "今天开会。"),
    ("今天开会。\n\n（文/图 曹艺）", "", [("曹艺", R), ("曹艺", P)], "今天开会。"),
    ("今天开会。\n\n（文 曹艺 图 赵晓坤）", "", [("曹艺", R), ("赵晓坤", P)], "今天开会。"),
    ("今天开会。\n（本报记者 曹艺 摄）", "", [("曹艺", P)], "今天开会。"),
    ("今天开会。（记者 曹艺）", "", [("曹艺", R)], "今天开会。"),
    ("今天开会。\n\n（阿不都·热合曼 曹艺）", "", [("阿不都·热合曼", R), ("曹艺", R)], "今天开会。"),
    ("今天开会。\n\n编辑 王某", "", [("王某", E)], "今天开会。"),
    # both ends
    (
        "本报讯（记者 曹艺）今天开会。\n\n（通讯员 王某）",
        "本报讯",
        [("曹艺", R), ("王某", C)],
        "今天开会。",
    ),
    # and what is none of these stays text
    ("社区网格员电话畅通。", "", [], "社区网格员电话畅通。"),
    ("本报记者近日从市里获悉，今天开会。", "", [], "本报记者近日从市里获悉，今天开会。"),
    ("今天开会（见下图）。", "", [], "今天开会（见下图）。"),
    ("今天开会。（有删节）", "", [], "今天开会。（有删节）"),
]


@pytest.mark.parametrize(("text", "dateline", "bylines", "opening"), VARIANTS, ids=[v[0][:24] for v in VARIANTS])
def test_datelines_and_bylines_are_read_and_leave_the_text(text, dateline, bylines, opening):
    story = parse_story("区里召开年度工作会议\n\n" + text)
    assert story.headline == ["区里召开年度工作会议"]
    assert story.dateline == dateline
    assert [(byline["name"], byline["role"]) for byline in story.bylines] == bylines
    assert story.blocks[0]["text"] == opening
    assert len(story.blocks) == 1  # nothing of the byline is left behind as text


def test_a_dateline_right_below_the_headline_without_a_blank_line():
    story = parse_story("区里召开年度工作会议\n本报讯（记者 曹艺）今天开会。")
    assert story.headline == ["区里召开年度工作会议"]
    assert story.dateline == "本报讯"
    assert [block["text"] for block in story.blocks] == ["今天开会。"]


def test_a_note_at_the_end_is_not_taken_for_a_name():
    story = parse_story("区里召开年度工作会议\n\n今天开会。\n\n（见下图）")
    assert story.bylines == []
    assert [block["text"] for block in story.blocks] == ["今天开会。", "（见下图）"]


def test_at_least_twenty_forms_are_recognised():
    assert sum(1 for _, dateline, bylines, _ in VARIANTS if dateline or bylines) >= 20


# --- the command: every draft has its author ----------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "会议.txt").write_text(
        "区里召开年度工作会议\n\n本报讯（记者 曹艺 通讯员 王某）今天开会。", encoding="utf-8"
    )
    return tmp_path


def test_import_texts_without_user_is_refused_and_imports_nothing(folder, db):
    with pytest.raises(CommandError, match="请用 --user 用户名 指明这批草稿的作者"):
        call_command("import_texts", str(folder))
    assert not Article.objects.exists()


def test_import_texts_with_an_unknown_or_inactive_user_is_refused(folder, db):
    with pytest.raises(CommandError, match="找不到用户：nobody"):
        call_command("import_texts", str(folder), "--user", "nobody")
    gone = make_editor(username="gone")
    gone.is_active = False
    gone.save()
    with pytest.raises(CommandError, match="账号已停用"):
        call_command("import_texts", str(folder), "--user", "gone")
    assert not Article.objects.exists()


def test_the_drafts_are_the_users_with_the_dateline_and_bylines_read(folder, capsys, db):
    editor = make_editor(username="bianji")
    call_command("import_texts", str(folder), "--user", "bianji")
    article = Article.objects.get()
    assert (article.created_by, article.status, article.dateline) == (editor, Article.Status.DRAFT, "本报讯")
    assert article.body == "<p>今天开会。</p>"
    assert [(b.person.name, b.role) for b in article.bylines.all()] == [("曹艺", R), ("王某", C)]


def test_a_user_who_may_not_add_people_gets_the_names_reported_not_created(folder, capsys, db):
    Person.objects.create(name="曹艺")
    make_reporter(username="jizhe")
    call_command("import_texts", str(folder), "--user", "jizhe")
    article = Article.objects.get()
    assert [b.person.name for b in article.bylines.all()] == ["曹艺"]
    assert not Person.objects.filter(name="王某").exists()
    assert "署名人名单中没有“王某”" in capsys.readouterr().out
