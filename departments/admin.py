from django.contrib import admin

from core.versioning import VersionCheckedAdmin

from .models import Department


@admin.register(Department)
class DepartmentAdmin(VersionCheckedAdmin, admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "district", "position"]
    list_filter = ["level", "district"]
    list_editable = ["position"]
    search_fields = ["name", "short_name", "district"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug"]}),
        ("归属", {"fields": ["level", "district", "position"]}),
        ("简介", {"fields": ["description"]}),
    ]
