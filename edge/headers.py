"""
The two headers that let Varnish keep a page: `xkey` (what it shows) and `Edge-Expires` (until when).

`Edge-Expires` is a moment (seconds since the epoch), not a duration: the
reader cache (core/caching.py) may keep this response and serve it minutes
later, and a duration counted from then would outlive the deadline. The
moment is the reader cache's own rule: at most EDGE_CACHE_SECONDS from now,
and never past the next scheduled publish time, so a story due at 06:00 is
on the edge at 06:00 with nobody purging anything.

Browsers keep nothing (the reader cache's `max-age=0, must-revalidate`): a
withdrawn story must not linger where no purge reaches. Varnish takes both
headers off before a reader sees the page (deploy/varnish/default.vcl).
"""

import math

from django.conf import settings
from django.utils.cache import patch_cache_control, set_response_etag

from core import caching, clock

from . import keys

KEYS_HEADER = "xkey"
EXPIRES_HEADER = "Edge-Expires"


def edge_on():
    """The edge keeps pages when the reader cache does (its deadline is read from the same place) and is allowed to."""
    return bool(settings.EDGE_CACHE_SECONDS) and caching.reader_cache_on()


def shareable(request, response):
    """A page every anonymous reader gets alike: what the reader cache would store, for a GET of a public route."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not (user is not None and user.is_authenticated)
    )


class EdgeHeadersMiddleware:
    """Inside the reader cache, so the headers are stored with the page and served with it from there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not shareable(request, response):
            return response
        shown = keys.for_response(request, response)
        if shown is None:
            return response
        response[KEYS_HEADER] = " ".join(shown)
        if edge_on():
            # Rounded down: the edge may drop a page a little early, never keep it late.
            # The latest moment the edge may keep it: its own lifetime, never past the next scheduled story.
            until = caching.valid_until(clock.now(), caching.drawn_in(request), seconds=settings.EDGE_CACHE_SECONDS)
            response[EXPIRES_HEADER] = f"{math.floor(until.timestamp() * 1000) / 1000:.3f}"
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if not response.streaming and not response.has_header("ETag"):
                if callable(getattr(response, "render", None)):
                    response.render()
                # For Varnish to answer If-None-Match itself.
                set_response_etag(response)
        return response
