from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    path("feed/rss/", feeds.LatestStoriesFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestStoriesAtomFeed(), name="feed_atom"),
    # str, not slug: campaign slugs may be Chinese (allow_unicode).
    path("campaigns/<str:slug>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<str:slug>/feed/rss/", feeds.CampaignFeed(), name="campaign_feed_rss"),
    path("campaigns/<str:slug>/feed/atom/", feeds.CampaignAtomFeed(), name="campaign_feed_atom"),
]
