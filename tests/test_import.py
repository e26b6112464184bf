"""Importing text copied out of the print layout: repaired, recognised, reviewed, saved as a draft."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.importing.html import body_html
from articles.importing.repair import join_lines, remove_stray_spaces
from articles.importing.structure import parse_story
from articles.models import Article, CaseStudy, Person

from .factories import make_campaign, make_department, make_reporter, make_user
from .seedtext import EDITION_PATH, RAW_PATH

IMPORT = reverse("importing:import_text")
RAW_LINES = RAW_PATH.read_text(encoding="utf-8").split("\n")
EXPECTED = {article["key"]: article for article in json.loads(EDITION_PATH.read_text(encoding="utf-8"))["articles"]}

# Where each story sits in the seed page (1-based, inclusive). The page prints
# the case studies' and the features' headlines apart from their text, so a
# story is its headline lines followed by its text, as a reporter would paste it.
STORY_LINES = {
    "emission-reduction": [(503, 503), (61, 120)],
    "ecology-review": [(505, 506), (122, 356)],
    "regional-cooperation-investment": [(361, 428)],
    "hainan-convenience-circle": [(498, 501), (1, 59)],
    "wuda-street-vendors": [(493, 496), (430, 491)],
}


def raw_story(key):
    return "\n\n".join("\n".join(RAW_LINES[start - 1 : end]) for start, end in STORY_LINES[key])


# --- the seed page ------------------------------------------------------------------


@pytest.mark.parametrize("key", STORY_LINES)
def test_each_story_of_the_seed_page_is_recognised_as_the_demo_edition_has_it(key):
    story, expected = parse_story(raw_story(key)), EXPECTED[key]
    assert story.kicker == expected["kicker"]
    assert story.headline == expected["headline"]
    assert story.subheadline == expected["subheadline"]
    assert story.dateline == expected["dateline"]
    assert story.bylines == expected["bylines"]
    if expected["case_study"] is None:
        assert story.case_study is None
        assert story.blocks == expected["body"]
    else:
        for part in ("opening", "practices", "lessons_opening", "lessons"):
            assert getattr(story.case_study, part) == expected["case_study"][part], part


@pytest.mark.parametrize("key", ["emission-reduction", "ecology-review"])
def test_an_imported_story_has_the_demo_editions_body_html(key):
    assert body_html(parse_story(raw_story(key)).body_blocks()) == body_html(EXPECTED[key]["body"])


def test_the_structure_of_the_ecology_review_headings_and_paragraphs():
    blocks = parse_story(raw_story("ecology-review")).blocks
    assert [block["text"] for block in blocks if block["type"] == "heading"] == [
        "强化大气污染综合治理",
        "推进水生态持续向好",
        "加强土壤和地下水污染防治",
        "深入推进绿色低碳发展",
        "提高环境执法效能",
    ]


# --- the repairs, one at a time ----------------------------------------------------------------


def test_lines_join_with_nothing_between_chinese_and_a_space_between_latin_words():
    assert join_lines(["采用世界最先进的BDO", "生产工艺"]) == "采用世界最先进的BDO生产工艺"
    assert join_lines(["协议金额2660.81", "亿元"]) == "协议金额2660.81亿元"
    assert join_lines(["the Yellow", "River basin"]) == "the Yellow River basin"


def test_stray_spaces_of_justified_lines_go():
    assert remove_stray_spaces("2022 年 1 至 11 月 均 未 排 水 。") == "2022年1至11月均未排水。"
    assert remove_stray_spaces("实现“ 散乱污 ”企业") == "实现“散乱污”企业"
    assert remove_stray_spaces("在全市 109 条道路") == "在全市109条道路"
    assert remove_stray_spaces("Windows  10 系统") == "Windows 10系统"


def test_a_blank_line_in_mid_sentence_is_a_column_break_not_a_paragraph():
    story = parse_story("第一段话写完了。\n\n第二段的开头被分栏\n\n打断了，但仍是同一句。")
    assert [block["text"] for block in story.blocks] == ["第一段话写完了。", "第二段的开头被分栏打断了，但仍是同一句。"]


def test_dateline_subheadings_items_and_trailing_byline():
    story = parse_story(
        "标题在这里\n\n本报讯 今天开会。\n\n小标题一\n\n"
        "一是抓落实，见成效。具体做法。\n二是抓服务。继续。\n\n（记者 张三 通讯员 李四）"
    )
    assert story.headline == ["标题在这里"]
    assert story.dateline == "本报讯"
    assert story.blocks == [
        {"type": "paragraph", "lead": "", "text": "今天开会。"},
        {"type": "heading", "text": "小标题一"},
        {"type": "paragraph", "lead": "一是抓落实，见成效。", "text": "具体做法。"},
        {"type": "paragraph", "lead": "二是抓服务。", "text": "继续。"},
    ]
    assert story.bylines == [{"name": "张三", "role": "reporter"}, {"name": "李四", "role": "correspondent"}]


def test_text_with_one_paragraph_per_line_keeps_its_paragraphs():
    text = "\u3000\u3000第一段是很长的一句话，写了很多内容。\r\n\u3000\u3000第二段短。\r\n第三段也写完了。"
    assert [block["text"] for block in parse_story(text).blocks] == [
        "第一段是很长的一句话，写了很多内容。",
        "第二段短。",
        "第三段也写完了。",
    ]


def test_text_with_nothing_recognisable_still_gives_paragraphs():
    story = parse_story("只有一句话")
    assert story.headline == ["只有一句话"]
    assert parse_story("").blocks == []
    assert parse_story("\x00\x01 ???").blocks is not None


# --- the admin page ------------------------------------------------------------------------------


@pytest.fixture
def reporter(db):
    return make_reporter()


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


def preview(client, **data):
    response = client.post(IMPORT, {"preview": "1", **data})
    assert response.status_code == 200
    return response


def save(client, raw, **fields):
    data = {"save": "1", "raw": raw, "kicker": "", "subheadline": "", "kind": "news", **fields}
    return client.post(IMPORT, data)


def test_the_page_opens_for_a_reporter_in_the_admin(reporter_client):
    response = reporter_client.get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "导入文本" in html and "识别并预览" in html and "csrfmiddlewaretoken" in html


def test_the_page_needs_a_signed_in_member_of_staff_who_may_add_stories(client, db):
    assert client.get(IMPORT).status_code == 302  # to the admin login
    client.force_login(make_user())  # staff, but no permission to add stories
    assert client.get(IMPORT).status_code == 403


def test_posting_without_the_csrf_token_is_refused(reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert client.post(IMPORT, {"preview": "1", "text": "正文。"}).status_code == 403


def test_preview_shows_the_raw_text_beside_the_repaired_story(reporter_client):
    response = preview(reporter_client, text=raw_story("emission-reduction"))
    html = response.content.decode()
    assert "原始文字" in html and "整理结果" in html
    assert "本报讯 2022年 5月，《内蒙" in html  # raw, as pasted
    assert "2022年5月，《内蒙古自治区“十四五”节能减排综合工作实施方案》正式印发实施。" in html  # repaired
    assert "<strong>紧盯目标任务，深挖减排潜力。</strong>" in html
    form = response.context["save_form"]
    assert form.initial["headline"] == "我市持续压实“十四五”主要污染物减排责任"
    assert Article.objects.count() == 0  # a preview saves nothing


def test_saving_makes_a_draft_with_bylines_and_the_demo_body(reporter_client, reporter):
    ecology = make_department(name="市生态环境局")
    for name in ("曹艺", "赵晓坤"):  # on the newsroom's list of people already
        Person.objects.create(name=name)
    raw = raw_story("emission-reduction")
    response = save(reporter_client, raw, headline="我市持续压实“十四五”主要污染物减排责任", department=ecology.pk)
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.status == Article.Status.DRAFT
    assert article.created_by == reporter
    assert article.dateline == "本报讯"
    assert article.department == ecology
    assert article.body == body_html(EXPECTED["emission-reduction"]["body"])
    assert [(b.person.name, b.role) for b in article.bylines.all()] == [("曹艺", "reporter"), ("赵晓坤", "reporter")]
    assert not Article.objects.published().exists()  # an import never publishes


def test_importing_creates_no_people_a_reporter_could_not_create_by_hand(reporter_client, reporter):
    Person.objects.create(name="曹艺")
    response = save(reporter_client, raw_story("emission-reduction"), headline="减排稿件")
    article = Article.objects.get()
    assert [b.person.name for b in article.bylines.all()] == ["曹艺"]
    assert not Person.objects.filter(name="赵晓坤").exists()
    assert not reporter.has_perm("articles.add_person")
    warning = "".join(str(m) for m in response.wsgi_request._messages)
    assert "署名人名单中没有“赵晓坤”" in warning


def test_a_case_study_is_saved_in_its_parts_under_a_campaign(reporter_client):
    campaign = make_campaign()
    raw = raw_story("wuda-street-vendors")
    headline = "“三个精准”助推\n“地摊经济”“夜市经济”有序发展"
    refused = save(reporter_client, raw, headline=headline, kind="case_study")
    assert "请选择所属的专项活动" in refused.content.decode()
    assert Article.objects.count() == 0
    save(reporter_client, raw, headline=headline, kind="case_study", campaign=campaign.pk, kicker="乌达区：")
    study = CaseStudy.objects.get()
    expected = EXPECTED["wuda-street-vendors"]["case_study"]
    assert study.article.kind == Article.Kind.CASE_STUDY and study.article.status == Article.Status.DRAFT
    assert study.article.headline_lines == headline.split("\n")
    assert study.campaign == campaign
    assert study.opening == expected["opening"]
    assert [{"lead": p.lead, "text": p.text} for p in study.practices.all()] == expected["practices"]
    assert study.lessons_opening == expected["lessons_opening"]
    assert [{"lead": x.lead, "text": x.text} for x in study.lessons.all()] == expected["lessons"]


def test_the_case_study_form_starts_with_what_was_recognised(reporter_client):
    department = make_department(name="市区域经济合作局")
    campaign = make_campaign()
    form = preview(reporter_client, text=raw_story("regional-cooperation-investment")).context["save_form"]
    assert form.initial["kind"] == Article.Kind.CASE_STUDY
    assert form.initial["kicker"] == "市区域经济合作局："
    assert form.initial["headline"] == "紧扣“三个抓手”\n全力打好“招商”“稳商”组合拳"
    assert form.initial["department"] == department
    assert form.initial["campaign"] == campaign


def test_a_headline_of_three_lines_is_refused_with_a_message(reporter_client):
    response = save(reporter_client, "正文。", headline="一\n二\n三")
    assert "主题最多两行" in response.content.decode()
    assert Article.objects.count() == 0


def test_a_txt_upload_in_utf8_or_gb18030_is_read(reporter_client):
    text = raw_story("emission-reduction")
    for name, data in [("稿件.txt", text.encode("utf-8-sig")), ("gbk.txt", text.encode("gb18030"))]:
        response = preview(reporter_client, file=SimpleUploadedFile(name, data, content_type="text/plain"))
        assert response.context["story"].dateline == "本报讯", name
        assert "节能减排综合工作实施方案" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 20,
        b"%PDF-1.7\n\x00\x01\x02binary",
        b"\x89PNG\r\n\x1a\n" + bytes(range(200)),
        b"\xff\xfe\xfa",
    ],
    ids=["random", "pdf", "png", "bad-bytes"],
)
def test_a_junk_file_gives_a_form_error(reporter_client, data):
    response = preview(reporter_client, file=SimpleUploadedFile("稿件.txt", data))
    assert response.context["paste_form"].errors["file"]
    assert "save_form" not in response.context or response.context["save_form"] is None
    assert Article.objects.count() == 0


def test_nothing_pasted_asks_for_text(reporter_client):
    response = preview(reporter_client, text="   \n ")
    assert "请粘贴稿件文字" in response.content.decode()


def test_a_member_of_staff_with_the_permission_but_no_group_may_import(client, db):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(user)
    assert client.get(IMPORT).status_code == 200


# --- the command ------------------------------------------------------------------------------------


def test_import_texts_imports_a_folder_reports_bad_files_and_skips_them(tmp_path, capsys, db):
    campaign = make_campaign()
    author = make_user(username="importer")
    (tmp_path / "emission.txt").write_text(raw_story("emission-reduction"), encoding="utf-8")
    (tmp_path / "wuda.txt").write_bytes(raw_story("wuda-street-vendors").encode("gb18030"))
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "notes.md").write_text("不是 .txt，不导入。", encoding="utf-8")
    call_command("import_texts", str(tmp_path), "--user", "importer", "--campaign", campaign.slug)
    out, err = capsys.readouterr()
    assert "导入完成：2 篇草稿（其中典型案例 1 篇），跳过 1 个文件。" in out
    assert "junk.txt" in err
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert set(Article.objects.values_list("created_by", flat=True)) == {author.pk}
    assert CaseStudy.objects.get().practices.count() == 3


def test_each_file_is_saved_whole_or_not_at_all(tmp_path, capsys, db, monkeypatch):
    from django.core.exceptions import ValidationError

    from articles.importing import saving

    def broken(*args, **kwargs):
        raise ValidationError("做法保存失败")

    monkeypatch.setattr(saving, "_save_case_study", broken)
    (tmp_path / "wuda.txt").write_text(raw_story("wuda-street-vendors"), encoding="utf-8")
    make_user(username="importer")
    call_command("import_texts", str(tmp_path), "--user", "importer", "--campaign", make_campaign().slug)
    assert Article.objects.count() == 0
    assert "做法保存失败" in capsys.readouterr().err


def test_import_texts_refuses_a_missing_folder(tmp_path, db):
    from django.core.management.base import CommandError

    make_user(username="importer")
    with pytest.raises(CommandError, match="找不到文件夹"):
        call_command("import_texts", str(tmp_path / "nowhere"), "--user", "importer")
