from django.contrib import admin

from core.versioning import VersionCheckedAdmin, VersionCheckedForm

from ..models import Campaign, CaseStudy, KeyFigure, Lesson, Practice
from .parts import StoryPartAdmin, StoryPartForm, StoryPartInline


@admin.register(Campaign)
class CampaignAdmin(VersionCheckedAdmin, admin.ModelAdmin):
    list_display = ["name", "slogan", "starts_on", "ends_on"]
    search_fields = ["name", "slogan"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "starts_on"


class PracticeInline(StoryPartInline, admin.StackedInline):
    model = Practice
    extra = 0
    fields = ["position", "lead", "text"]


class LessonInline(StoryPartInline, admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ["position", "lead", "text"]


class KeyFigureInline(StoryPartInline, admin.TabularInline):
    model = KeyFigure
    extra = 0
    fields = ["position", "label", "value", "unit", "change"]


class CaseStudyForm(StoryPartForm, VersionCheckedForm):
    pass


@admin.register(CaseStudy)
class CaseStudyAdmin(StoryPartAdmin, VersionCheckedAdmin, admin.ModelAdmin):
    form = CaseStudyForm
    list_display = ["headline", "department", "campaign"]
    list_filter = ["campaign", "article__department"]
    list_select_related = ["article__department", "campaign"]
    search_fields = ["article__headline", "article__kicker", "opening"]
    autocomplete_fields = ["article", "campaign"]
    inlines = [PracticeInline, LessonInline, KeyFigureInline]
    fields = ["article", "campaign", "opening", "lessons_opening"]

    @admin.display(description="主题", ordering="article__headline")
    def headline(self, obj):
        return obj.article.headline_text

    @admin.display(description="部门", ordering="article__department__name")
    def department(self, obj):
        return obj.article.department
