"""
今日热门 and 本周热门: the live stories read most today and over the last seven days (Beijing time).

One query per list, driven by the day index of StoryViews and joined to the
stories through the published rule, so a withdrawn story or one still to
come never shows, and the cost follows the days' rows, not the archive.
The lists are drawn into the page and so kept with it by the reader cache:
they are as fresh as the page (READER_CACHE_SECONDS at most).
"""

import datetime

from django.db.models import Sum

from articles.models import Article

LIST_LENGTH = 10
WEEK = 7


def most_read(*, since, until, department=None, limit=LIST_LENGTH):
    """The live stories with the most views from `since` to `until` (days, inclusive), most read first."""
    stories = Article.objects.published()
    if department is not None:
        stories = stories.in_department(department)
    return list(
        stories.filter(daily_views__day__range=(since, until))
        .annotate(recent_views=Sum("daily_views__views"))
        .only("pk", "kicker", "headline")
        .order_by("-recent_views", "-pk")[:limit]
    )


def lists_for(today, *, department=None):
    """{"today": [...], "week": [...]} for the front page (department None) or one department's page."""
    return {
        "today": most_read(since=today, until=today, department=department),
        "week": most_read(since=today - datetime.timedelta(days=WEEK - 1), until=today, department=department),
    }
