"""
Every write to what readers can see reaches the registry: cached pages are forgotten, the stories re-indexed.

The cases are generated from the registry (bulletin/reader_visible.py): each
registered model × each way of writing a row (save a new one, save a change,
delete, QuerySet.update, bulk_create, bulk_update, QuerySet.delete), on rows
of the demo edition. A model added to a project app must be registered or
say why readers never see it; a write path that skipped the registry (a new
manager on plain QuerySet, say) fails here.
"""

import ast
import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.test import Client

from articles.models import Article
from bulletin.reader_visible import NOT_SEEN_BY_READERS
from core import caching, changes
from core.changes import ReaderVisibleQuerySet
from editions.models import Issue, Page
from search import backends
from syndication.models import StoryChange

from .test_import_direction import LAYER_OF, MODULES

PROJECT_APPS = {"departments", "articles", "editions", "search", "backups", "seeds", "readership"}
WRITE_PATHS = ("create", "save", "delete", "queryset_update", "bulk_create", "bulk_update", "queryset_delete")
REGISTERED = sorted(changes.registered(), key=lambda model: model._meta.label)

# The only modules that talk SQL themselves, and why that leaves the registry whole.
RAW_SQL = {
    "core.statistics": "ANALYZE / VACUUM: statistics, no rows",
    "search.backends": "the search index's own table, which readers never see directly",
    "search.results": "reads the index",
    "search.migrations.0001_search_index": "creates the index's table",
    "backups.snapshot": "a consistent read for the backup",
    "backups.restore": "COPYs restored rows (each value through its field; the registry is told everything changed) "
    "and resets id sequences",
    "search.engines.postgresql": "COPY of the index's own table out and in (a backup carries it)",
}


def test_every_model_of_the_site_is_reader_visible_or_says_why_not():
    site_models = {model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS}
    registered = set(changes.registered())
    unclassified = site_models - registered - set(NOT_SEEN_BY_READERS)
    assert not unclassified, (
        f"register these in bulletin/reader_visible.py or say why readers never see them: {unclassified}"
    )
    assert not registered & set(NOT_SEEN_BY_READERS)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_manager_of_a_reader_visible_model_sends_bulk_writes_to_the_registry(model):
    for manager in model._meta.managers:
        assert issubclass(manager._queryset_class, ReaderVisibleQuerySet), f"{model._meta.label}.{manager.name}"
    # Related managers (story.bylines.update(...)) are made from the default manager's class.
    assert issubclass(model._default_manager._queryset_class, ReaderVisibleQuerySet)


def test_only_the_listed_modules_write_sql_of_their_own():
    talking_sql = {
        name
        for name, path in MODULES.items()
        if any(
            isinstance(node, ast.Attribute) and node.attr == "cursor" for node in ast.walk(ast.parse(path.read_text()))
        )
    }
    assert talking_sql == set(RAW_SQL)
    assert set(LAYER_OF) >= {name.split(".")[0] for name in RAW_SQL}


@pytest.fixture
def effects_run(monkeypatch, demo_edition, django_capture_on_commit_callbacks):
    """[(effect, keys)] for every effect run after a commit in the test (the demo edition's own have run)."""
    with django_capture_on_commit_callbacks(execute=True):
        changes.changed(Article, [Article.objects.first()])
    ran = []
    effects = {effect for entry in changes.registered().values() for effect in entry.effects}
    for effect in effects:

        def spy(keys, effect=effect, run=effect.run):
            ran.append((effect, set(keys)))
            return run(keys)

        monkeypatch.setattr(effect, "run", spy)
    return ran


def existing_row(model):
    return model._default_manager.order_by("pk").first()


def field_to_write(model):
    """A plain field the test may write: a text field, the name if there is one (the index holds it)."""
    candidates = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.is_relation and not field.unique and field.editable
    ]
    texts = [
        field
        for field in candidates
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not isinstance(field, models.SlugField)
    ]
    by_name = {field.name: field for field in texts}
    return by_name.get("name") or by_name.get("headline") or (texts or candidates)[0]


def new_value(row, field):
    """Text with something added; any other value as it is (writing it is what counts)."""
    value = getattr(row, field.attname)
    return (value or "") + "（改）" if isinstance(field, models.CharField | models.TextField) else value


def fresh_copy(model, made=None):
    """An unsaved copy of a demo row, its unique values changed so that it can be stored beside it."""
    original = existing_row(model)
    copy = model()
    for field in model._meta.concrete_fields:
        value = getattr(original, field.attname)
        if field.primary_key:
            value = None
        elif field.one_to_one:
            value = None if field.null else saved(fresh_copy(field.related_model)).pk
        elif field.unique or any(field.name in c.fields for c in model._meta.constraints if hasattr(c, "fields")):
            value = distinct_value(field, value)
        setattr(copy, field.attname, value)
    for names in model._meta.unique_together:
        field = next(model._meta.get_field(name) for name in names if not model._meta.get_field(name).is_relation)
        setattr(copy, field.attname, distinct_value(field, getattr(copy, field.attname)))
    return copy


def distinct_value(field, value):
    if field.is_relation:
        return value
    if isinstance(value, int):
        return value + 9000
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=9000)
    if isinstance(value, str):
        return (value + "-另一份")[-field.max_length :] if field.max_length else value + "-另一份"
    return value


def saved(row):
    row.save()
    return row


def write(model, path):
    """Write a row of `model` the way `path` names; returns the row."""
    row = existing_row(model)
    field = field_to_write(model)
    changed_text = new_value(row, field)
    if path == "create":
        row = fresh_copy(model)
        row.save()
    elif path == "save":
        setattr(row, field.attname, changed_text)
        row.save()
    elif path == "delete":
        row = fresh_copy(model)
        row.save()
        row.delete()
    elif path == "queryset_update":
        model._default_manager.filter(pk=row.pk).update(**{field.attname: changed_text})
    elif path == "bulk_create":
        [row] = model._default_manager.bulk_create([fresh_copy(model)])
    elif path == "bulk_update":
        setattr(row, field.attname, changed_text)
        model._default_manager.bulk_update([row], [field.attname])
    elif path == "queryset_delete":
        row = fresh_copy(model)
        row.save()
        model._default_manager.filter(pk=row.pk).delete()
    return row


@pytest.mark.parametrize("path", WRITE_PATHS)
@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_write_path_runs_every_effect_of_the_model_once_after_commit(
    model, path, effects_run, django_capture_on_commit_callbacks
):
    expected = changes.registered()[model].effects
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        write(model, path)
    assert effects_run == [], "nothing runs before the transaction commits"
    for callback in callbacks:
        callback()
    ran = [effect for effect, _ in effects_run]
    for effect in expected:
        assert ran.count(effect) == 1, f"{effect!r} after {path} of {model._meta.label}: ran {ran.count(effect)} times"
    if path in ("save", "queryset_update", "bulk_update"):
        # A changed name or text on the demo edition concerns at least one story, which must be re-read.
        for effect, keys in effects_run:
            if effect is not caching.FORGET_CACHED_PAGES:
                assert keys, f"{effect!r} found no story to re-index after {path} of {model._meta.label}"


def test_a_story_changed_in_bulk_is_found_by_its_new_words_and_its_cached_page_is_redrawn(
    demo_edition, django_capture_on_commit_callbacks, settings
):
    settings.READER_CACHE_SECONDS = 300
    story = Article.objects.published().order_by("pk").first()
    reader = Client()
    cache.clear()
    assert reader.get(story.get_absolute_url()).status_code == 200
    generation = caching.generation()

    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=story.pk).update(headline="独一无二的批量新标题")

    assert caching.generation() > generation
    assert "独一无二的批量新标题" in reader.get(story.get_absolute_url()).content.decode()
    assert story.pk in {hit.article.pk for hit in backends.search("独一无二")[:10]}


def test_a_rolled_back_write_runs_no_effect(effects_run, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                Article.objects.update(headline="不会留下的标题")
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
    assert effects_run == []


def test_writes_while_the_registry_is_paused_run_no_effect_and_later_writes_do(
    effects_run, django_capture_on_commit_callbacks
):
    # A bulk load (the benchmark's archive) pauses the registry and redoes every effect's work once afterwards.
    with django_capture_on_commit_callbacks(execute=True), changes.paused():
        Article.objects.update(headline="批量载入的标题")
    assert effects_run == []

    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.update(headline="载入之后的修改")
    assert effects_run


EMPTIED_ON_DELETE = sorted(
    ((target, model, field) for target, pointing in changes.emptied_on_delete().items() for model, field in pointing),
    key=lambda case: f"{case[1]._meta.label}.{case[2].name}",
)


def test_the_keys_a_delete_empties_are_found_in_the_models():
    # A story's page goes with its edition (SET_NULL): the case below must not be generated from nothing.
    assert (Page, Article, Article._meta.get_field("page")) in EMPTIED_ON_DELETE


@pytest.mark.parametrize(
    "target, model, field",
    EMPTIED_ON_DELETE,
    ids=[f"{model._meta.label}.{field.name}" for _, model, field in EMPTIED_ON_DELETE],
)
def test_a_delete_that_empties_a_key_runs_the_effects_of_the_rows_it_rewrites(
    target, model, field, effects_run, django_capture_on_commit_callbacks
):
    # Django empties the key with a bulk UPDATE that sends no signal: the rows must still reach the registry.
    row = model._base_manager.exclude(**{field.attname: None}).order_by("pk").first()
    assert row is not None, f"the demo edition has no {model._meta.label} with {field.name} set"
    with django_capture_on_commit_callbacks(execute=True):
        getattr(row, field.name).delete()
    row.refresh_from_db()
    assert getattr(row, field.attname) in (None, field.get_default())
    ran = dict(effects_run)
    for effect in changes.registered()[model].effects:
        assert effect in ran, f"{effect!r} did not run for the {model._meta.label} whose {field.name} was emptied"
        if effect is not caching.FORGET_CACHED_PAGES:
            assert ran[effect], f"{effect!r} found nothing to do for the rewritten {model._meta.label}"


def test_stories_of_a_deleted_edition_are_listed_again_in_the_changes_feed_and_leave_the_page_link(
    demo_edition, django_capture_on_commit_callbacks, settings
):
    settings.READER_CACHE_SECONDS = 300
    issue = Issue.objects.order_by("pk").first()
    stories = list(Article.objects.filter(page__issue=issue).order_by("pk"))
    assert stories
    StoryChange.objects.all().delete()
    reader = Client()
    cache.clear()
    story_page = stories[0].get_absolute_url()
    assert "见报：" in reader.get(story_page).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        issue.delete()

    # Partners are told to look at each story again (its item no longer names a page).
    assert set(StoryChange.objects.values_list("story_id", flat=True)) >= {story.pk for story in stories}
    answer = reader.get(story_page)
    # Still published: only its place in the paper went with the edition.
    assert answer.status_code == 200
    assert "见报：" not in answer.content.decode()
