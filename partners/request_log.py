"""Every request made with a key, logged per key after the response has been sent.

`PartnerRequestLogMiddleware` (in MIDDLEWARE) does it for every DRF view,
whatever its base class: PartnerKeyAuthentication leaves the key on the Django
request, and the row is written when the server closes the response, after
the body has gone to the partner, so the partner does not wait for the
INSERT. Requests refused by the rate limit (429) are logged too; a request
with no key or an unknown one has nobody to log it against. Views need do
nothing; call `log_api_request` yourself only for a response this middleware
does not see. Rows older than API_REQUEST_LOG_DAYS are deleted by
`manage.py prune_api_requests` (run it daily).
"""

import logging

from .models import PartnerRequest

logger = logging.getLogger(__name__)

PATH_LENGTH = PartnerRequest._meta.get_field("path").max_length


def log_api_request(request, response) -> None:
    key = getattr(request, "partner_key", None)
    if key is None:
        return
    try:
        PartnerRequest.objects.create(
            key=key, method=request.method[:8], path=request.get_full_path()[:PATH_LENGTH], status=response.status_code
        )
    except Exception:  # a lost log row must never turn a served answer into an error
        logger.exception("could not log API request for key %s", key.prefix)


class PartnerRequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "partner_key", None) is not None:
            # Run by response.close(), which the server calls once the body is sent.
            response._resource_closers.append(lambda: log_api_request(request, response))
        return response
