"""
校对 in the workflow (issue 16): banned words hold a story back from approval and scheduling, every other finding
is fixed or marked 已核 first, a fix from the panel is a saved revision, and only those who may edit the story act.
"""

import datetime
import html
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import proofreading, services
from articles.models import Article, ProofAcknowledgement, StatusChange
from proofing import ProofingContext, text_and_places

from .factories import logged_in, make_article, make_editor, make_issue, make_page, make_reporter

pytestmark = pytest.mark.django_db

Status = Article.Status
BANNED = "敏感词"


@pytest.fixture(autouse=True)
def newsroom_lists(monkeypatch):
    """The newsroom's lists as the engine reads them: one banned word."""
    context = ProofingContext(banned=((BANNED, "", "不得使用"),))
    monkeypatch.setattr(proofreading, "lists_for_checking", lambda: context)


@pytest.fixture
def editor():
    user = make_editor()
    user.last_name, user.first_name = "赵", "晓坤"
    user.save()
    return user


def submitted(**fields):
    return make_article(live=False, status=Status.SUBMITTED, created_by=make_reporter(), **fields)


def tokens(client, story, button):
    """The `finding` values of the panel's buttons of one kind (proof-fix or proof-acknowledge), in page order."""
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    found = []
    for chunk in page.split(f'class="button {button}"')[1:]:
        value = chunk.split('value="', 1)[1].split('"', 1)[0]
        found.append(html.unescape(value))
    return found


def post(client, story, view, token):
    return client.post(reverse(f"admin:articles_article_proof_{view}", args=[story.pk]), {"finding": token})


def test_a_banned_word_blocks_approval_and_scheduling_with_the_word_named(editor):
    story = submitted(headline="我市发布新规", body=f"<p>文中有{BANNED}一处。</p>")
    client = logged_in(editor)
    response = client.post(reverse("admin:articles_article_transition", args=[story.pk, "approve"]), {"comment": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"稿件中有禁用词“{BANNED}”，删改后才能审核通过。" in page
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED
    with pytest.raises(ValidationError) as refused:
        services.transition(article=story, action="schedule", by=editor, publish_at=timezone.now())
    assert f"禁用词“{BANNED}”" in refused.value.messages[0] and "排期发布" in refused.value.messages[0]
    # Publishing at once is no way round it.
    with pytest.raises(ValidationError, match="立即发布"):
        services.transition(article=story, action="publish", by=editor)
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED
    # A banned word cannot be waved through with 已核.
    assert tokens(client, story, "proof-acknowledge") == []
    assert "禁用词" in client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()


def test_scheduling_an_edition_leaves_a_story_with_a_banned_word_approved(editor):
    page = make_page(issue=make_issue(live=False, status="ready"))
    clean = make_article(live=False, status=Status.APPROVED, page=page, body="<p>干净的正文。</p>")
    dirty = make_article(live=False, status=Status.APPROVED, page=page, body=f"<p>后来加上的{BANNED}。</p>")
    scheduled, waiting = services.schedule_issue(
        issue=page.issue, by=editor, publish_at=timezone.now() + datetime.timedelta(hours=3)
    )
    clean.refresh_from_db()
    dirty.refresh_from_db()
    assert (scheduled, waiting) == (1, 1)
    assert clean.status == Status.SCHEDULED and dirty.status == Status.APPROVED


def test_acknowledging_every_finding_lets_approval_through_and_is_in_the_history(editor):
    story = submitted(headline="我们的的工作", body="<p>今年共有1,000人参加,效果很好。</p>")
    client = logged_in(editor)
    refused = client.post(reverse("admin:articles_article_transition", args=[story.pk, "approve"]), {"comment": ""})
    assert "校对提示还没有处理" in refused.content.decode()
    open_ = tokens(client, story, "proof-acknowledge")
    assert len(open_) == 3
    for token in open_:
        assert post(client, story, "acknowledge", token).status_code == 302
    assert tokens(client, story, "proof-acknowledge") == []
    assert ProofAcknowledgement.objects.filter(article=story, by=editor).count() == 3
    trail = list(StatusChange.objects.filter(article=story).values_list("comment", flat=True))
    assert any(comment.startswith("已核：主题“的的”") and "编辑 赵晓坤" in comment for comment in trail)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "已核：主题“的的”" in page  # the review trail on the story form
    client.post(reverse("admin:articles_article_transition", args=[story.pk, "approve"]), {"comment": ""})
    story.refresh_from_db()
    assert story.status == Status.APPROVED


def test_a_finding_whose_text_changed_is_no_longer_acknowledged(editor):
    story = submitted(body="<p>今年共有1,000人参加。</p>")
    client = logged_in(editor)
    for token in tokens(client, story, "proof-acknowledge"):
        post(client, story, "acknowledge", token)
    assert proofreading.outstanding(story) == ([], [])
    # Text elsewhere may change; the words around the finding may not.
    story.headline = "新的主题"
    story.save()
    assert proofreading.outstanding(story) == ([], [])
    story.body = "<p>今年一共有1,000名市民参加。</p>"
    story.save()
    blocking, open_ = proofreading.outstanding(story)
    assert blocking == [] and [item.found for item in open_] == ["1,000"]
    with pytest.raises(ValidationError):
        services.transition(article=story, action="approve", by=editor)


def test_a_reporter_cannot_acknowledge_or_fix_a_colleagues_story_nor_their_own_once_submitted(editor):
    author, colleague = make_reporter(), make_reporter()
    story = make_article(live=False, created_by=author, headline="我们的的工作")
    token = tokens(logged_in(editor), story, "proof-fix")[0]
    for view in ("fix", "acknowledge"):
        assert post(logged_in(colleague), story, view, token).status_code in (403, 404)
    story.refresh_from_db()
    assert story.headline == "我们的的工作" and not ProofAcknowledgement.objects.exists()
    # The author works on their own draft…
    assert tokens(logged_in(author), story, "proof-fix") == [token]
    # …but not once it is submitted, and the panel offers no buttons then.
    story.status = Status.SUBMITTED
    story.save()
    assert tokens(logged_in(author), story, "proof-fix") == []
    for view in ("fix", "acknowledge"):
        assert post(logged_in(author), story, view, token).status_code == 403
    story.refresh_from_db()
    assert story.headline == "我们的的工作" and not ProofAcknowledgement.objects.exists()


def test_applying_a_fix_changes_exactly_that_span_and_records_a_revision(editor):
    story = submitted(headline="我市发布新规", body="<p>他在在<strong>会上</strong>讲话,我们的的工作。</p>")
    client = logged_in(editor)
    fixes = {json.loads(token)[4]: token for token in tokens(client, story, "proof-fix")}
    assert set(fixes) == {"在在", ",", "的的"}
    version = story.version
    response = post(client, story, "fix", fixes[","])
    assert response.status_code == 302 and response.url.endswith("#proofreading")
    story.refresh_from_db()
    assert story.body == "<p>他在在<strong>会上</strong>讲话，我们的的工作。</p>"
    assert story.version > version
    latest = Version.objects.get_for_object(story).select_related("revision__user").first()
    assert latest.revision.get_comment() == "校对：正文“,”改为“，”" and latest.revision.user == editor
    # The other findings moved by nothing here: they still apply, one after the other.
    for found in ("在在", "的的"):
        fresh = {json.loads(token)[4]: token for token in tokens(client, story, "proof-fix")}
        post(client, story, "fix", fresh[found])
    story.refresh_from_db()
    assert story.body == "<p>他在<strong>会上</strong>讲话，我们的工作。</p>"
    history = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert "校对：正文“在在”改为“在”" in history


def test_a_stale_fix_is_refused_and_the_story_left_alone(editor):
    story = submitted(headline="我们的的工作")
    client = logged_in(editor)
    token = tokens(client, story, "proof-fix")[0]
    story.headline = "今天我们的的工作"  # someone else saved meanwhile: the span moved
    story.save()
    response = post(client, story, "fix", token)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "稿件已改动，请刷新后再试" in page
    story.refresh_from_db()
    assert story.headline == "今天我们的的工作"
    # The same fix posted twice: the second finds nothing to change.
    fresh = tokens(client, story, "proof-fix")[0]
    post(client, story, "fix", fresh)
    post(client, story, "fix", fresh)
    story.refresh_from_db()
    assert story.headline == "今天我们的工作"
    assert post(client, story, "fix", "not json").status_code == 302


def test_the_body_is_checked_as_plain_text_with_offsets_back_into_the_html():
    text, places = text_and_places("<p>甲&amp;乙</p>\n<p>丙<em>丁</em></p>")
    assert text == "甲&乙\n丙丁"
    assert places[1] == (4, 9) and places[3] is None


def test_the_text_import_lists_the_findings_of_the_parsed_story():
    client = logged_in(make_reporter())
    raw = f"我们的的工作\n\n本报讯 今年共有1,000人参加,文中有{BANNED}。\n"
    response = client.post(reverse("importing:import_text"), {"preview": "1", "text": raw})
    assert response.status_code == 200
    listed = response.context["findings"]
    assert {item["found"] for item in listed} >= {"的的", "1,000", ",", BANNED}
    page = response.content.decode()
    assert "<mark>的的</mark>" in page and "禁用词" in page
    assert Article.objects.count() == 0


def test_the_newsrooms_own_banned_words_hold_a_story_back_and_the_bulk_action_says_why(editor, monkeypatch):
    import proofing
    from proofing.models import BannedWord

    monkeypatch.setattr(proofreading, "lists_for_checking", proofing.lists_for_checking)
    BannedWord.objects.create(word="内部消息")
    story = submitted(headline="我市发布新规", body="<p>据内部消息。</p>")
    response = logged_in(editor).post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [story.pk]},
        follow=True,
    )
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED
    assert "“我市发布新规”未能审核通过：稿件中有禁用词“内部消息”" in response.content.decode()


def test_a_fix_across_formatting_is_left_to_the_editor_and_entities_are_written_back_escaped(editor):
    story = submitted(body="<p>我们的<em>的</em>工作</p><p>甲&amp;乙,丙</p>")
    client = logged_in(editor)
    fixes = {json.loads(token)[4]: token for token in tokens(client, story, "proof-fix")}
    response = post(client, story, "fix", fixes["的的"])
    assert "这处文字中间有格式，请在编辑器中修改。" in client.get(response.url).content.decode()
    post(client, story, "fix", fixes[","])
    story.refresh_from_db()
    assert story.body == "<p>我们的<em>的</em>工作</p><p>甲&amp;乙，丙</p>"


def test_saving_the_story_form_says_what_the_check_found(editor):
    from .factories import article_form_data

    story = submitted(headline="我市发布新规")
    client = logged_in(editor)
    data = article_form_data(story, headline="我们的的工作", body=f"<p>{BANNED}。</p>", _continue="1")
    response = client.post(reverse("admin:articles_article_change", args=[story.pk]), data, follow=True)
    page = response.content.decode()
    assert f"校对：稿件中有禁用词“{BANNED}”，删改后才能审核通过或排期。" in page
    data = article_form_data(story, headline="我们的的工作", body="<p>正文。</p>", _continue="1")
    story.refresh_from_db()
    data["base_version"] = story.version
    page = client.post(reverse("admin:articles_article_change", args=[story.pk]), data, follow=True).content
    assert "校对：还有 1 处提示待处理" in page.decode()
