"""
The API's endpoints: thin views over visibility.py (what the key may see), ninjs.py (the items) and
feed.py (the changes feed). Who may ask, and how often, is the partners app's (REST_FRAMEWORK
defaults in settings); every answer depends on the key, so none is shared by caches.
"""

import datetime

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Campaign
from core import clock
from departments.models import Department

from . import cursors, feed, listing, ninjs, queries, schema  # noqa: F401 (schema registers the key's security scheme)
from .visibility import editions_for, stories_for

NINJS = "一个符合 IPTC ninjs 3.1 JSON Schema 的条目（http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json）。"
PAGE_OF_ITEMS = "一页条目：items 为 ninjs 3.1 条目，next 为下一页的游标（没有下一页时为 null）。"
NOT_FOUND = {
    "story": "没有这篇稿件，或它还不能通过接口获取（未发布、已撤稿或已删除）。",
    "edition": "没有这一期，或它还不能通过接口获取。",
    "page": "这一期没有这一版。",
}


def _item(description=NINJS):
    return {200: OpenApiResponse(OpenApiTypes.OBJECT, description=description)}


class PartnerView(APIView):
    """Answers for one key only: private to it, and varying with the headers a key is sent in."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Authorization", "X-Api-Key"))
        return response


class StoryView(PartnerView):
    @extend_schema(
        operation_id="story",
        summary="一篇稿件",
        responses=_item(),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
    )
    def get(self, request, id):
        now = clock.now()
        story = queries.for_item(stories_for(request.auth, now)).filter(pk=id).first()
        if story is None:
            raise NotFound(NOT_FOUND["story"])
        return Response(ninjs.story_item(story, now=now))


class StoryListView(PartnerView):
    @extend_schema(
        operation_id="stories",
        summary="稿件列表（新的在前）",
        responses=_item(PAGE_OF_ITEMS),
        parameters=[
            OpenApiParameter("cursor", str, description="上一页返回的 next 值"),
            OpenApiParameter("department", str, description="只列出这个部门（部门的 slug）的稿件"),
        ],
    )
    def get(self, request):
        now = clock.now()
        stories = stories_for(request.auth, now)
        slug = request.query_params.get("department")
        if slug is not None:
            department = Department.objects.filter(slug=slug).first()
            if department is None:
                raise ValidationError({"department": "没有这个部门：请使用 /api/v1/departments/ 列出的 slug。"})
            stories = stories.in_department(department)
        page, next_cursor = listing.newest_first(queries.for_items(stories), request.query_params.get("cursor"))
        return Response({"items": [ninjs.story_item(story, now=now) for story in page], "next": next_cursor})


class EditionListView(PartnerView):
    @extend_schema(
        operation_id="editions",
        summary="期次列表（新的在前）",
        responses=_item(PAGE_OF_ITEMS),
        parameters=[OpenApiParameter("cursor", str, description="上一页返回的 next 值")],
    )
    def get(self, request):
        now = clock.now()
        editions, next_cursor = listing.editions_newest_first(
            editions_for(request.auth, now), request.query_params.get("cursor")
        )
        items = [ninjs.edition_item(issue, None, now=now) for issue in editions]
        return Response({"items": items, "next": next_cursor})


def _edition(request, date, now):
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError:
        raise NotFound(NOT_FOUND["edition"]) from None
    issue = editions_for(request.auth, now).filter(date=day).first()
    if issue is None:
        raise NotFound(NOT_FOUND["edition"])
    return issue


class EditionView(PartnerView):
    @extend_schema(
        operation_id="edition",
        summary="一期报纸及其各版（版面图、PDF、稿件区域）",
        responses=_item(),
        parameters=[OpenApiParameter("date", str, OpenApiParameter.PATH, description="出版日期，如 2024-03-15")],
    )
    def get(self, request, date):
        now = clock.now()
        issue = _edition(request, date, now)
        pages = list(issue.pages.order_by("number"))
        for page in pages:
            page.issue = issue
        placed = queries.on_pages(pages, stories_for(request.auth, now))
        return Response(ninjs.edition_item(issue, [(page, placed[page.pk]) for page in pages], now=now))


class PageView(PartnerView):
    @extend_schema(
        operation_id="page",
        summary="一期中的一版",
        responses=_item(),
        parameters=[
            OpenApiParameter("date", str, OpenApiParameter.PATH, description="出版日期，如 2024-03-15"),
            OpenApiParameter("number", int, OpenApiParameter.PATH, description="版次"),
        ],
    )
    def get(self, request, date, number):
        now = clock.now()
        issue = _edition(request, date, now)
        page = issue.pages.filter(number=number).first()
        if page is None:
            raise NotFound(NOT_FOUND["page"])
        page.issue = issue
        placed = queries.on_pages([page], stories_for(request.auth, now))
        return Response(ninjs.page_item(page, placed[page.pk], now=now))


class DepartmentListView(PartnerView):
    @extend_schema(
        operation_id="departments", summary="全部部门", responses=_item("items 为全部部门，每个是一个 ninjs 3.1 条目。")
    )
    def get(self, request):
        return Response({"items": [ninjs.department_item(department) for department in Department.objects.all()]})


class CampaignListView(PartnerView):
    @extend_schema(
        operation_id="campaigns",
        summary="全部专项活动",
        responses=_item("items 为全部专项活动，每个是一个 ninjs 3.1 条目。"),
    )
    def get(self, request):
        return Response({"items": [ninjs.campaign_item(campaign) for campaign in Campaign.objects.all()]})


class ChangesView(PartnerView):
    @extend_schema(
        operation_id="changes",
        summary="变更流：增量同步",
        description=(
            "按单调递增的游标列出稿件的变更，每页最多 50 条。每个条目是稿件当前的样子："
            "可以获取的稿件给出完整条目，撤稿或删除的稿件给出墓碑（pubStatus 为 canceled，只有 uri），"
            "合作方应据此删除本地副本。把返回的 next 作为下一次请求的 since；hasMore 为 false 时已同步到最新。"
        ),
        responses=_item("items 为 ninjs 3.1 条目或墓碑，next 为下一次请求的 since，hasMore 表示是否还有下一页。"),
        parameters=[OpenApiParameter("since", str, description="上一次返回的 next 值；不带则从头同步")],
    )
    def get(self, request):
        now = clock.now()
        since = request.query_params.get("since")
        try:
            after = cursors.decode(since) if since else feed.start(request.auth)
        except cursors.BadCursor as error:
            raise ValidationError({"since": str(error)}) from None
        if after.embargo != (feed.start(request.auth).embargo):
            raise ValidationError({"since": "此密钥的禁发权限已变更，旧游标不再适用：请不带 since 从头同步。"})
        items, position, more = feed.changes_page(request.auth, after, now=now)
        response = Response({"items": items, "next": cursors.encode(position), "hasMore": more})
        modified = [position.listed_at] + [
            datetime.datetime.fromisoformat(item["versionCreated"]) for item in items if "versionCreated" in item
        ]
        if items:
            response["Last-Modified"] = http_date(max(modified).timestamp())
        return response
