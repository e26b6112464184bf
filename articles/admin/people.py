from django.contrib import admin

from ..models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "user"]
    search_fields = ["name", "organisation"]
    autocomplete_fields = ["user"]
