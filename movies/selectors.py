"""Reads of the catalog: public listings, a movie's shows, the day schedule, staff lists."""

import threading
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from movies.models import Auditorium, Genre, Movie, Seat, SeatCategory, Show
from xcounter.cache import unless_down
from xcounter.days import day_bounds


def upcoming_shows() -> QuerySet[Show]:
    return Show.objects.upcoming()


def showing_on(day: date) -> Exists:
    """The one rule for what is showing on a day: a movie with a show on sale that day, whatever
    its status (a coming-soon movie's preview included)."""
    start, end = day_bounds(day)
    return Exists(upcoming_shows().filter(movie=OuterRef("pk"), starts_at__gte=start, starts_at__lt=end))


def movies_listed(*, status: str, query: str = "", genre: Genre | None = None, day: date | None = None):
    """Public movies for a listing, filtered by text, genre and "Showing on" a day.

    Now showing: the movies marked so and every movie showing today; on a chosen day, every movie
    showing that day. Coming soon: the movies marked so, but not those showing today (they are under
    Now showing); on a chosen day, those showing that day.
    """
    today = timezone.localdate()
    movies = Movie.objects.exclude(status=Movie.Status.ARCHIVED).prefetch_related("genres")
    if status == Movie.Status.NOW_SHOWING:
        movies = movies.filter(showing_on(day) if day else Q(status=status) | showing_on(today))
    else:
        movies = movies.filter(status=status).filter(showing_on(day) if day else ~showing_on(today))
    if query:
        movies = movies.filter(Q(title__icontains=query) | Q(synopsis__icontains=query))
    if genre is not None:
        movies = movies.filter(genres=genre)
    order = ["title"] if status == Movie.Status.NOW_SHOWING else ["release_date", "title"]
    return movies.order_by(*order)


def movie_public(slug: str) -> Movie | None:
    return Movie.objects.exclude(status=Movie.Status.ARCHIVED).prefetch_related("genres").filter(slug=slug).first()


@dataclass
class ShowDay:
    day: date
    shows: list[Show]


def movie_show_days(movie: Movie) -> list[ShowDay]:
    """Upcoming scheduled shows of a movie, grouped by theater-local day."""
    days: dict[date, list[Show]] = {}
    for show in upcoming_shows().filter(movie=movie).select_related("auditorium").order_by("starts_at"):
        days.setdefault(timezone.localdate(show.starts_at), []).append(show)
    return [ShowDay(day, shows) for day, shows in days.items()]


@dataclass
class AuditoriumDay:
    auditorium: Auditorium
    shows: list[Show]


def day_schedule(day: date) -> list[AuditoriumDay]:
    """Every auditorium with its scheduled shows of that day, in order."""
    start, end = day_bounds(day)
    shows = (
        Show.objects.filter(status=Show.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end)
        .select_related("movie", "auditorium")
        .order_by("starts_at")
    )
    by_auditorium: dict[int, list[Show]] = {}
    for show in shows:
        by_auditorium.setdefault(show.auditorium_id, []).append(show)
    return [AuditoriumDay(auditorium, by_auditorium.get(auditorium.pk, [])) for auditorium in Auditorium.objects.all()]


def seat_grid(seats, cell=lambda seat: seat) -> list[dict]:
    """Seats laid out for a seat-map template: a row per grid row, gaps as None, `cell(seat)` in place."""
    width = max((seat.grid_column for seat in seats), default=-1) + 1
    rows: dict[int, dict] = {}
    for seat in seats:
        row = rows.setdefault(seat.grid_row, {"label": seat.row, "cells": [None] * width})
        row["cells"][seat.grid_column] = cell(seat)
    return [rows[key] for key in sorted(rows)]


@dataclass(frozen=True)
class LayoutSeat:
    """A seat as the seat map draws it: what the layout says, nothing that changes with a sale."""

    pk: int
    row: str
    number: int
    category: str


@dataclass(frozen=True)
class SeatLayout:
    """An auditorium's seats in rows (`cells` hold a LayoutSeat, or None for a gap), as `seat_grid`."""

    rows: list[tuple[str, list]]
    seat_ids: frozenset[int]

    @property
    def seat_count(self) -> int:
        return len(self.seat_ids)


def seat_layout(auditorium: Auditorium) -> SeatLayout:
    """The auditorium's layout for seat maps, read once per layout version and then from the cache:
    a seat map costs no query over the seats, only the show's live tickets.

    Kept in this process too (a few layouts, a few kB each): a key names one version of one
    auditorium's seats, and a changed layout gets a new version, so no copy is ever out of date."""
    key = f"seat-layout:{auditorium.pk}:{auditorium.layout_version}"
    layout = _layouts.get(key)
    if layout is not None:
        return layout
    layout = unless_down(cache.get, key)  # Redis down: read from the database
    if layout is None:
        seats = Seat.objects.filter(auditorium_id=auditorium.pk).only(
            "pk", "row", "number", "category", "grid_row", "grid_column"
        )
        grid = seat_grid(list(seats), lambda seat: LayoutSeat(seat.pk, seat.row, seat.number, seat.category))
        layout = SeatLayout(
            rows=[(row["label"], row["cells"]) for row in grid], seat_ids=frozenset(seat.pk for seat in seats)
        )
        unless_down(cache.set, key, layout, SEAT_LAYOUT_SECONDS)
    with _layouts_lock:
        if len(_layouts) >= LAYOUTS_KEPT:
            _layouts.pop(next(iter(_layouts)))  # the oldest goes
        _layouts[key] = layout
    return layout


_layouts: dict[str, SeatLayout] = {}
_layouts_lock = threading.Lock()
LAYOUTS_KEPT = 32


# A layout version's key is never reused (a new layout gets a new version); a day keeps it warm.
SEAT_LAYOUT_SECONDS = 24 * 3600


def auditoriums_with_capacity() -> QuerySet[Auditorium]:
    return Auditorium.objects.annotate(
        capacity=Count("seats"),
        vip_seats=Count("seats", filter=Q(seats__category=SeatCategory.VIP)),
        accessible_seats=Count("seats", filter=Q(seats__category=SeatCategory.ACCESSIBLE)),
    )


def staff_shows(
    *, day: date | None = None, auditorium: Auditorium | None = None, include_past: bool = False, archived: bool = False
):
    """Shows for the staff list: upcoming ones, or a day's. Archived shows (`cleanup_expired_shows`)
    only when asked for, and then past ones too, newest first unless a day is chosen."""
    shows = Show.objects.select_related("movie", "auditorium").order_by("starts_at", "auditorium__name")
    if not archived:
        shows = shows.filter(archived_at__isnull=True)
    if day is not None:
        start, end = day_bounds(day)
        shows = shows.filter(starts_at__gte=start, starts_at__lt=end)
    elif archived:
        shows = shows.order_by("-starts_at", "auditorium__name")
    elif not include_past:
        shows = shows.filter(blocked_until__gte=timezone.now())
    if auditorium is not None:
        shows = shows.filter(auditorium=auditorium)
    return shows


def referenced_ids(model, ids) -> set[int]:
    """Which of these rows something else points at (tickets at a seat, bookings of a show)."""
    ids = list(ids)
    used: set[int] = set()
    if not ids:
        return used
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            continue
        field = relation.field
        rows = relation.related_model._base_manager.filter(**{f"{field.name}__in": ids})
        used |= set(rows.values_list(field.attname, flat=True).distinct())
    return used


def referenced(model):
    """A filter true for rows something else points at, as `referenced_ids` says, in one query."""
    checks = [
        Exists(relation.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")}))
        for relation in model._meta.related_objects
        if not relation.many_to_many
    ]
    return reduce(or_, checks)


def seats_in_use(seat_ids) -> set[int]:
    return referenced_ids(Seat, seat_ids)


def show_has_sales(show: Show) -> bool:
    return bool(referenced_ids(Show, [show.pk]))
