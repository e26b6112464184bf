"""
Who else is editing a story, told both ways while the form is open.

Only a person for whom the story's form is editable counts as editing: a
read-only view records nothing. The open form reports in every
EDITING_HEARTBEAT_SECONDS and learns who else is editing; when the tab closes
it sends a beacon that ends its presence. A form that stops reporting without
a beacon (a crash, a lost connection) drops out after two missed heartbeats.
"""

import dataclasses
import datetime

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View

from core import clock

from ..models import EditingSession
from ..people import name_of

# Slack beyond two heartbeats for a slow request or a busy browser tab.
GRACE = datetime.timedelta(seconds=10)


def heartbeat_interval():
    return datetime.timedelta(seconds=settings.EDITING_HEARTBEAT_SECONDS)


def presence_timeout():
    return 2 * heartbeat_interval() + GRACE


@dataclasses.dataclass(frozen=True)
class Editor:
    name: str
    started_at: datetime.datetime

    @property
    def text(self):
        return f"{self.name} 自 {timezone.localtime(self.started_at):%H:%M}（北京时间）起也在编辑这篇稿件。"


def record_editing(article, user):
    """Note that `user` has the story's form open and editable; return the moment recorded."""
    now = clock.now()
    session, created = EditingSession.objects.get_or_create(
        article=article, user=user, defaults={"started_at": now, "last_seen_at": now}
    )
    if not created:
        if now - session.last_seen_at > presence_timeout():
            session.started_at = now
        session.last_seen_at = now
        session.save(update_fields=["started_at", "last_seen_at"])
    return now


def others_editing(article, user):
    """Who else has the story open for editing now, longest first."""
    cutoff = clock.now() - presence_timeout()
    sessions = (
        EditingSession.objects.filter(article=article, last_seen_at__gte=cutoff)
        .exclude(user=user)
        .select_related("user__person")
        .order_by("started_at", "pk")
    )
    return [Editor(name=name_of(session.user), started_at=session.started_at) for session in sessions]


def stop_editing(article, user, *, seen_at=None):
    """End `user`'s presence, unless renewed after `seen_at` (the story reloaded, or open in another tab)."""
    sessions = EditingSession.objects.filter(article=article, user=user)
    if seen_at is not None:
        sessions = sessions.filter(last_seen_at__lte=seen_at)
    sessions.delete()


def form_context(request, article, *, editable):
    """What the change form needs to show who else is editing and, when it is editable, to keep reporting in."""
    context = {}
    if editable:
        seen_at = record_editing(article, request.user)
        context = {
            "heartbeat_url": reverse("admin:articles_article_heartbeat", args=[article.pk]),
            "stop_url": reverse("admin:articles_article_stop_editing", args=[article.pk]),
            "interval_ms": int(heartbeat_interval().total_seconds() * 1000),
            "seen_at": seen_at.isoformat(),
        }
    return {"presence": {"others": others_editing(article, request.user), **context}}


class HeartbeatView(View):
    """The open form reports in; the answer says who else is editing, and whether this form still counts."""

    model_admin = None
    http_method_names = ["post"]

    def post(self, request, pk):
        article = self.model_admin.story_for(request, pk)
        # A form can stop being editable while it is open (a reporter's draft submitted meanwhile).
        editing = self.model_admin.has_change_permission(request, article)
        seen_at = None
        if editing:
            seen_at = record_editing(article, request.user).isoformat()
        else:
            stop_editing(article, request.user)
        others = others_editing(article, request.user)
        return JsonResponse({"editing": editing, "seen_at": seen_at, "others": [other.text for other in others]})


class StopEditingView(View):
    """The beacon a closing tab sends. It touches only the sender's own presence, so it asks nothing of the story."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            seen_at = datetime.datetime.fromisoformat(request.POST.get("seen_at", ""))
        except ValueError:
            seen_at = None
        if seen_at is not None and timezone.is_naive(seen_at):
            seen_at = None
        stop_editing(pk, request.user, seen_at=seen_at)
        return HttpResponse(status=204)
