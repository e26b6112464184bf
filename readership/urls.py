from django.urls import path

from . import views

app_name = "readership"

# Answered before any other middleware by readership.middleware.CountViewMiddleware; the pattern names the address.
urlpatterns = [
    path("seen/<int:story_id>/", views.count_view, name="seen"),
]
