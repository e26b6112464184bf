from rest_framework.throttling import SimpleRateThrottle

from .models import PartnerKey


class PartnerKeyRateThrottle(SimpleRateThrottle):
    """Each key's own rate (PartnerKey.rate: its limit per minute, else API_DEFAULT_RATE), counted per key.

    The history lives in the default cache, which is Redis in production, so every
    worker and server counts against one limit. Over it, DRF answers 429 with
    Retry-After (the seconds until the oldest request in the window expires).
    Two workers reading the history at the same instant may each let one
    request through; a limit can be exceeded by the number of workers at most.
    """

    scope = "partner"

    def get_rate(self):
        return None  # the rate is the key's, known only once the request is authenticated

    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, PartnerKey):
            return True  # no key: authentication and permission have refused it already
        self.rate = key.rate
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def wait(self):
        """Seconds until one more request is allowed: when the request that fills the window ages out of it.

        DRF's own estimate has no answer (so no Retry-After) when the window holds more
        requests than the limit, as it does right after a key's limit is lowered.
        """
        if len(self.history) < self.num_requests:
            return None
        filling = self.history[self.num_requests - 1]  # the history is newest first
        return max(1, self.duration - (self.now - filling))

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
