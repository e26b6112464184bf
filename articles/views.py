from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .models import Article, Campaign


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_reading()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["page_mates"] = (
            Article.objects.published().filter(page=article.page).exclude(pk=article.pk).order_by("page_position")
            if article.page_id
            else Article.objects.none()
        )
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
            .select_related("department", "case_study")
            .prefetch_related("case_study__figures")
            .order_by("department__position", "publish_at")
        )
        return context
