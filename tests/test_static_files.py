"""Static files as production serves them: only what the site uses, with the headers pages carry.

The site is prepared as production runs it (`collectstatic` with hashed,
compressed files, DEBUG off) and served by gunicorn and WhiteNoise.
"""

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from bench.stack import gunicorn
from core.http.static_collection import ckeditor_ignore_patterns

pytestmark = pytest.mark.xdist_group("servers")

CKEDITOR = "ckeditor/ckeditor/"
# What CKEditor's distribution brings that the newsroom's editor never loads.
NOT_SHIPPED = [
    "README.md",
    "CHANGES.md",
    "SECURITY.md",
    "bender-runner.config.json",
    "build-config.js",
    "adapters/jquery.js",
    "lang/de.js",
    "skins/moono/editor.css",
    "skins/moono-lisa/readme.md",
    # Manual tests and helper pages: HTML that would run script on the site's origin.
    "plugins/exportpdf/tests/manual/integration.html",
    "plugins/preview/preview.html",
    "plugins/wsc/dialogs/ciframe.html",
    # Plugins removed in CKEDITOR_CONFIGS, and plugins outside the build.
    "plugins/iframe/dialogs/iframe.js",
    "plugins/forms/dialogs/button.js",
    "plugins/scayt/dialogs/options.js",
    "plugins/codesnippet/plugin.js",
    "plugins/image2/plugin.js",
    "plugins/uicolor/plugin.js",
    # Other languages of the plugins that are kept.
    "plugins/a11yhelp/dialogs/lang/de.js",
    "plugins/a11yhelp/dialogs/lang/_translationstatus.txt",
    "plugins/widget/lang/ja.js",
]
# What the editor in the admin loads: the core, its configuration, Chinese with its
# fallbacks, the skin, and the dialogs, filters and styles of the plugins it runs.
SHIPPED = [
    "ckeditor.js",
    "config.js",
    "contents.css",
    "styles.js",
    "LICENSE.md",
    "lang/zh-cn.js",
    "lang/en.js",
    "skins/moono-lisa/editor.css",
    "skins/moono-lisa/dialog.css",
    "plugins/icons.png",
    "plugins/link/dialogs/link.js",
    "plugins/image/dialogs/image.js",
    "plugins/table/dialogs/table.js",
    "plugins/specialchar/dialogs/specialchar.js",
    "plugins/specialchar/dialogs/lang/zh-cn.js",
    "plugins/a11yhelp/dialogs/lang/zh-cn.js",
    "plugins/clipboard/dialogs/paste.js",
    "plugins/pastefromword/filter/default.js",
    "plugins/tableselection/styles/tableselection.css",
    "plugins/widget/images/handle.png",
]


@pytest.fixture(scope="module")
def server(production_site):
    with gunicorn(production_site, workers=1) as (base, _process):
        yield base


def get(base, path, **headers):
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_collectstatic_leaves_out_what_the_editor_never_loads(production_site):
    collected = Path(production_site["STATIC_ROOT"]) / CKEDITOR
    missing = [path for path in SHIPPED if not (collected / path).is_file()]
    assert not missing
    assert not [path for path in NOT_SHIPPED if (collected / path).exists()]
    leftovers = [path for path in collected.rglob("*") if path.suffix == ".html" or path.name in ("tests", "samples")]
    assert not leftovers
    # Only Chinese (and the fallbacks CKEditor asks for) among the translations.
    assert {path.name.split(".")[0] for path in collected.rglob("lang/*.js")} == {"zh-cn", "zh", "en"}


def test_what_is_left_out_is_not_served(server):
    for path in NOT_SHIPPED:
        assert get(server, f"/static/{CKEDITOR}{path}")[0] == 404, path
    for path in ["ckeditor.js", "plugins/link/dialogs/link.js"]:
        assert get(server, f"/static/{CKEDITOR}{path}")[0] == 200, path


SHARED_WITH_PAGES = [
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
    "X-Frame-Options",
]


def test_static_files_carry_the_security_headers_pages_carry(server):
    # As behind the TLS proxy, which says the request came over HTTPS.
    https = {"X-Forwarded-Proto": "https"}
    status, page = get(server, "/", **https)
    assert status == 200
    assert all(page[name] for name in SHARED_WITH_PAGES)
    for path in [
        f"/static/{CKEDITOR}ckeditor.js",
        f"/static/{CKEDITOR}skins/moono-lisa/editor.css",
        "/static/admin/img/icon-addlink.svg",
        "/static/css/site.css",
    ]:
        status, static = get(server, path, **https)
        assert status == 200, path
        assert {name: static[name] for name in SHARED_WITH_PAGES} == {name: page[name] for name in SHARED_WITH_PAGES}
        # Opened on its own (an SVG, say), a static file may load and run nothing.
        policy = {part.strip() for part in static["Content-Security-Policy"].split(";")}
        assert policy == {"default-src 'none'", "sandbox", "frame-ancestors 'none'"}, path


def test_static_headers_follow_the_settings_pages_follow(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"
    settings.SECURE_REFERRER_POLICY = "no-referrer"
    settings.SECURE_HSTS_SECONDS = 600
    settings.SECURE_HSTS_PRELOAD = False
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": ["'self'"]}
    }
    response = Client().get("/static/chart.svg", secure=True)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Strict-Transport-Security"] == "max-age=600; includeSubDomains"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_the_ignore_patterns_follow_the_editor_configuration():
    config = {"language": "zh-cn", "removePlugins": "iframe", "extraPlugins": "codesnippet"}
    patterns = ckeditor_ignore_patterns(configs={"default": config}, languages=["zh-hans", "ja"])
    assert f"{CKEDITOR}plugins/iframe/*" in patterns
    assert f"{CKEDITOR}plugins/codesnippet/*" not in patterns
    assert f"{CKEDITOR}plugins/forms/*" not in patterns
    assert f"{CKEDITOR}*lang/ja.js" not in patterns and f"{CKEDITOR}*lang/de.js" in patterns


def test_a_static_address_is_worked_out_once_and_follows_the_next_collectstatic(tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    from core.http.static_storage import HashedStaticFilesStorage

    source = FileSystemStorage(location=tmp_path / "source")
    storage = HashedStaticFilesStorage(location=tmp_path / "collected", base_url="/static/")

    def collect(text):
        source.delete("css/site.css")
        source.save("css/site.css", ContentFile(text))
        storage.delete("css/site.css")
        storage.save("css/site.css", ContentFile(text))
        list(storage.post_process({"css/site.css": (source, "css/site.css")}))

    collect("body { color: black }")
    first = storage.url("css/site.css")
    assert first.startswith("/static/css/site.") and first != "/static/css/site.css"
    assert storage.url("css/site.css") == first
    collect("body { color: navy }")
    second = storage.url("css/site.css")
    assert second != first and second == HashedStaticFilesStorage(location=tmp_path / "collected").url("css/site.css")
