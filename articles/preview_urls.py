from django.urls import path

from . import preview

app_name = "preview"

urlpatterns = [
    path("<int:pk>/", preview.StaffPreviewView.as_view(), name="article"),
    path("s/<str:token>/", preview.SignedPreviewView.as_view(), name="signed"),
]
