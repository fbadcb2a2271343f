"""Poster checks and thumbnails, with Pillow."""

import warnings
from io import BytesIO
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = (240, 360)
# A pixel budget, read from the header before anything is decoded: a 20 KB PNG can hold 13000 ×
# 13000 pixels and cost a gigabyte to thumbnail. 40 megapixels is ample for any poster.
MAX_PIXELS = 40_000_000
# Pillow itself then refuses to open more than twice that anywhere in the process (the admin, a shell).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _too_many_pixels(size: tuple[int, int] | None = None) -> ValidationError:
    found = f"The poster is {size[0]} × {size[1]} pixels; " if size else "The poster has far too many pixels; "
    return ValidationError(
        f"{found}at most {MAX_PIXELS // 1_000_000} megapixels (say 5000 × 8000) are accepted. "
        "Scale it down and upload it again."
    )


def validate_poster(upload) -> None:
    """Accept only a real JPEG, PNG or WebP image of at most POSTER_MAX_BYTES and MAX_PIXELS."""
    limit = settings.POSTER_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The poster is {upload.size / 1024 / 1024:.1f} MB; at most {limit // (1024 * 1024)} MB is accepted."
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we say it better below
            with Image.open(upload) as image:  # reads the header only
                image_format, size = image.format, image.size
                if size[0] * size[1] > MAX_PIXELS:
                    raise _too_many_pixels(size)
                image.verify()
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError("This file is not an image we can read. Upload a JPEG, PNG or WebP poster.") from error
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(f"{image_format} images are not accepted. Upload a JPEG, PNG or WebP poster.")


class PosterField(forms.ImageField):
    """A poster upload, checked by bytes, pixels and format before Django's ImageField opens it
    (which would call a bomb just "not a valid image")."""

    def to_python(self, data):
        if data and hasattr(data, "size"):  # a new upload; the current poster is not checked again
            validate_poster(data)
        return super().to_python(data)


def poster_thumbnail(poster) -> ContentFile:
    """A small JPEG of the poster for lists, cropped to the poster shape."""
    poster.seek(0)
    with Image.open(poster) as image:
        thumb = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), THUMBNAIL_SIZE)
    buffer = BytesIO()
    thumb.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{Path(poster.name).stem}-thumb.jpg")
