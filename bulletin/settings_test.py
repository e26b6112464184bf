"""Test settings: production settings with fast hashing, local cache and a throwaway media root."""

import os
import secrets
import tempfile

os.environ.setdefault("DEBUG", "0")
# Random for each run, and in the environment so the subprocesses a test starts share it.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bulletin-test-media-"))

from .settings import *  # noqa: E402, F403
from .settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SERVE_MEDIA = True
STATIC_ROOT = tempfile.mkdtemp(prefix="bulletin-test-static-")
WHITENOISE_AUTOREFRESH = True
# Pages are not cached in tests unless a test turns the cache on: most tests
# change data inside one transaction, where the cache's on-commit hooks never run.
READER_CACHE_SECONDS = 0
