"""
阅读量 in the admin, for editors: each story's views day by day, and a report per day, per story and per page.

Read only: counts come from readers, never from a form. Both screens flush
the counts waiting in Redis first, so an editor sees every view up to now.
"""

import datetime
import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.urls import path
from redis.exceptions import RedisError

from articles.models import Article
from editions.models import Issue, Page

from . import counting
from .models import StoryViews

REPORT_DAYS = 30
TOP_STORIES = 20
logger = logging.getLogger(__name__)


def flush_for(request):
    """The counts waiting in Redis into the database, or a warning that what is shown may be a minute behind."""
    try:
        counting.flush()
    except RedisError:
        logger.exception("flushing view counts for the admin failed")
        messages.warning(request, "暂时无法读取最近一分钟的阅读量，下面的数字可能略少，请稍后刷新。")


@admin.register(StoryViews)
class StoryViewsAdmin(admin.ModelAdmin):
    change_list_template = "admin/readership/storyviews/change_list.html"
    list_display = ["day", "story_headline", "department", "page", "views"]
    list_select_related = ["story__department", "story__page__issue"]
    list_filter = ["day", "story__department"]
    date_hierarchy = "day"
    search_fields = ["story__headline"]
    ordering = ["-day", "-views"]
    fields = ["story", "day", "views"]
    list_per_page = 50

    @admin.display(description="稿件", ordering="story__headline")
    def story_headline(self, row):
        return row.story.headline_text

    @admin.display(description="部门", ordering="story__department__name")
    def department(self, row):
        return row.story.department or "—"

    @admin.display(description="版面")
    def page(self, row):
        page = row.story.page
        return f"{page.issue.date:%Y-%m-%d} 第{page.number}版：{page.name}" if page else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        report = path("report/", self.admin_site.admin_view(self.report_view), name="readership_storyviews_report")
        return [report, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        if self.has_view_permission(request):
            flush_for(request)
        return super().changelist_view(request, extra_context)

    def report_view(self, request):
        """Views per day (the last 30), the most read stories of those days, and one edition page by page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        flush_for(request)
        today = counting.today()
        since = today - datetime.timedelta(days=REPORT_DAYS - 1)
        recent = StoryViews.objects.filter(day__range=(since, today))
        issue, issue_error = self.chosen_issue(request.GET.get("issue"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "阅读量汇总（北京时间）",
            "since": since,
            "today": today,
            "days": recent.values("day").annotate(views=Sum("views")).order_by("-day"),
            "top_stories": Article.objects.filter(daily_views__day__range=(since, today))
            .annotate(views=Sum("daily_views__views"))
            .select_related("department", "page__issue")
            .order_by("-views", "-pk")[:TOP_STORIES],
            "issue": issue,
            "issue_error": issue_error,
            "pages": self.pages_of(issue) if issue else [],
        }
        return TemplateResponse(request, "admin/readership/report.html", context)

    @staticmethod
    def chosen_issue(value):
        """The edition asked for by its date (YYYY-MM-DD), else the latest one out; (issue, error message)."""
        if not value:
            return Issue.objects.latest_published(), ""
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return Issue.objects.latest_published(), "日期格式应为 2023-02-15 这样的年-月-日。"
        issue = Issue.objects.filter(date=day).first()
        if issue is None:
            return Issue.objects.latest_published(), f"{day.year}年{day.month}月{day.day}日没有报纸。"
        return issue, ""

    @staticmethod
    def pages_of(issue):
        """The edition's pages, each with its stories' views since they came out and their sum."""
        stories = (
            Article.objects.filter(page__issue=issue)
            .annotate(views=Sum("daily_views__views"))
            .order_by("page__number", "page_position", "pk")
        )
        pages = list(Page.objects.filter(issue=issue).order_by("number"))
        by_page = {page.pk: [] for page in pages}
        for story in stories:
            by_page[story.page_id].append(story)
        for page in pages:
            page.stories_with_views = by_page[page.pk]
            page.views = sum(story.views or 0 for story in page.stories_with_views)
        return pages
