"""
The admin pages 导入版面PDF and 版面区域确认: from the print desk's page PDFs to a reviewable edition.

Under /admin/ so that they look and are guarded like the admin: staff only,
CSRF, never cached; and editors only (editions/page_import.py may_review).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from . import page_import
from .models import Page, RegionProposal


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked as a file (Django's documented way)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportPagesForm(forms.Form):
    date = forms.DateField(label="出版日期", widget=forms.DateInput(attrs={"type": "date"}))
    files = MultipleFileField(
        label="版面PDF",
        help_text="每版一个PDF，或整期一个多页PDF。文件名含版次（如“第3版.pdf”“A03.pdf”）时按版次，否则按顺序。",
    )
    by_name = forms.BooleanField(label="按文件名中的版次排版", required=False, initial=True)

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files")
        if files:
            try:
                cleaned["pages"] = page_import.split_uploads(files, by_name=cleaned.get("by_name", False))
            except ValidationError as error:
                self.add_error("files", error)
        return cleaned


def _editors_only(request):
    if not page_import.may_review(request.user):
        raise PermissionDenied


def import_pages(request):
    _editors_only(request)
    form = ImportPagesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pages = page_import.import_edition(
                date=form.cleaned_data["date"], pages=form.cleaned_data["pages"], user=request.user
            )
        except page_import.PageImportError as error:
            form.add_error("files", str(error))
        else:
            found = sum(page.region_proposals.count() for page in pages)
            messages.success(request, f"已导入 {len(pages)} 个版面，识别出 {found} 篇稿件的区域。请逐版确认。")
            return redirect(reverse("page_import:review", args=[pages[0].pk]))
    context = {**admin.site.each_context(request), "title": "导入版面PDF", "form": form}
    return TemplateResponse(request, "admin/editions/import_pages.html", context)


def review(request, page_id):
    _editors_only(request)
    page = get_object_or_404(Page.objects.select_related("issue"), pk=page_id)
    proposals = list(page.region_proposals.select_related("article", "decided_by").order_by("position"))
    stories = list(page_import.stories_on(page))
    if request.method == "POST":
        _decide(request, page, proposals, stories)
        return redirect(reverse("page_import:review", args=[page.pk]))
    siblings = list(page.issue.pages.order_by("number").only("pk", "number", "name"))
    context = {
        **admin.site.each_context(request),
        "title": f"版面区域确认：{page}",
        "page": page,
        "proposals": proposals,
        "stories": stories,
        "siblings": siblings,
        "waiting": sum(p.decision == RegionProposal.Decision.PROPOSED for p in proposals),
    }
    return TemplateResponse(request, "admin/editions/review_regions.html", context)


def _decide(request, page, proposals, stories):
    by_id = {str(p.pk): p for p in proposals}
    story_by_id = {str(s.pk): s for s in stories}
    action, _, target = request.POST.get("action", "").partition(":")
    chosen = [by_id[target]] if target in by_id else []
    if action == "accept_all":
        chosen = [p for p in proposals if p.decision == RegionProposal.Decision.PROPOSED and p.article_id]
    elif action not in ("accept", "reject") or not chosen:
        messages.error(request, "请选择要处理的区域。")
        return
    done = 0
    for proposal in chosen:
        try:
            if action == "reject":
                page_import.reject(proposal, user=request.user)
            else:
                article = story_by_id.get(request.POST.get(f"article-{proposal.pk}", ""), proposal.article)
                page_import.accept(proposal, user=request.user, article=article)
            done += 1
        except page_import.PageImportError as error:
            messages.error(request, f"区域{proposal.position}：{error}")
    if done:
        verb = "不采用" if action == "reject" else "采用"
        messages.success(request, f"已{verb} {done} 个区域（{timezone.localtime():%H:%M}）。")
