"""
What a change to a reader-visible row means for the search index: the stories to re-read.

These are effects in the project's registry (core/changes.py,
bulletin/reader_visible.py): each says which stories the changed rows concern,
and after the transaction commits the index re-reads them all in one batch,
from what was committed. Saving a story in the admin also saves its bylines,
photos and case-study parts, and the story is still indexed once. Publishing
or withdrawing needs no re-index for readers (searches re-check visibility),
but it is a save, so it gets one anyway.
"""

from core.changes import Effect

from . import backends


class Reindex(Effect):
    """Re-index the stories `stories_of(model, rows)` names."""

    def __init__(self, stories_of, name):
        self.stories_of = stories_of
        self.name = name

    def __repr__(self):
        return f"<Reindex {self.name}>"

    def keys(self, model, rows):
        return self.stories_of(model, rows)

    def run(self, keys):
        backends.index_pks(keys)


class ReindexWhenRenamed(Reindex):
    """A department or person shows in the stories' index by name: re-index those stories only when it changes.

    A save through the admin notes the names the index holds first; rows
    written in bulk cannot be compared, so their stories are re-indexed.
    """

    NAME_FIELDS = ("name", "short_name")

    def before_save(self, instance):
        old = type(instance)._base_manager.filter(pk=instance.pk).first() if instance.pk else None
        instance._indexed_names = self._names(old) if old else None

    def keys(self, model, rows):
        renamed = [row for row in rows if getattr(row, "_indexed_names", False) != self._names(row)]
        return self.stories_of(model, renamed) if renamed else ()

    def _names(self, instance):
        return tuple(getattr(instance, name, "") for name in self.NAME_FIELDS)


def the_stories(model, rows):
    return {row.pk for row in rows}


def their_story(model, rows):
    return {row.article_id for row in rows if row.article_id is not None}


def their_case_studys_story(model, rows):
    from articles.models import CaseStudy

    ids = {row.case_study_id for row in rows}
    return set(CaseStudy.objects.filter(pk__in=ids).values_list("article_id", flat=True))


def stories_in_department(model, rows):
    from articles.models import Article

    return set(Article.objects.filter(department__in=[row.pk for row in rows]).values_list("pk", flat=True))


def stories_by_person(model, rows):
    from articles.models import Article

    return set(Article.objects.filter(bylines__person__in=[row.pk for row in rows]).values_list("pk", flat=True))


STORY = Reindex(the_stories, "story")
STORY_OF_PART = Reindex(their_story, "story of a byline, photo or case study")
STORY_OF_CASE_STUDY_ITEM = Reindex(their_case_studys_story, "story of a practice or lesson")
DEPARTMENT_RENAMED = ReindexWhenRenamed(stories_in_department, "department renamed")
PERSON_RENAMED = ReindexWhenRenamed(stories_by_person, "person renamed")
