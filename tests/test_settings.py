"""Settings come from the environment; production refuses to start without its secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
SETUP = "import django; django.setup(); from django.conf import settings"


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="bulletin.settings", ENV_FILE=os.devnull)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    result = run_python("import django; django.setup()", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = run_python(
        f"{SETUP}; print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ)",
        DEBUG="0",
        SECRET_KEY="s" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["zh-hans", "Asia/Shanghai", "True"]


def test_database_url_selects_postgresql():
    result = run_python(
        f"{SETUP}; print(settings.DATABASES['default']['ENGINE'])",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/bulletin",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs the PostgreSQL run")
@pytest.mark.django_db
def test_on_postgresql_a_query_that_keeps_coming_back_is_planned_once():
    from django.contrib.auth.models import Group

    for _ in range(6):
        list(Group.objects.filter(name="编辑"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "auth_group"' in statement for statement in prepared)


def test_prepared_statements_can_be_turned_off_for_a_pooler_that_cannot_keep_them():
    show = f"{SETUP}; o = settings.DATABASES['default'].get('OPTIONS', {{}}); print(o.get('prepare_threshold'))"
    database = "postgres://postgres@127.0.0.1:5432/bulletin"
    assert run_python(show, DEBUG="1", DATABASE_URL=database).stdout.strip() == "5"
    off = run_python(show, DEBUG="1", DATABASE_URL=database, DATABASE_PREPARED_STATEMENTS="0")
    assert off.stdout.strip() == "None"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    result = run_python(
        f"{SETUP}; o = settings.DATABASES['default']['OPTIONS']; "
        "print(o['transaction_mode'], 'journal_mode=WAL' in o['init_command'], 'busy_timeout' in o['init_command'])",
        DEBUG="1",
        DATABASE_URL="sqlite:////tmp/bulletin-settings-test.sqlite3",
    )
    assert result.stdout.split() == ["IMMEDIATE", "True", "True"]


def test_system_check_reports_no_issues(capsys):
    call_command("check")
    assert "no issues" in capsys.readouterr().out


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_configured():
    result = run_python(
        f"{SETUP}; from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url)",
        DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "newsroom-media", "http://127.0.0.1:9000"]


def test_media_stays_on_local_disk_without_a_bucket():
    result = run_python(f"{SETUP}; print(settings.STORAGES['default']['BACKEND'])", DEBUG="1")
    assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage"


def test_redis_url_selects_the_shared_cache():
    result = run_python(
        f"{SETUP}; print(settings.CACHES['default']['BACKEND'])", DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert result.stdout.strip() == "core.redis_cache.NewsroomRedisCache"
