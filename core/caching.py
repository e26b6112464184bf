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

A hit costs about what a static file does. The middleware runs first, so a page
is stored with every header the rest of the site gave it (the security headers,
the content policy, the edge's keys) and a hit is answered before any of it
runs; in production `ReaderCacheFastPath` (bulletin/wsgi.py) answers it even
before Django handles the request, with the same decisions and the same bytes.
Preconditions (If-None-Match…) are answered by the cache on a hit and a miss
alike, with Django's own middleware, so its 304 is the site's 304.
"""

import datetime
import hashlib
import json
import threading
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.handlers.wsgi import WSGIRequest
from django.db.models import Min
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, set_response_etag

from core import changes, clock
from core.changes import Effect
from core.http.request_guard import has_nul
from core.publishing import LIVE_STATUSES

GENERATION_KEY = "content:generation"
NEXT_DUE_KEY = "content:next-due:{generation}"
PAGE_KEY = "page:{digest}"
SHARED_KEY = "content:shared:{name}"
# The API answers each key by its own rights (an embargoed story for one key, 401 for none): never from the cache.
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/ckeditor/", "/media/", "/static/", "/api/")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add() so that two servers starting together agree on one value.
        cache.add(GENERATION_KEY, first_generation(), timeout=None)
        value = cache.get(GENERATION_KEY) or first_generation()
    return value


def bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, first_generation(), timeout=None)


def first_generation():
    """Where the count starts when the cache has none (new, or emptied): the clock in µs, so no number comes twice.

    A server may then remember what it worked out for a generation (next_due) without asking
    the shared cache again: a cache emptied and started afresh can never hand it the same number
    for different content.
    """
    return time.time_ns() // 1000


class ForgetCachedPages(Effect):
    """Any change readers could see: every cached page goes, once per committed transaction (core/changes.py)."""

    def __repr__(self):
        return "<ForgetCachedPages>"

    def keys(self, model, rows):
        return ("all",)

    def run(self, keys):
        bump_generation()

    def everything_changed(self):
        bump_generation()


FORGET_CACHED_PAGES = ForgetCachedPages()


class _Remembered(threading.local):
    """This server's last answer to next_due(): its generation, the answer, and until when it may be trusted."""

    generation = None
    due = None
    until = 0.0


_remembered = _Remembered()


def next_due(now, current_generation):
    """The next moment something scheduled becomes visible (None if nothing is).

    Asked twice for each page drawn (the reader cache's lifetime, the edge's deadline): answered
    from this server's memory for the same generation, then from the shared cache, and only then
    from the database, each answer kept no longer than a page is.
    """
    seen = _remembered
    if seen.generation == current_generation and time.monotonic() < seen.until and _still_ahead(seen.due, now):
        return seen.due
    key = NEXT_DUE_KEY.format(generation=current_generation)
    cached = cache.get(key)
    if cached is not None and _still_ahead(None if cached == "none" else cached, now):
        result = None if cached == "none" else cached
    else:
        upcoming = [
            model.objects.filter(status__in=LIVE_STATUSES, publish_at__gt=now).aggregate(at=Min("publish_at"))["at"]
            for model in changes.scheduled_models()
        ]
        upcoming = [at for at in upcoming if at is not None]
        result = min(upcoming) if upcoming else None
        cache.set(key, result or "none", timeout=settings.READER_CACHE_SECONDS)
    seen.generation, seen.due = current_generation, result
    seen.until = time.monotonic() + settings.READER_CACHE_SECONDS
    return result


def _still_ahead(due, now):
    return due is None or due > now


def drawn_in(request):
    """The content generation a request's page is drawn in: the one its lookup in the cache read, else the current.

    A change while the page is drawn bumps the generation after it commits: the page is then
    stored as already out of date, and the edge's purge of it is sent again a moment later.
    """
    return getattr(request, "content_generation", None) or generation()


def valid_until(now, current_generation, *, seconds=None):
    """When what is drawn from content at `now` stops being kept: `seconds` on (READER_CACHE_SECONDS unless
    given; the edge passes its own), never past the next due."""
    until = now + datetime.timedelta(seconds=settings.READER_CACHE_SECONDS if seconds is None else seconds)
    due = next_due(now, current_generation)
    return until if due is None else min(until, due)


def timeout_until(now, until):
    return max(1, int((until - now).total_seconds()))


def shared(name, compute):
    """compute(), kept for every server under the rules pages are kept by: the same generation, until valid_until().

    For what many different pages show alike (an edition's running order on each of its
    stories), so that a page missing from the reader cache need not work it out again. `name`
    must say everything compute() depends on besides content and the clock. The value must
    pickle. With the reader cache off (tests, where on-commit hooks do not run) it is computed
    every time, as pages are drawn every time.
    """
    if not reader_cache_on():
        return compute()
    key = SHARED_KEY.format(name=name)
    # The generation and the value in one round trip, as a page is looked up, and current by the same test.
    found = cache.get_many([GENERATION_KEY, key])
    lookup = Lookup(key, found.get(GENERATION_KEY) or generation(), clock.now(), found.get(key))
    entry = lookup.page()
    if entry is not None:
        return entry["value"]
    value = compute()
    until = valid_until(lookup.now, lookup.generation)
    entry = {"generation": lookup.generation, "valid_until": until, "value": value}
    cache.set(key, entry, timeout=timeout_until(lookup.now, until))
    return value


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
    """Scheme, path and the values of the parameters the view reads, sorted: other parameters leave the key alone.

    A parameter sent empty (?page=) is not one left out: a view may answer the two differently. The
    scheme is in the key because the answer's headers depend on it (HSTS only over HTTPS; with
    SECURE_SSL_REDIRECT plain HTTP gets a redirect, which is never stored).
    """
    query = [[name, request.GET.getlist(name)] for name in sorted(names) if name in request.GET]
    canonical = json.dumps([request.scheme, request.path, query])  # ASCII, and unambiguous however odd the values
    return PAGE_KEY.format(digest=hashlib.sha256(canonical.encode()).hexdigest())


def is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(UNCACHED_PREFIXES)
    )


class Lookup(NamedTuple):
    """Where a request's page (or a shared value) is kept, the generation it must have been drawn in, what was found."""

    key: str
    generation: int
    now: datetime.datetime
    entry: dict | None

    def page(self):
        """The stored entry when it is current, else None."""
        entry = self.entry
        if entry is not None and entry["generation"] == self.generation and entry["valid_until"] > self.now:
            return entry
        return None


def look_up(request):
    """The cache's answer for a request it may answer (a Lookup), or None when the request must go through the site.

    Raises DisallowedHost for a host not in ALLOWED_HOSTS, as Django would before any view runs.
    """
    if not reader_cache_on() or not is_cacheable_request(request):
        return None
    if has_nul(request):
        return None  # refused with 400 further in (core/http/request_guard.py), cached or not
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # redirected to HTTPS further in, whatever was stored while plain HTTP was served
    # A host not in ALLOWED_HOSTS raises DisallowedHost, which Django answers
    # with 400: the same answer as without the cache, before any page is served.
    request.get_host()
    names = ()
    if request.GET:  # only then is the view looked up (30 µs), so a plain address costs nothing more
        names = query_read_at(request.path_info)
        if names is None:
            # Which parameters matter is unknown, so each would need its own entry: answer without the cache.
            return None
    key = page_key(request, names)
    # The generation and the page in one round trip to the cache; a page
    # stored under an older generation is as good as missing.
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    return Lookup(key, current, clock.now(), found.get(key))


def stored_response(page):
    """The HttpResponse a stored page was, with the headers it went out with."""
    return HttpResponse(page["content"], status=page["status"], reason=page["reason"], headers=dict(page["headers"]))


def conditional_answer(request, response):
    """A page answered as the site answers it: 304 (or 412) for a matching precondition, else the page.

    Django's own ConditionalGetMiddleware and SecurityMiddleware make the 304, in the order they
    run in the site, so it carries exactly what a 304 drawn by the site carries.
    """
    answer = ConditionalGetMiddleware(_unused).process_response(request, response)
    if answer is not response:
        answer = SecurityMiddleware(_unused).process_response(request, answer)
    return answer


def _unused(request):  # middleware used for their process_response only never call the rest of the site
    raise AssertionError("not called")


CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
LOOKUP_ENVIRON_KEY = "bulletin.reader_cache.lookup"


class ReaderCacheMiddleware:
    """Early in MIDDLEWARE (after the view-count beacon): a page is stored with every header the site gave it.

    A hit is answered before security, sessions, authentication, CSRF and messages run; the
    stored headers are the ones they added to the page when it was drawn, so a hit carries
    exactly what a fresh page carries. A page the cache may keep is always drawn whole (the
    request's preconditions are held back from the site while it is drawn, so nothing further
    in answers 304 instead) and stored; then the preconditions are answered here, on a hit and
    a miss alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = request.META.pop(LOOKUP_ENVIRON_KEY, None) or look_up(request)  # the fast path may have looked
        if found is None:
            return self.get_response(request)
        page = found.page()
        if page is not None:
            return conditional_answer(request, stored_response(page))
        request.content_generation = found.generation
        preconditions = {name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META}
        response = self.get_response(request)
        request.META.update(preconditions)
        if self.should_store(request, response):
            self.store(found, response)
        return conditional_answer(request, response)

    @staticmethod
    def store(found, response):
        now = found.now
        until = valid_until(now, found.generation)
        if callable(getattr(response, "render", None)):
            response.render()
        if not response.has_header("ETag"):  # ConditionalGetMiddleware has set it for a GET
            set_response_etag(response)
        # Browsers and proxies revalidate every time (a cheap 304), so a
        # withdrawn story never lingers in anyone's cache.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        page = {
            "generation": found.generation,
            "valid_until": until,
            "status": response.status_code,
            "reason": response.reason_phrase,
            "headers": list(response.items()),
            "content": response.content,
        }
        cache.set(found.key, page, timeout=timeout_until(now, until))

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


class ReaderCacheFastPath:
    """WSGI: a current cached page is answered before Django's request handling starts.

    Wraps the site's WSGI application (bulletin/wsgi.py). It makes the same decisions as
    ReaderCacheMiddleware from the same request (host, NUL bytes, session cookie, query
    parameters, generation, lifetime, preconditions), and sends the stored status and headers
    as Django's handler would; everything else, a miss included, goes on to the site with
    what was looked up, so a miss still costs one round trip to the cache. Requests that can
    never be answered from the cache (static files, the admin, signed-in staff, POST) are
    told apart from the raw environ without building a request.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or environ.get("PATH_INFO", "/").startswith(UNCACHED_PREFIXES)
            or settings.SESSION_COOKIE_NAME in environ.get("HTTP_COOKIE", "")
        ):
            return self.application(environ, start_response)
        request = WSGIRequest(environ)
        try:
            found = look_up(request)
        except Exception:  # DisallowedHost, the cache unreachable...: the site meets it again and answers as ever
            found = None
        if found is None:
            return self.application(environ, start_response)
        page = found.page()
        if page is None:
            environ[LOOKUP_ENVIRON_KEY] = found
            return self.application(environ, start_response)
        if any(name in environ for name in CONDITIONAL_HEADERS):
            response = conditional_answer(request, stored_response(page))
            start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
            return [response.content]
        start_response(f"{page['status']} {page['reason']}", page["headers"])
        return [page["content"]]
