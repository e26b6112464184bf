"""
What readers can see, and what a change to it must do: one registry, every write path.

The project declares, in one table (bulletin/reader_visible.py), each model
readers can see and the effects a change to it has: the reader cache forgets
its pages, the search index re-reads the stories concerned. This module holds
that table and makes every way of writing a row reach it:

- `Model.save()` and `delete()` (the admin, services, imports, restores,
  fixtures, cascades of a delete) by post_save/post_delete receivers that
  `install()` connects for each registered model;
- `QuerySet.update()`, `bulk_create()` and `bulk_update()`, which send no
  signals, through `ReaderVisibleQuerySet`, which every registered model's
  managers must use (tests/test_side_effects.py checks each one);
- a delete that empties a registered model's foreign key (on_delete SET_NULL,
  SET_DEFAULT or SET(): a story whose page goes with its edition), which
  Django writes as a bulk UPDATE with no signal, by a pre_delete receiver on
  the model pointed to: it hands over the rows that are about to change, as
  they still are.

An effect is worked out in two steps. Inside the transaction, `keys()` says
what the changed rows concern (the stories to re-index; the cache needs none);
once the transaction commits, `run()` is called once with every key of the
transaction, so an admin save that touches a story, its bylines, photos and
case study re-indexes the story once and bumps the cache once. A rolled-back
transaction runs nothing. Outside a transaction the effect runs at once.

This module imports no app: the table is the project's.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models, router, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save


class Effect:
    """What a change to a reader-visible model must cause, once per committed transaction."""

    def keys(self, model, rows):
        """What `rows` (instances of `model`, as saved or as they were deleted) concern; hashable values."""
        return ()

    def run(self, keys):
        """Called once after commit with the union of the transaction's keys."""
        raise NotImplementedError

    def before_save(self, instance):
        """Called before a single save; an effect may note what the row held (a rename is told apart so)."""

    def everything_changed(self):
        """Called when rows were written without reaching the registry (a restore): act as if all had changed."""


@dataclass(frozen=True)
class Visible:
    """A model readers can see, and the effects of changing it."""

    model: type
    effects: tuple
    # It has status and publish_at: a row may become visible later without anyone
    # touching it, so cached pages must not outlive its next publish time (core/caching.py).
    scheduled: bool = False


@dataclass
class _Pending:
    """The keys gathered in one transaction, per effect, until the first of its callbacks runs them."""

    # The connection's list of on-commit callbacks when this batch began: Django
    # starts a new list when a transaction commits or rolls back, so another
    # list means another transaction.
    callbacks: list
    keys: dict = field(default_factory=dict)

    def flush(self):
        keys, self.keys = self.keys, {}
        for effect, effect_keys in keys.items():
            effect.run(effect_keys)


_registry: dict = {}
# {model pointed to: [(registered model, its key)]}, worked out by install() from emptied_on_delete().
_emptied_on_delete: dict = {}
_paused = False


def registered():
    """{model: Visible} for every model readers can see."""
    return dict(_registry)


def everything_changed():
    """
    Rows were written past the registry, in bulk (a restore): every effect acts once for everything.

    Each effect decides what that means: the reader cache forgets every page,
    the edge purges every page. Effects whose work is redone anyway (the
    search index, which the restore rebuilds) need do nothing.
    """
    effects = {effect for entry in _registry.values() for effect in entry.effects}
    for effect in sorted(effects, key=repr):
        effect.everything_changed()


@contextmanager
def paused():
    """
    Writes inside reach no effect: for a bulk load of a whole database that redoes every effect's work afterwards.

    The caller must then call everything_changed() and rebuild what effects
    would have kept up to date row by row (the search index, the change feed);
    the benchmark archive does, because a ten-year archive indexed batch by
    batch takes half an hour where one rebuild at the end takes minutes.
    """
    global _paused
    _paused = True
    try:
        yield
    finally:
        _paused = False


def scheduled_models():
    return [entry.model for entry in _registry.values() if entry.scheduled]


# What a delete does to the rows that point at the deleted one, besides deleting them or refusing.
_KEEPS_THE_ROW = (models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING)


def emptied_on_delete():
    """{model pointed to: [(registered model, its foreign key)]}: the keys a delete rewrites in bulk, unsignalled.

    Only keys to registered models: a key to a row readers never see (a story's 作者账号) shows them nothing.
    """
    pointing = {}
    for model in _registry:
        for key in model._meta.concrete_fields:
            if key.is_relation and key.related_model in _registry and key.remote_field.on_delete not in _KEEPS_THE_ROW:
                pointing.setdefault(key.related_model, []).append((model, key))
    return pointing


def install(entries):
    """Register the project's table and connect the receivers that single saves and deletes go through."""
    _registry.clear()
    _emptied_on_delete.clear()
    for entry in entries:
        _registry[entry.model] = entry
        uid = f"core.changes.{entry.model._meta.label}"
        post_save.connect(_saved_or_deleted, sender=entry.model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_saved_or_deleted, sender=entry.model, dispatch_uid=f"{uid}.delete")
        pre_save.connect(_before_save, sender=entry.model, dispatch_uid=f"{uid}.before")
    _emptied_on_delete.update(emptied_on_delete())
    for target in _emptied_on_delete:
        uid = f"core.changes.{target._meta.label}.empties"
        pre_delete.connect(_pointing_rows_emptied, sender=target, dispatch_uid=uid)


def changed(model, rows, *, using=None):
    """Rows of `model` were written: gather each effect's keys, to run after the transaction commits."""
    entry = _registry.get(model) or _registry.get(getattr(model._meta, "concrete_model", model))
    if entry is None or not rows or _paused:
        return
    connection = transaction.get_connection(using or router.db_for_write(model))
    pending = getattr(connection, "reader_visible_pending", None)
    if pending is None or pending.callbacks is not connection.run_on_commit:
        pending = connection.reader_visible_pending = _Pending(callbacks=connection.run_on_commit)
    for effect in entry.effects:
        pending.keys.setdefault(effect, set()).update(effect.keys(entry.model, rows))
    # One callback per write, all flushing the same batch: the first to run after
    # the commit runs every effect once, the others find nothing left to do (and
    # a test that runs only the callbacks of its own block still sees them run).
    transaction.on_commit(pending.flush, using=connection.alias, robust=True)


def _saved_or_deleted(sender, instance, using=None, **kwargs):
    changed(sender, [instance], using=using)


def _pointing_rows_emptied(sender, instance, using=None, **kwargs):
    # Before the delete: the rows still point here, so each effect sees where they were (the page a story was on).
    for model, key in _emptied_on_delete.get(sender, ()):
        rows = list(model._base_manager.using(using).filter(**{key.name: instance}))
        changed(model, rows, using=using)


def _before_save(sender, instance, **kwargs):
    entry = _registry.get(sender)
    if entry is not None:
        for effect in entry.effects:
            effect.before_save(instance)


class ReaderVisibleQuerySet(models.QuerySet):
    """The queryset of every reader-visible model: bulk writes reach the registry as single saves do."""

    def update(self, **kwargs):
        # The rows before (a byline may move to another story) and after (what they hold now).
        before = list(self._chain())
        count = super().update(**kwargs)
        if before:
            after = list(self.model._base_manager.using(self.db).filter(pk__in=[row.pk for row in before]))
            changed(self.model, before + after, using=self.db)
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        changed(self.model, list(created), using=self.db)
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        changed(self.model, objs, using=self.db)
        return count

    bulk_update.alters_data = True


class ReaderVisibleManager(models.Manager.from_queryset(ReaderVisibleQuerySet)):
    pass
