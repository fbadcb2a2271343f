"""What each event tells whom. Runs inside the event's transaction, so notices and outbox mail
are written together with it (or not at all); only the managers' booking alerts wait for the commit."""

from django.urls import reverse

from bookings.models import Booking, Ticket
from bookings.pricing import amount_due
from employees.models import SalaryEntry
from notifications import services
from notifications.models import Kind
from xcounter.days import format_when
from xcounter.money import format_money
from xcounter.words import counted


def _when(show) -> str:
    return format_when(show.starts_at)


def _admission(booking) -> str:
    """How the customer gets in: the door lets unpaid tickets in only once they are paid."""
    if booking.payment_status == Booking.PaymentStatus.UNPAID and booking.total > 0:
        return (
            f"Pay {format_money(amount_due(booking))} at the box office before the show, quoting your "
            f"reference {booking.reference}: the door lets tickets in once they are paid."
        )
    return "Show the ticket code (or its QR code) at the door."


def _tell_staff(title: str, body: str, url: str) -> None:
    """The Admins and Moderators who asked for booking alerts, once the booking has committed: not
    under the show's lock, and in a fixed number of queries however many they are. (The customer's
    own mail is written inside the transaction: the outbox keeps it with the booking.)"""
    from users.models import User
    from users.permissions import MANAGERS

    services.notify_many(
        users=User.objects.filter(role__in=MANAGERS),
        kind=Kind.STAFF_BOOKINGS,
        title=title,
        body=body,
        url=url,
        after_commit=True,
    )


def booking_confirmed(sender, booking, tickets=None, **kwargs):
    """`tickets`: the booking's tickets as just written, when the sender has them at hand."""
    show = booking.show
    if booking.customer is not None:
        if tickets is None:
            count = booking.tickets.filter(status=Ticket.Status.CONFIRMED).count()
        else:
            count = sum(1 for ticket in tickets if ticket.status == Ticket.Status.CONFIRMED)
        services.notify(
            user=booking.customer,
            kind=Kind.BOOKING,
            transactional=True,
            title=f"Booking {booking.reference} confirmed",
            body=(
                f"{show.movie.title}, {_when(show)}, {show.auditorium.name}.\n"
                f"{counted(count, 'ticket')}, total {format_money(booking.total)} "
                f"({booking.get_payment_status_display()}).\n"
                f"Your tickets and invoice are attached. {_admission(booking)}"
            ),
            url=reverse("bookings:detail", args=[booking.reference]),
            attachments=f"bookings.emails.booking_documents:{booking.pk}",
        )
    _tell_staff(
        f"New booking {booking.reference}",
        f"{booking.get_channel_display()} · {show.movie.title}, {_when(show)} · {format_money(booking.total)}",
        reverse("bookings:staff_detail", args=[booking.reference]),
    )


def booking_changed(sender, booking, **kwargs):
    if booking.customer is not None:
        services.notify(
            user=booking.customer,
            kind=Kind.BOOKING,
            transactional=True,
            title=f"Booking {booking.reference} changed",
            body=(
                f"Your booking now is: {booking.show.movie.title}, {_when(booking.show)}. New tickets are attached. "
                + _admission(booking)
            ),
            url=reverse("bookings:detail", args=[booking.reference]),
            attachments=f"bookings.emails.booking_documents:{booking.pk}",
        )


def booking_cancelled(sender, booking, **kwargs):
    if booking.customer is not None:
        services.notify(
            user=booking.customer,
            kind=Kind.BOOKING,
            transactional=True,
            title=f"Booking {booking.reference} cancelled",
            body=(
                f"{booking.show.movie.title}, {_when(booking.show)}.\n"
                f"Reason: {booking.cancel_reason}\n{booking.refund_note}"
            ),
            url=reverse("bookings:detail", args=[booking.reference]),
        )
    _tell_staff(
        f"Booking {booking.reference} cancelled",
        f"{booking.show.movie.title}, {_when(booking.show)} · {booking.cancel_reason}",
        reverse("bookings:staff_detail", args=[booking.reference]),
    )


def tier_changed(sender, customer, old_tier, new_tier, tickets_counted, **kwargs):
    if new_tier is not None and (old_tier is None or new_tier.min_tickets > old_tier.min_tickets):
        title = f"Welcome to {new_tier.name}: {new_tier.percent_off.normalize():f}% off every booking"
    elif new_tier is not None:
        title = f"Your loyalty tier is now {new_tier.name}"
    else:
        title = "Your loyalty tier has ended"
    services.notify(
        user=customer,
        kind=Kind.OFFERS,
        title=title,
        body=f"You have {counted(tickets_counted, 'ticket')} from the last 12 months.",
        url=reverse("dashboard:customer"),
    )


def salary_entry_added(sender, entry, **kwargs):
    when = (
        f"from {entry.effective_on:%d %B %Y}"
        if entry.kind == SalaryEntry.Kind.BASE
        else f"for {entry.effective_on:%B %Y}"
    )
    services.notify(
        user=entry.employee.user,
        kind=Kind.SALARY,
        title=f"{entry.get_kind_display()}: {format_money(entry.amount)} {when}",
        body=f"Reason: {entry.reason}",
        url=reverse("employees:me"),
    )


def payroll_paid(sender, payroll, **kwargs):
    services.notify(
        user=payroll.employee.user,
        kind=Kind.SALARY,
        title=f"Your pay for {payroll.month:%B %Y} is paid: {format_money(payroll.total)}",
        body=(
            f"Base {format_money(payroll.base)}, bonuses {format_money(payroll.bonuses)}, "
            f"penalties {format_money(payroll.penalties)}."
        ),
        url=reverse("employees:me"),
    )


def staff_codes_guessed(sender, user, failures, **kwargs):
    """Someone who knows this person's password is guessing codes: the Admins (and the person)
    hear of it."""
    from users.models import Role, User

    for person in {*User.objects.filter(role=Role.ADMIN, is_active=True), user}:
        services.notify(
            user=person,
            kind=Kind.STAFF,
            title=f"{failures} wrong sign-in codes for {user.email} in the last hour",
            body=(
                "Someone who knows this account's password keeps entering wrong sign-in codes. Each wrong "
                "code now voids the code; a sign-in with the password again gets a new one. If these were "
                "not the account's owner, change its password."
            ),
            transactional=True,
        )


def _opted_in_customers():
    from users.models import Role, User

    return User.objects.filter(role=Role.CUSTOMER, is_active=True)


def movie_published(sender, movie, **kwargs):
    services.announce(
        users=_opted_in_customers(),
        kind=Kind.NEW_MOVIES,
        title=f"New: {movie.title} ({movie.get_status_display().lower()})",
        body=movie.synopsis[:300],
        url=movie.get_absolute_url(),
    )


def show_scheduled(sender, show, **kwargs):
    """New shows are news only for fans of the movie's genres who asked for new-movie notices."""
    from notifications.models import FavouriteGenre

    fans = FavouriteGenre.objects.filter(genre__in=show.movie.genres.all()).values("user")
    services.announce(
        users=_opted_in_customers().filter(pk__in=fans),
        kind=Kind.NEW_MOVIES,
        title=f"New show: {show.movie.title}, {_when(show)}",
        body=f"{show.auditorium.name} · from {format_money(show.price_standard)}",
        url=reverse("bookings:seat_map", args=[show.pk]),
    )


def connect():
    from users import signals as users

    users.staff_codes_guessed.connect(staff_codes_guessed, dispatch_uid="notify-staff-codes-guessed")
    from movies import signals as movies

    movies.movie_published.connect(movie_published, dispatch_uid="notify-movie-published")
    movies.show_scheduled.connect(show_scheduled, dispatch_uid="notify-show-scheduled")
    from bookings import signals as bookings
    from employees import signals as employees
    from promotions import signals as promotions

    bookings.booking_confirmed.connect(booking_confirmed, dispatch_uid="notify-booking-confirmed")
    bookings.booking_changed.connect(booking_changed, dispatch_uid="notify-booking-changed")
    bookings.booking_cancelled.connect(booking_cancelled, dispatch_uid="notify-booking-cancelled")
    promotions.tier_changed.connect(tier_changed, dispatch_uid="notify-tier-changed")
    employees.salary_entry_added.connect(salary_entry_added, dispatch_uid="notify-salary-entry")
    employees.payroll_paid.connect(payroll_paid, dispatch_uid="notify-payroll-paid")
