"""
A backup carries the search index, as pg_dump carries a table's rows: a restore
copies it back instead of cutting every story's text into terms again. A copy
that cannot serve (made by another engine or another version of the tokens,
or damaged) is never trusted: the index is rebuilt from the restored stories,
and the restore succeeds all the same.
"""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import call_command

from articles.models import Article
from backups import contents
from search import backends
from search.carried import SearchIndexCopy

from .test_backup_restore import wipe_installation

pytestmark = pytest.mark.django_db

# Words of the seed page: in headlines, in bodies, and a number.
QUERIES = ["海南区", "便民", "社区", "132", "中央厨房"]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def found():
    return {query: [hit.article.pk for hit in backends.search(query)[:50]] for query in QUERIES}


@pytest.fixture
def backed_up(demo_edition, media_root, tmp_path):
    """(bundle, what each query found) of the demo edition; the installation emptied, its index too."""
    backends.rebuild()
    before = found()
    assert sum(map(len, before.values())) >= 5, before
    bundle = tmp_path / "edition.tar.gz"
    call_command("backup", output=str(bundle), stdout=io.StringIO())
    wipe_installation(media_root)
    backends.rebuild()
    assert backends.index_is_empty()
    return bundle, before


def manifest_of(bundle):
    with tarfile.open(bundle) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def rewritten(bundle, path, *, manifest=None, member=None, drop_carried=False):
    """A copy of `bundle`: its manifest changed by `manifest(dict)`, the index copy's bytes replaced by `member`."""
    with tarfile.open(bundle) as source:
        entries = [(info, source.extractfile(info).read()) for info in source]
    new_manifest = json.loads({info.name: data for info, data in entries}["manifest.json"])
    with tarfile.open(path, "w:gz") as out:
        for info, data in entries:
            if info.name.startswith("carried/") and drop_carried:
                new_manifest["files"].pop(info.name)
                continue
            if info.name.startswith("carried/") and member is not None:
                data = member
                new_manifest["files"][info.name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            if info.name == "manifest.json":
                if manifest:
                    manifest(new_manifest)
                data = json.dumps(new_manifest).encode()
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return path


def test_the_backup_carries_the_index_and_a_restore_copies_it_back_without_cutting_any_text(backed_up, monkeypatch):
    bundle, before = backed_up
    carried = manifest_of(bundle)["carried"]["search"]
    assert carried["member"] == "carried/search-index"
    assert carried["format"] == backends.copy_format()

    def no_rebuild(self, stdout):
        raise AssertionError("the copy should have been loaded")

    monkeypatch.setattr(SearchIndexCopy, "rebuild", no_rebuild)
    monkeypatch.setattr(backends, "document_text", no_rebuild)  # nothing is cut into terms
    call_command("restore", str(bundle), stdout=io.StringIO())

    assert found() == before
    assert carried["rows"] == Article.objects.count()
    assert carried["up_to"] == Article.objects.latest("pk").pk


def test_a_copy_made_by_another_engine_or_tokens_version_is_rebuilt_not_loaded(backed_up, tmp_path, monkeypatch):
    bundle, before = backed_up

    def other_format(manifest):
        manifest["carried"]["search"]["format"] = "othervendor-tokens-0"

    def no_load(self, stream, about):
        raise AssertionError("a copy of another format must not be loaded")

    monkeypatch.setattr(SearchIndexCopy, "load", no_load)
    other = rewritten(bundle, tmp_path / "other.tar.gz", manifest=other_format)
    call_command("restore", str(other), stdout=io.StringIO())

    assert found() == before


@pytest.mark.parametrize(
    "damage",
    [b"not an index at all\n", b"\x00\xff" * 100, b'[1, "a", "b"]\n', b""],
    ids=["text", "binary", "short row", "empty"],
)
def test_a_damaged_copy_is_rebuilt_from_the_stories_and_the_restore_succeeds(backed_up, tmp_path, damage):
    bundle, before = backed_up
    damaged = rewritten(bundle, tmp_path / "damaged.tar.gz", member=damage)
    output = io.StringIO()

    call_command("restore", str(damaged), stdout=output)

    assert "恢复完成" in output.getvalue()
    assert "重新生成" in output.getvalue()
    assert found() == before


def test_a_backup_made_before_the_index_was_carried_is_restored_with_a_rebuilt_index(backed_up, tmp_path):
    bundle, before = backed_up

    def version_one(manifest):
        manifest["format_version"] = 1
        del manifest["carried"]

    old = rewritten(bundle, tmp_path / "v1.tar.gz", manifest=version_one, drop_carried=True)
    call_command("restore", str(old), stdout=io.StringIO())

    assert found() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_the_copy_is_loaded_on_a_connection_of_its_own_while_the_rows_are_written(
    demo_edition, media_root, tmp_path, monkeypatch
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the copy is loaded after the rows")
    import threading

    backends.rebuild()
    before = found()
    bundle = tmp_path / "edition.tar.gz"
    call_command("backup", output=str(bundle), stdout=io.StringIO())
    wipe_installation(media_root)
    # Committed for real here: the deletes' tombstones went into the change feed.
    kept = contents.MATCHED_BY_NATURAL_KEY | contents.REPLACED_ON_RESTORE
    for model in contents.backed_up_models():
        if model._meta.label_lower not in kept:
            model._base_manager.all().delete()
    backends.rebuild()
    loaded_in = []
    load = SearchIndexCopy.load

    def load_noting_the_thread(self, stream, about):
        loaded_in.append(threading.current_thread().name)
        return load(self, stream, about)

    monkeypatch.setattr(SearchIndexCopy, "load", load_noting_the_thread)
    call_command("restore", str(bundle), stdout=io.StringIO())

    assert loaded_in == ["restore-search"]
    assert found() == before
