"""合订本: readers download a live edition as one PDF, its pages in order; nothing of an edition not yet out."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter

from .factories import make_issue, make_page

pytestmark = pytest.mark.django_db


def one_page_pdf(width):
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=800)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def edition(*, live=True):
    issue = make_issue(live=live)
    for number in (2, 1):  # stored out of order: the download is in page order
        page = make_page(issue=issue, number=number, name=f"第{number}版")
        page.pdf.save(f"page-{number}.pdf", ContentFile(one_page_pdf(500 + number)), save=True)
    return issue


def pdf_url(issue):
    return f"/{issue.date:%Y/%m/%d}/pdf/"


def test_a_live_edition_downloads_as_one_pdf_with_its_pages_in_order(client):
    issue = edition()

    response = client.get(pdf_url(issue))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert [round(float(page.mediabox.width)) for page in reader.pages] == [501, 502]
    assert "下载本期合订本 PDF" in client.get(issue.get_absolute_url()).content.decode()


def test_the_merged_file_is_made_once_and_again_when_a_page_changes(client):
    from django.core.files.storage import default_storage

    from editions.bound_pdf import bound_pdf

    issue = edition()
    first = bound_pdf(issue)
    assert bound_pdf(issue) == first
    page = issue.pages.get(number=1)
    page.pdf.save("page-1-new.pdf", ContentFile(one_page_pdf(700)), save=True)
    second = bound_pdf(issue)
    assert second != first and default_storage.exists(second)


def test_an_edition_not_yet_out_or_without_pdfs_has_nothing_to_download(client):
    assert client.get(pdf_url(edition(live=False))).status_code == 404
    bare = make_issue()
    make_page(issue=bare, number=1)
    assert client.get(pdf_url(bare)).status_code == 404
    assert "合订本" not in client.get(bare.get_absolute_url()).content.decode()
    assert client.get("/2023/02/30/pdf/").status_code == 404
