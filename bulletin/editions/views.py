import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from articles.models import Article

from .models import Issue


def published_issue_on(year, month, day):
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Http404("没有这一天。") from None
    return get_object_or_404(Issue.objects.published(), date=date)


def pages_with_stories(issue):
    """The issue's pages, each with its live stories in page order, in three queries."""
    pages = list(issue.pages.all())
    stories = (
        Article.objects.published()
        .filter(page__in=pages)
        .select_related("department")
        .prefetch_related("bylines__person")
        .order_by("page_position", "id")
    )
    by_page = {page.pk: [] for page in pages}
    for story in stories:
        by_page[story.page_id].append(story)
    for page in pages:
        page.issue = issue
        page.stories = by_page[page.pk]
        page.lead_story = next((s for s in page.stories if s.is_page_lead), None)
    return pages


class FrontPageView(TemplateView):
    template_name = "editions/front.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = Issue.objects.latest_published()
        context["issue"] = issue
        if issue is not None:
            pages = pages_with_stories(issue)
            context["pages"] = pages
            context["lead_story"] = pages[0].lead_story if pages else None
        return context


class IssueView(TemplateView):
    template_name = "editions/issue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = published_issue_on(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        context.update(issue=issue, pages=pages_with_stories(issue))
        return context


class PageView(TemplateView):
    template_name = "editions/page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = published_issue_on(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        pages = pages_with_stories(issue)
        current = next((p for p in pages if p.number == self.kwargs["number"]), None)
        if current is None:
            raise Http404("这一期没有这个版面。")
        index = pages.index(current)
        context.update(
            issue=issue,
            pages=pages,
            page=current,
            previous_page=pages[index - 1] if index > 0 else None,
            next_page=pages[index + 1] if index + 1 < len(pages) else None,
        )
        return context
