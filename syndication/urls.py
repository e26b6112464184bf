from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from . import views

app_name = "syndication"

urlpatterns = [
    # The document is public: it says what the API offers, never any content.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny], throttle_classes=[]),
        name="schema",
    ),
    path("stories/", views.StoryListView.as_view(), name="stories"),
    path("stories/<int:id>/", views.StoryView.as_view(), name="story"),
    path("editions/", views.EditionListView.as_view(), name="editions"),
    re_path(r"^editions/(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})/$", views.EditionView.as_view(), name="edition"),
    re_path(
        r"^editions/(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})/pages/(?P<number>[0-9]{1,4})/$",
        views.PageView.as_view(),
        name="page",
    ),
    path("departments/", views.DepartmentListView.as_view(), name="departments"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaigns"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
]
