"""
Previews: a draft exactly as readers will see it, for the people allowed to see it.

Signed-in staff who may see the story get /preview/<pk>/. To show a colleague
without an account, an editor makes a signed link that expires. Previews are
never cached and never indexed.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from . import policy
from .models import Article
from .views import ArticleDetailView

SIGNING_SALT = "articles.preview"


def signed_preview_url(article):
    token = signing.dumps({"pk": article.pk}, salt=SIGNING_SALT)
    return reverse("preview:signed", kwargs={"token": token})


def article_from_token(token):
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        raise Http404("预览链接无效或已过期。") from None
    return get_object_or_404(Article, pk=data.get("pk"))


class PreviewMixin:
    """Render the reader's page for one story, whatever its status."""

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.for_reading()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
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
        article = article_from_token(self.kwargs["token"])
        return self.get_queryset().get(pk=article.pk)
