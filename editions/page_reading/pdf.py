"""
Opening a page PDF: bytes or a path in, one pdfium page out, or PageReadingError in Chinese.

pypdfium2 (PDFium, Chromium's PDF engine) reads the page for both jobs, rendering and
reading text, because it is fast: a broadsheet page of 8,000 characters is read in a
tenth of a second, where pdfminer (under pdfplumber) takes over a second. Whatever goes
wrong while opening (not a PDF, cut short, encrypted, no such page) is one exception
class with a message an editor can act on.
"""

from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


class PageReadingError(Exception):
    """A PDF that cannot be read as a newspaper page; the message says why, in Chinese."""


# PDFium's error codes (FPDF_GetLastError) as the newsroom should read them.
_REASONS = {
    pdfium_c.FPDF_ERR_FILE: "文件打不开或不存在",
    pdfium_c.FPDF_ERR_FORMAT: "不是PDF文件，或文件已损坏、不完整",
    pdfium_c.FPDF_ERR_PASSWORD: "文件设置了密码或已加密",
    pdfium_c.FPDF_ERR_SECURITY: "文件使用了不支持的加密方式",
    pdfium_c.FPDF_ERR_PAGE: "页面内容已损坏",
}


def _source(pdf):
    if isinstance(pdf, (bytes, bytearray, memoryview)):
        return bytes(pdf)
    path = Path(pdf)
    if not path.is_file():
        raise PageReadingError(f"无法读取这个PDF文件：找不到文件 {path}")
    return path.read_bytes()


@contextmanager
def open_page(pdf, page_index=0):
    """Yield the pdfium page `page_index` of `pdf` (bytes or path); close the document afterwards."""
    data = _source(pdf)
    if b"%PDF-" not in data[:1024]:
        raise PageReadingError("无法读取这个PDF文件：这不是PDF文件（文件开头没有PDF标记）")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = _REASONS.get(getattr(error, "err_code", None), "文件已损坏或格式不受支持")
        raise PageReadingError(f"无法读取这个PDF文件：{reason}") from error
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1:
            raise PageReadingError("无法读取这个PDF文件：文件已加密，请导出不加密的PDF")
        count = len(document)
        if not 0 <= page_index < count:
            raise PageReadingError(f"无法读取这个PDF文件：没有第{page_index + 1}页（文件共{count}页）")
        try:
            page = document[page_index]
        except pdfium.PdfiumError as error:
            raise PageReadingError(f"无法读取这个PDF文件：第{page_index + 1}页已损坏") from error
        try:
            yield page
        finally:
            page.close()
    finally:
        document.close()
