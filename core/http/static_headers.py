"""Static files carry the security headers pages carry (WHITENOISE_ADD_HEADERS_FUNCTION).

WhiteNoise answers a static request before the middleware below it runs, so
X-Frame-Options and the content policy never reach a static file on their
own. Here the headers come from Django's own SecurityMiddleware and
XFrameOptionsMiddleware run on an empty response, so they follow the same
settings as pages and are never spelt out twice. HSTS is included: a browser
ignores it over plain HTTP, and production redirects HTTP to HTTPS before
WhiteNoise answers.

A static file is never a page, so its content policy lets it load and run
nothing if someone opens it on its own (an SVG, say), and sandboxes it.
"""

from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

STATIC_CONTENT_SECURITY_POLICY = {"default-src": ["'none'"], "sandbox": []}


class _SecureRequest(HttpRequest):
    def _get_scheme(self):
        return "https"


def page_security_headers():
    """The headers SecurityMiddleware and XFrameOptionsMiddleware give a page served over HTTPS."""
    request, response = _SecureRequest(), HttpResponse()
    for middleware in (SecurityMiddleware(HttpResponse), XFrameOptionsMiddleware(HttpResponse)):
        response = middleware.process_response(request, response)
    return {name: value for name, value in response.items() if name != "Content-Type"}


def static_content_security_policy():
    # Framing follows the site's own policy, like X-Frame-Options.
    frame_ancestors = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-ancestors"]
    return build_policy(config={**STATIC_CONTENT_SECURITY_POLICY, "frame-ancestors": frame_ancestors})


def add_security_headers(headers, path, url):
    for name, value in page_security_headers().items():
        headers[name] = value
    headers["Content-Security-Policy"] = static_content_security_policy()
