"""
The admin's story search on the full-text index, so 招商 or 夜市 find what they should.

The index (search/) sits above articles in the import order, so the project
names its filter in settings (`ADMIN_FULL_TEXT_SEARCH`, a dotted path) and
this admin looks it up, as Django looks up AUTHENTICATION_BACKENDS. Staff
search within the admin's own queryset, so they find drafts and everything
else they may see, and nothing they may not.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def full_text_filter():
    """The project's filter(queryset, terms) -> queryset, or None for Django's own icontains search."""
    path = getattr(settings, "ADMIN_FULL_TEXT_SEARCH", "")
    return import_string(path) if path else None


class FullTextSearchAdmin:
    def get_search_results(self, request, queryset, search_term):
        search = full_text_filter()
        if search is None or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        return search(queryset, search_term), False
