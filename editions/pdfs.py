"""
Page PDFs: a PDF is what pypdf can open and read page by page, never what the name says.

Readers download a page's PDF from the site, so an upload is checked before
it is stored: its size first (PAGE_PDF_MAX_BYTES, before anything is read),
then the PDF signature, then pypdf parses the cross-reference table, the page
tree and each page's content. A renamed picture or web page, a file cut short
(an interrupted export or upload) and a password-protected or encrypted PDF
(which readers could not open, or only with restrictions) are refused with
what to do next.
"""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf import PdfReader

MB = 1024 * 1024
# PDF 1.7 (ISO 32000-1, 7.5.2) lets the header start anywhere in the first 1024 bytes.
HEADER_WINDOW = 1024

TOO_LARGE = "版面 PDF 不能超过 {limit} MB，这个文件有 {size} MB。请在排版系统里降低图片分辨率后重新导出。"
NOT_A_PDF = "这不是 PDF 文件（只改扩展名没有用）。请上传排版系统导出的版面 PDF。"
BROKEN = "这个 PDF 文件已损坏或不完整（可能导出或上传时中断了），无法打开。请重新导出后再上传。"
ENCRYPTED = "这个 PDF 文件设置了密码或加密，读者无法直接打开。请导出不加密的 PDF 后再上传。"
NO_PAGES = "这个 PDF 文件里没有页面。请重新导出后再上传。"


def _megabytes(size):
    # Rounded up, so a file just over the limit never reads as the limit itself.
    return f"{math.ceil(size * 10 / MB) / 10:.1f}".removesuffix(".0")


def check_page_pdf(file):
    """Raise ValidationError unless `file` (an open upload) is a whole, unencrypted PDF within the size limit."""
    limit = settings.PAGE_PDF_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            TOO_LARGE.format(limit=_megabytes(limit), size=_megabytes(file.size)), code="pdf_too_large"
        )
    file.seek(0)
    if b"%PDF-" not in file.read(HEADER_WINDOW):
        raise ValidationError(NOT_A_PDF, code="not_a_pdf")
    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ValidationError(ENCRYPTED, code="pdf_encrypted")
        pages = reader.pages
        if not len(pages):
            raise ValidationError(NO_PAGES, code="pdf_without_pages")
        for page in pages:
            page.get_contents()
    except ValidationError:
        raise
    except Exception as error:
        # Broken input makes pypdf raise anything from its own errors to
        # KeyError, ValueError or RecursionError; every one means the same to
        # the newsroom: this file cannot be read.
        raise ValidationError(BROKEN, code="pdf_broken") from error
    finally:
        file.seek(0)


def validate_page_pdf(fieldfile):
    """Model-field validator: only a new upload is read, not a stored PDF each time its page is saved."""
    if not fieldfile or getattr(fieldfile, "_committed", True):
        return
    check_page_pdf(fieldfile.file)
