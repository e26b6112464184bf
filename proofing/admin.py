from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import BannedWord, PreferredForm, ProtectedName


@admin.register(PreferredForm)
class PreferredFormAdmin(VersionAdmin):
    list_display = ["wrong", "right", "note"]
    search_fields = ["wrong", "right", "note"]


@admin.register(ProtectedName)
class ProtectedNameAdmin(VersionAdmin):
    list_display = ["name", "note"]
    search_fields = ["name", "note"]


@admin.register(BannedWord)
class BannedWordAdmin(VersionAdmin):
    list_display = ["word", "replacement", "note"]
    search_fields = ["word", "replacement", "note"]
