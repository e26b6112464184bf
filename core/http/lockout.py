"""
What someone sees after too many wrong passwords (django-axes, AXES_LOCKOUT_CALLABLE).

The page is in the admin's look and says, in Beijing time, when the lock ends:
the last failed attempt for this name at this address plus AXES_COOLOFF_TIME.
Attempts made while locked are not recorded (axes would otherwise push the end
back with each one), so that time holds however often the person retries.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone


def locked_out(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "登录已暂停",
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": round(cool_off.total_seconds() / 60),
        "until": last_failure(request, credentials) + cool_off,
    }
    response = TemplateResponse(request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    return response.render()


def last_failure(request, credentials):
    handler = AxesProxyHandler.get_implementation()
    # Only the database handler keeps attempts to ask; with another, the lock has just begun.
    if hasattr(handler, "get_user_attempts"):
        attempts = handler.get_user_attempts(request, credentials)
        times = [time for found in attempts if (time := found.aggregate(last=Max("attempt_time"))["last"])]
        if times:
            return max(times)
    return timezone.now()
