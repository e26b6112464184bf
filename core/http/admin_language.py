"""What Django's admin writes in English whatever the language, put into Chinese."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html

# Django's icon for a yes/no value, and what a screen reader says for it.
YES_NO = {True: ("yes", "是"), False: ("no", "否"), None: ("unknown", "未知")}


def boolean_icon(value):
    icon, text = YES_NO[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def install():
    # Django's own gives the icon alt="True"/"False"/"None", Python's words, untranslated.
    # Lists, read-only fields and inlines all look the function up in this module
    # when they draw a value, so replacing it here reaches every one of them.
    admin_list._boolean_icon = boolean_icon
