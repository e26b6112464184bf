"""A partner of the news API in tests: a key, requests made with it, and IPTC's ninjs 3.1 schema to check items."""

import datetime
import json
from pathlib import Path
from urllib.parse import urlsplit

from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "ninjs" / "ninjs-schema_3.1.json").read_text())

# jsonschema checks "uri" and "date-time" only with optional packages this project does not need; the
# two formats the items use are checked here instead, strictly enough to catch a relative or local path.
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def is_uri(value):
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and value.isascii() and " " not in value


@FORMATS.checks("date-time", raises=ValueError)
def is_date_time(value):
    moment = datetime.datetime.fromisoformat(value)
    return "T" in value and moment.tzinfo is not None


NINJS = Draft202012Validator(SCHEMA, format_checker=FORMATS)


def ninjs_errors(item):
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in NINJS.iter_errors(item)]


def make_key(*scopes):
    """A new key with `scopes` (every key reads) and its token."""
    from partners.services import issue_key

    from .factories import make_user

    _key, token = issue_key(name="测试合作方", by=make_user(is_superuser=True), scopes=("read", *scopes))
    return token


class Partner:
    """Requests as a partner sends them, with its key in the Authorization header."""

    def __init__(self, *scopes, token=None):
        self.token = token or make_key(*scopes)
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def get(self, url, data=None, **headers):
        return self.client.get(url, data, **headers)

    def json(self, url, data=None):
        response = self.get(url, data)
        assert response.status_code == 200, (url, response.status_code, response.content[:500])
        return response.json()
