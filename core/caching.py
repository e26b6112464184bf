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

The cache answers only what Django would: the host is checked before a cached
page is served, and a page is keyed on its path and the query parameters its
view declares it reads (`reads_query`), so ?utm_source=…, ?fbclid=… or
?anything=N share the bare page's entry instead of each adding one, while
?page=2 has its own. A view that declares nothing is not cached when the
request carries a query string.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db.models import Min
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, set_response_etag

from core import changes, clock
from core.changes import Effect
from core.publishing import LIVE_STATUSES

GENERATION_KEY = "content:generation"
NEXT_DUE_KEY = "content:next-due:{generation}"
PAGE_KEY = "page:{digest}"
# The API answers each key by its own rights (an embargoed story for one key, 401 for none): never from the cache.
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/ckeditor/", "/media/", "/static/", "/api/")


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


class ForgetCachedPages(Effect):
    """Any change readers could see: every cached page goes, once per committed transaction (core/changes.py)."""

    def __repr__(self):
        return "<ForgetCachedPages>"

    def keys(self, model, rows):
        return ("all",)

    def run(self, keys):
        bump_generation()


FORGET_CACHED_PAGES = ForgetCachedPages()


def next_due(now, current_generation):
    """The next moment something scheduled becomes visible (None if nothing is)."""
    key = NEXT_DUE_KEY.format(generation=current_generation)
    cached = cache.get(key)
    if cached is not None and (cached == "none" or cached > now):
        return None if cached == "none" else cached
    upcoming = [
        model.objects.filter(status__in=LIVE_STATUSES, publish_at__gt=now).aggregate(at=Min("publish_at"))["at"]
        for model in changes.scheduled_models()
    ]
    upcoming = [at for at in upcoming if at is not None]
    result = min(upcoming) if upcoming else None
    cache.set(key, result or "none", timeout=settings.READER_CACHE_SECONDS)
    return result


def reader_cache_on():
    """READER_CACHE_SECONDS set, and a cache that keeps what it is given (DummyCache is the cache turned off)."""
    # With nothing kept, working out how long a page may be kept would cost two queries a request for nothing.
    return bool(settings.READER_CACHE_SECONDS) and not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)


def reads_query(*names):
    """Declare on a function view the query parameters its answer depends on (a class view sets `reads_query`)."""

    def declare(view):
        view.reads_query = frozenset(names)
        return view

    return declare


def query_read_at(path):
    """The query parameters the view at `path` declares it reads; None when it declares nothing or nothing is there."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    names = getattr(getattr(match.func, "view_class", match.func), "reads_query", None)
    return None if names is None else frozenset(names)


def page_key(request, names):
    """The path and the values of the parameters the view reads, sorted: every other parameter leaves the key alone.

    A parameter sent empty (?page=) is not one left out: a view may answer the two differently.
    """
    query = [[name, request.GET.getlist(name)] for name in sorted(names) if name in request.GET]
    canonical = json.dumps([request.path, query])  # ASCII, and unambiguous however odd the values
    return PAGE_KEY.format(digest=hashlib.sha256(canonical.encode()).hexdigest())


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
        # A host not in ALLOWED_HOSTS raises DisallowedHost, which Django answers
        # with 400: the same answer as without the cache, before any page is served.
        request.get_host()
        names = ()
        if request.GET:  # only then is the view looked up (30 µs), so a plain address costs nothing more
            names = query_read_at(request.path_info)
            if names is None:
                # Which parameters matter is unknown, so each would need its own entry: answer without the cache.
                return self.get_response(request)
        now = clock.now()
        key = page_key(request, names)
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
