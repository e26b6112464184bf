"""
合订本: a live edition's page PDFs as one PDF, merged with pypdf once and kept beside the pages.

The merged file is named after the page PDFs it was made from, so replacing a
page's PDF makes a new one at the next download, and an unchanged edition is
merged only once whatever the number of readers.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfWriter


def bound_pdf_name(issue, pages):
    digest = hashlib.sha256("\n".join(page.pdf.name for page in pages).encode()).hexdigest()[:16]
    return f"pages/{issue.date:%Y/%m/%d}/edition-{issue.date:%Y%m%d}-{digest}.pdf"


def bound_pdf(issue):
    """The storage name of the issue's merged PDF (made now if needed), or None when no page has a PDF."""
    pages = [page for page in issue.pages.order_by("number") if page.pdf]
    if not pages:
        return None
    name = bound_pdf_name(issue, pages)
    if not default_storage.exists(name):
        writer = PdfWriter()
        for page in pages:
            with page.pdf.open("rb") as stream:
                writer.append(io.BytesIO(stream.read()))
        out = io.BytesIO()
        writer.write(out)
        name = default_storage.save(name, ContentFile(out.getvalue()))
    return name
