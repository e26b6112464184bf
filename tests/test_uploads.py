"""CKEditor image uploads: staff with permission, a CSRF token, and a real image."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from .factories import image_bytes, make_editor, make_user

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor/upload/"


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("admin:index"))  # sets the csrftoken cookie
    return client, client.cookies["csrftoken"].value


def upload(client, name, content, token=None, **query):
    headers = {"X-CSRFToken": token} if token else {}
    url = UPLOAD_URL + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return client.post(url, {"upload": SimpleUploadedFile(name, content)}, headers=headers)


def test_the_editor_is_wired_to_our_upload_view():
    assert reverse("ckeditor_upload") == UPLOAD_URL


def test_an_editor_uploads_a_real_image_and_keeps_a_readable_chinese_name():
    client, token = csrf_client(make_editor())
    response = upload(client, "华苑社区 便民市场.png", image_bytes("PNG"), token, responseType="json")
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == 1
    assert data["fileName"].startswith("华苑社区-便民市场")
    assert data["fileName"].endswith(".png")


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_message():
    client, token = csrf_client(make_editor())
    response = upload(client, "notes.png", b"<html><script>alert(1)</script></html>", token)
    assert response.status_code == 400
    assert response.json()["uploaded"] == 0
    assert "不是可以识别的图片" in response.json()["error"]["message"]


def test_an_image_named_like_a_web_page_is_stored_under_its_real_format():
    client, token = csrf_client(make_editor())
    response = upload(client, "photo.jpg.html", image_bytes("JPEG"), token)
    assert response.status_code == 200
    assert response.json()["url"].endswith(".jpg")
    assert ".html" not in response.json()["url"]


def test_svg_is_refused():
    client, token = csrf_client(make_editor())
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    response = upload(client, "logo.svg", svg, token)
    assert response.status_code == 400


def test_the_dialog_gets_its_error_through_the_callback_it_asked_for():
    client, token = csrf_client(make_editor())
    response = upload(client, "x.png", b"junk", token, CKEditorFuncNum="3")
    body = response.content.decode()
    assert "callFunction(3, " in body
    assert "<" not in body.split("callFunction", 1)[1].split(");", 1)[0]


def test_an_upload_without_login_is_refused():
    response = Client().post(UPLOAD_URL, {"upload": SimpleUploadedFile("a.png", image_bytes())})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_upload_without_csrf_token_is_refused():
    client, _token = csrf_client(make_editor())
    response = upload(client, "a.png", image_bytes())
    assert response.status_code == 403


def test_an_upload_by_staff_without_permission_is_refused():
    client, token = csrf_client(make_user())
    response = upload(client, "a.png", image_bytes(), token)
    assert response.status_code == 403


def test_browsing_uploads_needs_login():
    response = Client().get("/ckeditor/browse/")
    assert response.status_code == 302
