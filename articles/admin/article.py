import enum

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

from core import clock
from core.versioning import VersionCheckedAdmin

from .. import policy, services
from ..models import Article, Byline, CaseStudy, Photo, PreviewLink, RefusedEdit, StatusChange
from ..people import name_of
from . import presence, proofreading, refused, wechat, workflow_views
from .concurrency import ConcurrentEditForm
from .full_text import FullTextSearchAdmin
from .parts import StoryPartInline


class BylineInline(StoryPartInline, admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]


class PhotoInline(StoryPartInline, admin.StackedInline):
    model = Photo
    extra = 0
    fields = ["position", "image", "caption", "alt_text", "credit"]


class CaseStudyInline(StoryPartInline, admin.StackedInline):
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


class StatusChangeInline(admin.TabularInline):
    """The story's way through review, newest first: read only."""

    model = StatusChange
    extra = 0
    verbose_name_plural = "审稿记录"
    fields = ["at_beijing", "by_name", "from_status", "to_status", "publish_at_beijing", "comment"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description="时间（北京时间）")
    def at_beijing(self, obj):
        return beijing_time(obj.at)

    @admin.display(description="操作人")
    def by_name(self, obj):
        return name_of(obj.by) if obj.by_id else "—"

    @admin.display(description="发布时间（北京时间）")
    def publish_at_beijing(self, obj):
        return beijing_time(obj.publish_at) if obj.publish_at else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by__person")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may open the story may read its history.
        return True


class ArticleForm(ConcurrentEditForm):
    class Meta:
        model = Article
        fields = [
            "kicker", "headline", "subheadline", "dateline", "body", "summary", "department", "kind",
            "page", "page_position", "is_page_lead", "area_left", "area_top", "area_width", "area_height",
            "publish_at",
        ]  # fmt: skip
        widgets = {
            "headline": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 80}),
        }


class RestoreArticleForm(ArticleForm):
    restore_reason = forms.CharField(
        label="恢复原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="会记入审稿记录，如：误删了第二段，恢复到编辑修改前的文字。",
    )


EDITOR_ONLY_FIELDS = ["page", "page_position", "is_page_lead", "area_left", "area_top", "area_width", "area_height"]
# What restoring a revision leaves as it is: the story's place in the workflow
# and on the page, and its edit counter (so that forms opened before stay stale).
KEPT_THROUGH_RESTORE = ["status", "publish_at", *EDITOR_ONLY_FIELDS, "version"]


COPIED_BACK_FIELDS = ["kicker", "headline", "subheadline", "dateline", "body", "summary"]


def beijing_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def record_restore(request, story, reason):
    """Restoring is an edit, and the review trail says who did it, to which version, and why."""
    version = request.restored_version
    if request.restoring is RestoreKind.RECOVER:
        what = "恢复已删除的稿件"
    else:
        saved = beijing_time(version.revision.date_created) if version else "更早"
        what = f"恢复到 {saved}（北京时间）保存的版本"
    StatusChange.objects.create(
        article=story,
        from_status=story.status,
        to_status=story.status,
        by=request.user,
        at=clock.now(),
        publish_at=story.publish_at,
        comment=f"{what}：{reason.strip()}",
    )


def refused_edit_to_copy_back(request, story):
    """The refused edit named by ?copy_back=, if this person may take it back into this story."""
    pk = request.GET.get("copy_back", "")
    if not pk.isdigit():
        return None
    refused = RefusedEdit.objects.filter(pk=pk, article=story, resolved=False).first()
    if refused is None or not (policy.is_editor(request.user) or refused.user_id == request.user.pk):
        return None
    return refused


def lost_on_delete(story):
    """What deleting the story loses for good: recovering brings back the rest."""
    losses = []
    if not Version.objects.get_for_object(story).exists():
        losses.append("这篇稿件没有保存过的版本，删除后无法恢复。")
    links = PreviewLink.objects.live().filter(article=story).count()
    if links:
        losses.append(f"{links} 个仍有效的预览链接将失效，恢复后也不会再生效。")
    refused = story.refused_edits.filter(resolved=False).count()
    if refused:
        losses.append(f"{refused} 份未合并的修改（因冲突未保存的内容）将一并删除。")
    return losses


class RestoreKind(enum.Enum):
    REVISION = "revision"
    RECOVER = "recover"


def keep_recovered_story_off_the_site(pk, user):
    """A deleted story comes back withdrawn if it was live: deleting took it down, recovering does not put it up."""
    story = Article.objects.get(pk=pk)
    if story.status in policy.TRANSITIONS["withdraw"][0]:
        # The workflow's own withdrawal, so the move is checked and recorded like any other.
        services.transition(
            article=story,
            action="withdraw",
            by=user,
            comment="从已删除稿件中恢复：删除前在读者端可见，恢复后为撤稿状态，需重新发布。",
        )


@admin.register(Article)
class ArticleAdmin(FullTextSearchAdmin, VersionCheckedAdmin, VersionAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "reversion/articles/article/object_history.html"
    list_display = [
        "headline_text",
        "kicker",
        "department",
        "kind",
        "status_label",
        "publish_at",
        "page_label",
        "updated_at",
    ]
    list_display_links = ["headline_text"]
    list_filter = ["status", "kind", "department", "page__issue"]
    list_select_related = ["department", "page__issue"]
    search_fields = ["headline", "kicker", "subheadline", "body", "bylines__person__name"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["department", "page"]
    inlines = [BylineInline, PhotoInline, CaseStudyInline, StatusChangeInline]
    readonly_fields = ["status_label", "created_by", "created_at", "updated_by", "updated_at"]
    actions = ["submit_selected", "approve_selected", "publish_selected", "withdraw_selected", "export_to_wechat"]
    fieldsets = [
        ("标题", {"fields": ["kicker", "headline", "subheadline"]}),
        ("正文", {"fields": ["dateline", "body", "summary"]}),
        ("归类", {"fields": ["department", "kind"]}),
        ("见报", {"fields": ["page", "page_position", "is_page_lead"]}),
        (
            "版面热区（占版面图宽高的比例，0–1）",
            {"classes": ["collapse"], "fields": [("area_left", "area_top", "area_width", "area_height")]},
        ),
        (
            "状态与发布（北京时间）",
            {"fields": ["status_label", "publish_at", "base_version", "seen_version", "overwrite_others"]},
        ),
        ("记录", {"classes": ["collapse"], "fields": [("created_by", "created_at"), ("updated_by", "updated_at")]}),
    ]

    class Media:
        js = [
            "articles/admin/ckeditor_csrf.js",
            "articles/admin/editing_heartbeat.js",
            "articles/admin/proofreading.js",
        ]
        css = {"all": ["articles/admin/proofreading.css"]}

    # --- who sees and edits what ---------------------------------------------------

    def get_queryset(self, request):
        return policy.openable_by(request.user, super().get_queryset(request))

    def story_for(self, request, pk):
        """The story `pk` if this person may open it here: 404 when it is not theirs to see at all, 403 otherwise."""
        story = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, story):
            raise PermissionDenied
        return story

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or policy.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or policy.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and policy.can_delete(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if getattr(request, "restoring", None) or not request.user.has_perm(policy.PUBLISH):
            fields += ["publish_at", *EDITOR_ONLY_FIELDS]
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(policy.REVIEW):
            actions.pop("approve_selected", None)
        if not request.user.has_perm(policy.PUBLISH):
            actions.pop("publish_selected", None)
            actions.pop("withdraw_selected", None)
        return actions

    # --- restoring and recovering: edits, never transitions ------------------------

    def recover_view(self, request, version_id, extra_context=None):
        if not policy.is_editor(request.user):
            raise PermissionDenied
        request.restoring = RestoreKind.RECOVER
        request.restored_version = Version.objects.filter(pk=version_id).select_related("revision").first()
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not policy.is_editor(request.user):
            raise PermissionDenied
        request.restoring = RestoreKind.REVISION
        request.restored_version = Version.objects.filter(pk=version_id).select_related("revision").first()
        request.kept_through_restore = Article.objects.filter(pk=object_id).values(*KEPT_THROUGH_RESTORE).first()
        return super().revision_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        restoring = getattr(request, "restoring", None)
        if restoring and object_id:
            # django-reversion has just written the old revision over the story, inside
            # the view's transaction; put back what only the workflow may move.
            if restoring is RestoreKind.REVISION and request.kept_through_restore:
                Article.objects.filter(pk=object_id).update(**request.kept_through_restore)
            elif restoring is RestoreKind.RECOVER:
                keep_recovered_story_off_the_site(object_id, request.user)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not policy.is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if getattr(request, "restoring", None):
            kwargs["form"] = RestoreArticleForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(request, "restoring", None):
            fieldsets = [("恢复这个版本", {"fields": ["restore_reason"]}), *fieldsets]
        return fieldsets

    def history_view(self, request, object_id, extra_context=None):
        # Revisions of a story are for those who may open the story, nobody else.
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    # --- deleting: everything comes back on recovery, or the page says what will not ---

    def delete_model(self, request, obj):
        # A last revision with the review trail, so that recovering brings the story back whole.
        with reversion.create_revision():
            reversion.add_to_revision(obj)
            for change in obj.status_changes.all():
                reversion.add_to_revision(change)
            reversion.set_user(request.user)
            reversion.set_comment("删除前的完整版本（含审稿记录）")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def render_delete_form(self, request, context):
        obj = context.get("object")
        if obj is not None:
            context["losses"] = lost_on_delete(obj)
        return super().render_delete_form(request, context)

    # --- saving --------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.status = Article.Status.DRAFT
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        proofreading.report_after_save(request, obj)
        if getattr(request, "restoring", None):
            record_restore(request, obj, form.cleaned_data["restore_reason"])
        copied = refused_edit_to_copy_back(request, obj)
        if copied is not None:
            copied.resolved = True
            copied.save(update_fields=["resolved"])

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        copied = refused_edit_to_copy_back(request, obj) if obj is not None and request.method == "GET" else None
        if copied is not None:
            # The refused text, back in the form to be checked and saved: nothing is stored until then.
            for name in COPIED_BACK_FIELDS:
                if isinstance(copied.data.get(name), str):
                    setattr(obj, name, copied.data[name])
        return obj

    def response_change(self, request, obj):
        presence.stop_editing(obj, request.user)
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and self.has_view_permission(request, article):
            extra_context.update(workflow_views.change_form_context(request, article))
            extra_context["refused_edits"] = refused.listing(request.user, article)
            extra_context.update(proofreading.panel_context(request, article))
            editable = self.has_change_permission(request, article)
            extra_context.update(presence.form_context(request, article, editable=editable))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/transition/<str:action>/",
                view(workflow_views.TransitionView.as_view(model_admin=self)),
                name=f"{prefix}_transition",
            ),
            path(
                "<int:pk>/compare/",
                view(workflow_views.CompareView.as_view(model_admin=self)),
                name=f"{prefix}_compare",
            ),
            path(
                "<int:pk>/heartbeat/",
                view(presence.HeartbeatView.as_view(model_admin=self)),
                name=f"{prefix}_heartbeat",
            ),
            path(
                "<int:pk>/refused/<int:edit_pk>/",
                view(refused.RefusedEditView.as_view(model_admin=self)),
                name=f"{prefix}_refused_edit",
            ),
            path(
                "<int:pk>/proofreading/fix/",
                view(proofreading.ApplyFixView.as_view(model_admin=self)),
                name=f"{prefix}_proof_fix",
            ),
            path(
                "<int:pk>/proofreading/acknowledge/",
                view(proofreading.AcknowledgeView.as_view(model_admin=self)),
                name=f"{prefix}_proof_acknowledge",
            ),
            path("<int:pk>/wechat/", view(wechat.StoryExportView.as_view(model_admin=self)), name=f"{prefix}_wechat"),
            path("<int:pk>/stop-editing/", view(presence.StopEditingView.as_view()), name=f"{prefix}_stop_editing"),
            path(
                "<int:pk>/preview-links/",
                view(workflow_views.IssuePreviewLinkView.as_view(model_admin=self)),
                name=f"{prefix}_preview_link_issue",
            ),
            path(
                "<int:pk>/preview-links/<int:link_pk>/revoke/",
                view(workflow_views.RevokePreviewLinkView.as_view(model_admin=self)),
                name=f"{prefix}_preview_link_revoke",
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, obj):
        # Until readers can see the story its public address is a 404: staff look at the preview instead.
        if obj.is_live():
            return obj.get_absolute_url()
        return reverse("preview:article", args=[obj.pk])

    # --- list ----------------------------------------------------------------------

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj):
        return obj.status_for_staff.label

    @admin.display(description="主题", ordering="headline")
    def headline_text(self, obj):
        return obj.headline_text

    @admin.display(description="版面", ordering="page__issue__date")
    def page_label(self, obj):
        return obj.page or "—"

    def _bulk_transition(self, request, queryset, action):
        done, refused = 0, 0
        label = services.ACTION_LABELS[action]
        for article in queryset:
            try:
                services.transition(article=article, action=action, by=request.user)
                done += 1
            except PermissionDenied:
                refused += 1
            except services.ValidationError as error:
                if not policy.can_transition(request.user, article, action):
                    refused += 1
                    continue
                # Allowed, but held back (校对): say which story and why.
                reason = " ".join(error.messages)
                self.message_user(request, f"“{article.headline_text}”未能{label}：{reason}", messages.WARNING)
        if done:
            self.message_user(request, f"{label}：{done} 篇。", messages.SUCCESS)
        if refused:
            self.message_user(
                request, f"{refused} 篇稿件当前状态不能{label}，或你没有这个权限，已跳过。", messages.WARNING
            )

    @admin.action(description="提交审核所选稿件")
    def submit_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "submit")

    @admin.action(description="审核通过所选稿件")
    def approve_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "approve")

    @admin.action(description="立即发布所选稿件")
    def publish_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "publish")

    @admin.action(description="撤下所选稿件")
    def withdraw_selected(self, request, queryset):
        self._bulk_transition(request, queryset, "withdraw")

    @admin.action(description="导出公众号（选一篇）")
    def export_to_wechat(self, request, queryset):
        return wechat.export_selected(self, request, queryset)
