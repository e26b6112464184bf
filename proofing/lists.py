"""
The newsroom's lists as a ProofingContext, loaded once per process and loaded again when they change.

A change to a PreferredForm, ProtectedName, BannedWord or Department (saved or deleted, in any process) bumps a
version number kept in Django's cache; `lists_for_checking()` compares it (one cache read) and reloads when it
moved. Bulk writes that send no signals (QuerySet.update) are picked up within LISTS_MAX_AGE seconds.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .checks import ProofingContext

VERSION_KEY = "proofing:lists-version"
LISTS_MAX_AGE = 300

_loaded = {"version": None, "at": 0.0, "context": None}


def lists_for_checking():
    version = cache.get(VERSION_KEY, 0)
    now = time.monotonic()
    if _loaded["context"] is None or _loaded["version"] != version or now - _loaded["at"] > LISTS_MAX_AGE:
        _loaded.update(version=version, at=now, context=load_lists())
    return _loaded["context"]


def load_lists():
    from departments.models import Department

    from .models import BannedWord, PreferredForm, ProtectedName

    names = list(ProtectedName.objects.values_list("name", flat=True))
    for name, short_name in Department.objects.values_list("name", "short_name"):
        names.extend(n for n in (name, short_name) if n)
    return ProofingContext(
        preferred=tuple(PreferredForm.objects.values_list("wrong", "right", "note")),
        protected=tuple(dict.fromkeys(names)),
        banned=tuple(BannedWord.objects.values_list("word", "replacement", "note")),
        range_mark=getattr(settings, "PROOFING_RANGE_MARK", "—"),
    )


def lists_changed(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _loaded["context"] = None


def connect_signals():
    from departments.models import Department

    from .models import BannedWord, PreferredForm, ProtectedName

    for model in (PreferredForm, ProtectedName, BannedWord, Department):
        post_save.connect(lists_changed, sender=model, dispatch_uid=f"proofing-lists-{model._meta.label}")
        post_delete.connect(lists_changed, sender=model, dispatch_uid=f"proofing-lists-{model._meta.label}-del")
