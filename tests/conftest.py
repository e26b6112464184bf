import pytest
from django.db import transaction

from bulletin.editions.demo import build_demo_edition

# Tests ask for `demo_edition`; this is the name that tells the hooks below
# that a test reads the shared build (a conftest that overrides
# `demo_edition` with a build of its own does not depend on it).
SHARED_DEMO = "_shared_demo_edition"


class SharedDemoEdition:
    """The demo edition, built once and kept in a transaction left open while tests that read it run.

    Each such test's own transaction becomes a savepoint inside it, so what a
    test changes is rolled back and the next one finds the edition as built.
    The edition is never committed: any other test (an empty database, a
    count of rows, a flush by a transactional test, a Django TestCase class)
    first rolls it back, and the next test that asks for it builds it again.
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.builds = 0

    def open(self):
        if self.atomic is not None:
            return
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            build_demo_edition()
        self.builds += 1

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


shared_demo_key = pytest.StashKey[SharedDemoEdition]()


@pytest.fixture(scope="session")
def _shared_demo_edition(django_db_setup, django_db_blocker, pytestconfig):
    shared = SharedDemoEdition(django_db_blocker)
    pytestconfig.stash[shared_demo_key] = shared
    yield shared
    shared.close()
    del pytestconfig.stash[shared_demo_key]


def pytest_collection_modifyitems(items):
    """Within each module, the tests that read the demo edition run one after another, so it is built once there."""
    first_of_module = {}
    for index, item in enumerate(items):
        first_of_module.setdefault(item.module, index)
    order = {id(item): index for index, item in enumerate(items)}
    items.sort(key=lambda item: (first_of_module[item.module], SHARED_DEMO not in item.fixturenames, order[id(item)]))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    shared = item.config.stash.get(shared_demo_key, None)
    if shared is not None and SHARED_DEMO not in item.fixturenames:
        shared.close()


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    # The edition's transaction has to be open before the test's own (set up
    # by the first function-scoped fixture, pytest-django's database access);
    # session-scoped fixtures, this one's holder among them, come first.
    if fixturedef.scope == "function" and SHARED_DEMO in request.node.fixturenames:
        request.config.stash[shared_demo_key].open()


@pytest.fixture
def demo_edition(_shared_demo_edition, db):
    """The seed page in the database, as `make run` builds it (built once for a run of tests that read it)."""


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
