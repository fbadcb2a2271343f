"""Poster checks and thumbnails, with Pillow."""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = (240, 360)


def validate_poster(upload) -> None:
    """Accept only a real JPEG, PNG or WebP image of at most POSTER_MAX_BYTES."""
    limit = settings.POSTER_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The poster is {upload.size / 1024 / 1024:.1f} MB; at most {limit // (1024 * 1024)} MB is accepted."
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError("This file is not an image we can read. Upload a JPEG, PNG or WebP poster.") from error
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(f"{image_format} images are not accepted. Upload a JPEG, PNG or WebP poster.")


def poster_thumbnail(poster) -> ContentFile:
    """A small JPEG of the poster for lists, cropped to the poster shape."""
    poster.seek(0)
    with Image.open(poster) as image:
        thumb = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), THUMBNAIL_SIZE)
    buffer = BytesIO()
    thumb.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{Path(poster.name).stem}-thumb.jpg")
