"""The site's URLs plus two tiny API views, to try keys before (and apart from) the news API's own endpoints."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from bulletin.urls import urlpatterns as site_urlpatterns
from partners.models import Scope
from partners.permissions import HasScope


@api_view(["GET"])
def ping(request):
    return Response({"partner": request.auth.name, "user_is_anonymous": request.user.is_anonymous})


@api_view(["GET"])
@permission_classes([HasScope.of(Scope.EMBARGO)])
def embargoed(request):
    return Response({"embargoed": True})


urlpatterns = [
    path("api/test/ping/", ping, name="test_api_ping"),
    path("api/test/embargoed/", embargoed, name="test_api_embargoed"),
    *site_urlpatterns,
]
