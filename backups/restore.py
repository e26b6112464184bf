"""
Restoring a backup into an empty installation, all or nothing.

1. The bundle is unpacked into a private folder and every file is checked
   against the manifest's sha256 before anything else is looked at.
2. The installation must be migrated at least as far as the backup was, and
   empty: no rows but those migrations make (the newsroom groups, which are
   matched by natural key and updated in place).
3. Media files are put in place, then every row is loaded in one transaction.
   If anything fails, the transaction rolls back and the files just placed are
   removed again, so the installation is as it was.
4. Data the apps derive from the rows (the search index) is copied back from
   the bundle when it is in the installation's own format, else derived again
   from the restored rows; a copy that fails to load is derived again too.
   Then the planner's statistics are refreshed (with a VACUUM on PostgreSQL,
   so the covering indexes work at once instead of after autovacuum's next
   round).
"""

import hashlib
import io
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers import base, jsonl
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from core import changes
from core.statistics import refresh_after_bulk_load

from . import contents
from .bundle import CARRIED_PREFIX, CHUNK, DATA_NAME, MEDIA_PREFIX, BackupError, unpack_verified


@dataclass
class RestoreResult:
    rows: dict
    files: int
    created_at: str
    seconds: float

    @property
    def row_total(self):
        return sum(self.rows.values())


def restore_backup(path, *, stdout=None):
    """Restore the backup at `path`. Raises BackupError, leaving everything untouched, when it cannot."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bulletin-restore-") as staging:
        staging = Path(staging)
        manifest = unpack_verified(path, staging)
        check_migrations(manifest)
        check_empty()
        media = plan_media(manifest, staging)
        carried = [CarriedLoad(label, data, manifest, staging) for label, data in contents.carried_data().items()]
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Each on a connection of its own: PostgreSQL copies and indexes them on the
            # second core while this one turns rows into values.
            for load in carried:
                load.start()
        placed = []
        try:
            place_media(media, placed)
            with transaction.atomic():
                check_empty()
                clear_seeded_rows()
                loaded = load_rows(staging / DATA_NAME)
                check_counts(manifest["models"], loaded)
                reset_sequences(loaded)
        except BaseException as exc:
            for load in carried:
                load.abandon()
            for target in placed:
                target.unlink(missing_ok=True)
            if isinstance(exc, BackupError) or not isinstance(exc, Exception):
                raise
            raise BackupError(f"备份数据无法写入数据库，已全部撤回，数据库和媒体目录保持原样。原因：{exc}") from exc
        # Rows went in without signals: what a change must cause (every cached page forgotten,
        # here and at the edge) happens here, once, for everything.
        changes.everything_changed()
        for load in carried:
            load.finish(stdout or io.StringIO())
    refresh_after_bulk_load()
    return RestoreResult(
        rows=dict(loaded),
        files=len(media),
        created_at=manifest.get("created_at", ""),
        seconds=time.monotonic() - started,
    )


def check_migrations(manifest):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        raise BackupError("数据库还没有建表：请先运行 python manage.py migrate，再恢复。")
    applied = {f"{app}.{name}" for app, name in recorder.applied_migrations()}
    # Only the apps whose rows are in the backup matter.
    backed_up_apps = {label.split(".")[0] for label in manifest["models"]}
    needed = {name for name in manifest.get("migrations", []) if name.split(".")[0] in backed_up_apps}
    missing = sorted(needed - applied)
    if missing:
        raise BackupError(
            f"备份来自较新的版本，这里缺少 {len(missing)} 个数据库迁移（如 {missing[0]}）："
            "请先更新代码并运行 python manage.py migrate，再恢复。"
        )


def check_empty():
    expected = contents.MATCHED_BY_NATURAL_KEY | contents.REPLACED_ON_RESTORE
    occupied = [
        str(model._meta.verbose_name)
        for model in contents.backed_up_models()
        if model._meta.label_lower not in expected and model._base_manager.exists()
    ]
    if occupied:
        raise BackupError(
            f"数据库里已有内容（{'、'.join(occupied[:6])}{'等' if len(occupied) > 6 else ''}），"
            "恢复只会写入空的安装，以免新旧数据混在一起：请新建一个数据库并运行 python manage.py migrate，再恢复。"
        )


def clear_seeded_rows():
    for model in contents.backed_up_models():
        if model._meta.label_lower in contents.REPLACED_ON_RESTORE:
            model._base_manager.all().delete()


def plan_media(manifest, staging):
    """(unpacked file, destination) for each media file not already in place; refuses to overwrite."""
    root = Path(settings.MEDIA_ROOT)
    plan, conflicts = [], []
    for name, checked in sorted(manifest["files"].items()):
        if not name.startswith(MEDIA_PREFIX):
            continue
        target = root / name.removeprefix(MEDIA_PREFIX)
        if not target.exists():
            plan.append((staging / name, target))
        elif not target.is_file() or _sha256(target) != checked["sha256"]:
            conflicts.append(name.removeprefix(MEDIA_PREFIX))
    if conflicts:
        raise BackupError(
            f"媒体目录里已有 {len(conflicts)} 个同名但内容不同的文件（如 {conflicts[0]}），恢复不会覆盖它们："
            "请换一个空的媒体目录（MEDIA_ROOT），再恢复。"
        )
    return plan


def place_media(plan, placed):
    mode = getattr(settings, "FILE_UPLOAD_PERMISSIONS", None)
    for source, target in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        placed.append(target)
        if mode is not None:
            target.chmod(mode)


# Rows written per INSERT statement batch: large enough that a ten-year archive is a few
# hundred statements per table, small enough that a batch of stories is a few megabytes.
BATCH_ROWS = 2000


def load_rows(path):
    """
    Write every row of data.jsonl. Returns rows loaded per model.

    Rows go in as loaddata would save them, but a table at a time in batches
    that send no signals (the search index is copied back and the reader cache
    forgotten once, after the restore).
    Rows that need more than one INSERT each (many-to-many links, natural-key
    matches that may update a row migrations made, references to rows further
    on) are saved one by one as before.
    """
    loaded = Counter()
    waiting = []
    batch = []

    def write_batch():
        if batch:
            model = type(batch[0])
            insert_as_stored(model, batch)
            loaded[model._meta.label_lower] += len(batch)
            batch.clear()

    with open(path, encoding="utf-8") as stream, contents.stored_dimensions_kept():
        for row in _RowReader(stream, handle_forward_references=True):
            instance = row.object
            label = instance._meta.label_lower
            if batch and (type(batch[0]) is not type(instance) or len(batch) >= BATCH_ROWS):
                write_batch()
            if row.m2m_data or row.deferred_fields or label in contents.MATCHED_BY_NATURAL_KEY:
                write_batch()
                row.save()
                loaded[label] += 1
                if row.deferred_fields:
                    waiting.append(row)
            else:
                batch.append(instance)
        write_batch()
    for row in waiting:
        row.save_deferred_fields()
    return loaded


def insert_as_stored(model, rows):
    """
    Write `rows` with every value as read: COPY on PostgreSQL, one prepared INSERT for them all elsewhere.

    A raw insert, as Model.save_base(raw=True) makes for loaddata: bulk_create
    would let auto_now and auto_now_add fields stamp the time of the restore
    over the times the backup holds. Each value still goes through its field's
    get_db_prep_save (rich text is sanitized again, JSON adapted); what is
    saved is Django's statement compiler, run once per batch of a few dozen
    rows, and on PostgreSQL the parsing of one INSERT per batch.
    """
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    values = ([field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields] for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(values))


class _RowReader(jsonl.Deserializer):
    """
    Django's JSON Lines reader, remembering what each natural key resolved to.

    Every story, status change and revision names its user by natural key
    (the user name); resolving one costs a query, and a ten-year archive has
    hundreds of thousands of such references to a few hundred users.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._resolved = {}

    def _handle_fk_field_node(self, field, field_value):
        if not isinstance(field_value, list):
            return super()._handle_fk_field_node(field, field_value)
        key = (field.remote_field.model, field.remote_field.field_name, tuple(field_value))
        if key not in self._resolved:
            value = super()._handle_fk_field_node(field, field_value)
            if value == base.DEFER_FIELD:
                return value
            self._resolved[key] = value
        return self._resolved[key]


def check_counts(expected, loaded):
    differing = sorted(label for label in set(expected) | set(loaded) if expected.get(label, 0) != loaded.get(label, 0))
    if differing:
        raise BackupError(f"载入的记录数与备份清单不符（{'、'.join(differing[:5])}），已全部撤回。")


def reset_sequences(loaded):
    """Rows kept their ids; PostgreSQL's id sequences must continue after them (SQLite needs nothing)."""
    models = [apps.get_model(label) for label in loaded]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


class CarriedLoad(threading.Thread):
    """
    One app's carried data put back: loaded from the bundle beside the rows, or derived from them.

    start() loads it in a thread of its own (a connection of its own) while
    the rows are written; finish() waits for it, or loads it there and then
    when it was not started, and makes it live, or has the app derive it from
    the restored rows when the copy cannot serve (another format, damaged,
    the wrong number of rows).
    """

    def __init__(self, label, data, manifest, staging):
        super().__init__(name=f"restore-{label}", daemon=True)
        self.label, self.data = label, data
        self.entry = (manifest.get("carried") or {}).get(label)
        self.path = staging / self.entry["member"] if _loadable(self.entry, data, staging) else None
        self.loaded, self.error = None, None

    def run(self):
        try:
            if self.path is not None:
                with open(self.path, "rb") as stream:
                    self.loaded = self.data.load(stream, self.entry)
        except Exception as exc:  # noqa: BLE001 - reported by finish(), which derives the data instead
            self.error = exc
        finally:
            if threading.current_thread() is self:
                connections.close_all()

    def abandon(self):
        if self.ident is not None:
            self.join()
            self.data.discard()

    def finish(self, stdout):
        if self.ident is not None:
            self.join()
        else:
            self.run()
        if self.path is None:
            self.data.rebuild(stdout)
        elif self.error is not None or self.loaded != self.entry.get("rows"):
            problem = self.error or f"{self.loaded} 条，清单记为 {self.entry.get('rows')} 条"
            stdout.write(f"{self.label} 的备份副本无法载入（{problem}），改为从恢复的记录重新生成。\n")
            self.data.discard()
            self.data.rebuild(stdout)
        else:
            self.data.commit()


def _loadable(entry, data, staging):
    return (
        isinstance(entry, dict)
        and entry.get("member") == CARRIED_PREFIX + data.name
        and entry.get("format") == data.format(DEFAULT_DB_ALIAS)
        and (staging / entry["member"]).is_file()
    )


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
