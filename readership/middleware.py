"""
The view-count beacon, answered before the rest of the site runs: it must not slow reading.

A beacon is sent for every story page a reader sees, cached or not, so it
must cost next to nothing. It needs no session, user, CSRF token or security
headers (its answer is an empty 204); the host is still checked. In
production (gunicorn, bulletin/wsgi.py) CountViewFastPath answers it before
Django's request handling starts, as the reader cache answers its hits; under
the development server and the test client, CountViewMiddleware, first in
MIDDLEWARE, answers it before any other middleware. Anything else under the
prefix (a malformed id, another path, another method) goes on through the site
as usual: the URL pattern's 405, or a 404.
"""

import re

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from . import counting
from .views import count_unless_robot, count_view

STATUS_LINES = {204: "204 No Content", 503: "503 Service Unavailable"}

PREFIX = "/readership/"
BEACON = re.compile(r"/readership/seen/([0-9]{1,18})/")


def beacon_story_id(path):
    """The story id a beacon's address names, or None when `path` is no beacon's address."""
    if not path.startswith(PREFIX):
        return None
    match = BEACON.fullmatch(path)
    return None if match is None else int(match[1])


class CountViewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        story_id = beacon_story_id(request.path_info)
        if story_id is None:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) for a host the site does not serve, as everywhere
        return count_view(request, story_id)


class CountViewFastPath:
    """WSGI: a beacon POSTed while Redis keeps the counts is answered before Django's request handling starts.

    Django's handler (request signals, the middleware chain) costs more than
    the count itself. Without Redis a count is a database write, which needs
    the handler's care of connections, so it goes on to the site, as does
    everything that is not a beacon's POST and a host the site does not serve.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        story_id = beacon_story_id(environ.get("PATH_INFO", ""))
        if story_id is None or environ.get("REQUEST_METHOD") != "POST" or counting.shared_redis() is None:
            return self.application(environ, start_response)
        request = WSGIRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return self.application(environ, start_response)  # the site's 400, as everywhere
        # The view's work without building its HttpResponse: an empty answer needs no headers of Django's.
        status = count_unless_robot(story_id, environ.get("HTTP_USER_AGENT", ""))
        start_response(STATUS_LINES[status], [("Content-Length", "0")])
        return []
