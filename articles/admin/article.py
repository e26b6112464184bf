from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from ..models import Article, Byline, CaseStudy, Photo


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 0
    fields = ["position", "image", "caption", "alt_text", "credit"]


class CaseStudyInline(admin.StackedInline):
    model = CaseStudy
    extra = 0
    max_num = 1
    fields = ["campaign", "opening", "lessons_opening", "structure_link"]
    readonly_fields = ["structure_link"]
    autocomplete_fields = ["campaign"]

    @admin.display(description="做法、启示与数据")
    def structure_link(self, obj):
        if not obj.pk:
            return "保存后可编辑主要做法、经验启示和关键数据。"
        url = reverse("admin:articles_casestudy_change", args=[obj.pk])
        return format_html('<a href="{}">编辑主要做法、经验启示和关键数据</a>', url)


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "kicker", "headline", "subheadline", "dateline", "body", "summary", "department", "kind",
            "page", "page_position", "is_page_lead", "area_left", "area_top", "area_width", "area_height",
            "status", "publish_at",
        ]  # fmt: skip
        widgets = {
            "headline": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm

    class Media:
        js = ["articles/admin/ckeditor_csrf.js"]

    list_display = ["headline_text", "kicker", "department", "kind", "status", "publish_at", "page_label", "updated_at"]
    list_display_links = ["headline_text"]
    list_filter = ["status", "kind", "department", "page__issue"]
    list_select_related = ["department", "page__issue"]
    search_fields = ["headline", "kicker", "subheadline", "body", "bylines__person__name"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["department", "page"]
    inlines = [BylineInline, PhotoInline, CaseStudyInline]
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    fieldsets = [
        ("标题", {"fields": ["kicker", "headline", "subheadline"]}),
        ("正文", {"fields": ["dateline", "body", "summary"]}),
        ("归类", {"fields": ["department", "kind"]}),
        ("见报", {"fields": ["page", "page_position", "is_page_lead"]}),
        (
            "版面热区（占版面图宽高的比例，0–1）",
            {"classes": ["collapse"], "fields": [("area_left", "area_top", "area_width", "area_height")]},
        ),
        ("发布", {"fields": ["status", "publish_at"]}),
        ("记录", {"classes": ["collapse"], "fields": [("created_by", "created_at"), ("updated_by", "updated_at")]}),
    ]

    @admin.display(description="主题", ordering="headline")
    def headline_text(self, obj):
        return obj.headline_text

    @admin.display(description="版面", ordering="page__issue__date")
    def page_label(self, obj):
        return obj.page or "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
