"""What needs each person in the newsroom, for the admin home page and the editorial calendar."""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import policy
from .models import Article, StatusChange

Status = Article.Status


def returned_to(user):
    """Drafts of `user` that an editor sent back, with the latest comment."""
    last_change = StatusChange.objects.filter(article=OuterRef("pk")).order_by("-at", "-id")
    return (
        Article.objects.filter(created_by=user, status=Status.DRAFT)
        .annotate(
            last_from=Subquery(last_change.values("from_status")[:1]),
            return_comment=Subquery(last_change.values("comment")[:1]),
            returned_at=Subquery(last_change.values("at")[:1]),
        )
        .exclude(last_from=Status.DRAFT)
        .filter(last_from__isnull=False)
        .order_by("-returned_at")
    )


def review_queue():
    return (
        Article.objects.filter(status=Status.SUBMITTED)
        .select_related("created_by__person", "department")
        .order_by("updated_at")
    )


def scheduled_between(start, end):
    return (
        Article.objects.filter(
            status__in=[Status.SCHEDULED, Status.PUBLISHED], publish_at__gte=start, publish_at__lt=end
        )
        .select_related("department", "page__issue")
        .order_by("publish_at")
    )


def day_bounds(day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def tasks_for(user):
    if policy.is_editor(user):
        start, end = day_bounds(timezone.localdate())
        return {"review_queue": review_queue()[:20], "today": scheduled_between(start, end)[:50]}
    return {
        "returned": returned_to(user)[:20],
        "waiting": Article.objects.filter(created_by=user, status=Status.SUBMITTED).order_by("-updated_at")[:20],
    }
