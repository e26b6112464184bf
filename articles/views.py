import functools

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from core import caching, paging

from . import reading
from .models import Article, Campaign


def edition_neighbours(article):
    """The other stories of the article's page, and the stories before and after it in the edition.

    One query for the whole edition's live stories (a day's paper is a few
    dozen), as plain values, then picked apart here, rather than three queries
    with offsets; only the handful of stories the page links to become objects.
    """
    if not article.page_id:
        return {"page_mates": [], "previous_story": None, "next_story": None}
    rows = running_order(article.page.issue_id)
    ids = [row[0] for row in rows]
    # A preview of a draft is not among the live stories: it has no place in the running order yet.
    index = ids.index(article.pk) if article.pk in ids else None
    return {
        "page_mates": [_story_link(row) for row in rows if row[1] == article.page_id and row[0] != article.pk],
        "previous_story": _story_link(rows[index - 1]) if index else None,
        "next_story": _story_link(rows[index + 1]) if index is not None and index + 1 < len(rows) else None,
    }


_LINK_FIELDS = reading.RUNNING_ORDER_FIELDS


def running_order(issue_id):
    """The edition's live stories in the paper's order, as rows: the same for each of its stories.

    Kept in the shared cache (core/caching.py), so that each story page that misses the reader
    cache need not ask for it again: a change to any content, or a story of the edition coming
    due, makes it be worked out anew.
    """
    return caching.shared(f"running-order:{issue_id}", lambda: reading.running_order(issue_id))


def _story_link(row):
    """Just enough of a story to link to it by its headline; every other field as a new story has it."""
    blank, places = _blank_story()
    values = list(blank)
    for place, value in zip(places, row, strict=True):
        values[place] = value
    # Positional, as Django builds a row it read: Article(pk=…, …) would look up each of the
    # story's two dozen fields by name and ask it for its default, for each link.
    return Article(*values)


@functools.cache
def _blank_story():
    """Each field's default (constants all: none is worked out per story), and where a link's values go."""
    fields = Article._meta.concrete_fields
    attnames = [field.attname for field in fields]
    assert not any(field.has_default() and callable(field.default) for field in fields), "kept once, for every link"
    return tuple(field.get_default() for field in fields), [attnames.index(name) for name in _LINK_FIELDS]


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    reads_query = ()  # the query parameters the page depends on (core/caching.py keys cached pages on them)

    def get_object(self, queryset=None):
        # What Article.objects.published().for_reading() finds, by queries prepared once per process.
        story = reading.live_story(self.kwargs["pk"])
        if story is None:
            raise Http404("没有这篇稿件。")
        return story

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(edition_neighbours(self.object), canonical_path=self.object.get_absolute_url())
        return context


class CampaignDetailView(DetailView):
    """A campaign under its banner, and its case studies, the newest additions first, a page at a time."""

    template_name = "articles/campaign_detail.html"
    context_object_name = "campaign"
    case_studies_per_page = 20
    reads_query = ("page",)

    def get_object(self, queryset=None):
        return get_object_or_404(Campaign, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case_studies = (
            Article.objects.published()
            .filter(case_study__campaign=self.object)
            .select_related("department", "case_study", "page__issue")
            .prefetch_related("case_study__figures")
            # Newest additions to the campaign first: the campaign's own index walks them in that order and
            # stops after a page, where ordering by publish time would sort every case study of the campaign.
            .order_by("-case_study__id")
        )
        page = paging.list_page(
            case_studies,
            self.request.GET.get("page"),
            per_page=self.case_studies_per_page,
            base=self.object.get_absolute_url(),
        )
        context.update(
            page_obj=page,
            # On a page, department by department as the paper runs them, each department's newest first.
            case_studies=sorted(page.object_list, key=self.department_order),
            canonical_path=page.url,
        )
        return context

    @staticmethod
    def department_order(article):
        department = article.department
        place = (False, department.position, department.name) if department else (True, 0, "")
        return (*place, -article.publish_at.timestamp())
