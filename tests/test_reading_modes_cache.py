"""长辈版 is chosen in the browser: ?mode=elder gets the very page everyone gets, from the same cache entry."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client

from .factories import make_article, make_page


@pytest.fixture
def pages_stored():
    """The keys of the pages the reader cache stores while the test runs."""
    backend = type(caches["default"])
    stored = []
    original = backend.set

    def spy(self, key, *args, **kwargs):
        if key.startswith("page:"):
            stored.append(key)
        return original(self, key, *args, **kwargs)

    with mock.patch.object(backend, "set", spy):
        yield stored


@pytest.mark.parametrize("mode", ["elder", "standard"])
def test_the_mode_in_the_address_gets_the_same_page_from_the_same_cache_entry(
    cached, pages_stored, django_assert_num_queries, mode
):
    story = make_article(page=make_page(), headline="长辈也看得清")
    bare = Client().get(story.get_absolute_url())
    assert bare.status_code == 200 and len(pages_stored) == 1
    with django_assert_num_queries(0):  # a hit on the bare page's entry
        chosen = Client().get(story.get_absolute_url() + f"?mode={mode}")
    assert chosen.content == bare.content
    assert chosen["ETag"] == bare["ETag"]
    assert len(pages_stored) == 1


def test_the_mode_in_the_address_is_the_same_page_on_the_front_page_too(cached, pages_stored):
    make_article(page=make_page(), headline="头版")
    first = Client().get("/?mode=elder")
    assert len(pages_stored) == 1
    assert Client().get("/").content == first.content
    assert len(pages_stored) == 1


def test_without_the_cache_the_server_still_sends_the_same_html(db, settings):
    settings.READER_CACHE_SECONDS = 0
    story = make_article(page=make_page())
    assert (
        Client().get(story.get_absolute_url() + "?mode=elder").content == Client().get(story.get_absolute_url()).content
    )
