from django.contrib import admin
from django.db.models import Count

from articles.models import Article

from .models import Issue, Page


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["number", "name", "editor", "pdf", "image"]
    autocomplete_fields = ["editor"]
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["date", "number", "total_number", "status", "publish_at", "page_count"]
    list_filter = ["status"]
    search_fields = ["date", "number", "total_number"]
    date_hierarchy = "date"
    inlines = [PageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    @admin.display(description="版数", ordering="page_count")
    def page_count(self, obj):
        return obj.page_count


class PlacementInline(admin.TabularInline):
    """The stories placed on a page: their order, the lead, and their area on the page image."""

    model = Article
    fk_name = "page"
    extra = 0
    verbose_name = "见报稿件"
    verbose_name_plural = "本版稿件"
    fields = [
        "headline",
        "status",
        "page_position",
        "is_page_lead",
        "area_left",
        "area_top",
        "area_width",
        "area_height",
    ]
    readonly_fields = ["headline", "status"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Stories join a page from their own form (field 版面), never created empty here.
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "name", "editor"]
    list_filter = ["issue__status", "name"]
    list_select_related = ["issue", "editor"]
    search_fields = ["name", "issue__date"]
    autocomplete_fields = ["issue", "editor"]
    inlines = [PlacementInline]
