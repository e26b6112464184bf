import pytest

from .demo_once import DemoEdition


@pytest.fixture(scope="session")
def built_demo_edition(django_db_setup, django_db_blocker):
    """The seed page built once per test worker, as `make run` builds it: its rows and its pictures."""
    with django_db_blocker.unblock():
        return DemoEdition.build()


@pytest.fixture
def demo_edition(db, built_demo_edition):
    """The seed page in the database, as `make run` builds it (copied in from the worker's one build)."""
    built_demo_edition.load()


@pytest.fixture
def superuser(db):
    from .factories import make_user

    return make_user(is_superuser=True, username="chief")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(scope="session")
def production_site(tmp_path_factory):
    """The site prepared as production runs it (migrated, static collected, demo edition), once per run."""
    import os

    from bench.stack import prepare_site, production_env, redis_answers, scratch_database

    tmp = tmp_path_factory.mktemp("site")
    redis_url = "redis://127.0.0.1:6379/3" if redis_answers() else None
    with scratch_database(os.environ.get("DATABASE_URL", ""), tmp) as database_url:
        env = production_env(database_url, tmp, redis_url=redis_url)
        prepare_site(env)
        yield env


def pytest_collection_modifyitems(items):
    """
    A test that commits (transaction=True) must also give back what migrations made.

    Its teardown empties every table, the newsroom groups and permissions that
    migrations created included; without serialized_rollback, every later test
    in the same worker that needs an editor fails with Group.DoesNotExist.
    """
    careless = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    ]
    grouped = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and item.get_closest_marker("xdist_group")
    ]
    if grouped:
        # pytest-xdist sends a group out first, before the plain database tests that
        # pytest-django orders ahead of the ones that commit and empty the database.
        raise pytest.UsageError("a test that commits may not be in an xdist_group: " + ", ".join(grouped))
    if careless:
        raise pytest.UsageError(
            "django_db(transaction=True) without serialized_rollback=True empties the migrations' rows "
            "for every later test: " + ", ".join(careless)
        )


@pytest.fixture
def cached(settings, db, django_capture_on_commit_callbacks):
    """The reader cache switched on, with on-commit hooks run as in production; yields the settings."""
    from django.core.cache import cache

    settings.READER_CACHE_SECONDS = 300
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        yield settings
    cache.clear()
