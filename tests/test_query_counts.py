"""Every public page costs a fixed, small number of SQL queries, whatever the size of the archive."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from departments.models import Department

from .factories import image_bytes, make_archive, make_campaign, make_department, make_photo

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10

# The queries each page runs, pinned: a change here is a decision, not an accident.
EXPECTED = {
    "front page": 5,  # latest edition, its pages, their stories; 今日热门, 本周热门
    "edition": 4,  # edition, nearest editions, pages, stories
    "page with image": 3,  # edition, pages, stories
    "story with photos": 4,  # story, bylines with their people, photos, the edition's running order
    "case study": 5,  # story, bylines with their people, photos, figures/practices/lessons together, running order
    "back issues": 3,  # latest date, the month's editions, nearest months
    "back issues month": 2,  # the month's editions, nearest months
    "date without edition": 2,  # no edition that day, nearest editions
    "departments": 1,  # departments, each with the date of its newest story
    "department": 4,  # department, a page of stories (and one more: is there an older page?); 今日热门, 本周热门
    "department page 2": 4,
    "campaign": 3,  # campaign, a page of case studies, figures
    "latest feed": 2,  # stories, bylines with their people
    "latest atom feed": 2,
    "department feed": 3,  # department, stories, bylines with their people
    "campaign feed": 3,
    "sitemap index": 5,  # departments, campaigns, and a count for issues, pages, stories
    "sitemap of stories": 2,  # count, one page of stories
    "sitemap of pages": 2,
    "robots.txt": 0,
}


@pytest.fixture
def archive():
    """A small archive, and what to grow it with: the same departments and campaign."""
    departments = [
        make_department(level=Department.Level.CITY),
        make_department(level=Department.Level.DISTRICT, district="海南区"),
        make_department(level=Department.Level.OTHER),
    ]
    campaign = make_campaign()
    issues = make_archive(issues=4, start=datetime.date(2015, 1, 1), campaign=campaign, departments=departments)
    first_page = issues[0].pages.get(number=1)
    first_page.image.save("page.png", ContentFile(image_bytes(size=(100, 140))))
    lead = first_page.articles.get(page_position=1)
    case_study = first_page.articles.get(page_position=2)
    for article in (lead, case_study):
        make_photo(article)
        make_photo(article)
    return SimpleNamespace(
        departments=departments,
        campaign=campaign,
        first_issue=issues[0],
        first_page=first_page,
        lead=lead,
        case_study=case_study,
    )


def grow(archive):
    make_archive(issues=40, start=datetime.date(2015, 2, 1), campaign=archive.campaign, departments=archive.departments)


def public_urls(archive):
    day = archive.first_issue.date
    department = archive.departments[0]
    return {
        "front page": "/",
        "edition": archive.first_issue.get_absolute_url(),
        "page with image": archive.first_page.get_absolute_url(),
        "story with photos": archive.lead.get_absolute_url(),
        "case study": archive.case_study.get_absolute_url(),
        "back issues": "/archive/",
        "back issues month": reverse("editions:back_issues_month", kwargs={"year": day.year, "month": day.month}),
        "date without edition": "/2014/12/25/",
        "departments": "/departments/",
        "department": department.get_absolute_url(),
        "department page 2": department.get_absolute_url() + "?page=2",
        "campaign": archive.campaign.get_absolute_url(),
        "latest feed": "/articles/feed/rss/",
        "latest atom feed": "/articles/feed/atom/",
        "department feed": reverse("departments:feed_rss", kwargs={"slug": department.slug}),
        "campaign feed": reverse("articles:campaign_feed_atom", kwargs={"slug": archive.campaign.slug}),
        "sitemap index": "/sitemap.xml",
        "sitemap of stories": "/sitemap-articles.xml",
        "sitemap of pages": "/sitemap-pages.xml",
        "robots.txt": "/robots.txt",
    }


def assert_query_counts(client, urls, assert_num_queries):
    for name, url in urls.items():
        # The first view of a picture makes its renditions (once, with a few writes); readers after that pay nothing.
        client.get(url)
        with assert_num_queries(EXPECTED[name], info=f"{name}: {url}"):
            response = client.get(url)
        expected_status = 404 if name == "date without edition" else 200
        assert response.status_code == expected_status, (name, url)


def test_every_public_page_costs_at_most_ten_queries():
    assert max(EXPECTED.values()) <= MAX_QUERIES


def test_each_public_page_costs_the_same_on_a_small_and_a_large_archive(client, archive, django_assert_num_queries):
    urls = public_urls(archive)
    assert_query_counts(client, urls, django_assert_num_queries)
    grow(archive)
    assert client.get("/").content.decode().count("2015年3月12日") >= 1  # the front page moved on
    assert_query_counts(client, urls, django_assert_num_queries)
