"""
Keep the index in step with the stories, after the transaction commits.

Saving a story in the admin also saves its bylines, photos and case-study
parts; each of those asks for the story to be re-indexed, and the requests of
one transaction are gathered so the story is indexed once, after commit, from
what was committed. Publishing or withdrawing needs no re-index for readers
(searches re-check visibility), but it is a save, so it gets one anyway.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from articles.models import Article, Byline, CaseStudy, Lesson, Person, Photo, Practice
from departments.models import Department

from . import backends


class _Pending:
    """Story ids to re-index when the current transaction commits."""

    def __init__(self):
        self.pks = set()
        self.done = False

    def run(self):
        self.done = True
        backends.index_pks(self.pks)

    def is_waiting(self, connection):
        # Django drops the callbacks of a rolled-back transaction; then a new
        # batch must be started rather than adding to one that will never run.
        return not self.done and any(entry[1] == self.run for entry in connection.run_on_commit)


def reindex_after_commit(pks):
    connection = transaction.get_connection()
    pending = getattr(connection, "search_pending", None)
    if pending is None or not pending.is_waiting(connection):
        pending = connection.search_pending = _Pending()
        pending.pks.update(pks)
        # Outside a transaction this runs at once.
        transaction.on_commit(pending.run, robust=True)
    else:
        pending.pks.update(pks)


def _article_saved_or_deleted(sender, instance, **kwargs):
    reindex_after_commit([instance.pk])


def _part_saved_or_deleted(sender, instance, **kwargs):
    reindex_after_commit([instance.article_id])


def _case_study_item_saved_or_deleted(sender, instance, **kwargs):
    article_id = CaseStudy.objects.filter(pk=instance.case_study_id).values_list("article_id", flat=True).first()
    if article_id is not None:
        reindex_after_commit([article_id])


def _remember_names(sender, instance, **kwargs):
    """Before a department or person is saved: note the names the index holds."""
    old = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._indexed_names = _names(old) if old else None


def _names(instance):
    return tuple(getattr(instance, field, "") for field in ("name", "short_name"))


def _department_renamed(sender, instance, created, **kwargs):
    if not created and getattr(instance, "_indexed_names", None) != _names(instance):
        reindex_after_commit(Article.objects.filter(department=instance).values_list("pk", flat=True))


def _person_renamed(sender, instance, created, **kwargs):
    if not created and getattr(instance, "_indexed_names", None) != _names(instance):
        reindex_after_commit(Article.objects.filter(bylines__person=instance).values_list("pk", flat=True))


def connect():
    uid = "bulletin.search"
    for model in (Article,):
        post_save.connect(_article_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.article.save")
        post_delete.connect(_article_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.article.delete")
    for model in (Byline, Photo, CaseStudy):
        post_save.connect(_part_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.{model.__name__}.save")
        post_delete.connect(_part_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.{model.__name__}.delete")
    for model in (Practice, Lesson):
        post_save.connect(_case_study_item_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.{model.__name__}.s")
        post_delete.connect(_case_study_item_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.{model.__name__}.d")
    for model, handler in ((Department, _department_renamed), (Person, _person_renamed)):
        pre_save.connect(_remember_names, sender=model, dispatch_uid=f"{uid}.{model.__name__}.names")
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}.{model.__name__}.renamed")
