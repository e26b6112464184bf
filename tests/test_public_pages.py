"""What a reader sees of the demo edition, and what a reader never sees."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from editions.models import Issue

from .factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_front_page_shows_the_latest_edition_with_its_pages_and_headlines(client, demo_edition):
    html = text_of(client, "/")
    assert '<html lang="zh-CN">' in html
    assert "2023年2月15日 星期三" in html
    assert "第27期" in html
    assert "第1版：要闻" in html and "第2版：专题" in html
    assert "我市持续压实“十四五”主要污染物减排责任" in html
    assert "打造便民消费圈" in html
    assert html.count("<h1") == 1


def test_the_article_page_sets_the_story_as_print_does(client, demo_edition):
    case = Article.objects.get(kicker="海南区商务局：")
    html = text_of(client, case.get_absolute_url())
    assert '<p class="kicker">海南区商务局：</p>' in html
    assert (
        '<span class="headline__line">打造便民消费圈</span><span class="headline__line">共建高品质美好生活</span>'
        in html
    )
    assert "全市“转作风 提效能 促发展”作风建设集中整顿" in html
    assert "一、主要做法" in html and "二、经验启示" in html
    assert "优化资源配置，强化便民利民。" in html
    assert "对华苑社区便民市场进行改造提升" in html


def test_the_news_shows_dateline_and_bylines(client, demo_edition):
    news = Article.objects.get(dateline="本报讯")
    html = text_of(client, news.get_absolute_url())
    assert '<p><span class="dateline">本报讯</span> 2022年5月，' in html
    assert "（曹艺 赵晓坤）" in html


def test_the_feature_shows_its_captions_and_alt_text(client, demo_edition):
    feature = Article.objects.get(subheadline="——我市生态环境建设综述")
    html = text_of(client, feature.get_absolute_url())
    for caption in ["生态宜居。", "水清岸绿。", "绿色满园。"]:
        assert caption in html
    assert 'alt="示意图' in html


def test_a_draft_is_a_404_and_is_not_listed(client, demo_edition):
    page = Article.objects.first().page
    draft = make_article(live=False, headline="尚未发布的稿件", page=page)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "尚未发布的稿件" not in text_of(client, "/")
    assert "尚未发布的稿件" not in text_of(client, page.get_absolute_url())


def test_a_story_scheduled_for_later_is_hidden_until_its_time(client):
    page = make_page()
    later = make_article(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + datetime.timedelta(hours=2), page=page
    )
    assert client.get(later.get_absolute_url()).status_code == 404
    assert Article.objects.published(now=timezone.now() + datetime.timedelta(hours=3)).filter(pk=later.pk).exists()


def test_a_story_in_an_edition_that_is_not_out_yet_stays_hidden(client):
    issue = make_issue(status=Issue.Status.SCHEDULED, publish_at=timezone.now() + datetime.timedelta(days=1))
    story = make_article(page=make_page(issue=issue))
    assert client.get(story.get_absolute_url()).status_code == 404
    assert client.get(issue.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url", ["/2023/02/30/", "/2023/13/01/", "/1999/01/01/", "/2023/02/15/9/", "/articles/999999/"])
def test_dates_and_pages_that_do_not_exist_are_404(client, demo_edition, url):
    assert client.get(url).status_code == 404


def test_the_front_page_with_nothing_published_says_so(client):
    assert "还没有发布的报纸" in text_of(client, "/")


def test_public_pages_cost_a_fixed_number_of_queries(client, demo_edition, django_assert_max_num_queries):
    case = Article.objects.get(kicker="海南区商务局：")
    pages = {"/": 5, "/2023/02/15/": 5, "/2023/02/15/2/": 5, case.get_absolute_url(): 9}
    for url, limit in pages.items():
        client.get(url)  # the first view makes the picture renditions, once
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
