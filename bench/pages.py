"""
The public page types a reader visits, with a representative URL of each in the current database.

Pages are found by URL name with reverse(), so a page type whose view does not
exist yet shows as "n/a" instead of breaking the benchmark. The examples are
taken from the middle of the archive rather than its newest day, so an old
edition costs what a new one does.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from articles.models import Article
from editions.models import Issue

from .page_types import PAGE_TYPES, PageType

SEARCH_QUERY = "招商"


@dataclass(frozen=True)
class PublicPage:
    type: PageType
    url: str | None  # None: no such page in this build (shown as n/a)


def example_objects():
    """A live issue from the middle of the archive and the things on it."""
    live_issues = Issue.objects.published().order_by("date")
    count = live_issues.count()
    issue = live_issues[count // 2] if count else None
    stories = Article.objects.published()
    article = case_study = None
    if issue is not None:
        on_issue = stories.filter(page__issue=issue)
        # A story with everything a story page shows: bylines, a photo, page mates.
        article = (
            on_issue.filter(case_study__isnull=True)
            .annotate(photo_count=Count("photos"), byline_count=Count("bylines"))
            .order_by("-photo_count", "-byline_count", "page__number", "page_position")
            .first()
        )
        case_study = on_issue.filter(case_study__isnull=False).first()
    article = article or stories.filter(case_study__isnull=True).first()
    case_study = case_study or stories.filter(case_study__isnull=False).first()
    return issue, article, case_study


def _reverse_first(url_names, kwargs_choices):
    for name in url_names:
        for kwargs in kwargs_choices:
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return None


def public_pages():
    """Every public page type with an example URL in this database (None when it cannot be built)."""
    issue, article, case_study = example_objects()
    day = issue.date if issue else None
    # The kwargs each page type can be reversed with, most specific first.
    choices = {
        "front": [{}],
        "issue": [{"year": day.year, "month": day.month, "day": day.day}] if day else [],
        "page": [{"year": day.year, "month": day.month, "day": day.day, "number": 1}] if day else [],
        "article": [{"pk": article.pk}] if article else [],
        "case_study": [{"pk": case_study.pk}] if case_study else [],
        "department": [{"slug": article.department.slug}] if article and article.department else [],
        "departments": [{}],
        "campaign": [{"slug": case_study.case_study.campaign.slug}] if case_study else [],
        "calendar": ([{"year": day.year, "month": day.month}] if day else []) + [{}],
        "search": [{}],
        "feed": [{}],
    }
    pages = []
    for page_type in PAGE_TYPES:
        url = _reverse_first(page_type.url_names, choices[page_type.key])
        if url and page_type.key == "search":
            url += "?" + urlencode({"q": SEARCH_QUERY})
        pages.append(PublicPage(page_type, url))
    return pages
