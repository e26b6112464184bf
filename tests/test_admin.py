"""The newsroom's admin pages open, in Chinese, for every model."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Campaign, CaseStudy, Person
from departments.models import Department
from editions.models import Issue, Page

pytestmark = pytest.mark.django_db

MODELS = [Article, CaseStudy, Campaign, Person, Department, Issue, Page]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_list_and_change_form_opens(admin_client, demo_edition, model):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert str(obj) in change.content.decode() or model is CaseStudy


def test_the_article_list_filters_by_status_department_issue_and_kind(admin_client, demo_edition):
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    for label in ["状态", "部门", "体裁"]:
        assert label in html
    assert "打造便民消费圈 共建高品质美好生活" in html


def test_the_article_search_finds_by_headline(admin_client, demo_edition):
    call_command("rebuild_search_index", verbosity=0)
    response = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "便民消费圈"})
    assert "打造便民消费圈" in response.content.decode()


def test_the_editor_toolbar_has_no_source_or_iframe(admin_client, demo_edition):
    from django.conf import settings

    config = settings.CKEDITOR_CONFIGS["default"]
    buttons = [button for group in config["toolbar_newsroom"] for button in group]
    for forbidden in ["Source", "Preview", "Iframe", "Flash", "CodeSnippet"]:
        assert forbidden not in buttons
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "ckeditor" in html.lower()
    assert "ckeditor_csrf.js" in html


def test_strs_are_meaningful(demo_edition):
    issue = Issue.objects.get()
    assert str(issue) == "2023-02-15 第27期（总第9312期）"
    assert str(issue.pages.get(number=2)) == "2023-02-15 第2版 专题"
    assert str(Article.objects.get(dateline="本报讯")) == "我市持续压实“十四五”主要污染物减排责任"


def test_the_admin_search_uses_the_full_text_engine(admin_client, demo_edition):
    call_command("rebuild_search_index", verbosity=0)  # the fixture's on-commit hooks never ran
    html = admin_client.get(reverse("admin:articles_article_changelist"), {"q": "夜市"}).content.decode()
    assert "“三个精准”助推" in html
    assert "描绘天蓝地绿水清的宜居画卷" not in html


def test_the_admin_home_links_to_the_text_import(admin_client):
    assert reverse("importing:import_text") in admin_client.get(reverse("admin:index")).content.decode()


REGISTERED_ADMINS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", REGISTERED_ADMINS, ids=lambda model: model._meta.label)
def test_an_empty_to_field_parameter_is_a_bad_request_on_every_admin_page(admin_client, model):
    """?_to_field= passed Django's check and then named no field: a 500 (found by tests/test_fuzz_urls.py)."""
    opts = model._meta
    for url in (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[1]),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
    ):
        response = admin_client.get(url, {"_to_field": ""})
        assert response.status_code == 400, url
        assert "请求有误" in response.content.decode()
