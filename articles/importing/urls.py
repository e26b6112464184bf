from django.contrib import admin
from django.urls import path

from . import views

app_name = "importing"

# Under /admin/ so that it looks and is guarded like the admin: staff only, CSRF, never cached.
urlpatterns = [
    path("", admin.site.admin_view(views.import_text), name="import_text"),
]
