from django.core.paginator import Paginator
from django.views.generic import TemplateView

from articles.models import Article

from . import backends
from .forms import SearchForm

RESULTS_PER_PAGE = 20


class SearchView(TemplateView):
    """/search/?q=…: published stories only, ranked, a page at a time."""

    template_name = "search/results.html"
    # The form's fields and the page: what the reader cache keys a results page on.
    reads_query = (*SearchForm.base_fields, "page")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        form.is_valid()  # a bad filter is reported beside its field; the rest still apply
        query = form.cleaned_data.get("q", "")
        results = backends.search(query, **form.filters())
        page = Paginator(results, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            query=query,
            chosen={
                name: self.request.GET.get(name, "")[:20] for name in ("department", "kind", "date_from", "date_to")
            },
            departments=form.fields["department"].queryset.only("slug", "name"),
            kinds=Article.Kind.choices,
            searched=bool(results.query),
            results=results,
            page_obj=page,
            hits=page.object_list,
        )
        return context
