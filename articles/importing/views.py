"""
The admin page 导入文本: paste or upload text copied from the print layout,
check the repaired story beside the raw text, and save it as a draft.
"""

from functools import cache
from pathlib import Path

from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.models import Byline
from articles.proofreading import check_imported

from .forms import PasteForm, SaveForm, initial_for
from .saving import save_draft
from .structure import parse_story

TEMPLATE = Path(__file__).resolve().parent / "templates" / "import_text.html"


@cache
def _template():
    # This package is not an app, so its template is read from beside it.
    return engines["django"].from_string(TEMPLATE.read_text(encoding="utf-8"))


@permission_required("articles.add_article", raise_exception=True)
def import_text(request):
    paste_form, save_form, story = PasteForm(), None, None
    if request.method == "POST" and "save" in request.POST:
        save_form = SaveForm(request.POST)
        story = parse_story(request.POST.get("raw", ""))
        if save_form.is_valid():
            article = _save(request, save_form)
            messages.success(request, f"已保存为草稿：{article.headline_text}。请核对后再提交审核。")
            if article.unlisted_bylines:
                names = "、".join(article.unlisted_bylines)
                messages.warning(
                    request, f"署名人名单中没有“{names}”，这些署名没有加上；请编辑把他们加入名单后再补上署名。"
                )
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
    elif request.method == "POST":
        paste_form = PasteForm(request.POST, request.FILES)
        if paste_form.is_valid():
            raw = paste_form.cleaned_data["raw"]
            story = parse_story(raw)
            save_form = SaveForm(initial=initial_for(story, raw))
    context = {
        **admin.site.each_context(request),
        "title": "导入文本",
        "paste_form": paste_form,
        "save_form": save_form,
        "story": story,
        "raw": save_form["raw"].value() if save_form else "",
        "blocks": story.body_blocks() if story else [],
        "bylines": [(b["name"], Byline.Role(b["role"]).label) for b in story.bylines] if story else [],
        # 校对 on the parsed story, to read before saving (fixed in the form after saving).
        "findings": check_imported(story) if story else [],
    }
    return TemplateResponse(request, _template(), context)


def _save(request, form):
    data = form.cleaned_data
    return save_draft(
        story=form.story,
        headline=data["headline"],
        kicker=data["kicker"],
        subheadline=data["subheadline"],
        department=data["department"],
        kind=data["kind"],
        campaign=data["campaign"],
        by=request.user,
    )
