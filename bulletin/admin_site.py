"""The newsroom's admin: a home page that says what needs you, and an editorial calendar."""

import datetime
import functools
import inspect

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles import dashboard, policy, services
from articles.widgets import BeijingSplitDateTime
from core import xml_chars
from editions import readiness
from editions.models import Issue

CALENDAR_DAYS = 21


class NewsroomAdminSite(admin.AdminSite):
    index_template = "admin/newsroom_index.html"

    def admin_view(self, view, cacheable=False):
        return super().admin_view(overflow_is_a_bad_request(without_forbidden_characters(view)), cacheable)

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **dashboard.tasks_for(request.user)}
        extra_context["is_editor"] = policy.is_editor(request.user)
        return super().index(request, extra_context)

    def get_urls(self):
        return [
            path("calendar/", self.admin_view(self.calendar_view), name="editorial_calendar"),
            path("schedule-issue/<int:pk>/", self.admin_view(self.schedule_issue_view), name="schedule_issue"),
            *super().get_urls(),
        ]

    def calendar_view(self, request):
        """The coming weeks day by day: what is scheduled, which editions are ready; the review queue beside."""
        if not policy.is_editor(request.user):
            raise PermissionDenied
        first = timezone.localdate()
        last = first + datetime.timedelta(days=CALENDAR_DAYS)
        start, _ = dashboard.day_bounds(first)
        end, _ = dashboard.day_bounds(last)
        stories = list(dashboard.scheduled_between(start, end))
        issues = {issue.date: issue for issue in Issue.objects.filter(date__gte=first, date__lt=last)}
        ready = readiness.for_issues(issues.values())
        days = []
        for offset in range(CALENDAR_DAYS):
            day = first + datetime.timedelta(days=offset)
            todays = [s for s in stories if timezone.localdate(s.publish_at) == day]
            issue = issues.get(day)
            days.append({"date": day, "issue": issue, "readiness": issue and ready[issue.pk], "stories": todays})
        context = {
            **self.each_context(request),
            "title": "编辑日历（北京时间）",
            "days": days,
            "review_queue": dashboard.review_queue(),
        }
        return TemplateResponse(request, "admin/editorial_calendar.html", context)

    def schedule_issue_view(self, request, pk):
        if not policy.is_editor(request.user):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=pk)
        report = readiness.for_issue(issue)
        form = ScheduleIssueForm(
            request.POST or None,
            initial={"publish_at": issue.publish_at or default_issue_time(issue)},
            readiness=report,
        )
        if request.method == "POST" and form.is_valid():
            publish_at = form.cleaned_data["publish_at"]
            with transaction.atomic():
                scheduled, waiting = services.schedule_issue(issue=issue, by=request.user, publish_at=publish_at)
                # The edition's 历史 page shows who scheduled it, when, and any problem they went past and why.
                self._registry[Issue].log_change(
                    request,
                    issue,
                    readiness.history_message(
                        report, publish_at=publish_at, override_comment=form.cleaned_data["override_comment"]
                    ),
                )
            messages.success(request, f"{issue} 已排期，{scheduled} 篇稿件随期发布。")
            if waiting:
                messages.warning(request, f"还有 {waiting} 篇稿件未审完，审核通过后需单独排期。")
            return redirect("admin:editorial_calendar")
        context = {
            **self.each_context(request),
            "title": f"排期整期：{issue}",
            "issue": issue,
            "readiness": report,
            "form": form,
        }
        return TemplateResponse(request, "admin/schedule_issue.html", context)


def overflow_is_a_bad_request(view):
    """
    400, not 500, for a list filter out of range or invalid, or an empty _to_field (found by tests/test_fuzz_urls.py).

    The admin hands date-hierarchy and field lookups from the URL to datetime()
    and the database adapter: ?publish_at__year=2147483648, a year of 9999 with
    its "next day", or a moment before 0001-01-01 UTC raise OverflowError,
    which Django's changelist does not catch.
    """

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        # An empty ?_to_field= passes the admin's check of the field (it tests the
        # value's truth) and then names no field at all: FieldDoesNotExist, a 500.
        if "" in (request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)):
            raise BadRequest("网址参数 _to_field 不能为空。")
        check_initial_relations(view, request)
        try:
            return view(request, *args, **kwargs)
        except OverflowError:
            raise BadRequest("筛选条件中的日期或数字超出范围。") from None
        except ValueError:
            # ?publish_at__year=0 makes datetime() raise ValueError; only a
            # lookup from the URL is the client's fault, anything else is ours.
            if any("__" in key for key in request.GET):
                raise BadRequest("筛选条件中的日期或数字无效。") from None
            raise

    return guarded


def check_initial_relations(view, request):
    """
    400 for an add form's ?department=abc: a value the related id cannot be.

    The admin fills an add form from the query string, and the autocomplete
    widget looks the value up while the page is drawn, after the view has
    returned: ValueError there is a 500 nothing around the view can catch.
    """
    view = inspect.unwrap(view)
    model_admin = getattr(view, "__self__", None)
    if not isinstance(model_admin, admin.ModelAdmin) or view.__name__ != "add_view":
        return
    for name, value in request.GET.items():
        try:
            field = model_admin.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.is_relation and field.concrete):
            continue
        target = field.target_field
        try:
            for part in value.split(",") if field.many_to_many else [value]:
                target.to_python(part)
        except ValidationError:
            raise BadRequest(f"网址参数 {name} 不是有效的{field.verbose_name}编号。") from None


def without_forbidden_characters(view):
    """Text posted to the admin loses what XML forbids before any form sees it (core/xml_chars.py)."""

    @functools.wraps(view)
    def cleaned(request, *args, **kwargs):
        xml_chars.without_forbidden_posted_text(request)
        return view(request, *args, **kwargs)

    return cleaned


class ScheduleIssueForm(forms.Form):
    """The time an edition goes out; past an empty page or an unapproved lead only with 仍然排期 and a reason."""

    publish_at = forms.SplitDateTimeField(label="发布时间（北京时间）", widget=BeijingSplitDateTime)
    override = forms.BooleanField(label="仍然排期", required=False)
    override_comment = forms.CharField(
        label="说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="为什么这一期带着上面的问题排期：会记入这一期的历史。",
    )

    def __init__(self, *args, readiness, **kwargs):
        super().__init__(*args, **kwargs)
        self.readiness = readiness

    def clean(self):
        cleaned = super().clean()
        comment = cleaned.get("override_comment", "").strip()
        cleaned["override_comment"] = ""
        if not self.readiness.needs_override:
            return cleaned
        problems = "；".join(self.readiness.blocking)
        if not cleaned.get("override"):
            raise ValidationError(f"这一期还不能排期：{problems}。如确需照此排期，请勾选“仍然排期”并写明理由。")
        # The page posts back the problems the editor saw: an override covers those, not ones found since.
        if self.data.get("flagged", "") != self.readiness.key:
            raise ValidationError(f"打开本页之后，这一期的情况有了变化：{problems}。请看清下面的检查结果再决定。")
        if not comment:
            raise ValidationError("勾选了“仍然排期”，请在“说明”中写明理由，它会记入这一期的历史。")
        cleaned["override_comment"] = comment
        return cleaned


def default_issue_time(issue):
    return timezone.make_aware(datetime.datetime.combine(issue.date, datetime.time(6, 0)))
