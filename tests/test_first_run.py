"""
The first run looks right: `make run` on a fresh machine.

Its stand-in pictures are drawn with a CJK font (installed by the same make
target as the browser tests'), redrawn once the font is there if they were
drawn without it, and carry a translucent caption band; the dev server's own
links name the address it is served on, it logs each line once, and the site
and the admin have an icon.
"""

import io
import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.templatetags.static import static
from PIL import Image, ImageChops, ImageDraw

from articles.models import Photo
from bench.stack import free_port
from editions.models import Page
from seeds import demo, stand_in
from seeds.demo import build_demo_edition, stand_in_picture

from .factories import image_bytes, make_editor

ROOT = Path(__file__).resolve().parents[1]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
needs_make = pytest.mark.skipif(not shutil.which("make"), reason="needs make")


# --- the CJK font ----------------------------------------------------------------------------------


def test_the_stand_ins_font_is_installed_and_draws_chinese():
    assert stand_in.cjk_face() is not None, (
        "No font with Simplified Chinese: the demo's pictures would show grey bars. "
        "Install Debian's fonts-noto-cjk (make fonts)."
    )
    font = stand_in.cjk_font(40)
    glyphs = []
    for character in "示意图":
        glyph = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(glyph).text((4, 0), character, font=font, fill=255)
        assert glyph.getbbox(), character
        glyphs.append(glyph.tobytes())
    # A font without these characters draws one and the same box for each.
    assert len(set(glyphs)) == 3


@needs_make
def test_make_run_and_make_test_install_the_fonts_through_one_target(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")

    def dry_run(*arguments):
        command = ["make", "-n", "--no-print-directory", "-C", str(tmp_path), *arguments]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    run = dry_run("-o", "setup", "-o", "demo", "run")
    test = dry_run("-o", "install", "test")
    installs_fonts = "apt-get install -y -qq fonts-noto-cjk"
    assert installs_fonts in run and installs_fonts in test
    assert run.index(installs_fonts) < run.index("runserver")
    fonts = dry_run("fonts")
    assert fonts in run and fonts in test


# --- the stand-in pictures -------------------------------------------------------------------------


def test_the_caption_band_of_a_stand_in_photo_darkens_the_picture_and_leaves_it_visible():
    light = "#e8e8e8"
    picture = Image.open(io.BytesIO(stand_in_picture((light, light), size=(600, 400)))).convert("RGB")
    # Right of the label, inside the band (the bottom tenth), and just above it.
    band = picture.getpixel((580, 395))
    above = picture.getpixel((580, 350))
    assert all(channel > 200 for channel in above), above
    assert all(90 < channel < above[0] - 40 for channel in band), (band, above)


def page_image_names():
    return {page.number: page.image.name for page in Page.objects.all()}


def photo_names():
    return {photo.pk: photo.image.name for photo in Photo.objects.all()}


def given_name(name):
    """A stored file's name as the builder gave it: no folder, nor the suffix storage adds to a name taken."""
    return re.sub(r"_[A-Za-z0-9]{7}(?=\.\w+$)", "", Path(name).name)


def rendered(name):
    return Image.open(default_storage.open(name)).convert("L")


@pytest.fixture
def no_printed_pages(monkeypatch, tmp_path):
    """The demo's pages drawn as stand-ins, as they are where seeds/pages holds no printed PDF."""
    monkeypatch.setattr(demo, "PRINTED_PAGES", tmp_path)


@pytest.mark.django_db
def test_pictures_drawn_without_the_font_are_drawn_again_once_it_is_there(client, monkeypatch, no_printed_pages):
    said = io.StringIO()
    with monkeypatch.context() as no_font:
        no_font.setattr(stand_in, "cjk_face", lambda: None)
        call_command("load_demo_edition", stdout=io.StringIO(), stderr=said)
    assert "没有找到中文字体" in said.getvalue() and "make run" in said.getvalue()
    pages, photos = page_image_names(), photo_names()
    assert {given_name(name) for name in pages.values()} == {"page-1-stand-in.png", "page-2-stand-in.png"}
    assert all(given_name(name).endswith("-stand-in.jpg") for name in photos.values()), photos
    without_font = rendered(pages[1])

    assert build_demo_edition() > 0
    assert {given_name(name) for name in page_image_names().values()} == {
        "page-1-stand-in-cjk.png",
        "page-2-stand-in-cjk.png",
    }
    assert all(given_name(name).endswith("-stand-in-cjk.jpg") for name in photo_names().values())
    assert ImageChops.difference(without_font, rendered(page_image_names()[1])).getbbox()
    for name in [*pages.values(), *photos.values()]:
        assert not default_storage.exists(name), name
    # Readers are sent to the new picture's renditions; the old ones are gone.
    html = client.get("/2023/02/15/1/").content.decode()
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert sources and all("stand-in-cjk" in source for source in sources), sources
    assert build_demo_edition() == 0


@pytest.mark.django_db
def test_pictures_from_before_names_said_which_font_drew_them_are_drawn_again_once(client, no_printed_pages):
    build_demo_edition()
    page = Page.objects.get(number=1)
    photo = Photo.objects.order_by("pk").first()
    # As a machine that ran the builder before has them: page-1-stand-in.png, <story>-<position>.jpg.
    for fieldfile, name, picture in [
        (page.image, "page-1-stand-in.png", image_bytes()),
        (photo.image, f"{photo.article.slug}-{photo.position}.jpg", image_bytes("JPEG")),
    ]:
        default_storage.delete(fieldfile.name)
        fieldfile.save(name, ContentFile(picture), save=True)
    before = (page.image.name, photo.image.name)

    assert build_demo_edition() == 2
    page.refresh_from_db()
    photo.refresh_from_db()
    assert given_name(page.image.name) == "page-1-stand-in-cjk.png"
    assert given_name(photo.image.name) == f"{photo.article.slug}-{photo.position}-stand-in-cjk.jpg"
    assert not any(default_storage.exists(name) for name in before)
    assert build_demo_edition() == 0


@pytest.mark.django_db
def test_an_editors_page_image_and_photo_are_never_drawn_over():
    with pytest.MonkeyPatch.context() as no_font:
        no_font.setattr(stand_in, "cjk_face", lambda: None)
        build_demo_edition()
    page = Page.objects.get(number=1)
    photo = Photo.objects.order_by("pk").first()
    page.image.save("第1版扫描.png", ContentFile(image_bytes(size=(100, 140))), save=True)
    photo.image.save("现场照片.jpg", ContentFile(image_bytes("JPEG")), save=True)
    kept = (page.image.name, photo.image.name)

    build_demo_edition()
    page.refresh_from_db()
    photo.refresh_from_db()
    assert (page.image.name, photo.image.name) == kept


# --- the icon --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_favicon_ico_answers_with_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(finders.find("img/favicon.ico"))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= icon.info["sizes"]


@pytest.mark.django_db
def test_the_public_site_and_the_admin_link_the_icon(client, demo_edition):
    link = f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">'
    assert finders.find("img/favicon.svg")
    assert link in client.get("/").content.decode()
    assert link in client.get("/admin/login/").content.decode()
    client.force_login(make_editor())
    for path in ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert link in response.content.decode(), path


# --- the dev server: `make run PORT=…` -------------------------------------------------------------


def make_run_command(folder, *arguments, **env):
    """The runserver line `make run` would run in `folder` (a checkout), as (environment, address)."""
    shutil.copy(ROOT / "Makefile", folder / "Makefile")
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    command = ["make", "-n", "--no-print-directory", "-C", str(folder), "-o", "setup", "-o", "fonts", "-o", "demo"]
    command += ["run", *arguments]
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True).stdout
    [line] = [line for line in output.splitlines() if "runserver" in line]
    words = shlex.split(line)
    assignments = dict(word.split("=", 1) for word in itertools.takewhile(lambda word: "=" in word, words))
    return assignments, words[-1]


@needs_make
def test_make_run_links_the_address_it_serves_unless_site_url_is_set(tmp_path):
    assert make_run_command(tmp_path, "PORT=8100") == ({"SITE_URL": "http://127.0.0.1:8100"}, "127.0.0.1:8100")
    assert make_run_command(tmp_path, "HOST=localhost") == ({"SITE_URL": "http://localhost:8000"}, "localhost:8000")
    # Set by the developer, in the environment or in .env (which settings read), it stands.
    assert make_run_command(tmp_path, SITE_URL="http://ribao.test")[0] == {"SITE_URL": "http://ribao.test"}
    (tmp_path / ".env").write_text("DEBUG=1\nSITE_URL=http://ribao.test\n")
    assert make_run_command(tmp_path, "PORT=8100") == ({}, "127.0.0.1:8100")


@pytest.fixture
def dev_server(production_site, tmp_path):
    """`make run PORT=<a free port>`'s runserver, on the prepared site's database, with what it logs."""
    port = free_port()
    assignments, address = make_run_command(tmp_path, f"PORT={port}")
    # `make run` has no Redis (.env.example leaves it out): pages cached in the shared Redis by
    # other tests, drawn under another SITE_URL, must not be what this server answers.
    env = {**production_site, **assignments, "DEBUG": "1", "REDIS_URL": ""}
    log = tmp_path / "runserver.log"
    with log.open("w") as stderr:
        command = [sys.executable, "manage.py", "runserver", address, "--noreload"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        base = f"http://{address}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/static/img/favicon.svg", timeout=2)
                    break
                except OSError:
                    assert server.poll() is None, log.read_text()
                    time.sleep(0.1)
            yield base, log
        finally:
            server.terminate()
            server.wait(15)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.xdist_group("servers")
def test_the_dev_server_links_its_own_address_and_logs_each_line_once(dev_server):
    base, log = dev_server
    assert base.startswith("http://127.0.0.1:") and not base.endswith(":8000")

    _status, _headers, home = fetch(base + "/")
    assert f'<link rel="canonical" href="{base}/">'.encode() in home
    _status, _headers, rss = fetch(base + "/articles/feed/rss/")
    links = [link.text for link in ET.fromstring(rss).iter("link")]
    assert len(links) > 1 and all(link.startswith(f"{base}/") for link in links), links
    _status, _headers, story = fetch(links[1])
    assert f'<link rel="canonical" href="{links[1]}">'.encode() in story
    _status, _headers, robots = fetch(base + "/robots.txt")
    assert robots.decode().endswith(f"Sitemap: {base}/sitemap.xml\n")
    _status, _headers, index = fetch(base + "/sitemap.xml")
    sections = [loc.text for loc in ET.fromstring(index).iter(f"{SITEMAP}loc")]
    assert sections and all(section.startswith(f"{base}/sitemap-") for section in sections)
    _status, _headers, section = fetch(sections[0])
    locations = [loc.text for loc in ET.fromstring(section).iter(f"{SITEMAP}loc")]
    assert locations and all(location.startswith(f"{base}/") for location in locations)

    status, headers, icon = fetch(base + "/favicon.ico")  # the redirect followed
    assert status == 200 and headers["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert Image.open(io.BytesIO(icon)).format == "ICO"
    assert fetch(base + "/no-such-page/")[0] == 404

    time.sleep(0.5)  # the last line written
    lines = log.read_text().splitlines()
    assert lines.count("Not Found: /no-such-page/") == 1, lines
    for request in ["GET / ", "GET /robots.txt ", "GET /favicon.ico ", "GET /no-such-page/ "]:
        logged = [line for line in lines if f'"{request}HTTP/1.1"' in line]
        assert len(logged) == 1, (request, lines)
        assert re.match(r"\[\d\d/\w+/\d{4} \d\d:\d\d:\d\d\] ", logged[0]), logged
