"""The newsroom's Chinese for what Django and its apps leave in English (bulletin/locale)."""

from pathlib import Path

import polib
from django.contrib.admin.utils import display_for_field
from django.db import models
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "bulletin" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django"


def entries(catalogue):
    return {entry.msgid: entry.msgstr for entry in catalogue if entry.msgid}


def test_the_compiled_catalogue_says_what_the_po_file_says():
    # Django reads only the .mo; one edited without the other would quietly go back to English.
    assert entries(polib.mofile(f"{CATALOGUE}.mo")) == entries(polib.pofile(f"{CATALOGUE}.po"))
    assert all(entries(polib.pofile(f"{CATALOGUE}.po")).values())


def test_the_admin_speaks_the_catalogues_chinese_where_django_has_none():
    with translation.override("zh-hans"):
        assert translation.gettext("Model name") == "内容类别"
        assert translation.gettext("Error:") == "错误："
        missing = translation.gettext("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?")
        assert missing % {"name": "稿件", "key": "7"} == "编号为“7”的稿件不存在，可能已被删除。"
        # Django's own Chinese is still there for everything else.
        assert translation.gettext("Log in") == "登录"


def test_a_yes_or_no_is_read_out_in_chinese():
    field = models.BooleanField()
    assert 'alt="是"' in display_for_field(True, field, "-")
    assert 'alt="否"' in display_for_field(False, field, "-")
    assert "True" not in display_for_field(True, field, "-")
