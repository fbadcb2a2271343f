from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from movies import services
from movies.models import Auditorium, Genre, Movie, Show

PRICES = {"standard": Decimal("12.50"), "vip": Decimal("18.00"), "accessible": Decimal("9.50")}


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.LazyAttribute(lambda genre: genre.name.lower().replace(" ", "-"))


class MovieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movie
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Movie {n}")
    slug = factory.Sequence(lambda n: f"movie-{n}")
    synopsis = "A story for the big screen."
    duration_minutes = 100
    age_rating = Movie.AgeRating.TWELVE
    release_date = factory.LazyFunction(lambda: date.today() - timedelta(days=7))
    status = Movie.Status.NOW_SHOWING

    @factory.post_generation
    def genres(self, create, extracted, **kwargs):
        if create and extracted:
            self.genres.set(extracted)


def auditorium(name="Hall 1", layout="SSSS.SSSS\nSSSS.SSSS\nVVVV.VVAA") -> Auditorium:
    return services.auditorium_create(name=name, layout=layout)


def show(*, movie=None, auditorium_=None, starts_at=None, **prices) -> Show:
    """A scheduled show through the real scheduling service (tomorrow 18:00 unless told)."""
    starts_at = starts_at or timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return services.show_schedule(
        movie=movie or MovieFactory(),
        auditorium=auditorium_ or auditorium(),
        starts_at=starts_at,
        prices={**PRICES, **prices},
    )


def image_upload(name="poster.png", image_format="PNG", size=(60, 90)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")
