"""导出公众号: the admin page that shows a story's 公众号 HTML (articles/wechat.py) at phone width, to copy.

The same page serves the edition's 今日要闻 (editions/admin.py): `export_page` draws either.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from .. import wechat

# The width of the phone most 公众号 posts are read on (CSS pixels), and its height for the preview.
PHONE_WIDTH = 375
PHONE_HEIGHT = 667


def export_page(request, *, model_admin, title, html, breadcrumbs, not_published="", notes=()):
    """The export page: a phone-width preview, the HTML to copy and the button that copies it.

    `breadcrumbs` are (label, url) pairs after 首页; `not_published` says why readers cannot see it yet
    (shown on this page only, never in the HTML); `notes` are more lines for the newsroom.
    """
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "html": html,
        "preview_document": render_to_string("admin/articles/wechat_preview.html", {"html": html}),
        "breadcrumbs": breadcrumbs,
        "not_published": not_published,
        "notes": notes,
        "phone_width": PHONE_WIDTH,
        "phone_height": PHONE_HEIGHT,
    }
    return TemplateResponse(request, "admin/articles/wechat_export.html", context)


def not_published_note(article):
    if article.is_live():
        return ""
    return f"这篇稿件还没有对读者发布（{article.status_for_staff.label}），文末的原文链接发布后才能打开。"


class StoryExportView(View):
    """导出公众号 for one story: whoever may open the story in the admin, published or not."""

    model_admin = None

    def get(self, request, pk):
        story = self.model_admin.story_for(request, pk)
        article = wechat.story_for_export(story.pk)
        return export_page(
            request,
            model_admin=self.model_admin,
            title=f"导出公众号：{article.headline_text}",
            html=wechat.story_html(article),
            breadcrumbs=[
                ("稿件", reverse("admin:articles_article_changelist")),
                (article.headline_text, reverse("admin:articles_article_change", args=[article.pk])),
            ],
            not_published=not_published_note(article),
        )


def export_selected(model_admin, request, queryset):
    """The list's action: one story at a time, since each post is pasted on its own."""
    chosen = list(queryset.values_list("pk", flat=True)[:2])
    if len(chosen) != 1:
        model_admin.message_user(request, "导出公众号一次只能选择一篇稿件。", messages.WARNING)
        return None
    return redirect("admin:articles_article_wechat", chosen[0])
