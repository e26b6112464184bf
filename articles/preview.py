"""
Previews: a draft exactly as readers will see it, for the people allowed to see it.

Signed-in staff who may see the story get /preview/<pk>/. To show a colleague
without an account, whoever may open the story in the admin makes a preview
link: a recorded grant (PreviewLink) for the story in its status of the
moment. The link opens the story until it expires, an editor revokes it, or
the story moves on (submitted, returned, approved, published, withdrawn…); a
withdrawn story is never shown by link. Previews are never cached and never
indexed.
"""

import datetime
import zlib

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from core import clock
from core.publishing import LIVE_STATUSES

from . import policy
from .models import Article, PreviewLink
from .views import ArticleDetailView

# Not the salt of the old {"pk": …} links, so none of those opens a story any more.
SIGNING_SALT = "articles.preview-link"
# The largest id a BigAutoField holds. Django already finds nothing past it, but
# whether a token has the one accepted shape is decided here, not by the database.
MAX_ID = 2**63 - 1
NOT_FOUND = "预览链接无效、已过期或已被撤销。"


@transaction.atomic
def issue_link(*, article: Article, by) -> PreviewLink:
    """Record a preview link for the story as it stands; raise ValidationError for a withdrawn story."""
    # Locked as services.transition locks it, so the status and its latest move are read together.
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status == Article.Status.WITHDRAWN:
        raise ValidationError("已撤稿的稿件不能生成预览链接。")
    now = clock.now()
    return PreviewLink.objects.create(
        article=article,
        status=article.status,
        last_move=article.status_changes.order_by("-pk").first(),
        issued_by=by,
        issued_at=now,
        expires_at=now + datetime.timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE),
    )


def revoke_link(*, link: PreviewLink, by) -> None:
    if not policy.is_editor(by):
        raise PermissionDenied("只有编辑可以撤销预览链接。")
    PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=clock.now(), revoked_by=by)


def link_url(link: PreviewLink) -> str:
    # No timestamp in the token: expiry is the link's own, so the address stays the same each time it is shown.
    token = signing.Signer(salt=SIGNING_SALT).sign_object({"link": link.pk, "status": link.status})
    return reverse("preview:signed", kwargs={"token": token})


def _granted(token):
    """The (link id, status) a token names, or None for anything not exactly that shape."""
    try:
        payload = signing.Signer(salt=SIGNING_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, zlib.error, RecursionError):
        # ValueError covers bad base64, bad JSON and numbers too long to read.
        return None
    # A valid signature proves only that this site signed it with this salt, not that it signed this shape.
    if not isinstance(payload, dict) or payload.keys() != {"link", "status"}:
        return None
    link_id, status = payload["link"], payload["status"]
    if type(link_id) is not int or not 0 < link_id <= MAX_ID:
        return None
    if not isinstance(status, str) or status not in Article.Status.values:
        return None
    return link_id, status


def article_from_token(token):
    granted = _granted(token)
    if granted is None:
        raise Http404(NOT_FOUND)
    link_id, status = granted
    live = PreviewLink.objects.live().filter(pk=link_id, status=status).values("article")
    return get_object_or_404(Article.objects.for_reading(), pk__in=live)


def goes_live_at(article):
    """When readers will see the story as things stand, or None while its (or its edition's) time is not set."""
    if article.status not in LIVE_STATUSES or article.publish_at is None:
        return None
    if article.page_id is None:
        return article.publish_at
    issue = article.page.issue
    if issue.status not in LIVE_STATUSES or issue.publish_at is None:
        return None
    return max(article.publish_at, issue.publish_at)


def banner(article):
    """What the preview's banner tells staff: whether readers see the story yet, its status, and when they will."""
    live = article.is_live()
    waiting_for_issue = not live and article.status in LIVE_STATUSES and goes_live_at(article) is None
    return {
        "live": live,
        "title": "预览 · 已发布" if live else "预览 · 未发布",
        "status": article.status_for_staff.label,
        "goes_live_at": None if live else goes_live_at(article),
        "issue": article.page.issue if waiting_for_issue and article.page_id else None,
        "public_url": article.get_absolute_url() if live else None,
    }


class PreviewMixin:
    """Render the reader's page for one story, whatever its status."""

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.for_reading()

    def get_object(self, queryset=None):
        # Any story, whatever its status: the reader's page finds only live ones.
        return DetailView.get_object(self, queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        context["preview_banner"] = banner(self.object)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class StaffPreviewView(PreviewMixin, ArticleDetailView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not policy.can_view(self.request.user, article):
            raise Http404("没有这篇稿件，或你无权预览。")
        return article


class SignedPreviewView(PreviewMixin, ArticleDetailView):
    def get_object(self, queryset=None):
        return article_from_token(self.kwargs["token"])
