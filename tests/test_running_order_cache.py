"""An edition's running order is worked out once for all its stories, and is never behind what readers may see."""

import datetime
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from articles import services
from articles.models import Article

from .factories import make_article, make_editor, make_page

Status = Article.Status


def commit(django_capture_on_commit_callbacks, action):
    with django_capture_on_commit_callbacks(execute=True):
        return action()


def nav(story):
    """The story page's 本版其他稿件 and 上一篇/下一篇, drawn afresh: as a page missing from the reader cache is."""
    with mock.patch("core.caching.look_up", return_value=None):
        html = Client().get(story.get_absolute_url()).content.decode()
    return html.split('<nav class="article-nav"', 1)[1].split("</nav>", 1)[0]


@pytest.fixture
def edition(cached):
    page = make_page()
    first = make_article(page=page, page_position=1, headline="头条稿件")
    second = make_article(page=page, page_position=2, headline="第二篇稿件")
    return page, first, second


def test_the_stories_of_one_edition_share_one_running_order(edition, django_assert_num_queries):
    page, first, second = edition
    third = make_article(page=page, page_position=3, headline="第三篇稿件")
    assert "第二篇稿件" in nav(first)
    # Story, bylines, photos: the running order was worked out for the first story's page.
    with django_assert_num_queries(3):
        html = nav(second)
    assert "头条稿件" in html and "第三篇稿件" in html
    assert "第二篇稿件" in nav(third)


def test_a_story_scheduled_into_the_edition_appears_beside_the_others_when_it_is_due(edition):
    page, first, second = edition
    due = timezone.now() + datetime.timedelta(hours=2)
    make_article(page=page, page_position=3, status=Status.SCHEDULED, publish_at=due, headline="两小时后见报")
    assert "两小时后见报" not in nav(second)
    with mock.patch("core.clock.now", return_value=due - datetime.timedelta(seconds=1)):
        assert "两小时后见报" not in nav(first)
    # Nothing is written when it comes due: the running order kept before is not used past that moment.
    with mock.patch("core.clock.now", return_value=due + datetime.timedelta(seconds=1)):
        html = nav(second)
        assert 'rel="next"' in html and "下一篇：两小时后见报" in html
        assert "两小时后见报" in nav(first)


def test_a_headline_edited_shows_at_once_on_the_other_stories_pages(edition, django_capture_on_commit_callbacks):
    page, first, second = edition
    assert "第二篇稿件" in nav(first)
    second.headline = "改过的主题"
    commit(django_capture_on_commit_callbacks, second.save)
    html = nav(first)
    assert "改过的主题" in html and "第二篇稿件" not in html


def test_a_withdrawn_story_leaves_the_other_stories_pages_at_once(edition, django_capture_on_commit_callbacks):
    page, first, second = edition
    assert "下一篇：第二篇稿件" in nav(first)
    commit(
        django_capture_on_commit_callbacks,
        lambda: services.transition(article=second, action="withdraw", by=make_editor()),
    )
    html = nav(first)
    assert "第二篇稿件" not in html and 'rel="next"' not in html
