"""
Image uploads: decoded by Pillow, never judged by their name, stored as pixels only.

Every image that enters the newsroom (CKEditor body images, story photos,
page images) passes `clean_image`:

1. Limits first, before any decoding: bytes (IMAGE_UPLOAD_MAX_BYTES) and the
   pixel count the header declares, times the number of frames
   (IMAGE_UPLOAD_MAX_PIXELS), so a small file that would unpack into
   gigabytes (a decompression bomb) is refused cheaply.
2. Only the raster formats a browser shows (JPEG, PNG, GIF, WebP), recognised
   by their bytes; SVG, HTML and anything else is refused.
3. Polyglots: a file whose bytes carry a web page or a script as well as a
   picture (`<script`, `<html `, `<?php `, `<svg onload=…`, `javascript:` …)
   is refused outright. The markers are long enough that compressed picture
   data practically never contains them by chance.
4. What is stored is never the uploaded file: the decoded pixels are encoded
   afresh (orientation applied, colours converted to sRGB), so comments,
   EXIF (GPS location included), XMP, text chunks and anything appended
   after the picture are gone. Only pixels survive; the fresh file is checked
   for the same markers once more, in case the pixels themselves spell them.

File names keep their Chinese but lose anything a URL or a file system would
trip on, and take the extension of the real format.
"""

import contextlib
import io
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, ImageSequence

FORMAT_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# How each format is written afresh; JPEG at a quality no reader can tell from the original.
SAVE_OPTIONS = {
    "JPEG": {"quality": 90},
    "PNG": {},
    "GIF": {},
    "WEBP": {"quality": 90},
}
# Markup or script inside an image file: HTML, SVG with a namespace or an event
# handler, PHP, javascript: URLs. Short markers such as a bare "<svg" are left
# out on purpose: in megabytes of compressed data they would turn up by chance.
EMBEDDED_MARKUP = re.compile(
    rb"<(?:script|iframe|object|embed|!doctype|(?:html|body|head)[\s>]|\?php\s|svg[\s/][^>]{0,200}?(?:xmlns|on[a-z]+\s*=))"
    rb"|javascript:|vbscript:",
    re.IGNORECASE,
)
NOT_AN_IMAGE = "这不是可以识别的图片文件。请上传 JPEG、PNG、GIF 或 WebP 图片。"
MARKUP_NOT_AN_IMAGE = "这不是可以识别的图片文件，而是网页或矢量图（HTML、SVG）。请上传 JPEG、PNG、GIF 或 WebP 图片。"
MARKUP_INSIDE = "图片文件里夹带了网页代码或脚本，已拒绝。请用看图软件把图片另存一份后再上传。"
ORIENTATION = 0x0112  # the EXIF tag a camera sets when it was held sideways
_CACHE_ATTRIBUTE = "_newsroom_clean_image"
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int
    content: bytes = b""  # the image encoded afresh: pixels only

    @property
    def extension(self):
        return FORMAT_EXTENSIONS[self.format]


def clean_image(fileobj):
    """Check `fileobj` and encode its pixels afresh; an ImageInfo, or ValidationError in Chinese."""
    cached = getattr(fileobj, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    data = _read_within_limit(fileobj)
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise ValidationError(MARKUP_NOT_AN_IMAGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                _check_format_and_size(image)
                if EMBEDDED_MARKUP.search(data):
                    raise ValidationError(MARKUP_INSIDE)
                fresh = _encode_afresh(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("图片像素过多，疑似压缩炸弹，已拒绝。")) from None
    except Exception:
        # Pillow raises many kinds of errors on junk; all mean "not an image".
        raise ValidationError(NOT_AN_IMAGE) from None
    if EMBEDDED_MARKUP.search(fresh.content):
        raise ValidationError(MARKUP_INSIDE)
    # The model validator and the model's save() both ask; decode once.
    with contextlib.suppress(AttributeError):
        setattr(fileobj, _CACHE_ATTRIBUTE, fresh)
    return fresh


def _read_within_limit(fileobj):
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    too_big = ValidationError(_("图片太大：最大 %(mb)d MB。请压缩后再上传。") % {"mb": max_bytes // (1024 * 1024)})
    size = getattr(fileobj, "size", None)
    if size is not None and size > max_bytes:
        raise too_big
    fileobj.seek(0)
    data = fileobj.read(max_bytes + 1)
    fileobj.seek(0)
    if len(data) > max_bytes:
        raise too_big
    return data


def _format_of(image):
    # Phones save some photos as MPO: a JPEG with extra frames (depth, preview). Its first frame is the photo.
    return "JPEG" if image.format == "MPO" else image.format


def _frames_of(image):
    return 1 if _format_of(image) == "JPEG" else getattr(image, "n_frames", 1)


def _check_format_and_size(image):
    if _format_of(image) not in FORMAT_EXTENSIONS:
        raise ValidationError(NOT_AN_IMAGE)
    width, height = image.size
    frames = _frames_of(image)
    if width * height * frames > settings.IMAGE_UPLOAD_MAX_PIXELS:
        if frames > 1:
            raise ValidationError(
                _("动图太大（%(w)d×%(h)d，%(n)d 帧），请缩小或减少帧数后再上传。")
                % {"w": width, "h": height, "n": frames}
            )
        raise ValidationError(_("图片像素过多（%(w)d×%(h)d），请缩小后再上传。") % {"w": width, "h": height})


def _encode_afresh(image):
    """The picture's pixels in a new file of the same format, with nothing else carried over."""
    fmt = _format_of(image)
    mode = _output_mode(image, fmt)
    icc_profile = image.info.get("icc_profile")
    frames, durations = [], []
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        if index == _frames_of(image):
            break
        frame.load()
        upright = ImageOps.exif_transpose(frame) if frame.getexif().get(ORIENTATION, 1) != 1 else frame
        frames.append(_pixels_only(_in_srgb(upright, icc_profile), mode))
        durations.append(frame.info.get("duration") or 100)
    options = dict(SAVE_OPTIONS[fmt])
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:], duration=durations, loop=image.info.get("loop", 0))
    buffer = io.BytesIO()
    frames[0].save(buffer, format=fmt, **options)
    width, height = frames[0].size
    return ImageInfo(fmt, width, height, buffer.getvalue())


def _output_mode(image, fmt):
    """One mode for every frame: grey stays grey, transparency is kept where the format has it."""
    grey = image.mode in ("1", "L", "LA", "I", "I;16", "F")
    if fmt == "JPEG":
        return "L" if grey else "RGB"
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if has_alpha or _frames_of(image) > 1:
        return "RGBA"
    return "L" if grey else "RGB"


def _in_srgb(frame, icc_profile):
    """Colours as the profile meant them, in sRGB, so the profile itself need not be kept."""
    if not icc_profile or frame.mode not in ("RGB", "RGBA", "CMYK"):
        return frame
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output_mode = "RGBA" if frame.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(frame, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return frame  # a broken profile: the pixels as they are


def _pixels_only(frame, mode):
    """A brand-new image holding `frame`'s pixels: no palette, metadata or comments carried over."""
    source = frame if frame.mode == mode else frame.convert(mode)
    fresh = Image.new(mode, source.size)
    fresh.paste(source)
    return fresh


def validate_image_upload(fieldfile):
    """Model-field validator: only new uploads are inspected."""
    if not fieldfile or getattr(fieldfile, "_committed", True):
        return
    clean_image(fieldfile.file)


def cleaned_upload(fieldfile):
    """A new upload in `fieldfile` as a ContentFile of fresh pixels, with a readable name in the real format."""
    fresh = clean_image(fieldfile.file)
    stem = os.path.splitext(os.path.basename(fieldfile.name or ""))[0]
    return ContentFile(fresh.content, name=readable_name(stem, fresh.extension))


def store_clean_upload(fieldfile):
    """Before a model with an image field is saved: replace a new upload with its cleaned pixels."""
    if fieldfile and not getattr(fieldfile, "_committed", True):
        content = cleaned_upload(fieldfile)
        fieldfile.save(content.name, content, save=False)


def readable_name(filename, extension):
    """华苑社区 改造 (1).JPG.html -> 华苑社区-改造-1.png: Chinese kept, junk dropped."""
    stem = os.path.basename(filename or "")
    stem = unicodedata.normalize("NFKC", stem.split(".")[0])
    stem = slugify(stem, allow_unicode=True)[:60].strip("-_") or "image"
    return f"{stem}.{extension}"


def readable_upload_name(filename, request=None):
    """CKEDITOR_FILENAME_GENERATOR: the real extension is set by the upload view."""
    stem, _sep, ext = os.path.basename(filename).rpartition(".")
    return readable_name(stem or ext, (ext or "jpg").lower())
