from . import backends


class SearchAdminMixin:
    """The admin's story search on the full-text index, so 招商 or 夜市 find what they should.

    Staff search within the admin's own queryset, so they find drafts and
    everything else they may see, and nothing they may not.
    """

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        return backends.filter_queryset(queryset, search_term), False
