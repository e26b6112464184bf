"""Start Django for a benchmark as production runs it: DEBUG off, the given database."""

import os
import secrets
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


def setup(database_url=None):
    """django.setup() with DEBUG off (as in production) and `database_url` if given."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bulletin.settings")
    # Production settings, minus what needs a real deployment: HTTPS and a secret.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
    # WhiteNoise warns that collectstatic has not run; rendering does not need it.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()


def bench_settings():
    """Overrides for rendering in-process: no cache, the test client's host, static files without a manifest."""
    from django.conf import settings

    return {
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"],
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }
