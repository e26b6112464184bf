"""Rich text is cleaned on the server before it is stored, whatever path it came by."""

import pytest
from django.urls import reverse

from articles.models import Article

from .factories import article_form_data, make_article

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="alert(1)">正文<script>alert("x")</script></p>'
    '<a href="javascript:alert(1)">链接</a>'
    '<img src="data:image/svg+xml;base64,PHN2Zz4=" onerror="alert(1)">'
    '<a href="vbscript:msgbox(1)">vb</a>'
    '<p style="background:url(javascript:alert(1))">样式</p>'
    "<iframe src=//evil></iframe><!-- comment -->"
)


def assert_clean(html):
    lowered = html.lower()
    for needle in ["<script", "onclick", "onerror", "javascript:", "data:", "vbscript:", "style=", "<iframe", "<!--"]:
        assert needle not in lowered, needle
    assert "正文" in html and "链接" in html


def test_saving_a_story_cleans_its_body():
    article = make_article(body=HOSTILE)
    assert_clean(article.body)
    article.refresh_from_db()
    assert_clean(article.body)


def test_bulk_writes_are_cleaned_too():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body=HOSTILE)
    article.refresh_from_db()
    assert_clean(article.body)
    [created] = Article.objects.bulk_create([Article(headline="批量", body=HOSTILE)])
    assert_clean(Article.objects.get(pk=created.pk).body)


def test_allowed_markup_survives():
    html = (
        '<h3>小标题</h3><p><strong>首句。</strong>正文<a href="https://example.org/a">链接</a></p><ul><li>一</li></ul>'
    )
    article = make_article(body=html)
    assert "<h3>小标题</h3>" in article.body
    assert "<strong>首句。</strong>" in article.body
    assert 'href="https://example.org/a"' in article.body
    assert "<li>一</li>" in article.body


def test_a_story_saved_through_the_admin_is_stored_clean(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(headline="测试", body=HOSTILE),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_clean(Article.objects.get(headline="测试").body)


def test_plain_fields_are_escaped_on_the_public_page(client):
    article = make_article(headline="<script>alert(1)</script>标题", kicker='<img src=x onerror="alert(1)">')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;标题" in html
    assert "<img src=x" not in html
