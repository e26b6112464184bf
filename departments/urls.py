from django.urls import path

from articles import feeds

from . import views

app_name = "departments"

urlpatterns = [
    path("", views.DepartmentListView.as_view(), name="index"),
    # str, not slug: department slugs may be Chinese (allow_unicode).
    path("<str:slug>/", views.DepartmentDetailView.as_view(), name="detail"),
    path("<str:slug>/feed/rss/", feeds.DepartmentFeed(), name="feed_rss"),
    path("<str:slug>/feed/atom/", feeds.DepartmentAtomFeed(), name="feed_atom"),
]
