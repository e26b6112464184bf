from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    path("campaigns/<slug:slug>/", views.CampaignDetailView.as_view(), name="campaign"),
]
