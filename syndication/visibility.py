"""
What a partner's key may see: what readers see, and, for a key with the embargo scope, also the
approved stories due within the next API_EMBARGO_HOURS, marked with the time they are due.

Both are the one rule of core/publishing.py, `published()`, asked at a later clock for the embargo:
a story scheduled (or published) for a time within the window, in an edition scheduled within it,
is exactly what readers will see at the window's end. Drafts, stories waiting for review, returned,
merely approved or withdrawn ones are never live at any time, so no key ever gets them.
"""

import datetime

from django.conf import settings

from articles.models import Article
from articles.preview import goes_live_at
from editions.models import Issue

EMBARGO_SCOPE = "embargo"


def may_see_embargoed(key):
    """Whether `key` (a partners.PartnerKey, or None) has the embargo scope."""
    return key is not None and key.has_scope(EMBARGO_SCOPE)


def embargo_window():
    return datetime.timedelta(hours=settings.API_EMBARGO_HOURS)


def horizon(key, now):
    """The clock `key` sees content at: now, or the end of the embargo window."""
    return now + embargo_window() if may_see_embargoed(key) else now


def stories_for(key, now):
    """The stories `key` may receive at `now`."""
    return Article.objects.published(now=horizon(key, now))


def may_have(key, story, now):
    """Whether `key` may receive `story` at `now`: the same rule as `stories_for`, for one story already read
    (with `page__issue`), through `Article.is_live()`, which mirrors `published()` for one object."""
    return story.is_live(now=horizon(key, now))


def editions_for(key, now):
    """The editions `key` may receive at `now`."""
    return Issue.objects.published(now=horizon(key, now))


def appears_at(story):
    """When readers see `story` as it is stored (its edition's time too when it is placed); None if never.

    Read the story with `page__issue` (select_related). Mirrors `Article.objects.published()`:
    the story is live at `now` exactly when this is not None and not after `now`.
    """
    return goes_live_at(story)


def embargoed_until(content_appears_at, now):
    """The embargo time to mark an item with: when it is due, if that is still to come."""
    return content_appears_at if content_appears_at is not None and content_appears_at > now else None
