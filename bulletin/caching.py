"""
Whole-page caching for anonymous readers, shared by every app server.

A cached page carries the content *generation* it was drawn in: any save or
delete of content bumps it (after the transaction commits), so publishing,
withdrawing or editing anything makes every server miss at once — the
generation lives in the shared cache (Redis in production), and is read in
the same round trip as the page. A page is also never kept past the
next scheduled publish time, so a story due at 06:00 shows at 06:00 without
anyone touching anything. Signed-in staff, previews and the admin are never
cached.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.db.models import Min
from django.utils.cache import patch_cache_control, set_response_etag

from bulletin import clock
from bulletin.publishing import LIVE_STATUSES

GENERATION_KEY = "content:generation"
NEXT_DUE_KEY = "content:next-due:{generation}"
PAGE_KEY = "page:{digest}"
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/ckeditor/", "/media/", "/static/")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add() so that two servers starting together agree on one value.
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, timeout=None)


def content_changed(**kwargs):
    """Signal receiver: forget every cached page once the change is committed."""
    transaction.on_commit(bump_generation)


def next_due(now, current_generation):
    """The next moment something scheduled becomes visible (None if nothing is)."""
    key = NEXT_DUE_KEY.format(generation=current_generation)
    cached = cache.get(key)
    if cached is not None and (cached == "none" or cached > now):
        return None if cached == "none" else cached
    from articles.models import Article
    from bulletin.editions.models import Issue

    upcoming = [
        model.objects.filter(status__in=LIVE_STATUSES, publish_at__gt=now).aggregate(at=Min("publish_at"))["at"]
        for model in (Article, Issue)
    ]
    upcoming = [at for at in upcoming if at is not None]
    result = min(upcoming) if upcoming else None
    cache.set(key, result or "none", timeout=settings.READER_CACHE_SECONDS)
    return result


def reader_cache_on():
    """READER_CACHE_SECONDS set, and a cache that keeps what it is given (DummyCache is the cache turned off)."""
    # With nothing kept, working out how long a page may be kept would cost two queries a request for nothing.
    return bool(settings.READER_CACHE_SECONDS) and not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)


def is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(UNCACHED_PREFIXES)
    )


class ReaderCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not reader_cache_on() or not is_cacheable_request(request):
            return self.get_response(request)
        now = clock.now()
        key = PAGE_KEY.format(digest=hashlib.sha256(request.get_full_path().encode()).hexdigest())
        # The generation and the page in one round trip to the cache; a page
        # stored under an older generation is as good as missing.
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        entry = found.get(key)
        if entry is not None and entry["generation"] == current and entry["valid_until"] > now:
            return entry["response"]
        response = self.get_response(request)
        if self.should_store(request, response):
            valid_until = now + datetime.timedelta(seconds=settings.READER_CACHE_SECONDS)
            due = next_due(now, current)
            if due is not None:
                valid_until = min(valid_until, due)
            timeout = max(1, int((valid_until - now).total_seconds()))
            if callable(getattr(response, "render", None)):
                response.render()
            set_response_etag(response)
            # Browsers and proxies revalidate every time (a cheap 304), so a
            # withdrawn story never lingers in anyone's cache.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            cache.set(key, {"response": response, "generation": current, "valid_until": valid_until}, timeout=timeout)
        return response

    @staticmethod
    def should_store(request, response):
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and not (user is not None and user.is_authenticated)
        )
