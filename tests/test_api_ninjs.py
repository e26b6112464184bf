"""
Every item the news API gives is valid IPTC ninjs 3.1 (the published JSON Schema, Draft 2020-12, kept
in tests/fixtures/ninjs/ with IPTC's licence note), and carries what the paper printed.

Checked on the demo edition (stories and case studies, its edition and pages, departments,
campaigns, the changes feed) and on a generated archive sample.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Campaign
from bench.archive.writer import ArchiveOptions, archive_dates, generate_archive
from departments.models import Department
from editions.models import Issue

from .factories import make_article, make_byline, make_campaign, make_case_study, make_department, make_photo
from .partner_api import Partner, ninjs_errors

pytestmark = pytest.mark.django_db


def every_item(partner):
    """Every item the API gives `partner`: the feed from scratch, every story, edition, page, department, campaign."""
    items = []
    since = None
    while True:
        page = partner.json(reverse("syndication:changes"), {"since": since} if since else None)
        items += page["items"]
        since = page["next"]
        if not page["hasMore"]:
            break
    story_ids = [alt["value"] for item in items for alt in item["altIds"] if alt["role"] == "id"]
    items += [partner.json(reverse("syndication:story", kwargs={"id": int(pk)})) for pk in story_ids]
    cursor = None
    while True:
        listing = partner.json(reverse("syndication:stories"), {"cursor": cursor} if cursor else None)
        items += listing["items"]
        if not (cursor := listing["next"]):
            break
    editions = partner.json(reverse("syndication:editions"))["items"]
    items += editions
    for edition in editions:
        day = next(alt["value"] for alt in edition["altIds"] if alt["role"] == "date")
        full = partner.json(reverse("syndication:edition", kwargs={"date": day}))
        items.append(full)
        for page in full.get("associations", []):
            number = next(alt["value"] for alt in page["altIds"] if alt["role"] == "pageNumber")
            items.append(partner.json(reverse("syndication:page", kwargs={"date": day, "number": number})))
    items += partner.json(reverse("syndication:departments"))["items"]
    items += partner.json(reverse("syndication:campaigns"))["items"]
    return items


def assert_all_valid(items):
    invalid = {item.get("uri"): errors for item in items if (errors := ninjs_errors(item))}
    assert not invalid, invalid


def test_every_item_of_the_demo_edition_is_valid_ninjs(demo_edition):
    call_command("rebuild_change_feed", verbosity=0)
    items = every_item(Partner())

    assert_all_valid(items)
    profiles = {item.get("profile") for item in items}
    assert {"bulletin-story", "bulletin-case-study", "bulletin-edition", "bulletin-page"} <= profiles
    assert {"bulletin-department", "bulletin-campaign"} <= profiles
    live = Article.objects.published().count()
    assert live and len({item["uri"] for item in items if item.get("type") == "text"}) == live
    assert sum(item.get("profile") == "bulletin-department" for item in items) == Department.objects.count()
    assert sum(item.get("profile") == "bulletin-campaign" for item in items) == Campaign.objects.count()


def test_every_item_of_a_generated_archive_sample_is_valid_ninjs():
    generate_archive(archive_dates(end=datetime.date(2024, 3, 10), days=4), options=ArchiveOptions(pages_per_issue=3))
    call_command("rebuild_change_feed", verbosity=0)

    items = every_item(Partner())

    assert_all_valid(items)
    assert sum(item.get("profile") == "bulletin-edition" for item in items) == 2 * Issue.objects.published().count()
    assert any(item.get("profile") == "bulletin-case-study" for item in items)


def test_a_story_item_carries_what_the_paper_printed():
    department = make_department(name="市区域经济合作局", slug="quyu")
    story = make_article(
        kicker="海南区商务局：",
        headline="招商引资\n再创新高",
        subheadline="——我市生态环境建设综述",
        dateline="本报讯",
        body="<p>正文第一段。</p>",
        summary="导读文字。",
        department=department,
        kind=Article.Kind.CASE_STUDY,
    )
    make_byline(story, "张记者")
    make_byline(story, "李摄影", role="photographer")
    make_photo(story, caption="签约现场。", credit="李摄影", alt_text="会场")
    study = make_case_study(article=story, campaign=make_campaign(name="转作风提效能"), opening="导语段落。")
    study.practices.create(lead="一是抓前置服务。", text="具体做法。")
    study.lessons.create(lead="坚持问题导向。")
    study.figures.create(label="协议金额", value="2660.81", unit="亿元", change="同比增长68%")

    item = Partner().json(reverse("syndication:story", kwargs={"id": story.pk}))

    assert not ninjs_errors(item)
    assert item["uri"].endswith(story.get_absolute_url()) and item["uri"].startswith("http")
    assert item["type"] == "text" and item["pubStatus"] == "usable" and item["language"] == "zh-CN"
    assert item["headlines"] == [
        {"role": "kicker", "contentType": "text/plain", "value": "海南区商务局："},
        {"role": "main", "contentType": "text/plain", "value": "招商引资 再创新高"},
        {"role": "sub", "contentType": "text/plain", "value": "——我市生态环境建设综述"},
    ]
    assert item["located"] == "本报讯"
    assert item["by"] == "记者 张记者 摄影 李摄影"
    assert [(p["name"], p["rel"]) for p in item["people"]] == [("张记者", "reporter"), ("李摄影", "photographer")]
    assert item["bodies"] == [{"role": "main", "contentType": "text/html", "value": "<p>正文第一段。</p>"}]
    assert item["descriptions"][0]["value"] == "导读文字。"
    assert item["organisations"][0]["name"] == "市区域经济合作局"
    assert "embargoedUntil" not in item
    by_rel = {association["rel"]: association for association in item["associations"]}
    photo = by_rel["photo"]
    assert photo["type"] == "picture" and photo["by"] == "李摄影"
    assert photo["renditions"] and all(
        r["href"].startswith("http") and r["width"] > 0 and r["height"] > 0 and r["contentType"].startswith("image/")
        for r in photo["renditions"]
    )
    assert by_rel["campaign"]["title"] == "转作风提效能"
    parts = {part["rel"]: part for part in by_rel["caseStudy"]["associations"]}
    assert by_rel["caseStudy"]["bodies"][0] == {"role": "opening", "contentType": "text/plain", "value": "导语段落。"}
    assert parts["practice"]["headlines"][0]["value"] == "一是抓前置服务。"
    assert parts["lesson"]["headlines"][0]["value"] == "坚持问题导向。"
    figure = {body["role"]: body["value"] for body in parts["keyFigure"]["bodies"]}
    assert figure == {"value": "2660.81", "unit": "亿元", "change": "同比增长68%"}


def test_a_story_item_costs_a_fixed_number_of_queries_however_rich_the_story():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plain = make_article()
    rich = make_article(department=make_department())
    for n in range(5):
        make_byline(rich, f"记者{n}")
        make_photo(rich)
    study = make_case_study(article=rich)
    for n in range(4):
        study.practices.create(lead=f"做法{n}。")
        study.lessons.create(lead=f"启示{n}。")
        study.figures.create(label=f"指标{n}", value=n)
    partner = Partner()
    partner.json(reverse("syndication:story", kwargs={"id": plain.pk}))  # the key's first use is recorded once

    counts = []
    for story in (plain, rich):
        with CaptureQueriesContext(connection) as queries:
            partner.json(reverse("syndication:story", kwargs={"id": story.pk}))
        counts.append(len(queries))

    # The case study's key figures, practices and lessons come in one query of their own.
    assert counts[1] == counts[0] + 1 and counts[1] <= 8, counts
