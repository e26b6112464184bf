"""The cheap reverse() for story links gives exactly what reverse() gives."""

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from core import reversing
from core.reversing import reverse_ids
from tests.factories import make_article


@pytest.mark.parametrize("pk", [1, 7, 10, 87513, 2**40])
def test_a_story_link_is_what_reverse_makes(pk):
    assert reverse_ids("articles:detail", pk=pk) == reverse("articles:detail", kwargs={"pk": pk})


def test_a_site_served_under_a_prefix_links_under_it():
    set_script_prefix("/paper/")
    try:
        assert reverse_ids("articles:detail", pk=42) == "/paper/articles/42/"
    finally:
        clear_script_prefix()
    assert reverse_ids("articles:detail", pk=42) == "/articles/42/"


@pytest.mark.django_db
def test_a_story_object_links_to_its_page():
    article = make_article()
    assert article.get_absolute_url() == f"/articles/{article.pk}/"


def test_a_pattern_is_reversed_once_and_then_only_filled_in(monkeypatch):
    reverse_ids("articles:detail", pk=1)

    def reverse_again(*args, **kwargs):
        raise AssertionError("reverse() ran again for a pattern already reversed")

    monkeypatch.setattr(reversing, "reverse", reverse_again)
    assert reverse_ids("articles:detail", pk=2) == "/articles/2/"


def test_a_changed_url_configuration_is_reversed_afresh():
    reverse_ids("articles:detail", pk=1)
    with override_settings(ROOT_URLCONF="bulletin.urls"):
        assert reversing._template.cache_info().currsize == 0
        assert reverse_ids("articles:detail", pk=1) == "/articles/1/"
