"""Demo catalog for `seed_demo`: three auditoriums, a dozen movies with drawn posters, two weeks of shows."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from movies import services
from movies.exceptions import ScheduleError
from movies.forms import LayoutGeneratorForm
from movies.models import Auditorium, Genre, Movie, SeatCategory

GENRES = [
    "Action",
    "Animation",
    "Comedy",
    "Documentary",
    "Drama",
    "Family",
    "Horror",
    "Romance",
    "Science fiction",
    "Thriller",
]

MOVIES = [
    # title, genres, minutes, age, status, days from today to release, colour
    ("The Last Projectionist", ["Drama"], 118, "12", "now_showing", -30, (120, 40, 60)),
    ("Orbit of Glass", ["Science fiction", "Thriller"], 142, "12", "now_showing", -14, (30, 60, 120)),
    ("Paper Lanterns", ["Animation", "Family"], 96, "0", "now_showing", -21, (200, 120, 40)),
    ("Midnight at the Drive-In", ["Horror"], 104, "16", "now_showing", -7, (40, 40, 40)),
    ("Second Chances", ["Romance", "Comedy"], 112, "6", "now_showing", -10, (190, 70, 110)),
    ("The Salt Road", ["Documentary"], 88, "0", "now_showing", -40, (90, 110, 80)),
    ("Velocity", ["Action", "Thriller"], 128, "16", "now_showing", -3, (160, 30, 30)),
    ("Grandma's Robot", ["Family", "Comedy", "Science fiction"], 99, "0", "now_showing", -5, (60, 140, 150)),
    ("Winter Harbour", ["Drama", "Romance"], 124, "12", "now_showing", -18, (70, 90, 130)),
    ("Deep Field", ["Documentary", "Science fiction"], 92, "0", "coming_soon", 20, (20, 20, 70)),
    ("The Heist Club", ["Action", "Comedy"], 115, "12", "coming_soon", 27, (120, 100, 20)),
    ("Lullaby for a Ghost", ["Horror", "Drama"], 101, "16", "coming_soon", 34, (80, 30, 90)),
    ("Tidewater", ["Thriller"], 109, "12", "coming_soon", 45, (20, 90, 100)),
]

AUDITORIUMS = [
    # name, description, generator arguments, prices (standard, vip, accessible)
    (
        "Grand Hall",
        "Our largest room, with VIP recliners at the back",
        {
            "rows": 14,
            "seats_per_row": 18,
            "aisles_after": "4, 14",
            "vip_rows": "M, N",
            "accessible_seats": "A1, A2, A17, A18",
        },
        ("12.50", "18.00", "9.50"),
    ),
    (
        "Studio 2",
        "Mid-size room",
        {
            "rows": 9,
            "seats_per_row": 14,
            "aisles_after": "7",
            "vip_rows": "I",
            "accessible_seats": "A1, A14",
        },
        ("11.00", "15.50", "8.50"),
    ),
    (
        "Salon 3",
        "Small room for documentaries and premieres",
        {
            "rows": 6,
            "seats_per_row": 10,
            "aisles_after": "",
            "vip_rows": "F",
            "accessible_seats": "A1",
        },
        ("9.50", "13.00", "7.50"),
    ),
]

START_TIMES = [time(13, 0), time(15, 45), time(18, 30), time(21, 15)]


def draw_poster(title: str, colour: tuple[int, int, int]) -> ContentFile:
    """A simple poster: a colour gradient, rings like a film reel, and the title."""
    width, height = 600, 900
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(90 * y / height)
        draw.line([(0, y), (width, y)], fill=tuple(max(0, c - shade) for c in colour))
    for radius in range(60, 400, 45):
        draw.ellipse(
            [width // 2 - radius, 260 - radius, width // 2 + radius, 260 + radius], outline=(245, 179, 1), width=3
        )
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 46)
        small = ImageFont.truetype("DejaVuSans.ttf", 26)
    except OSError:
        font = small = ImageFont.load_default()
    words, lines, line = title.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) > width - 80 and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    y = 600
    for text in lines:
        draw.text(((width - draw.textlength(text, font=font)) / 2, y), text, font=font, fill="white")
        y += 58
    draw.text((40, height - 60), "XCOUNTER CINEMA", font=small, fill=(245, 179, 1))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"{slugify(title)}.jpg")


@transaction.atomic
def seed_catalog(*, today: date | None = None, days: int = 14) -> dict[str, int]:
    """Create what is missing: genres, auditoriums, movies, and shows for the next `days` days."""
    today = today or timezone.localdate()
    genres = {name: Genre.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in GENRES}

    auditoriums = []
    for name, description, generator, prices in AUDITORIUMS:
        auditorium = Auditorium.objects.filter(name=name).first()
        if auditorium is None:
            form = LayoutGeneratorForm(generator)
            assert form.is_valid(), form.errors
            auditorium = services.auditorium_create(name=name, description=description, layout=form.layout())
        auditoriums.append((auditorium, dict(zip(SeatCategory.values, map(Decimal, prices), strict=True))))

    movies = []
    for title, genre_names, minutes, age, status, release_in, colour in MOVIES:
        movie = Movie.objects.filter(title=title).first()
        if movie is None:
            movie = Movie(
                title=title,
                synopsis=f"{title} — a {', '.join(genre_names).lower()} story for the big screen.",
                duration_minutes=minutes,
                age_rating=age,
                language="English",
                release_date=today + timedelta(days=release_in),
                status=status,
                trailer_url="",
            )
            movie.poster.save(f"{slugify(title)}.jpg", draw_poster(title, colour), save=False)
            services.movie_save(movie=movie, genres=[genres[g] for g in genre_names], poster_changed=True)
        movies.append(movie)

    showing = [m for m in movies if m.status == Movie.Status.NOW_SHOWING]
    rng = random.Random(42)
    created = 0
    now = timezone.now()
    for offset in range(days):
        day = today + timedelta(days=offset)
        for auditorium, prices in auditoriums:
            for slot in START_TIMES:
                starts_at = timezone.make_aware(datetime.combine(day, slot))
                if starts_at <= now + timedelta(minutes=5):
                    continue
                movie = rng.choice(showing)
                try:
                    services.show_schedule(movie=movie, auditorium=auditorium, starts_at=starts_at, prices=prices)
                except ScheduleError:
                    continue  # already seeded, or a long movie still runs
                created += 1
    return {"movies": Movie.objects.count(), "auditoriums": Auditorium.objects.count(), "new_shows": created}
