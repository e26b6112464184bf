"""
The public department pages: every department with its newest story, and one department's stories.

They live with the stories, not in departments/, because what they show is
stories: departments sit below articles in the import order and know nothing
of them. The URLs keep the `departments:` namespace (articles/department_urls.py).
"""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from core import paging
from departments.models import Department

from .models import Article

STORIES_PER_PAGE = 20


def latest_story_at():
    """When each department last had a story out, as a subquery: drafts and stories still to come do not count.

    The newest live story is the first row of the department's walk down its
    (department, publish_at) index, so the whole index page costs one short probe per
    department, where a count of its stories would read ten years of them.
    """
    latest = Article.objects.published().filter(department=OuterRef("pk")).order_by("-publish_at")
    return Subquery(latest.values("publish_at")[:1])


def grouped_by_level(departments):
    """市直部门, then 区属部门 by district, then 其他: [(title, [(district or "", [departments])])]."""
    groups = {level: {} for level in Department.Level}
    for department in departments:
        district = department.district if department.level == Department.Level.DISTRICT else ""
        groups[department.level].setdefault(district or "", []).append(department)
    return [(level.label, list(groups[level].items())) for level in Department.Level if groups[level]]


class DepartmentListView(ListView):
    template_name = "articles/department_list.html"
    context_object_name = "departments"
    reads_query = ()  # the query parameters the page depends on (core/caching.py keys cached pages on them)

    def get_queryset(self):
        return Department.objects.annotate(latest_story_at=latest_story_at()).order_by("district", "position", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = grouped_by_level(context["departments"])
        return context


class DepartmentDetailView(TemplateView):
    """A department and its published stories and case studies, newest first, a page at a time."""

    template_name = "articles/department_detail.html"
    reads_query = ("page",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = get_object_or_404(Department, slug=kwargs["slug"])
        stories = (
            Article.objects.published()
            .in_department(department)
            # What the list shows: its edition and page, and a case study's campaign; no bylines.
            .select_related("page__issue", "case_study__campaign")
            .order_by("-publish_at", "-id")
        )
        page = paging.list_page(
            stories, self.request.GET.get("page"), per_page=STORIES_PER_PAGE, base=department.get_absolute_url()
        )
        context.update(
            department=department,
            articles=page.object_list,
            page_obj=page,
            canonical_path=page.url,
        )
        return context
