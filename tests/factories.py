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
from departments.models import Department
from editions.models import Issue, Page

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


SIX_AM = datetime.time(6)


def make_archive(
    *, issues=3, pages=4, stories_per_page=5, start=datetime.date(2010, 1, 1), campaign=None, departments=None
):
    """A run of daily published editions, in bulk: each page has a lead, bylines, a case study and a draft.

    Returns the issues, oldest first. Every story gets an area on its page, so
    pages with an image show clickable stories. Pass the same `departments` and
    `campaign` to a second call to grow an archive.
    """
    from articles.models import KeyFigure

    departments = departments or [
        make_department(level=Department.Level.CITY),
        make_department(level=Department.Level.DISTRICT, district="海南区"),
        make_department(level=Department.Level.OTHER),
    ]
    campaign = campaign or make_campaign()
    people = [Person.objects.get_or_create(name=name, organisation="")[0] for name in ("记者甲", "记者乙")]
    Issue.objects.bulk_create(
        Issue(
            date=start + datetime.timedelta(days=n),
            number=n + 1,
            status=Issue.Status.PUBLISHED,
            # Out at six in the morning of its day, as the paper is.
            publish_at=timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=n), SIX_AM)),
        )
        for n in range(issues)
    )
    made = list(
        Issue.objects.filter(date__gte=start, date__lt=start + datetime.timedelta(days=issues)).order_by("date")
    )
    Page.objects.bulk_create(
        Page(issue=issue, number=number, name=f"第{number}版") for issue in made for number in range(1, pages + 1)
    )
    page_rows = list(Page.objects.filter(issue__in=made).select_related("issue").order_by("issue__date", "number"))
    share = 1 / stories_per_page
    stories = []
    for page in page_rows:
        n = _next()
        for position in range(1, stories_per_page + 1):
            stories.append(
                Article(
                    headline=f"{page.issue.date:%Y%m%d}第{page.number}版稿件{position}",
                    kicker="引题：" if position == 1 else "",
                    body=f"<p>第{page.number}版第{position}篇正文。</p>",
                    kind=Article.Kind.CASE_STUDY if position == 2 else Article.Kind.NEWS,
                    department=departments[(n + position) % len(departments)],
                    status=Article.Status.PUBLISHED,
                    publish_at=page.issue.publish_at,
                    page=page,
                    page_position=position,
                    is_page_lead=position == 1,
                    area_left=0.05,
                    area_top=round((position - 1) * share, 4),
                    area_width=0.9,
                    area_height=round(share, 4),
                )
            )
        stories.append(Article(headline=f"{page.issue.date:%Y%m%d}第{page.number}版草稿", page=page, page_position=99))
    Article.objects.bulk_create(stories)
    saved = list(Article.objects.filter(page__in=page_rows, status=Article.Status.PUBLISHED).only("pk", "kind"))
    Byline.objects.bulk_create(
        Byline(article=article, person=person, position=i) for article in saved for i, person in enumerate(people)
    )
    CaseStudy.objects.bulk_create(
        CaseStudy(article=article, campaign=campaign, opening="导语。")
        for article in saved
        if article.kind == Article.Kind.CASE_STUDY
    )
    case_studies = CaseStudy.objects.filter(article__in=saved)
    KeyFigure.objects.bulk_create(
        KeyFigure(case_study=case, label="指标", value=10 + i, unit="个", position=i)
        for case in case_studies
        for i in range(2)
    )
    return made


def logged_in(user, **client_options):
    """A test client signed in as `user`, as a browser after the login page."""
    from django.test import Client

    client = Client(**client_options)
    client.force_login(user)
    return client
