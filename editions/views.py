import datetime

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article
from core.caching import reads_query

from . import back_issues
from .bound_pdf import bound_pdf
from .models import Issue, chinese_date


def date_or_404(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Http404("没有这一天。") from None


def pages_with_stories(issue):
    """The issue's pages, each with its live stories in page order, in two queries."""
    pages = list(issue.pages.all())
    stories = Article.objects.published().filter(page__issue=issue).order_by("page_position", "id")
    by_page = {page.pk: [] for page in pages}
    for story in stories:
        by_page[story.page_id].append(story)
    for page in pages:
        page.issue = issue
        page.stories = by_page[page.pk]
        page.lead_story = next((s for s in page.stories if s.is_page_lead), page.stories[0] if page.stories else None)
        page.has_areas = bool(page.image) and any(s.has_area for s in page.stories)
    return pages


class FrontPageView(TemplateView):
    template_name = "editions/front.html"
    reads_query = ()  # the query parameters the page depends on (core/caching.py keys cached pages on them)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = Issue.objects.latest_published()
        context["issue"] = issue
        if issue is not None:
            pages = pages_with_stories(issue)
            lead_story = pages[0].lead_story if pages else None
            context.update(pages=pages, lead_story=lead_story, canonical_path=reverse("editions:front"))
        return context


class IssueView(TemplateView):
    """One day's edition; a day without one answers 404 with the nearest editions."""

    template_name = "editions/issue.html"
    reads_query = ()

    def get(self, request, *args, **kwargs):
        date = date_or_404(kwargs["year"], kwargs["month"], kwargs["day"])
        self.issue = Issue.objects.published().filter(date=date).first()
        self.neighbours = back_issues.neighbours(before=date, after=back_issues.day_after(date))
        if self.issue is None:
            context = {"date": date, "chinese_date": chinese_date(date), "neighbours": self.neighbours}
            return TemplateResponse(request, "editions/no_issue.html", context, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = pages_with_stories(self.issue)
        has_pdfs = any(page.pdf for page in pages)
        context.update(issue=self.issue, pages=pages, neighbours=self.neighbours, has_pdfs=has_pdfs)
        return context


class PageView(TemplateView):
    template_name = "editions/page.html"
    reads_query = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        date = date_or_404(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        issue = Issue.objects.published().filter(date=date).first()
        if issue is None:
            raise Http404("这一天没有出版的报纸。")
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


class MonthJumpForm(forms.Form):
    year = forms.IntegerField(min_value=back_issues.FIRST_YEAR, max_value=back_issues.LAST_YEAR)
    month = forms.IntegerField(min_value=1, max_value=12)


def month_url(day):
    return reverse("editions:back_issues_month", kwargs={"year": day.year, "month": day.month})


class BackIssuesView(TemplateView):
    """往期回顾: a month of published editions as a calendar."""

    template_name = "editions/back_issues.html"
    reads_query = ("year", "month")  # the jump form's

    def get(self, request, *args, **kwargs):
        if "year" in request.GET or "month" in request.GET:
            # The year/month jump form: a plain GET form, so it works without script.
            form = MonthJumpForm(request.GET)
            if not form.is_valid():
                return TemplateResponse(request, "400.html", {"message": "请选择有效的年份和月份。"}, status=400)
            return redirect(month_url(datetime.date(form.cleaned_data["year"], form.cleaned_data["month"], 1)))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "year" in self.kwargs:
            year, month = self.kwargs["year"], self.kwargs["month"]
            context["canonical_path"] = self.request.path
        else:
            latest = back_issues.latest_date()
            if latest is None:
                return context
            year, month = latest.year, latest.month
            context["canonical_path"] = month_url(latest)
        try:
            calendar = back_issues.month_calendar(year, month)
        except ValueError:
            raise Http404("没有这个月份。") from None
        context.update(
            calendar=calendar,
            weekday_names=back_issues.WEEKDAY_NAMES,
            months=range(1, 13),
            noindex=not calendar.issues,
        )
        return context


@reads_query()
def edition_pdf(request, year, month, day):
    """合订本: the whole live edition as one PDF, for readers to download."""
    date = date_or_404(year, month, day)
    issue = Issue.objects.published().filter(date=date).first()
    name = bound_pdf(issue) if issue is not None else None
    if name is None:
        raise Http404("这一天没有可下载的报纸PDF。")
    filename = f"{settings.SITE_NAME}-{date:%Y-%m-%d}.pdf"
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
