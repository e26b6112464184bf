from django.contrib import admin
from django.urls import path

from . import page_import_views as views

app_name = "page_import"

# Under /admin/ so that they look and are guarded like the admin: staff only, CSRF, never cached.
urlpatterns = [
    path("", admin.site.admin_view(views.import_pages), name="import_pages"),
    path("pages/<int:page_id>/", admin.site.admin_view(views.review), name="review"),
]
