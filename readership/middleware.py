"""
The view-count beacon, answered before sessions, authentication, CSRF, messages and the page cache run.

First in MIDDLEWARE: a beacon is sent for every story page a reader sees,
cached or not, so it must cost next to nothing. It needs no session, user,
CSRF token or security headers (its answer is an empty 204), and the host is
still checked. Anything else under the prefix (a malformed id, another path)
goes on through the site as usual: the URL pattern and its 404.
"""

import re

from .views import count_view

BEACON = re.compile(r"/readership/seen/([0-9]{1,18})/")


class CountViewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/readership/"):
            match = BEACON.fullmatch(request.path_info)
            if match is not None:
                request.get_host()  # DisallowedHost (400) for a host the site does not serve, as everywhere
                return count_view(request, int(match[1]))
        return self.get_response(request)
