"""
History an editor can trust and conflicts that help merge, as a Chinese-only desk meets them.

Restoring is recorded in 审稿记录 with who and why; delete-then-recover brings
the whole story back (review trail, photos, bylines, case study, placement);
comparing speaks the newsroom's language; a conflict shows what the other
person changed beside what you typed and needs an explicit choice to
overwrite; refused edits wait on the story to be read or copied back; and
colleagues are named by name.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, Byline, CaseStudy, Person, Photo, RefusedEdit, StatusChange
from seeds.demo import build_demo_edition

from .admin_forms import form_data
from .factories import logged_in, make_case_study, make_department, make_editor, make_page, make_photo, make_reporter

pytestmark = pytest.mark.django_db

Status = Article.Status


def named_editor(name, username):
    editor = make_editor(username=username)
    Person.objects.create(name=name, user=editor)
    return editor


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def opened(client, story, **query):
    address = change_url(story) + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return form_data(client.get(address).content.decode(), "article_form")


def written_by(client, headline, **changes):
    client.post(reverse("admin:articles_article_add"), {**_blank(), "headline": headline, **changes})
    return Article.objects.get(headline=headline)


def _blank():
    data = {"headline": "", "body": "<p>正文。</p>", "kind": "news", "page_position": 1}
    for prefix in ["bylines", "photos", "case_study", "status_changes"]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def save(client, story, **changes):
    data = opened(client, story)
    data.update(changes)
    return client.post(change_url(story), data)


# --- 1. history you can trust ------------------------------------------------------------


def test_a_restore_is_recorded_in_the_review_trail_with_who_and_why():
    wang = named_editor("王编辑", "wangbj")
    client = logged_in(wang)
    story = written_by(client, "第一稿")
    save(client, story, headline="第二稿")
    oldest = Version.objects.get_for_object(story).order_by("pk").first()
    address = reverse("admin:articles_article_revision", args=[story.pk, oldest.pk])
    refused = client.post(address, form_data(client.get(address).content.decode(), "article_form"))
    assert "恢复原因" in refused.content.decode()  # a restore needs a reason
    data = form_data(client.get(address).content.decode(), "article_form")
    assert client.post(address, {**data, "restore_reason": "第二稿删掉了核实过的数据"}).status_code == 302

    story.refresh_from_db()
    assert story.headline == "第一稿"
    record = StatusChange.objects.filter(article=story).first()
    assert record.by == wang and record.from_status == record.to_status == Status.DRAFT
    assert "恢复到" in record.comment and "第二稿删掉了核实过的数据" in record.comment
    html = client.get(change_url(story)).content.decode()
    assert "王编辑" in html and "第二稿删掉了核实过的数据" in html


def test_delete_then_recover_brings_back_the_review_trail_photos_bylines_case_study_and_placement():
    editor_user = make_editor()
    client = logged_in(editor_user)
    page = make_page()
    story = written_by(client, "要删的稿件", page=page.pk, page_position=3)
    Byline.objects.create(article=story, person=Person.objects.create(name="曹艺"), position=1)
    make_photo(story, caption="现场。")
    make_case_study(article=story, opening="案例导语")
    for action in ["submit", "return"]:
        services.transition(
            article=story, action=action, by=editor_user, comment="请补充" if action == "return" else ""
        )
    save(client, story)  # a save with its parts, as a desk would have made
    trail = list(story.status_changes.values_list("from_status", "to_status", "comment"))

    delete = client.get(reverse("admin:articles_article_delete", args=[story.pk])).content.decode()
    assert "都可以由编辑从" in delete  # nothing is lost for good: the page says so
    client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).get(object_id=str(story.pk))
    address = reverse("admin:articles_article_recover", args=[deleted.pk])
    data = form_data(client.get(address).content.decode(), "article_form")
    assert client.post(address, {**data, "restore_reason": "误删"}).status_code == 302

    back = Article.objects.get(pk=story.pk)
    assert (back.page_id, back.page_position) == (page.pk, 3)
    assert list(back.bylines.values_list("person__name", flat=True)) == ["曹艺"]
    assert list(Photo.objects.filter(article=back).values_list("caption", flat=True)) == ["现场。"]
    assert CaseStudy.objects.get(article=back).opening == "案例导语"
    kept = list(
        back.status_changes.exclude(comment__startswith="恢复").values_list("from_status", "to_status", "comment")
    )
    assert kept == trail


def test_the_delete_page_says_what_cannot_come_back():
    editor_user = make_editor()
    client = logged_in(editor_user)
    story = Article.objects.create(headline="没有版本的稿件", created_by=editor_user)  # e.g. an old bulk import
    html = client.get(reverse("admin:articles_article_delete", args=[story.pk])).content.decode()
    assert "没有保存过的版本，删除后无法恢复" in html


def test_the_demo_editions_stories_have_a_first_revision_so_they_can_be_recovered():
    build_demo_edition()
    for story in Article.objects.all():
        assert Version.objects.get_for_object(story).exists(), story.headline_text
    revisions = Version.objects.count()
    build_demo_edition()  # running it again changes nothing
    assert Version.objects.count() == revisions


def test_compare_speaks_chinese_statuses_beijing_time_names_and_parts():
    editor_user = named_editor("李主任", "lizr")
    client = logged_in(editor_user)
    first, second = make_department(name="市生态环境局"), make_department(name="市商务局")
    page = make_page(name="要闻")
    story = written_by(client, "比较用稿件", department=first.pk)
    save(client, story, department=second.pk, page=page.pk, page_position=2)
    Byline.objects.create(article=story, person=Person.objects.create(name="赵晓坤"), position=1)
    services.transition(article=story, action="submit", by=editor_user)
    services.transition(article=story, action="approve", by=editor_user)
    services.transition(article=story, action="publish", by=editor_user)
    versions = list(Version.objects.get_for_object(story))
    html = client.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"from": versions[-1].pk, "to": versions[0].pk},
    ).content.decode()
    assert "市<del>生态环境</del><ins>商务</ins>局" in html
    assert "<ins>已发布</ins>" in html or "已发布" in html.split("状态", 2)[-1]
    assert "published" not in html.split('id="content"', 1)[1]
    assert "要闻" in html and "赵晓坤" in html and "署名" in html
    assert "（北京时间）" in html and "李主任" in html


def test_the_history_page_names_people_and_gives_beijing_time_to_the_second():
    client = logged_in(named_editor("孙编辑", "sunbj"))
    story = written_by(client, "历史用稿件")
    html = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert "孙编辑" in html and "sunbj" not in html.split('id="content"', 1)[1]
    assert "保存时间（北京时间）" in html


# --- 2. conflicts that help merge -----------------------------------------------------------


def test_a_conflict_lists_what_the_other_person_changed_beside_what_you_typed():
    first_user, second_user = named_editor("甲编辑", "jia"), named_editor("乙编辑", "yi")
    first, second = logged_in(first_user), logged_in(second_user)
    old, new = make_department(name="市生态环境局"), make_department(name="市商务局")
    story = written_by(first, "原来的主题", department=old.pk)
    mine, theirs = opened(second, story), opened(first, story)
    theirs.update(headline="甲改的主题", department=str(new.pk))
    first.post(change_url(story), theirs)
    mine.update(body="<p>乙补写的正文。</p>")
    html = second.post(change_url(story), mine).content.decode()

    assert "甲编辑 改动了下面这些内容" in html
    assert "<del>原来</del><ins>甲改</ins>的主题" in html
    assert "市<del>生态环境</del><ins>商务</ins>局" in html  # a department by its name, never 部门：1
    assert "<th>正文</th>" not in html  # the other person did not touch the body: not listed
    assert "对方保存的" in html and "你填写的" in html


def test_saving_again_after_a_conflict_needs_the_explicit_overwrite_choice():
    first, second = logged_in(make_editor()), logged_in(make_editor())
    story = written_by(first, "原题")
    mine, theirs = opened(second, story), opened(first, story)
    first.post(change_url(story), {**theirs, "headline": "甲的题"})
    refused = second.post(change_url(story), {**mine, "headline": "乙的题"})
    again = form_data(refused.content.decode(), "article_form")
    assert "overwrite_others" not in again  # offered, not ticked
    assert 'name="overwrite_others"' in refused.content.decode() and "覆盖对方的修改" in refused.content.decode()

    second.post(change_url(story), again)  # saved again without choosing: refused again
    story.refresh_from_db()
    assert story.headline == "甲的题"
    second.post(change_url(story), {**again, "overwrite_others": "on"})
    story.refresh_from_db()
    assert story.headline == "乙的题"


def test_overwriting_covers_only_the_version_that_was_shown():
    first, second = logged_in(make_editor()), logged_in(make_editor())
    story = written_by(first, "原题")
    mine = opened(second, story)
    save(first, story, headline="甲的题")
    again = form_data(second.post(change_url(story), {**mine, "headline": "乙的题"}).content.decode(), "article_form")
    save(first, story, headline="甲又改的题")  # a newer save after the conflict was shown
    second.post(change_url(story), {**again, "overwrite_others": "on"})
    story.refresh_from_db()
    assert story.headline == "甲又改的题"


def test_refused_edits_wait_on_the_story_to_be_read_or_copied_back():
    reporter = make_reporter()
    Person.objects.create(name="曹艺", user=reporter)
    editor = logged_in(make_editor())
    author = logged_in(reporter)
    story = written_by(author, "记者的稿件")
    mine = opened(author, story)
    save(editor, story, headline="编辑先改的题")
    author.post(change_url(story), {**mine, "headline": "记者想改的题", "body": "<p>记者补的一段。</p>"})
    refused = RefusedEdit.objects.get(article=story)

    page = editor.get(change_url(story)).content.decode()
    assert "未保存的修改" in page and "曹艺" in page and "记者想改的题" in page
    view = editor.get(reverse("admin:articles_article_refused_edit", args=[story.pk, refused.pk])).content.decode()
    assert "记者补的一段。" in view
    assert logged_in(make_reporter()).get(change_url(story)).status_code == 302  # nobody else's business

    copied = opened(author, story, copy_back=refused.pk)
    assert copied["headline"] == "记者想改的题"  # back in the form, not yet saved
    story.refresh_from_db()
    assert story.headline == "编辑先改的题"
    author.post(change_url(story) + f"?copy_back={refused.pk}", copied)
    story.refresh_from_db()
    refused.refresh_from_db()
    assert story.headline == "记者想改的题" and refused.resolved
    assert "未保存的修改（" not in editor.get(change_url(story)).content.decode()


# --- 5. names, not user names -----------------------------------------------------------


def test_the_review_trail_and_conflicts_name_people_by_name():
    reporter = make_reporter(username="caoyi")
    Person.objects.create(name="曹艺", user=reporter)
    editor_user = named_editor("王编辑", "wangbj")
    client = logged_in(reporter)
    story = written_by(client, "署名测试")
    services.transition(article=story, action="submit", by=reporter)
    services.transition(article=story, action="return", by=editor_user, comment="请补充数据")
    html = logged_in(editor_user).get(change_url(story)).content.decode()
    trail = html.split("审稿记录", 1)[1]
    assert "曹艺" in trail and "王编辑" in trail
    assert "caoyi" not in trail and "wangbj" not in trail


def test_the_review_queue_names_the_reporter_by_name():
    reporter = make_reporter(username="zhaoxk")
    Person.objects.create(name="赵晓坤", user=reporter)
    story = written_by(logged_in(reporter), "待审稿件甲")
    services.transition(article=story, action="submit", by=reporter)
    editor = logged_in(make_editor())
    for address in [reverse("admin:index"), reverse("admin:editorial_calendar")]:
        html = editor.get(address).content.decode()
        queue = html.split("待审稿件甲", 1)[1][:200]
        assert "赵晓坤" in queue and "zhaoxk" not in queue, address


def test_the_admin_greets_a_colleague_by_their_full_name():
    editor = make_editor(username="caoyi")
    editor.last_name, editor.first_name = "曹", "艺"
    editor.save()
    html = logged_in(editor).get(reverse("admin:index")).content.decode()
    assert "欢迎，<strong>曹艺</strong>" in html


def test_the_history_says_exactly_which_fields_bylines_and_placement_changed():
    client = logged_in(make_editor())
    page = make_page(name="要闻")
    story = written_by(client, "改动说明用稿件")
    person = Person.objects.create(name="曹艺")
    data = opened(client, story)
    data.update(
        {
            "subheadline": "——新副题",
            "page": page.pk,
            "page_position": 4,
            "bylines-TOTAL_FORMS": 1,
            "bylines-0-position": 1,
            "bylines-0-person": person.pk,
            "bylines-0-role": "reporter",
        }
    )
    assert client.post(change_url(story), data).status_code == 302
    history = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    newest = history.split("</tbody>", 1)[0].rsplit("<tr>", 1)[1]  # oldest first, as Django lists history
    for field in ["副题", "版面", "版内顺序", "署名"]:
        assert field in newest, field
    assert "主题" not in newest.replace("副题", "")  # unchanged fields are not listed
