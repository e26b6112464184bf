"""The static files' storage in production: WhiteNoise's hashed, compressed files, each address worked out once.

Every page names a handful of static files (stylesheets, scripts, the icon), and
`{% static %}` asked the manifest, then quoted and joined each name on every
page: a few per cent of drawing a story. The manifest is read when the storage is
made and changes only when `collectstatic` writes a new one, so an address found
once stays right until then; with DEBUG on (unhashed addresses) nothing is kept.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        try:
            return self._addresses[name]
        except KeyError:
            # A name the manifest lacks raises here, as it always has, and is not kept.
            address = self._addresses[name] = super().url(name)
            return address

    def post_process(self, *args, **kwargs):
        # The files are hashed anew: what was kept may name the old ones.
        self._addresses.clear()
        yield from super().post_process(*args, **kwargs)
        self._addresses.clear()
