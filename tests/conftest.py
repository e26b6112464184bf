import pytest

from bulletin.editions.demo import build_demo_edition


@pytest.fixture
def demo_edition(db):
    """The seed page built into the database, as `make run` builds it."""
    build_demo_edition()


@pytest.fixture
def superuser(db):
    from .factories import make_user

    return make_user(is_superuser=True, username="chief")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
