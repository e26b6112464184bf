"""The cheap reverse() for story links gives exactly what reverse() gives."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from bulletin.reversing import reverse_ids
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
