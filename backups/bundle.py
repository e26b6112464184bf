"""
Backups as one file: a gzipped tar holding

    data.jsonl      every row (contents.backed_up_models), one JSON object a line,
                    foreign keys to users, groups and content types as natural keys
    carried/<name>  data an app derives from the rows and hands over to be
                    carried (the search index, backups.contents.carried_data),
                    so that a restore copies it back instead of deriving it again
    media/...       every media file but derived renditions
    manifest.json   written last: format, created_at, database vendor, applied
                    migrations, row counts per model, size and sha256 of every file

JSON Lines rather than a database file, so that a backup taken on SQLite can be
restored on PostgreSQL and the other way round. Everything is streamed: the
rows are compressed by a second thread as they are written (compressing.py),
and neither the rows nor the media are ever held in memory at once.

The database is read first, in one snapshot (see snapshot.py), and the media
folder afterwards. Uploads are written before the row that names them is
committed, so every file the snapshot refers to is already there; files that
arrived later are carried along unused and do no harm.
"""

import datetime
import gzip
import hashlib
import json
import os
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import contents, snapshot
from .compressing import CompressedRows, copy_member, write_member_header

FORMAT = "bulletin-backup"
FORMAT_VERSION = 2
# Version 1 bundles had no carried data: a restore derives it from their rows.
READABLE_VERSIONS = (1, 2)
DATA_NAME = "data.jsonl"
CARRIED_PREFIX = "carried/"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# zlib's default, as pg_dump -Fc uses.
COMPRESSLEVEL = 6
# Carried data is derived (a ten-year search index is 2 GB of terms): zlib's
# fastest level packs it five times as fast as the default, for a file a
# fifth larger.
CARRIED_COMPRESSLEVEL = 1


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says what to do."""


@dataclass
class BackupResult:
    path: Path
    size: int
    rows: dict
    files: int
    seconds: float
    missing_files: list = field(default_factory=list)

    @property
    def row_total(self):
        return sum(self.rows.values())


def backup_dir():
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "backups"))


def default_path(created_at):
    stamp = timezone.localtime(created_at).strftime("%Y%m%d-%H%M%S")
    path = backup_dir() / f"backup-{stamp}.tar.gz"
    n = 1
    while path.exists():
        n += 1
        path = backup_dir() / f"backup-{stamp}-{n}.tar.gz"
    return path


def create_backup(output=None):
    """Write a backup of the database and media to `output` (or BACKUP_DIR). Returns a BackupResult."""
    started = time.monotonic()
    created_at = timezone.now()
    output = Path(output) if output else default_path(created_at)
    if output.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError("备份不能放在媒体目录（MEDIA_ROOT）里：那里的文件对外公开，而备份含有账号和密码哈希。")
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name and renamed when complete: a crash never leaves a backup that looks whole.
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="bulletin-backup-") as workdir:
        workdir = Path(workdir)
        members = {DATA_NAME: CompressedRows(workdir / (DATA_NAME + ".gz"), compresslevel=COMPRESSLEVEL)}
        try:
            with snapshot.consistent_read(workdir) as alias:
                vendor = connections[alias].vendor
                with contents.stored_dimensions_kept():
                    rows, referenced = dump_rows(alias, members[DATA_NAME])
                carried = dump_carried(alias, workdir, members)
                migrations = sorted(
                    f"{app}.{name}" for app, name in MigrationRecorder(connections[alias]).applied_migrations()
                )
                renditions = contents.rendition_names(alias)
            files = {name: member.close() for name, member in members.items()}
        except BaseException:
            for member in members.values():
                member.abandon()
            raise
        try:
            # Readable by its owner only: it holds password hashes.
            partial.unlink(missing_ok=True)
            partial.touch(mode=0o600)
            with open(partial, "wb") as out:
                for name, member in members.items():
                    write_member_header(out, name, files[name]["size"], time.time(), compresslevel=COMPRESSLEVEL)
                    copy_member(out, member.path)
                with tarfile.open(fileobj=out, mode="w:gz", compresslevel=COMPRESSLEVEL) as tar:
                    for relative, path in contents.media_files(settings.MEDIA_ROOT, renditions=renditions):
                        checked = _add_file(tar, MEDIA_PREFIX + relative, path)
                        if checked is not None:
                            files[MEDIA_PREFIX + relative] = checked
                    manifest = {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "created_at": created_at.isoformat(),
                        "database_vendor": vendor,
                        "migrations": migrations,
                        "models": rows,
                        "carried": carried,
                        "files": files,
                    }
                    _add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    missing = sorted(name for name in referenced if MEDIA_PREFIX + name not in files)
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        rows=rows,
        files=len(files) - 1,
        seconds=time.monotonic() - started,
        missing_files=missing,
    )


def dump_rows(alias, stream):
    """Serialize every backed-up model to `stream`. Returns (rows per model, media names the rows refer to)."""
    rows = {}
    referenced = set()
    for model in contents.backed_up_models():
        label = model._meta.label_lower
        queryset = model._base_manager.using(alias).order_by(model._meta.pk.name)
        related = contents.natural_key_relations(model)
        if related:
            queryset = queryset.select_related(*related)
        counted = _Counted(queryset.iterator(chunk_size=2000), contents.file_fields(model), referenced)
        RowWriter().serialize(
            counted,
            stream=stream,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=label in contents.MATCHED_BY_NATURAL_KEY,
            cls=ExactJSONEncoder,
        )
        rows[label] = counted.count
    return rows, referenced


def dump_carried(alias, workdir, members):
    """Each app's carried data, read in the rows' snapshot, into a member of its own. Returns the manifest's entries."""
    carried = {}
    for label, data in contents.carried_data().items():
        name = CARRIED_PREFIX + data.name
        members[name] = CompressedRows(workdir / f"carried-{data.name}.gz", compresslevel=CARRIED_COMPRESSLEVEL)
        about = data.dump(members[name].write_bytes, using=alias)
        carried[label] = {**about, "member": name, "format": data.format(alias)}
    return carried


class RowWriter(jsonl.Serializer):
    """
    Django's JSON Lines serializer, writing the same lines faster.

    Django's writes each row with json.dump, which encodes in pure Python;
    json.dumps takes the C encoder for the same options and gives the same
    text (tests/test_backup_restore.py compares them), several times faster.
    """

    def end_object(self, obj):
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs))
        self.stream.write("\n")
        self._current = None


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds, as JavaScript reads them; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Counted:
    """Pass rows through, counting them and noting the media files they name."""

    def __init__(self, rows, file_fields, referenced):
        self.rows, self.file_fields, self.referenced, self.count = rows, file_fields, referenced, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            for file_field in self.file_fields:
                name = getattr(row, file_field.attname)
                if name:
                    self.referenced.add(str(name))
            yield row


class _HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        return chunk


def _add_file(tar, name, path):
    """Copy one file into the bundle, hashing it on the way. None if it vanished meanwhile."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below, after tar has read it
    except FileNotFoundError:
        return None
    with raw:
        info = tarfile.TarInfo(name)
        stat = os.fstat(raw.fileno())
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = _HashingReader(raw)
        tar.addfile(info, reader)
    return {"size": info.size, "sha256": reader.sha256.hexdigest()}


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
    tar.addfile(info, _BytesReader(data))


class _BytesReader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


# --- reading ---------------------------------------------------------------------------


def unpack_verified(path, staging):
    """
    Unpack the bundle at `path` into `staging` and check it against its manifest.

    Returns the manifest. Raises BackupError for a missing, damaged, tampered
    or foreign file; nothing outside `staging` is touched.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    staging = Path(staging)
    found = {}
    manifest_bytes = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = _checked_member_name(member)
                if name in found or (name == MANIFEST_NAME and manifest_bytes is not None):
                    raise BackupError(f"备份文件里有重复的条目 {name}，不是本系统生成的备份。")
                if name == MANIFEST_NAME:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise BackupError("备份清单大得不合常理，不是本系统生成的备份。")
                    manifest_bytes = tar.extractfile(member).read()
                else:
                    found[name] = _extract(tar, member, staging / name)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"无法读取备份文件 {path.name}：文件已损坏或不是本系统的备份（{exc}）。") from exc
    except BackupError as exc:
        # Garbled bytes can decompress into an entry with an odd name or a repeated one:
        # when the gzip stream's own checksum fails, the file is damaged, not foreign.
        if not _compressed_stream_complete(path):
            raise BackupError(f"无法读取备份文件 {path.name}：文件已损坏（{exc}）。") from exc
        raise
    # tarfile takes a garbled entry header, or a file cut short between two
    # entries, for the end of the bundle: the manifest, written last, is then
    # simply not there, and only the gzip stream's own end and checksum tell.
    if manifest_bytes is None and not _compressed_stream_complete(path):
        raise BackupError(f"无法读取备份文件 {path.name}：文件已损坏，不完整（可能复制或写入到一半就中断了）。")
    manifest = _parse_manifest(manifest_bytes)
    _compare(manifest["files"], found)
    return manifest


def _compressed_stream_complete(path):
    """Whether the gzip stream runs to its proper end, as a file cut short does not."""
    try:
        with gzip.open(path) as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, zlib.error, OSError):
        return False
    return True


def _checked_member_name(member):
    name = member.name
    parts = PurePosixPath(name).parts
    safe = (
        member.isfile()
        and name
        and not name.startswith("/")
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in parts)
        and (
            name in (DATA_NAME, MANIFEST_NAME)
            or (name.startswith(MEDIA_PREFIX) and len(parts) > 1)
            or (name.startswith(CARRIED_PREFIX) and len(parts) == 2)
        )
    )
    if not safe:
        raise BackupError(f"备份文件里有不该出现的条目 {name!r}，不是本系统生成的备份，已拒绝。")
    return name


def _extract(tar, member, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tar.extractfile(member) as source, open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _parse_manifest(data):
    if data is None:
        raise BackupError("备份文件里没有清单（manifest.json），不是本系统生成的备份，或写到一半就中断了。")
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError("备份清单已损坏，无法读取。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("这不是本系统生成的备份文件（清单格式不符）。")
    if manifest.get("format_version") not in READABLE_VERSIONS:
        raise BackupError(
            f"备份格式版本 {manifest.get('format_version')} 与本系统（{FORMAT_VERSION}）不同，请用对应版本的系统恢复。"
        )
    if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("models"), dict):
        raise BackupError("备份清单不完整，无法恢复。")
    return manifest


def _compare(expected, found):
    if DATA_NAME not in expected:
        raise BackupError("备份清单里没有数据库数据，无法恢复。")
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    if missing or extra:
        raise BackupError(
            f"备份文件与清单不符：缺少 {len(missing)} 个文件，多出 {len(extra)} 个文件"
            f"（如 {(missing or extra)[0]}）。备份不完整或被改动过。"
        )
    for name, checked in found.items():
        if expected[name] != checked:
            raise BackupError(f"备份已损坏或被改动过：{name} 的校验值（sha256）与清单不符。")
