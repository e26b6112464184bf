"""
The production stack on two app servers: gunicorn, PostgreSQL and Redis shared.

A story published through one server is on the other at once, and a withdrawn
one disappears from both at once. Runs when the suite runs on PostgreSQL and a
Redis server answers (as in CI); skipped otherwise.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")

pytestmark = [
    pytest.mark.skipif(not DATABASE_URL.startswith("postgres"), reason="needs the PostgreSQL run"),
    pytest.mark.xdist_group("servers"),
]


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, redirects."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        try:
            with self.opener.open(self.base + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path, data):
        status, html = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, username, password):
        self.post("/admin/login/?next=/admin/", {"username": username, "password": password})
        status, html = self.get("/admin/")
        assert status == 200 and "logout" in html.lower(), "login failed"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    import psycopg

    name = f"bulletin_servers_{uuid.uuid4().hex[:8]}"
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    tmp = tmp_path_factory.mktemp("stack")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_"))},
        "DJANGO_SETTINGS_MODULE": "bulletin.settings",
        "DATABASE_URL": DATABASE_URL.rsplit("/", 1)[0] + "/" + name,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": name,
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Loopback has no TLS; production puts these behind HTTPS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"], ["load_demo_edition"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    make_editor = (
        "from django.contrib.auth.models import Group, User; "
        "u = User.objects.create_user('nightdesk', password='night-desk-password', is_staff=True); "
        "u.groups.add(Group.objects.get(name='编辑'))"
    )
    subprocess.run(manage + ["shell", "-c", make_editor], cwd=ROOT, env=env, check=True, capture_output=True)
    servers, bases = [], []
    for _ in range(2):
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", "python:bulletin.gunicorn", "bulletin.wsgi"]
        servers.append(subprocess.Popen(command, cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}))
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
    yield {"env": env, "bases": bases}
    for server in servers:
        server.terminate()
        server.wait(10)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_story(stack, headline):
    code = (
        "from articles.models import Article; from bulletin.editions.models import Page; "
        f"a = Article.objects.create(headline='{headline}', body='<p>正文。</p>', status='approved', "
        "page=Page.objects.get(number=1), page_position=9); print(a.pk)"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=stack["env"], check=True, capture_output=True
    )
    return int(out.stdout.split()[-1])


def test_a_story_published_on_one_server_is_on_the_other_at_once(stack):
    first, second = (Browser(base) for base in stack["bases"])
    pk = make_story(stack, "两台服务器之间的新闻")
    # Both servers have the front page cached without it.
    for server in (first, second):
        assert "两台服务器之间的新闻" not in server.get("/")[1]
        assert "两台服务器之间的新闻" not in server.get("/")[1]

    first.log_in("nightdesk", "night-desk-password")
    status, _ = first.post(f"/admin/articles/article/{pk}/transition/publish/", {"comment": ""})
    assert status == 200
    reader_of_second = Browser(stack["bases"][1])
    assert "两台服务器之间的新闻" in reader_of_second.get("/")[1]
    assert reader_of_second.get(f"/articles/{pk}/")[0] == 200

    second.log_in("nightdesk", "night-desk-password")
    second.post(f"/admin/articles/article/{pk}/transition/withdraw/", {"comment": ""})
    for base in stack["bases"]:
        reader = Browser(base)
        assert "两台服务器之间的新闻" not in reader.get("/")[1]
        assert reader.get(f"/articles/{pk}/")[0] == 404


def test_static_files_are_hashed_compressed_and_served_by_the_app_server(stack):
    reader = Browser(stack["bases"][0])
    html = reader.get("/")[1]
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    request = urllib.request.Request(stack["bases"][0] + css, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]
