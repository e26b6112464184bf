"""Running the real site in gunicorn on loopback, for tests and benchmarks: a prepared database, a minimal browser."""

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
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITOR = ("nightdesk", "night-desk-password")


def redis_answers(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def scratch_database(database_url, tmp):
    """A database of its own for the servers: a new PostgreSQL database, or a SQLite file."""
    if not database_url.startswith("postgres"):
        yield f"sqlite:///{tmp / 'site.sqlite3'}"
        return
    import psycopg

    name = f"bulletin_servers_{uuid.uuid4().hex[:8]}"
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database_url, tmp, redis_url=None):
    drop = ("DJANGO_", "SECURE_", "SESSION_", "CSRF_", "REDIS_URL", "READER_CACHE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(
        DJANGO_SETTINGS_MODULE="bulletin.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="servers-" + uuid.uuid4().hex + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1",
        # Loopback has no TLS; production runs these behind HTTPS.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        CACHE_KEY_PREFIX=uuid.uuid4().hex[:12],
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, root=ROOT):
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def prepare_site(env):
    """Migrate, collect static files, build the demo edition, and add an editor account."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo_edition")
    user, password = EDITOR
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        f"u = User.objects.create_user('{user}', password='{password}', is_staff=True); "
        "u.groups.add(Group.objects.get(name='编辑'))",
    )


@contextmanager
def gunicorn(env, *, workers=2, threads=1, root=ROOT):
    """The site in `root` (another checkout, to compare with) served by gunicorn on a free port."""
    port = free_port()
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    server_env["GUNICORN_THREADS"] = str(threads)
    command = [sys.executable, "-m", "gunicorn", "-c", "python:bulletin.gunicorn", "bulletin.wsgi"]
    process = subprocess.Popen(command, cwd=root, env=server_env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answered
            except OSError:
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(15)


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, redirects."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path, data):
        _status, html = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, username=EDITOR[0], password=EDITOR[1]):
        self.post("/admin/login/?next=/admin/", {"username": username, "password": password})
        status, html = self.get("/admin/")
        assert status == 200 and "logout" in html.lower(), "login failed"
        return self


def make_story(env, headline, status="approved"):
    code = (
        "from articles.models import Article; from editions.models import Page; "
        f"a = Article.objects.create(headline='{headline}', body='<p>正文。</p>', status='{status}', "
        "page=Page.objects.get(number=1), page_position=9); print(a.pk)"
    )
    return int(manage(env, "shell", "-c", code).split()[-1])
