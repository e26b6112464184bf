"""
Editors save while readers read: four writer and four reader processes work on
one real database for a bounded time (SQLite: a file in WAL mode with
immediate transactions; PostgreSQL: a database of their own), and a backup is
taken in the middle of it.

No worker may meet any error ("database is locked" least of all), every write
a writer saw committed must be in the database at the end, every reader must
keep reading and see new stories appear, and the backup must be one moment of
the database even though it was taken mid-write.

CONCURRENCY_SECONDS=60 pytest -s tests/test_concurrent_writers.py runs longer.
"""

import json
import os
import subprocess
import sys
import tarfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
ARTIFACT = ROOT / "tests" / "artifacts" / "concurrency.json"
WRITERS = 4
READERS = 4
SECONDS = float(os.environ.get("CONCURRENCY_SECONDS", "8"))
STARTUP_TIMEOUT = 90


@dataclass
class LiveDatabase:
    vendor: str
    url: str
    connect: object  # () -> a DB-API connection to it


@pytest.fixture(scope="module")
def live_database(tmp_path_factory):
    """A real, empty database the worker processes share, dropped afterwards."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        import sqlite3

        path = tmp_path_factory.mktemp("concurrency") / "newsroom.sqlite3"
        yield LiveDatabase("sqlite", f"sqlite:///{path}", lambda: sqlite3.connect(path))
        return

    import psycopg

    name = f"test_concurrency_{os.getpid()}"
    server = {
        "host": database["HOST"] or "localhost",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(server["user"]) + (f":{quote(server['password'])}" if server["password"] else "")
    url = f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    try:
        yield LiveDatabase("postgresql", url, lambda: psycopg.connect(dbname=name, **server))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Run:
    writers: list
    readers: list
    stories: dict  # id -> [headline, version, status] at the end
    backup: Path
    backup_report: dict


@pytest.fixture(scope="module")
def concurrency_run(live_database, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("concurrency-run")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bulletin.settings",
        "DEBUG": "1",
        "DATABASE_URL": live_database.url,
        "MEDIA_ROOT": str(workdir / "media"),
        "REDIS_URL": "",
    }

    def start(*args, **kwargs):
        return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, text=True, **kwargs)

    # The workers load Django while the schema is made; they touch the database only after "go".
    migrate = start("manage.py", "migrate", "--noinput", stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}

    def worker(role, *options):
        return start("-m", "tests.concurrency_worker", role, "--seconds", str(SECONDS), *options, **pipes)

    backup = workdir / "taken-mid-write.tar.gz"
    workers = [worker("writer", "--index", str(n)) for n in range(WRITERS)]
    workers += [worker("reader", "--index", str(n)) for n in range(READERS)]
    workers.append(worker("backup", "--output", str(backup)))
    started = time.monotonic()
    try:
        migrated = migrate.communicate(timeout=STARTUP_TIMEOUT)[0]
        print(f"\nmigrated in {time.monotonic() - started:.1f} s")
        assert migrate.returncode == 0, migrated
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        print(f"workers ready after {time.monotonic() - started:.1f} s")
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        reports = []
        for worker in workers:
            out, err = worker.communicate(timeout=STARTUP_TIMEOUT + SECONDS)
            assert worker.returncode == 0, err
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for process in [migrate, *workers]:
            if process.poll() is None:
                process.kill()
                process.wait()
    with live_database.connect() as connection:
        rows = connection.execute("SELECT id, headline, version, status FROM articles_article").fetchall()
    return Run(
        writers=[r for r in reports if r["role"] == "writer"],
        readers=[r for r in reports if r["role"] == "reader"],
        stories={str(pk): [headline, version, status] for pk, headline, version, status in rows},
        backup=backup,
        backup_report=next(r for r in reports if r["role"] == "backup"),
    )


def record_figures(vendor, run):
    figures = {
        "seconds": SECONDS,
        "writers": WRITERS,
        "readers": READERS,
        "writes": sum(w["writes"] for w in run.writers),
        "reads": sum(r["reads"] for r in run.readers),
        "errors": sum(w["error_count"] for w in run.writers + run.readers),
        "backup_seconds_mid_write": run.backup_report["seconds"],
        "measured_at": timezone.now().isoformat(timespec="seconds"),
    }
    print(
        f"\n[{vendor}] {WRITERS} writers and {READERS} readers for {SECONDS:g} s: "
        f"{figures['writes']} writes committed, {figures['reads']} reads, {figures['errors']} errors; "
        f"a backup taken meanwhile in {figures['backup_seconds_mid_write']} s"
    )
    ARTIFACT.parent.mkdir(exist_ok=True)
    everything = json.loads(ARTIFACT.read_text()) if ARTIFACT.exists() else {}
    everything[vendor] = figures
    ARTIFACT.write_text(json.dumps(everything, ensure_ascii=False, indent=2) + "\n")
    return figures


def test_editors_save_while_readers_read_without_errors_or_lost_writes(live_database, concurrency_run):
    run = concurrency_run
    figures = record_figures(live_database.vendor, run)

    errors = [message for worker in run.writers + run.readers for message in worker["errors"]]
    assert figures["errors"] == 0, errors
    for writer in run.writers:
        assert writer["writes"] > 0
        for story_id, committed in writer["committed"].items():
            assert run.stories.get(story_id) == committed, f"writer {writer['index']} lost a write to story {story_id}"
    for reader in run.readers:
        assert reader["reads"] > 0
        assert reader["published_last"] > reader["published_first"], "readers see stories published while they read"


def test_a_backup_taken_mid_write_is_one_moment_of_the_database(concurrency_run):
    run = concurrency_run
    versions_of_story = Counter()
    story_versions = {}
    with tarfile.open(run.backup) as tar:
        for line in tar.extractfile("data.jsonl"):
            row = json.loads(line)
            if row["model"] == "articles.article":
                story_versions[str(row["pk"])] = row["fields"]["version"]
            elif row["model"] == "reversion.version" and row["fields"]["content_type"] == ["articles", "article"]:
                versions_of_story[row["fields"]["object_id"]] += 1

    # Every save of a story kept a revision in the same transaction: a backup
    # that read the stories and the revisions at different moments would not add up.
    assert story_versions
    assert {pk: versions_of_story[pk] for pk in story_versions} == story_versions
    assert set(versions_of_story) <= set(story_versions)
    assert len(story_versions) < len(run.stories), "writers went on writing after the backup's snapshot"
