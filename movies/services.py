"""Actions that change the catalog: movies, auditorium layouts, shows."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from movies import signals
from movies.exceptions import CatalogError, ScheduleError
from movies.layout import LayoutError, parse_layout
from movies.models import Auditorium, Genre, Movie, Seat, SeatCategory, Show, new_layout_version
from movies.posters import poster_thumbnail
from movies.selectors import referenced, seats_in_use, show_has_sales
from xcounter.days import format_when

# --- Movies ---------------------------------------------------------------------------------


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:200] or "movie"
    slug, n = base, 2
    while Movie.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def movie_save(*, movie: Movie, genres, poster_changed: bool) -> Movie:
    """Create or update a movie from a validated form instance; announce it when it goes public."""
    was_public = movie.pk is not None and Movie.objects.get(pk=movie.pk).is_public
    if not movie.slug:
        movie.slug = _unique_slug(movie.title, exclude_pk=movie.pk)
    if poster_changed:
        movie.poster_thumbnail = poster_thumbnail(movie.poster) if movie.poster else None
    movie.full_clean()
    movie.save()
    movie.genres.set(genres)
    if movie.is_public and not was_public:  # announced in this transaction: saved and announced, or neither
        signals.movie_published.send(sender=Movie, movie=movie)
    return movie


def movie_archive(*, movie: Movie) -> Movie:
    movie.status = Movie.Status.ARCHIVED
    movie.save(update_fields=["status", "updated_at"])
    return movie


def movie_delete(*, movie: Movie) -> None:
    """Delete a movie that never had a show; one with shows must be archived instead."""
    try:
        with transaction.atomic():
            movie.delete()
    except ProtectedError as error:
        raise CatalogError(f"“{movie}” has shows, so it stays in the records: archive it instead.") from error


# --- Auditoriums ------------------------------------------------------------------------------


@transaction.atomic
def auditorium_create(*, name: str, description: str = "", layout: str) -> Auditorium:
    planned = parse_layout(layout)
    auditorium = Auditorium(name=name.strip(), description=description.strip())
    auditorium.full_clean()
    auditorium.save()
    Seat.objects.bulk_create(Seat(auditorium=auditorium, **vars(seat)) for seat in planned)
    return auditorium


@transaction.atomic
def auditorium_layout_save(*, auditorium: Auditorium, layout: str) -> dict[str, int]:
    """Apply a new layout; seats with tickets may not disappear or change row or number."""
    planned = {(seat.grid_row, seat.grid_column): seat for seat in parse_layout(layout)}
    Auditorium.objects.select_for_update().get(pk=auditorium.pk)
    existing = {(seat.grid_row, seat.grid_column): seat for seat in auditorium.seats.all()}

    removed = [seat for place, seat in existing.items() if place not in planned]
    relabelled = [
        seat
        for place, seat in existing.items()
        if place in planned and (seat.row, seat.number) != (planned[place].row, planned[place].number)
    ]
    sold = seats_in_use(seat.pk for seat in removed + relabelled)
    if sold:
        names = ", ".join(sorted(str(seat) for seat in removed + relabelled if seat.pk in sold))
        raise LayoutError(f"Seats {names} have tickets: this layout would remove or renumber them.")

    # Relabelled seats are unsold: replacing them avoids clashes on the unique row+number.
    Seat.objects.filter(pk__in=[seat.pk for seat in removed + relabelled]).delete()
    kept = {place: seat for place, seat in existing.items() if seat not in removed and seat not in relabelled}
    recategorised = []
    for place, seat in kept.items():
        if seat.category != planned[place].category:
            seat.category = planned[place].category
            recategorised.append(seat)
    Seat.objects.bulk_update(recategorised, ["category"])
    added = [Seat(auditorium=auditorium, **vars(seat)) for place, seat in planned.items() if place not in kept]
    Seat.objects.bulk_create(added)
    if removed or relabelled or recategorised or added:
        # Cached seat maps of the old layout are never read again (`selectors.seat_layout`).
        auditorium.layout_version = new_layout_version()
        auditorium.save(update_fields=["layout_version"])
    return {
        "added": len(added) - len(relabelled),
        "removed": len(removed),
        "renumbered": len(relabelled),
        "recategorised": len(recategorised),
    }


# --- Shows ----------------------------------------------------------------------------------


def show_times(*, movie: Movie, starts_at: datetime) -> tuple[datetime, datetime]:
    """When the movie ends, and when the auditorium is clean and free again."""
    ends_at = starts_at + timedelta(minutes=movie.duration_minutes)
    return ends_at, ends_at + timedelta(minutes=settings.SHOW_CLEANING_MINUTES)


def _check_slot(*, movie: Movie, auditorium: Auditorium, starts_at: datetime, blocked_until: datetime, show_pk=None):
    if starts_at <= timezone.now():
        raise ScheduleError("A show must start in the future.")
    if movie.status == Movie.Status.ARCHIVED:
        raise ScheduleError(f"“{movie}” is archived: it cannot get new shows.")
    clash = (
        Show.objects.filter(
            auditorium=auditorium,
            status=Show.Status.SCHEDULED,
            starts_at__lt=blocked_until,
            blocked_until__gt=starts_at,
        )
        .exclude(pk=show_pk)
        .select_related("movie")
        .first()
    )
    if clash is not None:
        raise ScheduleError(_clash_message(auditorium, clash))


def _clash_message(auditorium: Auditorium, clash: Show | None) -> str:
    if clash is None:
        return f"{auditorium} was booked by someone else at the same moment. Pick another time."
    start, free = format_when(clash.starts_at), format_when(clash.blocked_until, "time")
    return (
        f"{auditorium} is busy then: “{clash.movie}” runs from {start} "
        f"and the room is free again at {free} (cleaning included)."
    )


def _prices(prices: dict[str, Decimal]) -> dict[str, Decimal]:
    values = {f"price_{category}": prices[category] for category in SeatCategory.values}
    if any(value is None or value <= 0 for value in values.values()):
        raise ScheduleError("Every seat category needs a price above zero.")
    return values


def _check_still_movable(show: Show, stored: Show) -> None:
    """Checked with the show row locked: a hold locks it too, so none can land after this check
    and keep a seat of the old auditorium (whose row and number would be sold again in the new)."""
    if stored.is_cancelled:
        raise ScheduleError("This show was cancelled meanwhile; schedule a new one instead.")
    moved = (stored.movie_id, stored.auditorium_id) != (show.movie_id, show.auditorium_id)
    if moved and show_has_sales(stored):
        raise ScheduleError("Tickets are sold for this show: its movie and auditorium can no longer change.")


def _save_show(show: Show, *, check: dict) -> Show:
    """Lock the auditorium, check the slot, save; the database constraint has the last word."""
    try:
        with transaction.atomic():
            Auditorium.objects.select_for_update().get(pk=show.auditorium_id)
            if show.pk:
                _check_still_movable(show, Show.objects.select_for_update().get(pk=show.pk))
            _check_slot(show_pk=show.pk, **check)
            show.full_clean()
            show.save()
    except IntegrityError as error:
        if "show_no_overlap" not in str(error):
            raise
        raise ScheduleError(_clash_message(show.auditorium, None)) from error
    return show


@transaction.atomic
def show_schedule(*, movie: Movie, auditorium: Auditorium, starts_at: datetime, prices: dict, by=None) -> Show:
    """Put a new show on sale, and announce it in the same transaction (both or neither)."""
    ends_at, blocked_until = show_times(movie=movie, starts_at=starts_at)
    show = Show(
        movie=movie,
        auditorium=auditorium,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=blocked_until,
        created_by=by,
        **_prices(prices),
    )
    _save_show(
        show, check={"movie": movie, "auditorium": auditorium, "starts_at": starts_at, "blocked_until": blocked_until}
    )
    signals.show_scheduled.send(sender=Show, show=show)
    return show


def show_update(*, show: Show, movie: Movie, auditorium: Auditorium, starts_at: datetime, prices: dict) -> Show:
    """Move a show or change its prices; a show with sales keeps its movie and auditorium."""
    if show.is_cancelled:
        raise ScheduleError("This show is cancelled; schedule a new one instead.")
    ends_at, blocked_until = show_times(movie=movie, starts_at=starts_at)
    show.movie, show.auditorium, show.starts_at = movie, auditorium, starts_at
    show.ends_at, show.blocked_until = ends_at, blocked_until
    for field, value in _prices(prices).items():
        setattr(show, field, value)
    return _save_show(
        show, check={"movie": movie, "auditorium": auditorium, "starts_at": starts_at, "blocked_until": blocked_until}
    )


@transaction.atomic
def show_cancel(*, show: Show, reason: str, by) -> Show:
    """Stop selling a show. Its bookings are cancelled by the booking engine, on the signal."""
    show = Show.objects.select_for_update().get(pk=show.pk)
    if show.is_cancelled:
        raise ScheduleError("This show is already cancelled.")
    if show.ends_at <= timezone.now():
        raise ScheduleError("This show is over: it took place and cannot be cancelled any more.")
    if not reason.strip():
        raise ScheduleError("Say why the show is cancelled; customers will be told.")
    show.status = Show.Status.CANCELLED
    show.cancelled_at = timezone.now()
    show.cancelled_by = by
    show.cancel_reason = reason.strip()
    show.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    transaction.on_commit(lambda: signals.show_cancelled.send(sender=Show, show=show))
    return show


def show_delete(*, show: Show) -> None:
    """Delete a show nobody has booked; one with bookings is cancelled instead."""
    if show_has_sales(show):
        raise ScheduleError("This show has bookings, so it stays in the records: cancel it instead.")
    try:
        with transaction.atomic():
            show.delete()
    except ProtectedError as error:
        raise ScheduleError("This show has bookings, so it stays in the records: cancel it instead.") from error


@dataclass
class ExpiredShows:
    """What `shows_archive_expired` did (or, in a dry run, would do)."""

    cutoff: datetime
    archived: list[Show]  # newly archived
    deleted: list[Show]  # never booked, deleted
    kept: list[Show]  # asked to delete, archived instead: they have bookings


def shows_archive_expired(*, days: int, delete: bool = False, dry_run: bool = False) -> ExpiredShows:
    """Archive shows that ended more than `days` ago; with `delete`, delete those nobody ever booked
    (bookings keep the others in the records). Shows already archived stay as they are, so running it
    again changes nothing new. Ended shows are off sale, so no booking can arrive meanwhile."""
    if days < 0:
        raise CatalogError("The number of days must be 0 or more.")
    now = timezone.now()
    expired = Show.objects.filter(ends_at__lt=now - timedelta(days=days))
    booked = referenced(Show)
    unarchived = expired.filter(archived_at__isnull=True)
    if delete:
        kept = list(unarchived.filter(booked).select_related("movie", "auditorium"))
        deleted = list(expired.exclude(booked).select_related("movie", "auditorium"))
        report = ExpiredShows(cutoff=now - timedelta(days=days), archived=kept, deleted=deleted, kept=kept)
    else:
        archived = list(unarchived.select_related("movie", "auditorium"))
        report = ExpiredShows(cutoff=now - timedelta(days=days), archived=archived, deleted=[], kept=[])
    if not dry_run:
        with transaction.atomic():
            (unarchived.filter(booked) if delete else unarchived).update(archived_at=now)
            if delete:
                expired.exclude(booked).delete()
    return report


# --- Genres ---------------------------------------------------------------------------------


def genre_save(*, genre: Genre) -> Genre:
    """Add or rename a genre (the filter links use its slug)."""
    genre.full_clean()
    genre.save()
    return genre
