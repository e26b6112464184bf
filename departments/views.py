from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article

from .models import Department

STORIES_PER_PAGE = 20


def published_story_count():
    """A subquery counting each department's live stories, so that drafts never show in the counts."""
    counts = (
        Article.objects.published()
        .filter(department=OuterRef("pk"))
        .order_by()
        .values("department")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def grouped_by_level(departments):
    """市直部门, then 区属部门 by district, then 其他: [(title, [(district or "", [departments])])]."""
    groups = {level: {} for level in Department.Level}
    for department in departments:
        district = department.district if department.level == Department.Level.DISTRICT else ""
        groups[department.level].setdefault(district or "", []).append(department)
    return [(level.label, list(groups[level].items())) for level in Department.Level if groups[level]]


class DepartmentListView(ListView):
    template_name = "departments/department_list.html"
    context_object_name = "departments"

    def get_queryset(self):
        return Department.objects.annotate(story_count=published_story_count()).order_by("district", "position", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = grouped_by_level(context["departments"])
        return context


class DepartmentDetailView(ListView):
    """A department and its published stories and case studies, newest first, a page at a time."""

    template_name = "departments/department_detail.html"
    context_object_name = "articles"
    paginate_by = STORIES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.department = get_object_or_404(Department, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Article.objects.published()
            .in_department(self.department)
            .for_listing()
            .select_related("case_study__campaign")
            .order_by("-publish_at", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        canonical = self.department.get_absolute_url()
        if page.number > 1:
            canonical += f"?page={page.number}"
        context.update(department=self.department, canonical_path=canonical)
        return context
