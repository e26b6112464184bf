"""
Nobody changes what readers see except through the workflow: the attacks, tried through the real admin.

Each test is a hostile newsroom member's request sequence (a reporter who
wants their words on somebody else's story, or a colleague's draft in front of
them) or an everyday accident (two people saving one page), and checks what a
reader, an editor or the history would notice afterwards.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, CaseStudy, KeyFigure, Practice, RefusedEdit, StatusChange
from departments.models import Department

from .admin_forms import form_data
from .factories import (
    article_form_data,
    image_bytes,
    logged_in,
    make_campaign,
    make_case_study,
    make_department,
    make_editor,
    make_page,
    make_reporter,
)
from .factories import make_article as _make_article

pytestmark = pytest.mark.django_db

Status = Article.Status


def story_by(author, status=Status.DRAFT, **extra):
    live = status in (Status.SCHEDULED, Status.PUBLISHED)
    return _make_article(live=live, status=status, created_by=author, **extra)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def opened_form(client, model, obj):
    return form_data(client.get(url(model, "change", obj.pk)).content.decode(), f"{model._meta.model_name}_form")


def history_of(story):
    return list(LogEntry.objects.filter(object_id=str(story.pk), content_type__model="article"))


# --- 1. one policy for everything shown with a story -----------------------------------


def test_a_reporter_cannot_deface_a_published_story_by_attaching_a_case_study_to_it():
    editor, reporter = make_editor(), make_reporter()
    story = story_by(editor, Status.PUBLISHED, headline="编辑部的稿件", body="<p>原来的正文。</p>")
    campaign = make_campaign()
    page_before = Client().get(story.get_absolute_url()).content.decode()
    revisions_before = Version.objects.get_for_object(story).count()

    response = logged_in(reporter).post(
        url(CaseStudy, "add"),
        {
            "article": story.pk,
            "campaign": campaign.pk,
            "opening": "篡改后的导语",
            "practices-TOTAL_FORMS": 1,
            "practices-INITIAL_FORMS": 0,
            "practices-0-position": 1,
            "practices-0-lead": "篡改的做法",
            "lessons-TOTAL_FORMS": 0,
            "lessons-INITIAL_FORMS": 0,
            "figures-TOTAL_FORMS": 1,
            "figures-INITIAL_FORMS": 0,
            "figures-0-position": 1,
            "figures-0-label": "假数据",
            "figures-0-value": "999",
        },
    )

    assert response.status_code == 200  # the form again, with an error, nothing saved
    assert not CaseStudy.objects.filter(article=story).exists()
    assert not Practice.objects.filter(lead="篡改的做法").exists()
    assert not KeyFigure.objects.filter(label="假数据").exists()
    assert "篡改" not in Client().get(story.get_absolute_url()).content.decode()
    assert Client().get(story.get_absolute_url()).content.decode() == page_before
    assert Version.objects.get_for_object(story).count() == revisions_before


def test_a_reporter_cannot_move_their_own_case_study_onto_someone_elses_story():
    reporter = make_reporter()
    own = make_case_study(article=story_by(reporter, kind=Article.Kind.CASE_STUDY), opening="我的导语")
    target = story_by(make_editor(), Status.PUBLISHED)
    client = logged_in(reporter)
    data = opened_form(client, CaseStudy, own)
    data["article"] = str(target.pk)
    response = client.post(url(CaseStudy, "change", own.pk), data)
    own.refresh_from_db()
    assert own.article_id != target.pk
    assert response.status_code == 200
    assert not CaseStudy.objects.filter(article=target).exists()


def test_an_editor_changing_a_live_case_study_leaves_a_revision_and_a_history_entry_on_the_story():
    editor = make_editor(username="zhang")
    study = make_case_study(article=story_by(make_reporter(), Status.PUBLISHED), opening="旧导语")
    story = study.article
    revisions_before = Version.objects.get_for_object(story).count()
    client = logged_in(editor)
    data = opened_form(client, CaseStudy, study)
    data["opening"] = "编辑改过的导语"
    assert client.post(url(CaseStudy, "change", study.pk), data).status_code == 302

    assert "编辑改过的导语" in Client().get(story.get_absolute_url()).content.decode()
    newest = Version.objects.get_for_object(story).first()
    assert Version.objects.get_for_object(story).count() == revisions_before + 1
    assert newest.revision.user == editor
    assert "典型案例" in newest.revision.comment
    # The revision holds the case study as it is now: it can be compared and restored with the story.
    kept = [v.field_dict for v in newest.revision.version_set.all() if v.content_type.model == "casestudy"]
    assert kept[0]["opening"] == "编辑改过的导语"
    assert [entry.user for entry in history_of(story)] == [editor]


def test_moving_a_story_on_its_page_is_recorded_on_the_story():
    editor = make_editor()
    page = make_page()
    story = story_by(make_reporter(), Status.PUBLISHED, page=page, page_position=1)
    client = logged_in(editor)
    data = opened_form(client, type(page), page)
    data["articles-0-page_position"] = "3"
    data["articles-0-area_left"], data["articles-0-area_top"] = "0.1", "0.2"
    data["articles-0-area_width"], data["articles-0-area_height"] = "0.5", "0.3"
    assert client.post(url(type(page), "change", page.pk), data).status_code == 302
    story.refresh_from_db()
    assert (story.page_position, story.area_left) == (3, 0.1)
    assert "版内顺序" in history_of(story)[0].change_message
    assert Version.objects.get_for_object(story).first().revision.user == editor


# --- 2. reporters see only their own unpublished work ------------------------------------


def test_a_reporter_looking_at_a_page_sees_live_stories_and_their_own_never_a_colleagues_draft():
    reporter, colleague = make_reporter(), make_reporter()
    page = make_page()
    story_by(colleague, page=page, headline="同事的草稿")
    story_by(reporter, page=page, headline="我自己的草稿")
    story_by(colleague, Status.PUBLISHED, page=page, headline="已经见报的稿件")
    html = logged_in(reporter).get(url(type(page), "change", page.pk)).content.decode()
    assert "我自己的草稿" in html and "已经见报的稿件" in html
    assert "同事的草稿" not in html


def test_autocomplete_offers_a_reporter_only_their_own_stories():
    reporter, colleague = make_reporter(), make_reporter()
    story_by(colleague, headline="同事的草稿甲")
    story_by(reporter, headline="我的草稿甲")
    call_command("rebuild_search_index", verbosity=0)  # the admin's search runs on the full-text index
    response = logged_in(reporter).get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "casestudy", "field_name": "article", "term": "草稿甲"},
    )
    texts = [result["text"] for result in response.json()["results"]]
    assert texts == ["我的草稿甲"]


def test_history_and_compare_of_a_colleagues_draft_show_nothing():
    reporter, colleague = make_reporter(), make_reporter()
    editor = logged_in(make_editor())
    editor.post(url(Article, "add"), article_form_data(headline="同事的秘密草稿"))
    draft = Article.objects.get(headline="同事的秘密草稿")
    Article.objects.filter(pk=draft.pk).update(created_by=colleague)
    study = make_case_study(article=draft, opening="秘密导语")
    client = logged_in(reporter)
    for address in [
        url(Article, "history", draft.pk),
        reverse("admin:articles_article_compare", args=[draft.pk]),
        url(CaseStudy, "history", study.pk),
        url(CaseStudy, "change", study.pk),
    ]:
        response = client.get(address, follow=True)
        html = response.content.decode()
        assert "同事的秘密草稿" not in html and "秘密导语" not in html, address


def test_the_image_browser_shows_a_reporter_only_their_own_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author, colleague = make_reporter(), make_reporter()
    uploader = logged_in(author)
    uploader.post("/ckeditor/upload/", {"upload": SimpleUploadedFile("独家现场.png", image_bytes())})
    assert "独家现场" in uploader.get("/ckeditor/browse/").content.decode()
    assert "独家现场" not in logged_in(colleague).get("/ckeditor/browse/").content.decode()


# --- 3. restoring a revision is an edit, never a transition -------------------------------


def saved_twice_by(editor_client, headline, **form):
    editor_client.post(url(Article, "add"), article_form_data(headline=headline, **form))
    story = Article.objects.get(headline=headline)
    editor_client.post(url(Article, "change", story.pk), article_form_data(story, headline=headline + "（二稿）"))
    story.refresh_from_db()
    return story


def restore_oldest(editor_client, story):
    oldest = Version.objects.get_for_object(story).order_by("pk").first()
    address = reverse("admin:articles_article_revision", args=[story.pk, oldest.pk])
    data = form_data(editor_client.get(address).content.decode(), "article_form")
    response = editor_client.post(address, {**data, "restore_reason": "恢复原稿"})
    story.refresh_from_db()
    return response


@pytest.mark.parametrize("action", ["withdraw", "publish"])
def test_restoring_an_old_revision_never_moves_the_story_through_review(action):
    editor_user = make_editor()
    editor = logged_in(editor_user)
    page = make_page()
    story = saved_twice_by(editor, f"恢复测试{action}")
    services.transition(article=story, action="submit", by=editor_user)
    services.transition(article=story, action="approve", by=editor_user)
    services.transition(article=story, action="publish", by=editor_user)
    Article.objects.filter(pk=story.pk).update(page=page, page_position=2)
    if action == "withdraw":
        services.transition(article=story, action="withdraw", by=editor_user)
    story.refresh_from_db()
    before = (story.status, story.publish_at, story.page_id, story.page_position)

    assert restore_oldest(editor, story).status_code == 302
    assert story.headline == f"恢复测试{action}"  # the text came back
    assert (story.status, story.publish_at, story.page_id, story.page_position) == before
    readers_see = Client().get(story.get_absolute_url()).status_code
    assert readers_see == (404 if action == "withdraw" else 200)


def test_a_deleted_live_story_comes_back_withdrawn_and_readers_do_not_see_it():
    editor_user = make_editor()
    editor = logged_in(editor_user)
    story = saved_twice_by(editor, "删掉再恢复")
    for action in ["submit", "approve", "publish"]:
        services.transition(article=story, action=action, by=editor_user)
    editor.post(url(Article, "delete", story.pk), {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).get(object_id=str(story.pk))
    address = reverse("admin:articles_article_recover", args=[deleted.pk])
    data = form_data(editor.get(address).content.decode(), "article_form")
    assert editor.post(address, {**data, "restore_reason": "误删"}).status_code == 302

    recovered = Article.objects.get(pk=story.pk)
    assert recovered.status == Status.WITHDRAWN
    assert Client().get(recovered.get_absolute_url()).status_code == 404
    taken_down = StatusChange.objects.get(article=recovered, from_status=Status.PUBLISHED, to_status=Status.WITHDRAWN)
    assert taken_down.by == editor_user


# --- 4. no lost edits anywhere --------------------------------------------------------


def test_two_editors_saving_one_department_the_later_is_refused_and_kept():
    department = make_department(short_name="原简称")
    first, second = logged_in(make_editor()), logged_in(make_editor())
    first_form, second_form = opened_form(first, Department, department), opened_form(second, Department, department)
    first_form["short_name"] = "甲改的简称"
    second_form["description"] = "乙写的简介"
    second_form["level"] = "district"
    assert first.post(url(Department, "change", department.pk), first_form).status_code == 302
    response = second.post(url(Department, "change", department.pk), second_form)

    department.refresh_from_db()
    assert (department.short_name, department.description) == ("甲改的简称", "")
    html = response.content.decode()
    assert "你这次的保存没有生效" in html
    assert "简称" in html and "甲改的简称" in html  # what the other person changed
    assert "市直部门 → 区属部门" in html  # choices by their labels, never raw codes
    assert "乙写的简介</textarea>" in html  # what was typed is still in the form
    refused = RefusedEdit.objects.get(object_id=str(department.pk), content_type__model="department")
    assert refused.data["description"] == "乙写的简介"


def test_two_editors_saving_one_case_study_with_its_practices_the_later_changes_nothing():
    study = make_case_study(opening="导语")
    Practice.objects.create(case_study=study, position=1, lead="一是原来的做法。")
    first, second = logged_in(make_editor()), logged_in(make_editor())
    first_form, second_form = opened_form(first, CaseStudy, study), opened_form(second, CaseStudy, study)
    first_form["practices-0-lead"] = "一是甲改的做法。"
    second_form["practices-0-lead"] = "一是乙改的做法。"
    second_form["opening"] = "乙改的导语"
    first.post(url(CaseStudy, "change", study.pk), first_form)
    response = second.post(url(CaseStudy, "change", study.pk), second_form)

    study.refresh_from_db()
    assert study.opening == "导语"
    assert list(study.practices.values_list("lead", flat=True)) == ["一是甲改的做法。"]
    assert "你这次的保存没有生效" in response.content.decode()
    assert RefusedEdit.objects.get(content_type__model="casestudy").data["practices-0-lead"] == "一是乙改的做法。"


def test_a_story_moved_on_its_page_meanwhile_is_not_put_back_by_an_old_page_form():
    page = make_page()
    story = story_by(make_reporter(), Status.PUBLISHED, page=page, page_position=1)
    page_editor, story_editor = logged_in(make_editor()), logged_in(make_editor())
    page_form = opened_form(page_editor, type(page), page)
    story_form = opened_form(story_editor, Article, story)
    story_form["page_position"] = "5"
    assert story_editor.post(url(Article, "change", story.pk), story_form).status_code == 302
    page_form["articles-0-page_position"] = "2"
    response = page_editor.post(url(type(page), "change", page.pk), page_form)
    story.refresh_from_db()
    assert story.page_position == 5
    assert "你这次的保存没有生效" in response.content.decode()


def test_a_reporter_whose_draft_was_submitted_while_the_form_was_open_keeps_their_text():
    reporter = make_reporter()
    draft = story_by(reporter, headline="初稿")
    client = logged_in(reporter)
    form = opened_form(client, Article, draft)
    services.transition(article=draft, action="submit", by=make_editor())  # an editor submits it for them
    form["headline"] = "记者后来改好的主题"
    form["body"] = "<p>记者补写的一段。</p>"
    response = client.post(url(Article, "change", draft.pk), form, follow=True)

    assert response.status_code == 200  # not a bare 403
    html = response.content.decode()
    assert "这次的保存没有生效" in html and "记者后来改好的主题" in html and "记者补写的一段" in html
    draft.refresh_from_db()
    assert draft.headline == "初稿"
    kept = RefusedEdit.objects.get(article=draft)
    assert kept.data["headline"] == "记者后来改好的主题" and kept.user == reporter


def test_an_issue_saved_from_an_old_form_is_refused():
    page = make_page()
    issue = page.issue
    first, second = logged_in(make_editor()), logged_in(make_editor())
    first_form, second_form = opened_form(first, type(issue), issue), opened_form(second, type(issue), issue)
    first_form["total_number"], second_form["total_number"] = "100", "200"
    first.post(url(type(issue), "change", issue.pk), first_form)
    second.post(url(type(issue), "change", issue.pk), second_form)
    issue.refresh_from_db()
    assert issue.total_number == 100


def test_a_pages_history_which_names_the_stories_moved_on_it_is_for_editors():
    page = make_page()
    story_by(make_reporter(), page=page, headline="同事的草稿乙")
    editor = logged_in(make_editor())
    data = opened_form(editor, type(page), page)
    data["articles-0-page_position"] = "4"
    editor.post(url(type(page), "change", page.pk), data)
    assert "同事的草稿乙" in editor.get(url(type(page), "history", page.pk)).content.decode()
    assert logged_in(make_reporter()).get(url(type(page), "history", page.pk)).status_code == 403
