from django.contrib import admin

from .. import policy
from ..models import Campaign, CaseStudy, KeyFigure, Lesson, Practice


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "slogan", "starts_on", "ends_on"]
    search_fields = ["name", "slogan"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "starts_on"


class PracticeInline(admin.StackedInline):
    model = Practice
    extra = 0
    fields = ["position", "lead", "text"]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ["position", "lead", "text"]


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0
    fields = ["position", "label", "value", "unit", "change"]


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["headline", "department", "campaign"]
    list_filter = ["campaign", "article__department"]
    list_select_related = ["article__department", "campaign"]
    search_fields = ["article__headline", "article__kicker", "opening"]
    autocomplete_fields = ["article", "campaign"]
    inlines = [PracticeInline, LessonInline, KeyFigureInline]
    fields = ["article", "campaign", "opening", "lessons_opening"]

    # A case study is part of its story: the story's edit rights apply.
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if policy.is_editor(request.user) else queryset.filter(article__created_by=request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or policy.can_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and policy.is_editor(request.user)

    @admin.display(description="主题", ordering="article__headline")
    def headline(self, obj):
        return obj.article.headline_text

    @admin.display(description="部门", ordering="article__department__name")
    def department(self, obj):
        return obj.article.department
