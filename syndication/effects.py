"""
What a change to a reader-visible row means for the changes feed: the stories partners must look at again.

One effect in the project's registry (core/changes.py, bulletin/reader_visible.py) for every model
an item is drawn from, so that an admin save touching a story, its bylines, photos and case study
records the story once, after the transaction commits. A story's edition or page (its visibility,
its page in the item), a department or person renamed, a campaign renamed: the stories they show in.
"""

from articles.models import Article, Byline, Campaign, CaseStudy, KeyFigure, Lesson, Person, Photo, Practice
from core.changes import Effect
from departments.models import Department
from editions.models import Issue, Page

from . import feed


def _the_stories(model, rows):
    return {row.pk for row in rows}


def _their_story(model, rows):
    return {row.article_id for row in rows if row.article_id is not None}


def _their_case_studys_story(model, rows):
    ids = {row.case_study_id for row in rows}
    return set(CaseStudy.objects.filter(pk__in=ids).values_list("article_id", flat=True))


def _stories_on(**lookup):
    return set(Article._base_manager.filter(**lookup).values_list("pk", flat=True))


def _stories_in_editions(model, rows):
    return _stories_on(page__issue__in=[row.pk for row in rows])


def _stories_on_pages(model, rows):
    return _stories_on(page__in=[row.pk for row in rows])


def _stories_in_departments(model, rows):
    return _stories_on(department__in=[row.pk for row in rows])


def _stories_by_people(model, rows):
    return _stories_on(bylines__person__in=[row.pk for row in rows])


def _stories_in_campaigns(model, rows):
    return _stories_on(case_study__campaign__in=[row.pk for row in rows])


class RecordStoryChanges(Effect):
    """Add the stories concerned to the changes feed (syndication/feed.py) once the transaction commits.

    A department, person or campaign is in an item by name: its stories are
    recorded only when a save changes the name (rows written in bulk cannot be
    compared, so theirs are recorded).
    """

    # What of a department, person or campaign an item shows.
    NAMED = {
        Department: ("name", "short_name", "slug"),
        Person: ("name",),
        Campaign: ("name", "banner_text", "slogan", "slug"),
    }

    def __repr__(self):
        return "<RecordStoryChanges>"

    def before_save(self, instance):
        fields = self.NAMED.get(type(instance))
        if fields and instance.pk:
            old = type(instance)._base_manager.filter(pk=instance.pk).values_list(*fields).first()
            instance._names_in_items = old

    def keys(self, model, rows):
        fields = self.NAMED.get(model)
        if fields:
            rows = [
                row for row in rows if getattr(row, "_names_in_items", False) != tuple(getattr(row, f) for f in fields)
            ]
            if not rows:
                return ()
        return _STORIES_OF[model](model, rows)

    def run(self, keys):
        feed.record(keys)


def _values(row, fields):
    return tuple(getattr(row, field) for field in fields)


_STORIES_OF = {
    Article: _the_stories,
    Byline: _their_story,
    Photo: _their_story,
    CaseStudy: _their_story,
    Practice: _their_case_studys_story,
    Lesson: _their_case_studys_story,
    KeyFigure: _their_case_studys_story,
    Issue: _stories_in_editions,
    Page: _stories_on_pages,
    Department: _stories_in_departments,
    Person: _stories_by_people,
    Campaign: _stories_in_campaigns,
}

RECORD_STORY_CHANGES = RecordStoryChanges()
