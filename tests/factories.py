"""Small factories: each makes one valid row, with overrides for what a test cares about."""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Campaign, CaseStudy, Person, Photo
from bulletin.editions.models import Issue, Page
from departments.models import Department

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_user(*, group=None, username=None, is_superuser=False, password="pass-for-tests"):
    n = _next()
    user = get_user_model().objects.create_user(
        username=username or f"user{n}",
        password=password,
        is_staff=True,
        is_superuser=is_superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_reporter(**kwargs):
    return make_user(group="记者", **kwargs)


def make_editor(**kwargs):
    return make_user(group="编辑", **kwargs)


def make_department(**overrides):
    n = _next()
    values = {"name": f"测试部门{n}", "slug": f"dept-{n}", "level": Department.Level.CITY}
    values.update(overrides)
    return Department.objects.create(**values)


def make_issue(*, date=None, live=True, **overrides):
    n = _next()
    values = {
        "date": date or datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        "number": n,
        "status": Issue.Status.PUBLISHED if live else Issue.Status.DRAFT,
        "publish_at": timezone.now() - datetime.timedelta(hours=1) if live else None,
    }
    values.update(overrides)
    return Issue.objects.create(**values)


def make_page(*, issue=None, number=1, name="要闻", **overrides):
    return Page.objects.create(issue=issue or make_issue(), number=number, name=name, **overrides)


def make_article(*, live=True, **overrides):
    n = _next()
    values = {
        "headline": f"测试稿件{n}",
        "body": f"<p>测试正文{n}。</p>",
        "status": Article.Status.PUBLISHED if live else Article.Status.DRAFT,
        "publish_at": timezone.now() - datetime.timedelta(hours=1) if live else None,
    }
    values.update(overrides)
    return Article.objects.create(**values)


def make_byline(article, name="记者甲", role=Byline.Role.REPORTER):
    person, _ = Person.objects.get_or_create(name=name, organisation="")
    return Byline.objects.create(article=article, person=person, role=role)


def make_campaign(**overrides):
    n = _next()
    values = {"name": f"测试活动{n}", "slug": f"campaign-{n}", "banner_text": f"测试活动{n}"}
    values.update(overrides)
    return Campaign.objects.create(**values)


def make_case_study(*, article=None, campaign=None, **overrides):
    article = article or make_article(kind=Article.Kind.CASE_STUDY, department=make_department())
    return CaseStudy.objects.create(article=article, campaign=campaign or make_campaign(), **overrides)


def image_bytes(fmt="PNG", size=(64, 48), color="#336699"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name="图片.png", fmt="PNG", **kwargs):
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


def make_photo(article, **overrides):
    values = {"alt_text": "测试图片", "caption": "图片说明。", "image": image_upload("photo.png")}
    values.update(overrides)
    return Photo.objects.create(article=article, **values)


ARTICLE_INLINES = ["bylines", "photos", "case_study", "status_changes"]


def article_form_data(article=None, **overrides):
    """What the admin's story form posts, with empty inlines: a browser's submission."""
    data = {
        "headline": "测试稿件",
        "kicker": "",
        "subheadline": "",
        "dateline": "",
        "body": "<p>正文。</p>",
        "summary": "",
        "kind": "news",
        "page_position": 1,
    }
    if article is not None:
        data.update(
            headline=article.headline,
            kicker=article.kicker,
            subheadline=article.subheadline,
            dateline=article.dateline,
            body=article.body,
            kind=article.kind,
            page_position=article.page_position,
            base_version=article.version,
        )
    for prefix in ARTICLE_INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
    data.update(overrides)
    return data
