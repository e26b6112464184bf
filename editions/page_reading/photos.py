"""
Photos: the page's pictures, where they show, their pixels, and the captions under them.

A picture is a PDF image object. What shows of it is its box cut by its clipping path
(a layout frame crops a photo; Chromium clips for object-fit), and its pixels are cut
the same way, then re-encoded by Pillow: the PDF's own stream may be CMYK, JPEG 2000 or
masked, and a reader's browser should get a plain JPEG (or PNG when it is transparent).
Ornaments (rules drawn as images, logos in the header, tints behind the page) are not
photos: too small, too thin or too large.

A caption is the small text directly under a picture and within its width: one block of
lines, usually in a smaller size or another colour than the body.
"""

import ctypes
import io
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

# A photo is at least this big (points) on both sides and covers at most this share of the page.
MIN_SIDE = 36.0
MAX_PAGE_SHARE = 0.6


@dataclass(eq=False)
class Picture:
    x0: float
    top: float
    x1: float
    bottom: float
    obj: object = field(repr=False)
    caption_lines: list = field(default_factory=list)
    story: object = None

    @property
    def caption(self):
        from .text import join_lines

        return join_lines(line.text for line in self.caption_lines)

    @property
    def unit_box(self):
        """The picture with its caption: the part of the page the photo takes."""
        x0, top, x1, bottom = self.x0, self.top, self.x1, self.bottom
        for line in self.caption_lines:
            x0, x1, bottom = min(x0, line.x0), max(x1, line.x1), max(bottom, line.bottom)
        return x0, top, x1, bottom


def _clip_box(obj):
    """The bounding box of the object's clipping path (page coordinates, PDF's bottom-left origin), or None."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        path_box = (min(xs), min(ys), max(xs), max(ys))
        box = (
            path_box
            if box is None
            else (
                max(box[0], path_box[0]),
                max(box[1], path_box[1]),
                min(box[2], path_box[2]),
                min(box[3], path_box[3]),
            )
        )
    return box


def extract_pictures(page):
    """The page's photos as Pictures (visible boxes, top-left coordinates), largest first."""
    width, height = page.get_width(), page.get_height()
    pictures = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        clip = _clip_box(obj)
        if clip is not None:
            left, bottom = max(left, clip[0]), max(bottom, clip[1])
            right, top = min(right, clip[2]), min(top, clip[3])
        left, right = max(left, 0.0), min(right, width)
        bottom, top = max(bottom, 0.0), min(top, height)
        if right - left < MIN_SIDE or top - bottom < MIN_SIDE:
            continue
        if (right - left) * (top - bottom) > MAX_PAGE_SHARE * width * height:
            continue
        pictures.append(Picture(left, height - top, right, height - bottom, obj))
    pictures.sort(key=lambda p: -(p.x1 - p.x0) * (p.bottom - p.top))
    # A picture drawn twice, or a mask over its photo, is one photo.
    kept = []
    for picture in pictures:
        if not any(_inside(picture, other) for other in kept):
            kept.append(picture)
    return kept


def _inside(small, big, slack=2.0):
    return (
        small.x0 >= big.x0 - slack
        and small.x1 <= big.x1 + slack
        and small.top >= big.top - slack
        and small.bottom <= big.bottom + slack
    )


def picture_bytes(picture, page):
    """The visible part of the picture's pixels, re-encoded by Pillow: JPEG, or PNG when it has transparency.

    An image PDFium cannot hand over as pixels (an unusual colour space or filter) is
    taken from the rendered page instead, over the picture's box at 2x.
    """
    try:
        image = _pixels(picture, page.get_height())
    except Exception:
        width, height = page.get_width(), page.get_height()
        crop = (picture.x0, height - picture.bottom, width - picture.x1, picture.top)
        image = page.render(scale=2, crop=crop, fill_color=(255, 255, 255, 255)).to_pil()
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image.save(buffer, "PNG")
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _pixels(picture, page_height):
    """The image's own pixels (PIL), cut to the part that shows."""
    image = picture.obj.get_bitmap(render=False).to_pil()
    matrix = picture.obj.get_matrix()
    # The image fills the unit square its matrix maps onto the page.
    if matrix.a > 0 and matrix.d > 0 and not matrix.b and not matrix.c:
        px_w, px_h = image.size
        img_left, img_bottom = matrix.e, matrix.f
        vis_top, vis_bottom = page_height - picture.top, page_height - picture.bottom
        crop = (
            round((picture.x0 - img_left) / matrix.a * px_w),
            round((img_bottom + matrix.d - vis_top) / matrix.d * px_h),
            round((picture.x1 - img_left) / matrix.a * px_w),
            round((img_bottom + matrix.d - vis_bottom) / matrix.d * px_h),
        )
        crop = (max(crop[0], 0), max(crop[1], 0), min(crop[2], px_w), min(crop[3], px_h))
        if crop[2] - crop[0] >= 8 and crop[3] - crop[1] >= 8 and crop != (0, 0, px_w, px_h):
            image = image.crop(crop)
    return image


def attach_captions(pictures, lines, body_size):
    """Give each picture the block of lines directly under it, within its width; return the lines used."""
    used = set()
    for picture in pictures:
        below = sorted(
            (
                line
                for line in lines
                if id(line) not in used
                and line.top >= picture.bottom - 2
                and line.x0 >= picture.x0 - 0.5 * line.size
                and line.x1 <= picture.x1 + 0.5 * line.size
            ),
            key=lambda line: line.top,
        )
        if not below or below[0].top - picture.bottom > 1.6 * below[0].size:
            continue
        first = below[0]
        caption = [first]
        # A caption in the body's own size is told apart from the story's text by
        # what follows: the caption ends where the lines stop following each other.
        for line in below[1:]:
            previous = caption[-1]
            if line.top - previous.bottom > 0.9 * previous.size or abs(line.size - first.size) > 0.3:
                break
            if line.top < previous.bottom - 0.3 * line.size:
                break  # a second line on the same row: not a caption block
            caption.append(line)
            if len(caption) >= 4:
                break
        if abs(first.size - body_size) <= 0.3 and len(caption) > 3:
            continue  # body text that happens to start under a picture
        picture.caption_lines = caption
        used.update(id(line) for line in caption)
    return used
