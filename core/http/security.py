"""
Content-Security-Policy: strict for readers, as strict as CKEditor 4 allows for staff.

Public pages carry no inline script at all (JSON-LD is data, not script), so
their policy allows scripts only from this site. CKEditor 4 writes inline
event handlers into its toolbar and dialogs and sets inline styles, so the
admin must allow 'unsafe-inline'; everything else stays locked down there too,
and what reporters type is cleaned on the server before anyone's editor shows it.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

STAFF_PATH_PREFIXES = ("/admin/", "/ckeditor/")


class NewsroomCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(STAFF_PATH_PREFIXES):
            return PolicyParts(settings.STAFF_CONTENT_SECURITY_POLICY, parts.update, parts.replace, parts.nonce)
        return parts
