"""Admin views around a story's review: status moves, revision comparison, preview links."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from reversion.models import Version

from .. import policy, preview, services
from ..diffing import field_changes, story_values
from ..models import Article, Byline, Person, PreviewLink
from ..people import name_of
from ..widgets import BeijingSplitDateTime


def change_form_context(request, article):
    """What the story's change form shows beside the fields: actions, preview, revisions."""
    actions = [
        (
            action,
            services.ACTION_LABELS[action],
            reverse("admin:articles_article_transition", args=[article.pk, action]),
        )
        for action in policy.allowed_actions(request.user, article)
    ]
    return {
        "workflow_actions": actions,
        "preview_url": reverse("preview:article", args=[article.pk]),
        **preview_links_context(request, article),
        "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
        "wechat_export_url": reverse("admin:articles_article_wechat", args=[article.pk]),
        "is_editor": policy.is_editor(request.user),
    }


def preview_links_context(request, article):
    """The story's live preview links with who made them, when and for which status; editors may revoke each."""
    links = PreviewLink.objects.live().filter(article=article).select_related("issued_by")
    return {
        "preview_links": [
            {
                "pk": link.pk,
                "url": request.build_absolute_uri(preview.link_url(link)),
                "issued_by": name_of(link.issued_by) if link.issued_by_id else "—",
                "issued_at": link.issued_at,
                "status": link.get_status_display(),
                "expires_at": link.expires_at,
                "revoke_url": reverse("admin:articles_article_preview_link_revoke", args=[article.pk, link.pk]),
            }
            for link in links
        ],
        "issue_preview_link_url": reverse("admin:articles_article_preview_link_issue", args=[article.pk]),
        "can_issue_preview_link": article.status != Article.Status.WITHDRAWN,
        "can_revoke_preview_links": policy.is_editor(request.user),
        "preview_link_days": settings.PREVIEW_LINK_MAX_AGE // 86400,
    }


class TransitionForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    publish_at = forms.SplitDateTimeField(label="发布时间（北京时间）", required=False, widget=BeijingSplitDateTime)


class TransitionView(View):
    model_admin = None
    template_name = "admin/articles/article/transition.html"

    def dispatch(self, request, pk, action):
        self.article = get_object_or_404(self.model_admin.get_queryset(request), pk=pk)
        if action not in services.ACTION_LABELS:
            raise Http404("没有这个操作。")
        if not policy.can_transition(request.user, self.article, action):
            raise PermissionDenied
        self.action = action
        return super().dispatch(request, pk, action)

    def get(self, request, pk, action):
        return self.render(TransitionForm(initial={"publish_at": self.article.publish_at}))

    def post(self, request, pk, action):
        form = TransitionForm(request.POST)
        if form.is_valid():
            try:
                services.transition(
                    article=self.article,
                    action=action,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    publish_at=form.cleaned_data["publish_at"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"“{self.article.headline_text}”已{services.ACTION_LABELS[action]}。")
                if self.model_admin.has_change_permission(request, Article.objects.get(pk=pk)):
                    return redirect("admin:articles_article_change", pk)
                return redirect("admin:articles_article_changelist")
        return self.render(form)

    def render(self, form):
        context = {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": Article._meta,
            "article": self.article,
            "action": self.action,
            "action_label": services.ACTION_LABELS[self.action],
            "form": form,
            "needs_time": self.action == "schedule",
            "needs_comment": self.action == "return",
            "title": f"{services.ACTION_LABELS[self.action]}：{self.article.headline_text}",
        }
        return TemplateResponse(self.request, self.template_name, context)


class CompareView(View):
    """What changed between two saved revisions of a story; an editor can restore either."""

    model_admin = None

    def get(self, request, pk):
        article = self.model_admin.story_for(request, pk)
        versions = list(Version.objects.get_for_object(article).select_related("revision__user"))
        by_id = {str(v.pk): v for v in versions}
        older = by_id.get(request.GET.get("from", "")) or (versions[1] if len(versions) > 1 else None)
        newer = by_id.get(request.GET.get("to", "")) or (versions[0] if versions else None)
        changes = []
        if older and newer:
            changes = field_changes(values_of(older), values_of(newer))
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "article": article,
            "versions": versions,
            "older": older,
            "newer": newer,
            "changes": changes,
            "can_restore": policy.is_editor(request.user),
            "title": f"比较版本：{article.headline_text}",
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


def values_of(version):
    """A revision of a story as comparable values: its fields, and the bylines and photos saved with it."""
    parts = []
    for other in version.revision.version_set.all():
        model = other.content_type.model
        if model in ("byline", "photo") and str(_fk(other.field_dict, "article")) == str(version.object_id):
            parts.append(("bylines" if model == "byline" else "photos", _part_text(model, other.field_dict)))
    values = story_values(version.field_dict, parts)
    values.setdefault("bylines", [])
    values.setdefault("photos", [])
    return values


def _fk(fields, name):
    # A revision names a foreign key by its column (person_id); older ones by the field (person).
    return fields.get(f"{name}_id", fields.get(name))


def _part_text(model, fields):
    if model == "photo":
        return fields.get("caption") or fields.get("alt_text") or fields.get("image", "")
    role = dict(Byline.Role.choices).get(fields.get("role"), fields.get("role"))
    person = Person.objects.filter(pk=_fk(fields, "person")).values_list("name", flat=True).first()
    return f"{role} {person or '（已删除的署名人）'}"


class IssuePreviewLinkView(View):
    """Whoever may open the story in the admin makes a link for a colleague, as the change form always offered."""

    model_admin = None
    http_method_names = ["post"]

    def post(self, request, pk):
        article = self.model_admin.story_for(request, pk)
        try:
            preview.issue_link(article=article, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "已生成预览链接，见“给同事的预览链接”。稿件状态一变，链接即失效。")
        return redirect("admin:articles_article_change", pk)


class RevokePreviewLinkView(View):
    """Only editors take a link back; the person holding it then sees "not found"."""

    model_admin = None
    http_method_names = ["post"]

    def post(self, request, pk, link_pk):
        if not policy.is_editor(request.user):
            raise PermissionDenied
        article = get_object_or_404(self.model_admin.get_queryset(request), pk=pk)
        link = get_object_or_404(PreviewLink, pk=link_pk, article=article)
        preview.revoke_link(link=link, by=request.user)
        messages.success(request, "预览链接已撤销，再打开它只会看到“页面不存在”。")
        return redirect("admin:articles_article_change", pk)
