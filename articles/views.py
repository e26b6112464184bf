from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .models import Article, Campaign


def edition_neighbours(article):
    """The other stories of the article's page, and the stories before and after it in the edition.

    One query for the whole edition's live stories (a day's paper is a few
    dozen), then picked apart here, rather than three queries with offsets.
    """
    if not article.page_id:
        return {"page_mates": [], "previous_story": None, "next_story": None}
    stories = list(
        Article.objects.published()
        .filter(page__issue_id=article.page.issue_id)
        .select_related("page")
        .only("kicker", "headline", "is_page_lead", "page_position", "page", "page__number", "page__name")
        .order_by("page__number", "page_position", "id")
    )
    ids = [story.pk for story in stories]
    # A preview of a draft is not among the live stories: it has no place in the running order yet.
    index = ids.index(article.pk) if article.pk in ids else None
    return {
        "page_mates": [s for s in stories if s.page_id == article.page_id and s.pk != article.pk],
        "previous_story": stories[index - 1] if index else None,
        "next_story": stories[index + 1] if index is not None and index + 1 < len(stories) else None,
    }


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_reading()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(edition_neighbours(self.object), canonical_path=self.object.get_absolute_url())
        return context


class CampaignDetailView(DetailView):
    template_name = "articles/campaign_detail.html"
    context_object_name = "campaign"

    def get_object(self, queryset=None):
        return get_object_or_404(Campaign, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case_studies"] = (
            Article.objects.published()
            .filter(case_study__campaign=self.object)
            .select_related("department", "case_study", "page__issue")
            .prefetch_related("case_study__figures")
            .order_by("department__position", "department__name", "-publish_at", "id")
        )
        return context
