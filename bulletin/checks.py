"""Deployment checks of the site's own settings, reported by `manage.py check --deploy`."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


def _points_at_this_machine(host):
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def site_url_problem(site_url):
    """What is wrong with SITE_URL as the site's public origin, as (id, message); None if nothing."""
    try:
        parts = urlsplit(site_url)
        host, _port = parts.hostname, parts.port  # a port that is not a number raises ValueError
    except ValueError:
        host = None
    if not host or parts.scheme not in ("http", "https"):
        return "bulletin.E001", f"SITE_URL {site_url!r} is not an absolute http(s) address."
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        return "bulletin.E002", (
            f"SITE_URL {site_url!r} must be the site's origin alone (scheme, host, port): every path is added to it."
        )
    if _points_at_this_machine(host):
        return "bulletin.E003", (
            f"SITE_URL {site_url!r} is unset or points at this machine (the development default): canonical "
            "links, feeds, the sitemap and robots.txt would send readers and search engines there."
        )
    return None


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    # Canonical links, feeds, the sitemap and robots.txt are built on SITE_URL,
    # never on the request's Host, so production has to say what it is.
    if settings.DEBUG:
        return []
    problem = site_url_problem(settings.SITE_URL or "")
    if problem is None:
        return []
    check_id, message = problem
    return [Error(message, hint="Set SITE_URL to the address readers use, e.g. https://news.example.org", id=check_id)]
