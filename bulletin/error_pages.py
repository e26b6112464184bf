"""
403 and 404 pages: inside the newsroom's screens in the admin's look, saying what
the person may do instead; everywhere else the public site's own pages.

Django's own messages for these errors (a missing object, a resolver miss) are
English and meant for developers, so a message is shown only when one of our
views wrote it in Chinese.
"""

import re

from django.contrib import admin
from django.template.response import TemplateResponse
from django.views import defaults

from articles import policy
from articles.models import Article
from core.http.security import STAFF_PATH_PREFIXES

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# How a reporter is told where a story stands when only an editor may touch it.
STANDING = {
    Article.Status.SUBMITTED: "已提交审核",
    Article.Status.APPROVED: "已审核通过",
    Article.Status.SCHEDULED: "已排期",
    Article.Status.PUBLISHED: "已发布",
    Article.Status.WITHDRAWN: "已撤稿",
}


def in_newsroom(request):
    return request.path.startswith(STAFF_PATH_PREFIXES)


def permission_denied(request, exception):
    if not in_newsroom(request):
        return defaults.permission_denied(request, exception)
    context = {"reason": _written_for_people(exception) or _why_not(request), "title": "没有权限"}
    return _render(request, "admin/403.html", context, status=403)


def page_not_found(request, exception):
    if not in_newsroom(request):
        return defaults.page_not_found(request, exception)
    context = {"reason": _written_for_people(exception), "title": "没有找到这个页面"}
    return _render(request, "admin/404.html", context, status=404)


def _render(request, template, context, status):
    context = {
        **admin.site.each_context(request),
        **context,
        "is_editor": request.user.is_authenticated and policy.is_editor(request.user),
    }
    response = TemplateResponse(request, template, context, status=status)
    return response.render()


def _written_for_people(exception):
    message = exception.args[0] if exception and exception.args else None
    return message if isinstance(message, str) and CHINESE.search(message) else ""


def _why_not(request):
    """For a reporter turned away from a story: where the story stands and who may act on it."""
    story = _story_in_url(request)
    user = request.user
    if story is None or not user.is_authenticated or policy.is_editor(user):
        return ""
    if not policy.is_author(user, story):
        return "这是其他同事的稿件，只有作者本人和编辑可以打开和修改。"
    if story.status == Article.Status.DRAFT:
        return "这一步只有编辑可以操作。"
    standing = "已发布" if story.is_live() else STANDING.get(story.status, "")
    return f"这篇稿件{standing}，只有编辑可以修改。"


def _story_in_url(request):
    match = request.resolver_match
    if match is None or not (match.url_name or "").startswith("articles_article_"):
        return None
    if match.url_name == "articles_article_recover":  # its argument is a revision, not a story
        return None
    pk = match.kwargs.get("pk") or match.kwargs.get("object_id") or (match.args[0] if match.args else None)
    if not str(pk).isdigit():
        return None
    return Article.objects.filter(pk=pk).first()
