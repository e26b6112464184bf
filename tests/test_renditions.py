"""Readers' renditions are made when a picture is stored; drawing a page only names them."""

import io
import re
from unittest import mock
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from easy_thumbnails.files import Thumbnailer
from PIL import Image

from articles import renditions
from articles.models import Photo
from editions.models import Page

from .factories import image_bytes, make_article, make_photo

pytestmark = pytest.mark.django_db


def images_in(html):
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    # The share panel's QR code is an <img> too, drawn as SVG, not a rendition.
    return [img for img in re.findall(r"<img [^>]+>", main) if "qr.svg" not in img]


def renditions_of(name):
    folder, filename = name.rsplit("/", 1)
    files = default_storage.listdir(folder)[1]
    return {f"{folder}/{made}" for made in files if made.startswith(filename + ".")}


def srcset_files(img):
    """The media files a srcset names, as storage names."""
    candidates = re.search(r'srcset="([^"]+)"', img)[1].split(", ")
    return [unquote(candidate.split()[0].split("/media/", 1)[1]) for candidate in candidates]


def test_an_uploaded_photo_has_its_renditions_before_anyone_reads_the_story():
    photo = make_photo(make_article())
    assert renditions_of(photo.image.name) == {photo.image.name + ".480x0_q82.jpg"}


def test_drawing_a_story_page_makes_nothing_and_opens_no_picture(client):
    article = make_article()
    make_photo(article)
    make_photo(article)
    with (
        mock.patch.object(Thumbnailer, "generate_thumbnail", side_effect=AssertionError("made at view time")),
        mock.patch("django.core.files.images.get_image_dimensions", side_effect=AssertionError("measured")),
    ):
        html = client.get(article.get_absolute_url()).content.decode()
    images = images_in(html)
    assert len(images) == 2
    for img, photo in zip(images, article.photos.all(), strict=True):
        for name in srcset_files(img):
            assert name.startswith(photo.image.name) and photo.image.storage.exists(name)


def test_a_rendition_that_went_missing_is_made_again_by_the_first_reader(client):
    article = make_article()
    photo = make_photo(article)
    html = client.get(article.get_absolute_url()).content.decode()
    [name] = srcset_files(images_in(html)[0])  # a 64-pixel photo: one rendition serves every width
    photo.image.storage.delete(name)

    html = client.get(article.get_absolute_url()).content.decode()

    assert srcset_files(images_in(html)[0]) == [name] and photo.image.storage.exists(name)


def test_the_story_page_works_out_each_photo_once_for_the_picture_and_its_open_graph_image(client):
    article = make_article()
    make_photo(article)
    with mock.patch.object(renditions, "rendition_set", wraps=renditions.rendition_set) as worked_out:
        html = client.get(article.get_absolute_url()).content.decode()
    assert worked_out.call_count == 1
    assert len(images_in(html)) == 1 and 'property="og:image"' in html


def test_make_renditions_makes_those_of_bulk_created_photos_and_stores_missing_sizes():
    article = make_article()
    name = default_storage.save("photos/bulk/shared.png", ContentFile(image_bytes(size=(900, 600))))
    # As the archive generator writes them: rows only, no save() of their own, sizes left out here.
    Photo.objects.bulk_create([Photo(article=article, image=name, alt_text="同一张图", position=n) for n in (1, 2)])
    Photo.objects.update(width=None, height=None)
    assert not renditions_of(name)
    output = io.StringIO()

    call_command("make_renditions", stdout=output)

    assert "缩略图已齐全" in output.getvalue()
    assert renditions_of(name) == {f"{name}.{width}x0_q82.jpg" for width in (480, 800, 1200)}
    assert set(Photo.objects.values_list("width", "height")) == {(900, 600)}


def test_the_demo_edition_stores_its_pictures_sizes_and_renditions(demo_edition):
    pages = Page.objects.exclude(image="")
    assert pages and all(page.image_width and page.image_height for page in pages)
    assert all(renditions_of(page.image.name) for page in pages)
    photos = Photo.objects.all()
    assert photos and all(photo.width and photo.height for photo in photos)
    assert all(len(renditions_of(photo.image.name)) == 3 for photo in photos)


def test_a_transparent_picture_keeps_its_transparency_and_is_still_only_named_at_view_time(client):
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 48), (0, 0, 0, 0)).save(buffer, format="PNG")
    article = make_article()
    photo = make_photo(article, image=SimpleUploadedFile("标志.png", buffer.getvalue(), content_type="image/png"))
    with mock.patch.object(Thumbnailer, "generate_thumbnail", side_effect=AssertionError("made at view time")):
        html = client.get(article.get_absolute_url()).content.decode()
    assert srcset_files(images_in(html)[0]) == [photo.image.name + ".480x0_q82.png"]
