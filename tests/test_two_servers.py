"""
The production stack on two app servers: gunicorn, PostgreSQL and Redis shared.

A story published through one server is on the other at once, and a withdrawn
one disappears from both at once. Runs when the suite runs on PostgreSQL and a
Redis server answers (as in CI); skipped otherwise.
"""

import os
import re
import urllib.request

import pytest

from bench.stack import Browser, gunicorn, make_story

DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.skipif(not DATABASE_URL.startswith("postgres"), reason="needs the PostgreSQL run"),
    pytest.mark.xdist_group("servers"),
]


@pytest.fixture(scope="module")
def stack(production_site):
    if "REDIS_URL" not in production_site:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    with gunicorn(production_site) as (first, _), gunicorn(production_site) as (second, _):
        yield {"env": production_site, "bases": [first, second]}


def test_a_story_published_on_one_server_is_on_the_other_at_once(stack):
    first, second = (Browser(base) for base in stack["bases"])
    pk = make_story(stack["env"], "两台服务器之间的新闻")
    # Both servers have the front page cached without it.
    for server in (first, second):
        assert "两台服务器之间的新闻" not in server.get("/")[1]
        assert "两台服务器之间的新闻" not in server.get("/")[1]

    first.log_in()
    status, _ = first.post(f"/admin/articles/article/{pk}/transition/publish/", {"comment": ""})
    assert status == 200
    reader_of_second = Browser(stack["bases"][1])
    assert "两台服务器之间的新闻" in reader_of_second.get("/")[1]
    assert reader_of_second.get(f"/articles/{pk}/")[0] == 200

    second.log_in()
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
