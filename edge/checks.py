"""A purge Varnish would refuse is a purge that never happens: say so at start-up, not after the first withdrawal."""

from django.conf import settings
from django.core import checks

from . import purging


@checks.register(checks.Tags.security)
def purge_settings(app_configs, **kwargs):
    if not settings.EDGE_PURGE_URLS:
        return []
    problems = []
    if not purging.SAFE_SECRET.fullmatch(settings.EDGE_PURGE_SECRET):
        problems.append(
            checks.Error(
                "EDGE_PURGE_URLS is set but EDGE_PURGE_SECRET is not the secret deploy/varnish/start accepts.",
                hint="At least 16 characters of letters, digits and ._~+/=-, the same on every app server and node.",
                id="edge.E001",
            )
        )
    for url in settings.EDGE_PURGE_URLS:
        if not url.startswith(("http://", "https://")):
            problems.append(
                checks.Error(f"EDGE_PURGE_URLS: {url!r} is not an http(s) address of a Varnish node.", id="edge.E002")
            )
    return problems
