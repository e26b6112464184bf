import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms.fields import InvalidJSONInput
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from articles import areas, policy
from articles.admin.parts import NOT_YOURS, record_story_change
from articles.admin.wechat import export_page
from articles.models import Article
from articles.renditions import page_rendition_set
from core.versioning import VersionCheckedAdmin, VersionCheckedForm

from . import wechat_digest
from .models import Issue, Page


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["number", "name", "editor", "pdf", "image"]
    autocomplete_fields = ["editor"]
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(VersionCheckedAdmin, admin.ModelAdmin):
    list_display = ["date", "number", "total_number", "status", "publish_at", "page_count"]
    list_filter = ["status"]
    search_fields = ["date", "number", "total_number"]
    date_hierarchy = "date"
    inlines = [PageInline]
    change_form_template = "admin/editions/issue/change_form.html"
    actions = ["export_digest_to_wechat"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    @admin.display(description="版数", ordering="page_count")
    def page_count(self, obj):
        return obj.page_count

    # --- 今日要闻 for the 公众号 (editions/wechat_digest.py) ---------------------------

    def may_export_digest(self, request):
        # The digest names every story that goes out, whoever wrote it: the desk's, not a reporter's.
        return policy.is_editor(request.user) and self.has_view_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.may_export_digest(request):
            actions.pop("export_digest_to_wechat", None)
        return actions

    @admin.action(description="导出今日要闻（公众号，选一期）")
    def export_digest_to_wechat(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True)[:2])
        if len(chosen) != 1:
            self.message_user(request, "导出今日要闻一次只能选择一期。", messages.WARNING)
            return None
        return redirect("admin:editions_issue_wechat", chosen[0])

    def digest_view(self, request, pk):
        if not self.may_export_digest(request):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=pk)
        digest = wechat_digest.digest(issue)
        left_out = digest.left_out
        notes = [f"未列入（未审定或已撤稿）：{page}《{headline}》（{status}）" for page, headline, status in left_out]
        not_published = ""
        if not issue.is_live():
            not_published = f"这一期还没有对读者发布（{issue.get_status_display()}），文中的链接发布后才能打开。"
        return export_page(
            request,
            model_admin=self,
            title=f"导出今日要闻：{wechat_digest.issue_title(issue)}",
            html=digest.html,
            breadcrumbs=[
                ("期次", reverse("admin:editions_issue_changelist")),
                (str(issue), reverse("admin:editions_issue_change", args=[issue.pk])),
            ],
            not_published=not_published,
            notes=notes,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_export_digest": self.may_export_digest(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wechat = path(
            "<int:pk>/wechat/",
            self.admin_site.admin_view(self.digest_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_wechat",
        )
        return [wechat, *super().get_urls()]


class PlacementFormSet(BaseInlineFormSet):
    """A story's order, lead and area on the page change what readers see: the story's edit rights apply."""

    editing_user = None

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.has_changed() and not policy.can_edit(self.editing_user, form.instance):
                raise ValidationError(f"“{form.instance.headline_text}”：{NOT_YOURS}")


class AreaPolygonField(forms.JSONField):
    """A story's outline as page_areas.js writes it: JSON in a hidden input, where junk is a form error, never a 500."""

    widget = forms.HiddenInput
    # 400 rounded points take under 8,000 characters; anything much longer is not an outline worth parsing.
    max_chars = 20_000
    default_error_messages = {"invalid": "版面热区的多边形数据无法识别，请在版面图上重新画。"}

    def _parse(self, text):
        if len(text) > self.max_chars:
            raise ValidationError(f"版面热区的多边形需要 3 到 {areas.MAX_POINTS} 个顶点。", code="invalid")
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # bad JSON, an integer of thousands of digits, [[[[… nested too deep
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def to_python(self, value):
        if self.disabled or value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        return self._parse(value)

    def bound_data(self, data, initial):
        # Redrawn after an error: what was sent if it parses, else the stored outline, which the script can draw.
        if self.disabled or data is None:
            return super().bound_data(data, initial)
        try:
            return self._parse(data)
        except ValidationError:
            return initial if initial is not None else InvalidJSONInput("")

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


class PlacementForm(VersionCheckedForm):
    # The page's form saves only the rows that changed; a story edited meanwhile matters only if its row did.
    only_when_changed = True
    # Checked by Article.clean() (articles/areas.py), which also keeps the rectangle fields its bounding box.
    area_polygon = AreaPolygonField(label="热区多边形", required=False)

    def clean(self):
        # A hidden input has no cell in the tabular inline to show its error in: show it on the row instead.
        polygon_errors = self._errors.pop("area_polygon", None) if self._errors else None
        if polygon_errors:
            self.add_error(None, polygon_errors.as_data())
        return super().clean()


class PlacementInline(admin.TabularInline):
    """The stories placed on a page: their order, the lead, and their area on the page image."""

    model = Article
    fk_name = "page"
    extra = 0
    verbose_name = "见报稿件"
    verbose_name_plural = "本版稿件"
    form = PlacementForm
    fields = [
        "headline",
        "status_label",
        "base_version",
        "seen_version",
        "overwrite_others",
        "page_position",
        "is_page_lead",
        "area_left",
        "area_top",
        "area_width",
        "area_height",
        "area_polygon",
    ]
    readonly_fields = ["headline", "status_label"]
    ordering = ["page_position", "id"]
    show_change_link = True
    can_delete = False
    formset = PlacementFormSet

    def get_queryset(self, request):
        # A reporter looking at a page sees the live stories on it and their own, never a colleague's draft.
        # The edition comes along: each row's status depends on whether it is live.
        return policy.listed_for(request.user, super().get_queryset(request)).select_related("page__issue")

    @admin.display(description="状态")
    def status_label(self, obj):
        return obj.status_for_staff.label

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.editing_user = request.user
        return formset

    def has_add_permission(self, request, obj=None):
        # Stories join a page from their own form (field 版面), never created empty here.
        return False


@admin.register(Page)
class PageAdmin(VersionCheckedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "name", "editor"]
    list_filter = ["issue__status", "name"]
    list_select_related = ["issue", "editor"]
    search_fields = ["name", "issue__date"]
    autocomplete_fields = ["issue", "editor"]
    fields = ["issue", "number", "name", "editor", "pdf", "image", "area_editor"]
    readonly_fields = ["area_editor"]
    inlines = [PlacementInline]

    class Media:
        # Editors draw a story's area on the page image (a rectangle or a polygon) to fill its area fields.
        css = {"all": ["editions/admin/page_areas.css"]}
        js = ["editions/admin/page_areas.js"]

    @admin.display(description="版面热区")
    def area_editor(self, obj):
        picture = page_rendition_set(obj) if obj else None
        if picture is None:
            return "上传版面图并保存后，可以在图上为本版每篇稿件画出热区。"
        return format_html(
            '<div class="page-area-editor" tabindex="-1">'
            '<p class="page-area-editor__status" role="status" aria-live="polite">'
            "在下方“本版稿件”中点“在版面图上画热区”，再在图上拖出矩形，或改用多边形逐点画出；"
            "点“清除”去掉热区。保存后生效。</p>"
            '<div class="page-area-editor__canvas"><img src="{}" width="{}" height="{}" alt="{}版面图"></div>'
            "</div>",
            picture.largest.url,
            picture.largest.width,
            picture.largest.height,
            obj,
        )

    def history_view(self, request, object_id, extra_context=None):
        # A page's history names the stories moved on it, drafts among them: editors only.
        if not policy.is_editor(request.user):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for story, fields in getattr(formset, "changed_objects", []):
            if isinstance(story, Article):
                labels = "、".join(str(Article._meta.get_field(name).verbose_name) for name in fields)
                record_story_change(request.user, story, f"在{form.instance}上修改了{labels}")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            # Make the reader's renditions now, so the first reader does not wait for them.
            page_rendition_set(obj)
