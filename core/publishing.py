"""
The one rule for what readers may see.

A piece of content (an article, an edition) is live when an editor has
scheduled or published it and its publish time has come. Nothing flips a flag
when the time arrives: visibility is decided by comparing publish_at with the
clock at query time, so a schedule is never missed because a job did not run.
"""

from django.db.models import Q

from core import clock

SCHEDULED = "scheduled"
PUBLISHED = "published"
LIVE_STATUSES = (SCHEDULED, PUBLISHED)


def live_q(*, now=None, prefix=""):
    """Q for rows (reached through `prefix`) that readers may see at `now`."""
    now = now or clock.now()
    return Q(**{f"{prefix}status__in": LIVE_STATUSES, f"{prefix}publish_at__lte": now})


def is_live(obj, *, now=None):
    now = now or clock.now()
    return obj.status in LIVE_STATUSES and obj.publish_at is not None and obj.publish_at <= now
