"""The share panel's short links, at the site's root (/s/<id>/): short enough to type, and to scan as a small code."""

from django.urls import path

from . import sharing

app_name = "share"

urlpatterns = [
    path("<int:pk>/", sharing.short_link, name="short"),
    path("<int:pk>/qr.svg", sharing.short_link_qr, name="qr"),
]
