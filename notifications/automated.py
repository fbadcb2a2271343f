"""Notices sent by `send_automated_notifications` (cron): each one once, however often it runs."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from bookings.pricing import amount_due
from movies.models import Movie, Show
from notifications import services
from notifications.models import Announcement, FavouriteGenre, Kind, SentNotice
from xcounter.days import format_when, local_time
from xcounter.money import format_money


@dataclass
class Notice:
    key: str  # unique: the same notice never goes twice
    user: object
    kind: str
    title: str
    body: str = ""
    url: str = ""


def _show_reminders(now) -> Iterator[Notice]:

    soon = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        customer__isnull=False,
        show__status=Show.Status.SCHEDULED,
        show__starts_at__gt=now,
        show__starts_at__lte=now + timedelta(hours=24),
    ).select_related("show__movie", "show__auditorium", "customer")
    for booking in soon:
        starts = local_time(booking.show.starts_at)
        yield Notice(
            f"reminder:{booking.pk}",
            booking.customer,
            Kind.REMINDER,
            f"Tomorrow's show: {booking.show.movie.title}"
            if starts.date() != timezone.localdate()
            else f"Today: {booking.show.movie.title} at {format_when(starts, 'time')}",
            f"{format_when(starts)}, {booking.show.auditorium.name}. Booking {booking.reference}.",
            reverse("bookings:detail", args=[booking.reference]),
        )


def _unpaid_reminders(now) -> Iterator[Notice]:

    unpaid = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        payment_status=Booking.PaymentStatus.UNPAID,
        customer__isnull=False,
        show__starts_at__gt=now,
        show__starts_at__lte=now + timedelta(days=3),
    ).select_related("show__movie", "customer")
    for booking in unpaid:
        yield Notice(
            f"unpaid:{booking.pk}",
            booking.customer,
            Kind.REMINDER,
            f"Please pay for booking {booking.reference}",
            f"{format_money(amount_due(booking))} is due at the box office before {booking.show.movie.title} starts.",
            reverse("bookings:detail", args=[booking.reference]),
        )


def _premieres(now) -> Iterator[Notice]:

    opening = Movie.objects.filter(
        status=Movie.Status.COMING_SOON,
        release_date__gte=timezone.localdate(),
        release_date__lte=timezone.localdate() + timedelta(days=7),
    ).prefetch_related("genres")
    for movie in opening:
        fans = FavouriteGenre.objects.filter(genre__in=movie.genres.all()).select_related("user")
        for user in {fan.user for fan in fans}:
            yield Notice(
                f"premiere:{movie.pk}:{user.pk}",
                user,
                Kind.NEW_MOVIES,
                f"Opening {movie.release_date:%d %B}: {movie.title}",
                movie.synopsis[:300],
                movie.get_absolute_url(),
            )


def _reengagement(now) -> Iterator[Notice]:
    from users.models import Role, User

    since = now - timedelta(days=settings.REENGAGE_AFTER_DAYS)
    recent = Booking.objects.filter(customer=OuterRef("pk"), created_at__gte=since)
    quiet = (
        User.objects.filter(role=Role.CUSTOMER, is_active=True, date_joined__lt=since)
        .filter(~Exists(recent))
        .filter(Q(last_login__lt=since) | Q(last_login__isnull=True))
    )
    period = now.strftime("%Y-%m")
    for user in quiet:
        yield Notice(
            f"reengage:{user.pk}:{period}",
            user,
            Kind.OFFERS,
            "We miss you at the movies",
            "See what's showing this week — your seat is waiting.",
            reverse("home"),
        )


def _announcements(now) -> Iterator[Notice]:
    from users.models import Role, User

    for announcement in Announcement.objects.filter(send_at__lte=now):
        people = User.objects.filter(is_active=True)
        if announcement.audience == Announcement.Audience.CUSTOMERS:
            people = people.filter(role=Role.CUSTOMER)
        elif announcement.audience == Announcement.Audience.STAFF:
            people = people.exclude(role=Role.CUSTOMER)
        sent = SentNotice.objects.filter(key__startswith=f"announcement:{announcement.pk}:").values_list(
            "key", flat=True
        )
        done = set(sent)
        for user in people:
            key = f"announcement:{announcement.pk}:{user.pk}"
            if key not in done:
                yield Notice(key, user, Kind.OFFERS, announcement.title, announcement.body)


SOURCES = [_show_reminders, _unpaid_reminders, _premieres, _reengagement, _announcements]


def due_notices(now=None) -> Iterator[Notice]:
    now = now or timezone.now()
    already = set()
    for source in SOURCES:
        for notice in source(now):
            if notice.key not in already:
                already.add(notice.key)
                yield notice


def send_due(*, dry_run: bool = False, now=None) -> list[Notice]:
    """Send every due notice not sent before; the unique key is written with the notice itself."""
    keys_sent = set(SentNotice.objects.values_list("key", flat=True))
    sent = []
    for notice in due_notices(now):
        if notice.key in keys_sent:
            continue
        if dry_run:
            sent.append(notice)
            continue
        try:
            with transaction.atomic():
                SentNotice.objects.create(key=notice.key)
                services.notify(
                    user=notice.user, kind=notice.kind, title=notice.title, body=notice.body, url=notice.url
                )
        except IntegrityError:  # another run got there first
            continue
        sent.append(notice)
    return sent
