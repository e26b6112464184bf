"""
reverse() for addresses a page draws dozens of times, such as the link to
every story of an edition, and the site's fixed addresses on every page.

reverse() matches the pattern and quotes its arguments on every call. Here a
pattern is reversed once (per script prefix and URL configuration, which
reverse() itself depends on) with marker numbers in place of the arguments,
and each later call only puts the numbers in. For whole-number arguments (or
none) only, so nothing needs quoting.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER_BASE = 918_273_645_000  # a number no real id reaches, one per argument


def reverse_ids(name, **ids):
    """reverse(name, kwargs=ids) for integer `ids` at the cost of a string replace: a page draws dozens of them."""
    names = tuple(sorted(ids))
    url = _template(name, names, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    for position, key in enumerate(names):
        url = url.replace(str(_MARKER_BASE + position), str(int(ids[key])), 1)
    return url


@functools.lru_cache(maxsize=64)
def _template(name, names, prefix, urlconf):
    return reverse(name, urlconf=urlconf, kwargs={key: _MARKER_BASE + i for i, key in enumerate(names)})


def _forget(**kwargs):
    _template.cache_clear()


setting_changed.connect(_forget)
