"""The department pages' addresses, under /departments/, in the `departments:` namespace readers' links use."""

from django.urls import path

from . import department_pages, feeds

app_name = "departments"

urlpatterns = [
    path("", department_pages.DepartmentListView.as_view(), name="index"),
    # str, not slug: department slugs may be Chinese (allow_unicode).
    path("<str:slug>/", department_pages.DepartmentDetailView.as_view(), name="detail"),
    path("<str:slug>/feed/rss/", feeds.DepartmentFeed(), name="feed_rss"),
    path("<str:slug>/feed/atom/", feeds.DepartmentAtomFeed(), name="feed_atom"),
]
