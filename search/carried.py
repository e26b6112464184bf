"""
The search index as backups carry it (backups.contents.carried_data).

A backup holds the index's stored rows beside the stories, as pg_dump does,
so a restore copies them back instead of cutting ten years of text into terms
again in Python; a copy made by another engine or another version of the
tokens is not loaded, the index is rebuilt from the stories instead.
"""

import os

from django.core.management import call_command

from . import backends


class SearchIndexCopy:
    name = "search-index"

    def format(self, using):
        return backends.copy_format(using)

    def dump(self, write, *, using):
        return backends.copy_out(write, using=using)

    def load(self, stream, about):
        return backends.copy_in(stream, about)

    def commit(self):
        backends.swap_in_copy()

    def discard(self):
        backends.discard_copy()

    def rebuild(self, stdout):
        # Every core: nobody is using the installation while it is being restored.
        call_command("rebuild_search_index", verbosity=0, jobs=os.cpu_count() or 1, stdout=stdout)
