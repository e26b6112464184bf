"""The 校对 panel's two buttons: 改为“…” (apply the engine's suggestion to the stored story) and 已核."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from .. import policy, proofreading
from ..models import Article


def panel_context(request, article):
    """What the story form's 校对 panel shows: the stored story's findings, checked as the page loads."""
    stored = Article.objects.get(pk=article.pk)  # the form may be showing refused text copied back
    return {
        **proofreading.panel(request.user, stored),
        "proof_fix_url": reverse("admin:articles_article_proof_fix", args=[article.pk]),
        "proof_acknowledge_url": reverse("admin:articles_article_proof_acknowledge", args=[article.pk]),
    }


def report_after_save(request, article):
    """Checks run on save too: what is left to do is said at once, beside 已保存."""
    blocking, open_ = proofreading.outstanding(article)
    if blocking:
        words = "、".join(dict.fromkeys(f"“{item.found}”" for item in blocking))
        messages.warning(request, f"校对：稿件中有禁用词{words}，删改后才能审核通过或排期。")
    elif open_:
        messages.warning(request, f"校对：还有 {len(open_)} 处提示待处理，见稿件的“校对”栏。")


class ProofActionView(View):
    """POST only; whoever may edit the story. Back to the story form with what happened, in Chinese."""

    model_admin = None
    http_method_names = ["post"]

    def post(self, request, pk):
        article = self.model_admin.story_for(request, pk)
        if not policy.can_edit(request.user, article):
            raise PermissionDenied
        try:
            _article, item = self.act(article=article, token=request.POST.get("finding", ""), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.done(item))
        return redirect(reverse("admin:articles_article_change", args=[pk]) + "#proofreading")


class ApplyFixView(ProofActionView):
    act = staticmethod(proofreading.apply_fix)

    def done(self, item):
        return f"已将“{item.found}”改为“{item.finding.suggestion}”，并保存为新版本。"


class AcknowledgeView(ProofActionView):
    act = staticmethod(proofreading.acknowledge)

    def done(self, item):
        return f"已核：“{item.found}”，已记入审稿记录。"
