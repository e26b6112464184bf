"""
WSGI config for bulletin project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bulletin.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (settings are configured by get_wsgi_application)

if settings.READER_CACHE_FAST_PATH:
    from core.caching import ReaderCacheFastPath  # noqa: E402

    application = ReaderCacheFastPath(application)

# The view-count beacon, answered before anything else: it must not slow reading (readership/middleware.py).
from readership.middleware import CountViewFastPath  # noqa: E402

application = CountViewFastPath(application)
