"""
Backup and restore: the demo edition, with its revisions, comes back from a
backup field for field and byte for byte, into an emptied installation; a
damaged or foreign file, or a database that is not empty, is refused with a
clear message and nothing changes.
"""

import gzip
import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from easy_thumbnails.files import get_thumbnailer
from easy_thumbnails.models import Source, Thumbnail
from reversion.models import Revision, Version

from articles import services
from articles.models import (
    Article,
    Byline,
    Campaign,
    CaseStudy,
    KeyFigure,
    Lesson,
    Person,
    Photo,
    Practice,
    RefusedEdit,
    StatusChange,
)
from backups import contents
from departments.models import Department
from editions.models import Issue, Page

from .factories import article_form_data, make_editor

pytestmark = pytest.mark.django_db

User = get_user_model()

# Everything a newsroom would miss, compared column by column (ids included:
# revisions and the admin log refer to rows by id).
COMPARED = [
    Department, Campaign, Issue, Page, Person, Article, Byline, Photo, CaseStudy, Practice, Lesson, KeyFigure,
    StatusChange, RefusedEdit, Revision, Version, LogEntry, User,
]  # fmt: skip


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.MEDIA_ROOT


@pytest.fixture
def edition_with_history(media_root, demo_edition, admin_client, superuser):
    """The demo edition after a day's work: stories written and edited in the admin, one withdrawn, renditions made."""
    add = admin_client.post(reverse("admin:articles_article_add"), article_form_data(headline="备份前新写的稿件"))
    assert add.status_code == 302
    story = Article.objects.get(headline="备份前新写的稿件")
    change = admin_client.post(
        reverse("admin:articles_article_change", args=[story.pk]), article_form_data(story, headline="备份前改过的稿件")
    )
    assert change.status_code == 302
    case_story = CaseStudy.objects.select_related("article").first().article
    services.transition(article=case_story, action="withdraw", by=superuser, comment="核实数据")
    make_editor(username="editor-on-duty")
    for photo in Photo.objects.all():
        get_thumbnailer(photo.image)["photo_small"]
    assert Thumbnail.objects.exists()
    assert Version.objects.filter(object_id=str(case_story.pk)).exists()


def everything(media_root):
    """Every row a newsroom would miss, the groups with their permissions, and every media file's bytes."""
    rows = {model._meta.label: list(model._base_manager.order_by("pk").values()) for model in COMPARED}
    rows["groups"] = sorted(
        (g.name, sorted(g.permissions.values_list("codename", flat=True))) for g in Group.objects.all()
    )
    rows["memberships"] = sorted(User.groups.through.objects.values_list("user__username", "group__name"))
    files = {
        path.relative_to(media_root).as_posix(): path.read_bytes() for path in media_root.rglob("*") if path.is_file()
    }
    return rows, files


def differences(before, after):
    """Which rows and columns changed, for a readable failure."""
    if len(before) != len(after) or not isinstance(before[0], dict):
        return f"{len(before)} rows before, {len(after)} after"
    return [
        (old.get("id"), key, old[key], new.get(key))
        for old, new in zip(before, after, strict=True)
        for key in old
        if old[key] != new.get(key)
    ]


def wipe_installation(media_root):
    """What an empty installation looks like: migrated, the groups migrations made, no content, no media."""
    Article.objects.all().delete()
    for model in (Person, Campaign, Department, Issue, Revision, LogEntry, User, Source):
        model.objects.all().delete()
    shutil.rmtree(media_root)
    media_root.mkdir()
    assert all(not model._base_manager.exists() for model in COMPARED)


def test_a_restored_backup_gives_back_every_story_photo_and_revision(edition_with_history, media_root):
    rows_before, files_before = everything(media_root)
    renditions = set(Thumbnail.objects.values_list("name", flat=True))
    media_root_before = media_root.parent / "media-before"
    shutil.copytree(media_root, media_root_before)
    output = io.StringIO()

    call_command("backup", stdout=output)

    [bundle] = (media_root.parent / "backups").glob("backup-*.tar.gz")
    assert "备份完成" in output.getvalue()
    with tarfile.open(bundle) as tar:
        names = set(tar.getnames())
    assert {"data.jsonl", "manifest.json"} <= names
    assert not {f"media/{name}" for name in renditions} & names, "renditions are made again, not backed up"

    wipe_installation(media_root)
    call_command("restore", str(bundle), stdout=output)

    rows_after, files_after = everything(media_root)
    assert "恢复完成" in output.getvalue()
    for label, before in rows_before.items():
        assert rows_after[label] == before, f"{label} differs after restore: {differences(before, rows_after[label])}"
    assert rows_before["articles.Photo"] and rows_before["reversion.Version"] and rows_before["admin.LogEntry"]
    # Renditions are left out whether or not easy-thumbnails has a row for them (the demo
    # edition's page renditions have none when the demo is built inside this test).
    kept = {name for name, _ in contents.media_files(media_root_before, renditions=renditions)}
    assert files_after == {name: data for name, data in files_before.items() if name in kept}
    for photo in Photo.objects.all():
        with photo.image.open("rb") as picture:
            assert picture.read() == files_before[photo.image.name]
    # Ids continue after the restored rows.
    assert Article.objects.create(headline="恢复后的新稿件").pk > max(
        row["id"] for row in rows_before["articles.Article"]
    )


def corrupt_copies(bundle, workdir):
    """Damaged and foreign files, each paired with what the message must say."""
    data = bundle.read_bytes()
    truncated = workdir / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    flipped = workdir / "flipped.tar.gz"
    middle = len(data) // 2
    flipped.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 64]) + data[middle + 64 :])
    foreign = workdir / "notes.tar.gz"
    foreign.write_bytes(gzip.compress("这不是备份。".encode()))
    tampered = workdir / "tampered.tar.gz"
    escaping = workdir / "escaping.tar.gz"
    with tarfile.open(bundle) as source, tarfile.open(tampered, "w:gz") as out, tarfile.open(escaping, "w:gz") as bad:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "data.jsonl":
                content = content.replace("生态".encode(), "生太".encode(), 1)
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))
            if member.name == "manifest.json":
                member.name = "media/../../outside.txt"
            bad.addfile(member, io.BytesIO(content))
    return [
        (truncated, "已损坏"),
        (flipped, "已损坏"),
        (foreign, "不是本系统的备份"),
        (tampered, "校验值"),
        (escaping, "不该出现的条目"),
        (workdir / "missing.tar.gz", "找不到备份文件"),
    ]


def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(media_root, demo_edition, tmp_path):
    bundle = tmp_path / "edition.tar.gz"
    call_command("backup", output=str(bundle), stdout=io.StringIO())
    wipe_installation(media_root)

    for path, explanation in corrupt_copies(bundle, tmp_path):
        with pytest.raises(CommandError, match=explanation):
            call_command("restore", str(path), stdout=io.StringIO())
        assert not Article.objects.exists() and not Department.objects.exists(), path.name
        assert not any(media_root.rglob("*")), path.name
    assert not (tmp_path.parent / "outside.txt").exists()

    call_command("restore", str(bundle), stdout=io.StringIO())
    assert Article.objects.count() == 5


def test_a_backup_cut_short_or_garbled_anywhere_is_reported_damaged(media_root, demo_edition, tmp_path):
    bundle = tmp_path / "edition.tar.gz"
    call_command("backup", output=str(bundle), stdout=io.StringIO())
    wipe_installation(media_root)
    data = bundle.read_bytes()
    # Some land inside an entry and some between two, where tarfile sees the end of a whole bundle.
    for tenths in range(1, 10):
        at = len(data) * tenths // 10
        cut = tmp_path / f"cut-{tenths}.tar.gz"
        cut.write_bytes(data[:at])
        garbled = tmp_path / f"garbled-{tenths}.tar.gz"
        garbled.write_bytes(data[:at] + bytes(b ^ 0x5A for b in data[at : at + 32]) + data[at + 32 :])
        for damaged in (cut, garbled):
            with pytest.raises(CommandError, match="已损坏"):
                call_command("restore", str(damaged), stdout=io.StringIO())
            assert not Article.objects.exists(), damaged.name


def test_restoring_over_existing_content_is_refused(media_root, demo_edition, tmp_path):
    bundle = tmp_path / "edition.tar.gz"
    call_command("backup", output=str(bundle), stdout=io.StringIO())
    rows_before, files_before = everything(media_root)

    with pytest.raises(CommandError, match="数据库里已有内容"):
        call_command("restore", str(bundle), stdout=io.StringIO())

    assert everything(media_root) == (rows_before, files_before)


def test_media_that_differs_from_the_backup_is_never_overwritten(media_root, demo_edition, tmp_path):
    bundle = tmp_path / "edition.tar.gz"
    call_command("backup", output=str(bundle), stdout=io.StringIO())
    photo_name = Photo.objects.first().image.name
    wipe_installation(media_root)
    kept = Path(media_root, photo_name)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"someone else's picture")

    with pytest.raises(CommandError, match="同名但内容不同"):
        call_command("restore", str(bundle), stdout=io.StringIO())

    assert not Article.objects.exists()
    assert [path for path in media_root.rglob("*") if path.is_file()] == [kept]
    assert kept.read_bytes() == b"someone else's picture"


def test_an_odd_entry_in_a_file_whose_checksum_fails_is_reported_damaged_not_foreign(tmp_path, db):
    """Garbled bytes can decompress into an entry with an empty or strange name before tarfile stops."""
    bundle = tmp_path / "garbled.tar.gz"
    with tarfile.open(bundle, "w:gz") as tar:
        entry = tarfile.TarInfo("")
        tar.addfile(entry, io.BytesIO(b""))
    data = bytearray(bundle.read_bytes())
    data[-8] ^= 0xFF  # the gzip trailer's CRC of the uncompressed bytes
    bundle.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="已损坏"):
        call_command("restore", str(bundle), stdout=io.StringIO())
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("etc/passwd"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="不该出现的条目"):
        call_command("restore", str(foreign), stdout=io.StringIO())


def test_the_newsrooms_proofreading_lists_come_back_as_it_left_them_not_as_first_seeded(media_root, tmp_path):
    from proofing.models import BannedWord, PreferredForm

    def lists():
        return (
            sorted(BannedWord.objects.values_list("pk", "word")),
            sorted(PreferredForm.objects.values_list("pk", "wrong", "right")),
        )

    seeded = [(model, list(model.objects.all())) for model in (BannedWord, PreferredForm)]
    assert all(rows for _, rows in seeded), "the migrations seed both lists"
    BannedWord.objects.create(word="测试禁用词")
    PreferredForm.objects.order_by("pk").first().delete()  # a seeded form the newsroom does not want
    before = lists()
    bundle = tmp_path / "lists.tar.gz"
    call_command("backup", output=str(bundle), stdout=io.StringIO())
    # An empty installation: the lists as the migrations seed them.
    for model, rows in seeded:
        model.objects.all().delete()
        model.objects.bulk_create(rows)

    call_command("restore", str(bundle), stdout=io.StringIO())

    assert lists() == before


def test_pages_cached_before_a_restore_are_not_served_after_it(
    edition_with_history, media_root, settings, django_assert_num_queries
):
    """Rows are restored in bulk, without a signal each: the reader cache is forgotten once, at the end."""
    from django.core.cache import cache
    from django.test import Client

    headline = Article.objects.published().order_by("pk").first().headline
    call_command("backup", stdout=io.StringIO())
    [bundle] = (media_root.parent / "backups").glob("backup-*.tar.gz")
    wipe_installation(media_root)
    settings.READER_CACHE_SECONDS = 300
    cache.clear()
    reader = Client()
    assert headline not in reader.get("/").content.decode()
    with django_assert_num_queries(0):
        assert headline not in reader.get("/").content.decode(), "the empty front page is now cached"

    call_command("restore", str(bundle), stdout=io.StringIO())

    assert headline in reader.get("/").content.decode()
    cache.clear()


def test_the_backup_writes_rows_exactly_as_djangos_serializer_does(edition_with_history):
    from django.core import serializers

    from backups.bundle import ExactJSONEncoder, RowWriter
    from backups.contents import backed_up_models

    for model in backed_up_models():
        rows = list(model._base_manager.order_by("pk"))
        options = {"use_natural_foreign_keys": True, "cls": ExactJSONEncoder}
        ours, djangos = io.StringIO(), io.StringIO()
        RowWriter().serialize(rows, stream=ours, **options)
        serializers.serialize("jsonl", rows, stream=djangos, **options)
        assert ours.getvalue() == djangos.getvalue(), model._meta.label
    assert Article.objects.exists()
