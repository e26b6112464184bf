"""
render_page: a page PDF as a picture (PIL RGB image), for the e-paper's page view and for checking by eye.

PDFium renders a broadsheet page at 2x (about 2000 x 2800 pixels) in well under a
tenth of a second, with anti-aliased text and images; the white background is
painted because a PDF page has none of its own.
"""

from .pdf import open_page


def render_page(pdf, page_index=0, scale=2.0):
    """Render page `page_index` of `pdf` (bytes or path) at `scale` pixels per point; raises PageReadingError."""
    with open_page(pdf, page_index) as page:
        bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255), may_draw_forms=True)
        image = bitmap.to_pil()
        return image.convert("RGB") if image.mode != "RGB" else image.copy()
