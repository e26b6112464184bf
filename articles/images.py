"""
Image uploads: decoded by Pillow, never judged by their name.

Every image that enters the newsroom (CKEditor body images, story photos,
page images) passes `inspect_image`, which opens and fully decodes the bytes,
accepts only the raster formats a browser shows, and refuses oversized files
and decompression bombs. File names keep their Chinese but lose anything a
URL or a file system would trip on, and take the extension of the real format.
"""

import os
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image

FORMAT_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return FORMAT_EXTENSIONS[self.format]


def inspect_image(fileobj):
    """Decode `fileobj` fully and describe it, or raise ValidationError in Chinese."""
    size = getattr(fileobj, "size", None)
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if size is not None and size > max_bytes:
        raise ValidationError(_("图片太大：最大 %(mb)d MB。请压缩后再上传。") % {"mb": max_bytes // (1024 * 1024)})
    max_pixels = settings.IMAGE_UPLOAD_MAX_PIXELS
    try:
        fileobj.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                if image.format not in FORMAT_EXTENSIONS:
                    raise ValidationError(_("只能上传 JPEG、PNG、GIF 或 WebP 图片。"))
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("图片像素过多（%(w)d×%(h)d），请缩小后再上传。") % {"w": width, "h": height}
                    )
                image.load()
                info = ImageInfo(image.format, width, height)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("图片像素过多，疑似压缩炸弹，已拒绝。")) from None
    except Exception:
        # Pillow raises many kinds of errors on junk; all mean "not an image".
        raise ValidationError(_("这不是可以识别的图片文件。请上传 JPEG、PNG、GIF 或 WebP 图片。")) from None
    finally:
        fileobj.seek(0)
    return info


def validate_image_upload(fieldfile):
    """Model-field validator: only new uploads are inspected."""
    upload = getattr(fieldfile, "file", None)
    if upload is None or getattr(fieldfile, "_committed", True):
        return
    inspect_image(upload)


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
