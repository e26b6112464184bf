import logging

from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from redis.exceptions import RedisError

from . import counting
from .bots import is_robot

LARGEST_ID = 2**63 - 1
logger = logging.getLogger(__name__)


# No CSRF token: a beacon changes nothing a person owns (it adds one to a count,
# as any reader's visit does), and the page it comes from is cached whole, the
# same for everyone, so it carries no token. No cookie is read or set and
# neither the address nor the user agent is kept.
@csrf_exempt
@require_POST
def count_view(request, story_id):
    """A reader's browser saw the story (readership/static/readership/count_view.js): 204, and one view counted."""
    if story_id > LARGEST_ID:
        raise Http404("没有这篇稿件。")
    return HttpResponse(status=count_unless_robot(story_id, request.META.get("HTTP_USER_AGENT", "")))


def count_unless_robot(story_id, user_agent):
    """Count one view unless a robot sent it; the status to answer with (the WSGI fast path answers with it too)."""
    if is_robot(user_agent):
        return 204
    try:
        counting.count_view(story_id)
    except RedisError:
        # The view is lost, and said so in the log; a beacon's answer is never shown, so the reader sees nothing.
        logger.exception("a view of story %s could not be counted", story_id)
        return 503
    return 204
