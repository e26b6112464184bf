"""
Partners: the API keys partners read the news API with, their rate limits and the log of their requests.

A key is made by a superuser (or someone granted `partners.add_partnerkey`) in
the admin, shown once, and stored only as a SHA-256 hash; it can be revoked,
never brought back. Everything a DRF view needs comes from here through the
project's REST_FRAMEWORK settings: `authentication.PartnerKeyAuthentication`
(a key is never a user, so it can never reach the admin),
`permissions.HasPartnerKey`, `throttling.PartnerKeyRateThrottle` (per key, in
the shared cache), `exceptions.api_exception_handler` (Chinese messages), and
`request_log.PartnerRequestLogMiddleware`, which logs every request that came
with a key, after the response, whatever the view.

May import: core. It knows nothing of stories: the news API (syndication)
reads `request.auth.has_scope(...)` to decide what a key may see.
"""
