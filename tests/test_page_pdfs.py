"""A page's PDF is a PDF by its content: the night desk's uploads through the admin page form."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from editions import pdfs
from editions.models import Page

from .factories import image_bytes, make_issue

pytestmark = pytest.mark.django_db


def pdf_bytes(pages=1):
    """A small real PDF, as a layout system exports one: pages with a line of text each."""
    writer = PdfWriter()
    for number in range(1, pages + 1):
        page = writer.add_blank_page(width=595, height=842)
        text = DecodedStreamObject()
        text.set_data(b"BT /F1 24 Tf 72 720 Td (Page %d) Tj ET" % number)
        page[NameObject("/Contents")] = writer._add_object(text)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf_bytes():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    # An empty user password opens without asking, yet the file is still encrypted.
    writer.encrypt(user_password="", owner_password="排版室", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


def page_form(issue, pdf, **overrides):
    return {
        "issue": issue.pk,
        "number": 3,
        "name": "城事",
        "editor": "",
        "pdf": pdf,
        "articles-TOTAL_FORMS": 0,
        "articles-INITIAL_FORMS": 0,
        **overrides,
    }


def upload(admin_client, issue, name, content):
    return admin_client.post(reverse("admin:editions_page_add"), page_form(issue, SimpleUploadedFile(name, content)))


def test_a_real_pdf_is_accepted_and_stored_as_uploaded(admin_client, media_root):
    content = pdf_bytes(pages=2)
    response = upload(admin_client, make_issue(), "第3版.pdf", content)
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.pdf.name.endswith(".pdf")
    assert Path(page.pdf.path).read_bytes() == content


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # A picture renamed to .pdf.
        (image_bytes("PNG"), pdfs.NOT_A_PDF),
        # A web page renamed to .pdf, which a browser might otherwise be talked into running.
        (b"<html><script>alert(document.cookie)</script></html>", pdfs.NOT_A_PDF),
        # An export or upload cut off half-way.
        (pdf_bytes(pages=2)[: len(pdf_bytes(pages=2)) // 2], pdfs.BROKEN),
        # The signature and nothing behind it.
        (b"%PDF-1.7\n" + b"\x00" * 4096, pdfs.BROKEN),
        (encrypted_pdf_bytes(), pdfs.ENCRYPTED),
    ],
    ids=["renamed-png", "renamed-html", "truncated", "signature-only", "encrypted"],
)
def test_what_is_not_a_whole_readable_pdf_is_refused_and_nothing_is_kept(admin_client, media_root, content, message):
    response = upload(admin_client, make_issue(), "第3版.pdf", content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Page.objects.exists()
    assert stored_files(media_root) == []


def test_a_pdf_over_the_size_limit_is_refused_with_the_limit_and_its_size(admin_client, media_root, settings):
    settings.PAGE_PDF_MAX_BYTES = 1024 * 1024
    padded = pdf_bytes() + b"\n%" + b"x" * (1024 * 1024)  # a comment after %%EOF: still a valid PDF
    response = upload(admin_client, make_issue(), "第3版.pdf", padded)
    assert response.status_code == 200
    assert "版面 PDF 不能超过 1 MB，这个文件有 1.1 MB。" in response.content.decode()
    assert not Page.objects.exists()
    assert stored_files(media_root) == []


def test_a_stored_pdf_is_not_read_again_when_its_page_is_edited(admin_client, media_root):
    # A PDF stored before uploads were checked must not stop the desk from renaming its page.
    issue = make_issue()
    page = Page.objects.create(issue=issue, number=3, name="城事")
    page.pdf.save("旧版面.pdf", ContentFile(b"not really a pdf"))
    url = reverse("admin:editions_page_change", args=[page.pk])
    response = admin_client.post(url, page_form(issue, "", name="城市", base_version=page.version))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.name == "城市" and page.pdf.name.endswith(".pdf")
