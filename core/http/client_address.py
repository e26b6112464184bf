"""The address a login attempt came from, as login throttling (django-axes) counts it.

Behind TRUSTED_PROXY_COUNT proxies (the TLS proxy the README prescribes is
one), each proxy appends the address it was sent the request from to
X-Forwarded-For, so the client is that many entries from the right. Whatever
stands further left was written by the client itself and never picks an
address. With no trusted proxy the header is ignored: anyone could write it.
"""

from django.conf import settings
from ipware import get_client_ip


def client_address(request):
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if not proxies:
        return remote
    address, _routable = get_client_ip(
        request,
        # django-ipware counts the proxies named in the header; the last one is
        # REMOTE_ADDR and not in it, so that is one fewer than stand in front.
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        # Not strict: a strict chain must be exactly as long as the count, so
        # one made-up entry would discard the proxy's too.
        strict=False,
    )
    # No usable entry (the request did not come through the proxies): the socket's address.
    return address or remote
