"""Scheduled reports: once per period however often cron runs, over a real SMTP server with the PDF
attached; only active Admins receive them (checked when queued and when sent); the schedule page."""

import io

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from freezegun import freeze_time
from pypdf import PdfReader

from outbox.models import OutboundEmail
from outbox.tests.test_smtp import Inbox, free_port
from reporting.models import ReportSending, ScheduledReport
from reporting.services import schedule_add
from sales.tests.story import at
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "XCounter Cinema: Sales by movie, November 2026"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_DELIVERY = "worker"
    yield inbox
    controller.stop()


def cron(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def schedule(by, **fields) -> ScheduledReport:
    with freeze_time(at(2026, 11, 10, 9, 0)):
        return schedule_add(
            report=fields.get("report", "sales-by-movie"),
            frequency=fields.get("frequency", "monthly"),
            addresses=fields.get("addresses", ""),
            by=by,
        )


def test_a_scheduled_report_goes_out_once_with_its_pdf_when_cron_runs_twice(theater, smtp_server):
    ada = theater.story.ada
    boss = UserFactory(role=Role.ADMIN, email="boss@example.com")
    UserFactory(role=Role.ADMIN, email="left@example.com", is_active=False)
    monthly = schedule(ada)
    OutboundEmail.objects.all().delete()  # the story's own mail is not what this test is about
    with freeze_time(at(2026, 12, 1, 6, 0)):
        first = cron("send_scheduled_reports")
        second = cron("send_scheduled_reports")
        cron("deliver_outbox")
        cron("deliver_outbox")
    assert first == "sales-by-movie 2026-11-01–2026-11-30: Queued to 2 recipients.\n"
    assert second == "sales-by-movie 2026-11-01–2026-11-30: already sent\n"
    received = smtp_server.messages
    assert sorted(message["To"] for message in received) == sorted([ada.email, boss.email])
    for message in received:
        assert message["Subject"] == SUBJECT
        (attachment,) = [part for part in message.walk() if part.get_filename()]
        assert attachment.get_filename() == "xcounter-sales-by-movie-2026-11.pdf"
        assert attachment.get_content_type() == "application/pdf"
        reader = PdfReader(io.BytesIO(attachment.get_payload(decode=True)))
        assert reader.metadata.title == "Sales by movie – November 2026"
        text = " ".join(reader.pages[0].extract_text().split())
        assert "Total 13 2 8 €158.67" in text
    (sending,) = ReportSending.objects.all()
    assert (sending.schedule, sending.period_first.isoformat(), sending.recipients) == (monthly, "2026-11-01", 2)
    with freeze_time(at(2026, 12, 2, 6, 0)):  # the next day's cron: still nothing new
        assert cron("send_scheduled_reports") == "sales-by-movie 2026-11-01–2026-11-30: already sent\n"
    assert len(smtp_server.messages) == 2


def test_a_yearly_report_goes_on_the_first_of_january(theater, settings):
    settings.EMAIL_DELIVERY = "worker"
    yearly = schedule(theater.story.ada, report="summary", frequency="yearly")
    with freeze_time(at(2026, 12, 31, 6, 0)):
        assert cron("send_scheduled_reports") == "No scheduled report is due.\n"  # 2025 ended before it was made
    with freeze_time(at(2027, 1, 1, 6, 0)):
        assert cron("send_scheduled_reports") == "summary 2026-01-01–2026-12-31: Queued to 1 recipient.\n"
    (row,) = OutboundEmail.objects.filter(batch=f"report:{yearly.sendings.get().pk}")
    assert row.subject == "XCounter Cinema: Monthly / yearly summary, 2026"


def test_a_schedule_made_after_the_report_day_waits_for_the_next_period(theater, settings):
    settings.EMAIL_DELIVERY = "worker"
    with freeze_time(at(2026, 12, 5, 9, 0)):
        schedule_add(report="daily-bookings", frequency="monthly", addresses="", by=theater.story.ada)
    with freeze_time(at(2026, 12, 6, 6, 0)):
        assert cron("send_scheduled_reports") == "No scheduled report is due.\n"
    with freeze_time(at(2027, 1, 1, 6, 0)):
        assert cron("send_scheduled_reports") == "daily-bookings 2026-12-01–2026-12-31: Queued to 1 recipient.\n"


def test_only_active_admins_receive_it_checked_again_when_sent(theater, settings, mailoutbox):
    settings.EMAIL_DELIVERY = "worker"
    ada, sam = theater.story.ada, theater.story.sam
    demoted = UserFactory(role=Role.ADMIN, email="demoted@example.com")
    later = UserFactory(role=Role.ADMIN, email="later@example.com")
    schedule(ada, addresses=f"accountant@example.org\n{demoted.email}\n{later.email}\n{sam.email}")
    demoted.role = Role.MODERATOR
    demoted.save(update_fields=["role"])
    OutboundEmail.objects.all().delete()
    with freeze_time(at(2026, 12, 1, 6, 0)):
        printed = cron("send_scheduled_reports")
        assert printed == (
            "sales-by-movie 2026-11-01–2026-11-30: Queued to 2 recipients. "
            f"Left out (not an active Admin): {demoted.email}, {sam.email}.\n"
        )
        later.role = Role.MODERATOR  # demoted between the queueing and the sending
        later.save(update_fields=["role"])
        cron("deliver_outbox")
    assert [message.to for message in mailoutbox] == [["accountant@example.org"]]
    failed = OutboundEmail.objects.get(to=later.email)
    assert failed.status == "failed" and "no longer an Admin" in failed.last_error


def test_nothing_goes_out_once_whoever_set_it_up_is_no_longer_an_admin(theater, settings):
    settings.EMAIL_DELIVERY = "worker"
    other = UserFactory(role=Role.ADMIN, email="other@example.com")
    schedule(other, addresses="accountant@example.org")
    other.role = Role.MODERATOR
    other.save(update_fields=["role"])
    with freeze_time(at(2026, 12, 1, 6, 0)):
        assert cron("send_scheduled_reports") == (
            "sales-by-movie 2026-11-01–2026-11-30: Not sent: other@example.com, who set it up, is no longer an Admin.\n"
        )
    assert not OutboundEmail.objects.filter(to="accountant@example.org").exists()


def test_the_schedule_page_adds_shows_the_last_send_and_removes(theater, client, sign_in, settings):
    settings.EMAIL_DELIVERY = "worker"
    sign_in(theater.story.ada)
    url = "/dashboard/reports/schedules/"
    refused = client.post(url, {"report": "summary", "frequency": "monthly", "addresses": "not an address"})
    assert refused.status_code == 400 and "“not an address” is not an email address." in refused.content.decode()
    with freeze_time(at(2026, 11, 10, 9, 0)):
        response = client.post(url, {"report": "summary", "frequency": "monthly", "addresses": "a@example.org\n"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Monthly / yearly summary" in page and "a@example.org" in page and "Not yet" in page
    with freeze_time(at(2026, 12, 1, 6, 0)):
        cron("send_scheduled_reports")
    page = client.get(url).content.decode()
    assert "Tue 1 Dec 2026, 06:00" in page and "for 1 Nov 2026 – 30 Nov 2026" in page
    assert "Queued to 1 recipient." in page and "Sent 0, waiting 1, failed 0" in page
    scheduled = ScheduledReport.objects.get()
    assert client.post(f"/dashboard/reports/schedules/{scheduled.pk}/delete/").status_code == 302
    assert not ScheduledReport.objects.exists()
    assert client.post("/dashboard/reports/schedules/999/delete/").status_code == 404


def test_send_scheduled_reports_refuses_a_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--today must be a date"):
        cron("send_scheduled_reports", "--today=soon")
