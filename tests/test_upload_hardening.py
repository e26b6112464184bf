"""
Uploads are pictures and nothing else.

Every image is decoded by Pillow whatever its name says; what is stored is
its pixels encoded afresh, so GPS positions, comments and anything a
polyglot hides never reach a reader. Bombs, oversized files, SVG, HTML and
polyglots are refused with a message that says what to do, and a refused
photo leaves no story, no photo row and no file behind.
"""

import io
import struct
import time
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import Article, Photo
from editions.models import Page

from .factories import article_form_data, image_bytes, make_article, make_editor, make_issue

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor/upload/"
GPS_IFD = 0x8825
ORIENTATION = 0x0112
WUHAI = {1: "N", 2: (39.0, 40.0, 12.0), 3: "E", 4: (106.0, 49.0, 30.0)}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test gets its own media folder, so 'nothing was stored' can be checked on disk."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


# --- hostile and awkward files, built in memory ------------------------------------


def photo_with_gps(fmt="JPEG", size=(64, 48), orientation=None):
    exif = Image.Exif()
    exif[GPS_IFD] = WUHAI
    exif[0x010F] = "乌海日报摄影部相机"  # Make
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", size, "#c04020").save(buffer, format=fmt, exif=exif)
    return buffer.getvalue()


def gif_with_comment(comment):
    buffer = io.BytesIO()
    Image.new("P", (16, 16)).save(buffer, format="GIF", comment=comment)
    return buffer.getvalue()


def png_declaring(width, height):
    """A 100-byte PNG whose header claims width×height pixels: a decompression bomb's shape."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def animated_gif(frames, size=(400, 400)):
    pictures = [Image.new("RGB", size, (i * 7 % 256, 80, 120)) for i in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:], duration=80, loop=0)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


# --- the CKEditor upload ---------------------------------------------------------------


@pytest.fixture
def editor_upload():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())
    client.get(reverse("admin:index"))
    token = client.cookies["csrftoken"].value

    def upload(name, content):
        file = SimpleUploadedFile(name, content)
        return client.post(UPLOAD_URL, {"upload": file}, headers={"X-CSRFToken": token})

    return upload


def stored_upload(media_root, response):
    assert response.status_code == 200, response.content.decode()
    url = response.json()["url"]
    return media_root / unquote(url.removeprefix("/media/"))


def test_gps_location_never_leaves_the_newsroom_in_an_editor_image(editor_upload, media_root):
    source = photo_with_gps("PNG")
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(GPS_IFD), "the test file must carry GPS"
    path = stored_upload(media_root, editor_upload("乌海湖.png", source))
    stored = Image.open(path)
    assert stored.format == "PNG"
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert not dict(stored.getexif())
    assert b"Exif" not in path.read_bytes()


def test_a_jpeg_named_png_is_stored_as_the_jpeg_it_is(editor_upload, media_root):
    path = stored_upload(media_root, editor_upload("截图.png", image_bytes("JPEG")))
    assert path.suffix == ".jpg"
    assert Image.open(path).format == "JPEG"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("新闻.jpg", HTML, "网页或矢量图"),
        ("logo.svg", SVG, "网页或矢量图"),
        ("logo.png", b"\xef\xbb\xbf  " + SVG, "网页或矢量图"),
        ("备忘.jpg", b"PK\x03\x04 not a picture at all", "不是可以识别的图片"),
        ("empty.png", b"", "不是可以识别的图片"),
    ],
    ids=["html-named-jpg", "svg", "svg-with-bom-named-png", "zip-named-jpg", "empty"],
)
def test_what_is_not_a_raster_picture_is_refused_with_a_clear_message(
    editor_upload, media_root, name, content, message
):
    response = editor_upload(name, content)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_a_gif_carrying_a_script_is_refused(editor_upload, media_root):
    polyglot = gif_with_comment(b"<script>alert(document.domain)</script>")
    assert Image.open(io.BytesIO(polyglot)).format == "GIF", "the polyglot must be a real GIF"
    response = editor_upload("动图.gif", polyglot)
    assert response.status_code == 400
    assert "夹带了网页代码" in response.json()["error"]["message"]
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "hidden",
    [b"<script>alert(1)</script>", b"<?php system($_GET['c']); ?>", b"<html><body>", b"<svg/onload=alert(1)>"],
    ids=["script", "php", "html", "svg"],
)
def test_markup_appended_after_a_picture_is_refused(editor_upload, media_root, hidden):
    response = editor_upload("photo.jpg", image_bytes("JPEG") + hidden)
    assert response.status_code == 400
    assert stored_files(media_root) == []


def test_whatever_else_a_file_hides_is_not_stored_only_its_pixels(editor_upload, media_root):
    # Markup not on the refusal list still never reaches the stored file.
    polyglot = gif_with_comment(b"<img src=x onerror=alert(1)>") + b"<a href=//evil.example>trailer</a>"
    path = stored_upload(media_root, editor_upload("动图.gif", polyglot))
    stored = path.read_bytes()
    for fragment in (b"<img", b"onerror", b"<a ", b"trailer", b"<script"):
        assert fragment not in stored
    assert Image.open(path).size == (16, 16)


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(editor_upload, media_root):
    bomb = png_declaring(30_000, 30_000)
    assert len(bomb) < 200
    started = time.monotonic()
    response = editor_upload("bomb.png", bomb)
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    assert "像素过多" in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_a_picture_over_the_pixel_limit_is_refused_with_its_size(editor_upload, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100
    response = editor_upload("大图.png", image_bytes("PNG", size=(200, 100)))
    assert response.status_code == 400
    assert "200×100" in response.json()["error"]["message"]


def test_an_animation_is_limited_by_all_its_frames(editor_upload, settings, media_root):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
    response = editor_upload("动图.gif", animated_gif(frames=8))  # 8 × 400×400 = 1.28 million pixels
    assert response.status_code == 400
    assert "8 帧" in response.json()["error"]["message"]
    path = stored_upload(media_root, editor_upload("动图.gif", animated_gif(frames=4)))
    assert Image.open(path).n_frames == 4


def test_a_file_over_the_byte_limit_is_refused(editor_upload, settings, media_root):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (800, 800), bytes(range(256)) * 7500)
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=0)
    assert len(buffer.getvalue()) > 1024 * 1024
    response = editor_upload("大图.png", buffer.getvalue())
    assert response.status_code == 400
    assert "图片太大：最大 1 MB" in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_a_chinese_file_name_stays_readable(editor_upload, media_root):
    path = stored_upload(media_root, editor_upload("乌海湖 日出（2）.JPG.html", image_bytes("JPEG")))
    assert path.name == "乌海湖-日出2.jpg"


# --- story photos, through the admin's story form ------------------------------------------


def story_with_photo(photo_file, **photo):
    data = article_form_data(headline="黄河湿地候鸟归来")
    data.update(
        {
            "photos-TOTAL_FORMS": 1,
            "photos-0-position": 0,
            "photos-0-image": photo_file,
            "photos-0-caption": photo.get("caption", "候鸟在湿地觅食。"),
            "photos-0-alt_text": "湿地上的候鸟",
            "photos-0-credit": "记者 王磊",
        }
    )
    return data


def test_a_published_photo_carries_no_location_and_stands_upright(admin_client, media_root):
    upload = SimpleUploadedFile("候鸟 归来.JPG", photo_with_gps("JPEG", size=(60, 40), orientation=6))
    response = admin_client.post(reverse("admin:articles_article_add"), story_with_photo(upload))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    photo = Photo.objects.get()
    stored = Image.open(photo.image.path)
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert not dict(stored.getexif())
    # Turned the way the camera was held, with its stored size to match.
    assert stored.size == (40, 60)
    assert (photo.width, photo.height) == (40, 60)
    assert Path(photo.image.name).name.startswith("候鸟-归来")
    assert photo.image.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # The form's own image check speaks first for what is no picture at all.
        (HTML, "不是图片"),
        (gif_with_comment(b"<script>alert(1)</script>"), "夹带了网页代码"),
        (png_declaring(30_000, 30_000), "图片"),
    ],
    ids=["html", "gif-polyglot", "bomb"],
)
def test_a_refused_photo_leaves_nothing_half_saved(admin_client, media_root, content, message):
    upload = SimpleUploadedFile("现场.jpg", content)
    response = admin_client.post(reverse("admin:articles_article_add"), story_with_photo(upload))
    assert response.status_code == 200  # the form again, with the reason
    html = response.content.decode()
    assert "errorlist" in html
    assert message in html
    assert not Article.objects.exists()
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_a_photo_added_to_an_existing_story_is_cleaned_too(admin_client, media_root):
    story = make_article(live=False)
    data = article_form_data(story)
    data.update(story_with_photo(SimpleUploadedFile("a.png", photo_with_gps("PNG"))))
    data["headline"] = story.headline
    response = admin_client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 302
    assert not Image.open(story.photos.get().image.path).getexif()


def test_a_photo_made_in_code_is_cleaned_as_well(media_root):
    photo = Photo.objects.create(
        article=make_article(),
        alt_text="候鸟",
        image=SimpleUploadedFile("候鸟.png", photo_with_gps("PNG")),
    )
    assert not Image.open(photo.image.path).getexif()


# --- page images ---------------------------------------------------------------------------


def page_form(issue, image):
    return {
        "issue": issue.pk,
        "number": 3,
        "name": "城事",
        "editor": "",
        "image": image,
        "articles-TOTAL_FORMS": 0,
        "articles-INITIAL_FORMS": 0,
    }


def test_a_page_image_is_cleaned_and_a_bad_one_refused(admin_client, media_root):
    issue = make_issue()
    refused = admin_client.post(
        reverse("admin:editions_page_add"), page_form(issue, SimpleUploadedFile("版面.jpg", HTML))
    )
    assert refused.status_code == 200
    assert "不是图片" in refused.content.decode()
    assert not Page.objects.exists()
    assert stored_files(media_root) == []

    accepted = admin_client.post(
        reverse("admin:editions_page_add"),
        page_form(issue, SimpleUploadedFile("第3版.png", photo_with_gps("JPEG"))),
    )
    assert accepted.status_code == 302
    page = Page.objects.get()
    assert page.image.name.endswith(".jpg")
    assert not Image.open(page.image.path).getexif()
