"""Form widgets of the newsroom's own admin pages."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime


class BeijingSplitDateTime(AdminSplitDateTime):
    """
    The admin's date and time pickers, with the timezone the time is read in
    written beside them.

    calendar.js and DateTimeShortcuts.js call helpers from the admin's core.js
    and draw their pop-ups with widgets.css, which Django loads only on a
    ModelAdmin's own pages: on a page of ours the pickers never appeared.
    The page must still load the admin's jsi18n before this media.
    """

    template_name = "articles/widgets/beijing_split_datetime.html"

    @property
    def media(self):
        return forms.Media(js=["admin/js/core.js"], css={"all": ["admin/css/widgets.css"]}) + super().media
