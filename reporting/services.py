"""Scheduled reports: saved by Admins, sent by `send_scheduled_reports` (cron) through the outbox.

A send-out is a `ReportSending` row written with its mails in one transaction, under a unique
key per schedule and period: cron running twice, or on two servers, sends it once. The PDF is
built when each mail is sent (`reporting.mail.report_attachment`), and who may receive it is
checked both when it is queued and when it is sent."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.models import OutboundEmail
from outbox.services import outbox_deliver, outbox_queue_many
from reporting import catalog, periods
from reporting.models import ReportSending, ScheduledReport
from users.models import Role, User
from xcounter.days import Period, local_time, month, year


class ScheduleError(ValueError):
    """A schedule that cannot be saved; the message is for the page."""


def schedule_add(*, report: str, frequency: str, addresses: str, by) -> ScheduledReport:
    if report not in catalog.REPORTS:
        raise ScheduleError("Choose a report from the list.")
    if frequency not in ScheduledReport.Frequency.values:
        raise ScheduleError("Choose monthly or yearly.")
    lines = [line.strip() for line in addresses.splitlines() if line.strip()]
    for line in lines:
        try:
            validate_email(line)
        except ValidationError:
            raise ScheduleError(f"“{line}” is not an email address.") from None
    schedule = ScheduledReport(report=report, frequency=frequency, addresses="\n".join(lines), created_by=by)
    schedule.full_clean()
    schedule.save()
    return schedule


def schedule_remove(*, schedule: ScheduledReport) -> None:
    schedule.delete()


def may_receive(user) -> bool:
    """Reports go to active Admins only (checked when queued and again when sent)."""
    return user is not None and user.is_active and user.role == Role.ADMIN


def due_period(schedule: ScheduledReport, today: date) -> Period:
    """The period a schedule sends next: the month (or year) before `today`; a schedule made after
    that period's report day waits for the next one."""
    return (
        month(today).previous() if schedule.frequency == ScheduledReport.Frequency.MONTHLY else year(today).previous()
    )


def _is_due(schedule: ScheduledReport, period: Period) -> bool:
    return period.last + timedelta(days=1) >= local_time(schedule.created_at).date()


def _recipients(schedule: ScheduledReport) -> tuple[list[tuple[str, int | None]], list[str]]:
    """(address, user id or None for an address without an account) to send to, and who was left
    out (an account that is not an active Admin)."""
    if not schedule.address_list:
        admins = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("email")
        return [(admin.email, admin.pk) for admin in admins], []
    accounts = {user.email.lower(): user for user in User.objects.filter(email__in=schedule.address_list)}
    chosen, skipped = [], []
    for address in schedule.address_list:
        user = accounts.get(address.lower())
        if user is None:
            chosen.append((address, None))
        elif may_receive(user):
            chosen.append((address, user.pk))
        else:
            skipped.append(address)
    return chosen, skipped


def report_send(*, schedule: ScheduledReport, period: Period) -> ReportSending | None:
    """Queue the report of `period` to the schedule's recipients once; None when it was sent already."""
    report = catalog.REPORTS[schedule.report]
    try:
        with transaction.atomic():
            ScheduledReport.objects.select_for_update().get(pk=schedule.pk)
            if ReportSending.objects.filter(schedule=schedule, period_first=period.first).exists():
                return None
            sending = ReportSending.objects.create(
                schedule=schedule, period_first=period.first, period_last=period.last, result="…"
            )
            if not may_receive(schedule.created_by):
                sending.result = f"Not sent: {schedule.created_by.email}, who set it up, is no longer an Admin."
                sending.save(update_fields=["result"])
                return sending
            chosen, skipped = _recipients(schedule)
            label = periods.label(period)
            subject = f"{settings.THEATER_NAME}: {report.title}, {label}"
            body = (
                f"Hello,\n\nattached is the report “{report.title}” for {label} "
                f"({period.first.isoformat()} to {period.last.isoformat()}).\n\n"
                f"{settings.THEATER_NAME}\n"
            )
            emails = [
                OutboundEmail(
                    to=address,
                    subject=subject,
                    body_text=body,
                    attachments=f"reporting.mail.report_attachment:{sending.pk}:{user_id or ''}",
                    batch=sending.batch,
                )
                for address, user_id in chosen
            ]
            outbox_queue_many(emails)
            sending.recipients = len(emails)
            result = f"Queued to {len(emails)} recipient{'s' if len(emails) != 1 else ''}."
            if skipped:
                result += f" Left out (not an active Admin): {', '.join(skipped)}."
            sending.result = result[:500]
            sending.save(update_fields=["recipients", "result"])
            if settings.EMAIL_DELIVERY == "after_commit":
                ids = list(OutboundEmail.objects.filter(batch=sending.batch).values_list("pk", flat=True))
                transaction.on_commit(lambda: [outbox_deliver(email_id=pk) for pk in ids], robust=True)
            return sending
    except IntegrityError:  # another run wrote this send-out first
        return None


def reports_send_due(*, today: date | None = None) -> list[tuple[ScheduledReport, Period, ReportSending | None]]:
    """Send every schedule's due report that was not sent yet."""
    today = today or timezone.localdate()
    done = []
    for schedule in ScheduledReport.objects.select_related("created_by"):
        period = due_period(schedule, today)
        if _is_due(schedule, period):
            done.append((schedule, period, report_send(schedule=schedule, period=period)))
    return done
