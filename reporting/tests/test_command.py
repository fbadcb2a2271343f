"""generate_monthly_report with every option and every bad input."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time
from pypdf import PdfReader

from outbox.models import OutboundEmail
from outbox.services import outbox_deliver_due
from reporting import files
from sales.tests.story import at
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONTHLY = [
    "xcounter-sales-by-movie-2026-11",
    "xcounter-daily-bookings-2026-11",
    "xcounter-payments-and-channels-2026-11",
    "xcounter-revenue-by-ticket-type-2026-11",
]


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("generate_monthly_report", *args, stdout=out)
    return out.getvalue().splitlines()


def test_by_default_last_month_as_csv_into_reports(theater, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with freeze_time(at(2026, 12, 1, 6, 0)):
        printed = run()
    expected = [tmp_path / "reports" / f"{name}.csv" for name in MONTHLY]
    assert printed == [str(path) for path in expected]
    assert sorted(path.name for path in (tmp_path / "reports").iterdir()) == sorted(p.name for p in expected)
    rows = list(csv.reader(io.StringIO(expected[0].read_text("utf-8-sig"))))
    assert rows[-1][:5] == ["Total", "13", "2", "8", "158.67"]


def test_a_given_month_as_pdf_into_a_new_directory(theater, tmp_path):
    target = tmp_path / "deep" / "er"
    printed = run("--month=11", "--year=2026", "--format=pdf", f"--output-dir={target}")
    assert printed == [str(target / f"{name}.pdf") for name in MONTHLY]
    reader = PdfReader(target / "xcounter-sales-by-movie-2026-11.pdf")
    assert reader.metadata.title == "Sales by movie – November 2026"
    # Readable by the accountant's account too, not only by the one that ran the command.
    assert {(target / f"{name}.pdf").stat().st_mode & 0o777 for name in MONTHLY} == {0o644}


def test_text_format(theater, tmp_path):
    run("--month=11", "--year=2026", "--format=text", f"--output-dir={tmp_path}")
    text = (tmp_path / "xcounter-payments-and-channels-2026-11.txt").read_text()
    assert text.startswith(
        "XCounter Cinema\nRevenue by payment method and channel · November 2026 (2026-11-01 to 2026-11-30)"
    )
    assert "Counter cash" in text and "€121.17" in text
    lines = text.splitlines()
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split() == ["Total", "5", "€161.17", "3", "€103.67", "€57.50"]


def test_year_only_writes_the_yearly_summary(theater, tmp_path):
    assert run("--year-only", "--year=2026", f"--output-dir={tmp_path}") == [
        str(tmp_path / "xcounter-summary-2026.csv")
    ]
    rows = list(csv.reader(io.StringIO((tmp_path / "xcounter-summary-2026.csv").read_text("utf-8-sig"))))
    assert rows[1] == ["Total", "2026", "13", "158.67", "72.50"]
    with freeze_time(at(2027, 1, 1, 6, 0)):
        assert run("--year-only", "--format=pdf", f"--output-dir={tmp_path}") == [
            str(tmp_path / "xcounter-summary-2026.pdf")
        ]


def test_email_mails_the_reports_to_every_active_admin(theater, tmp_path, mailoutbox, settings):
    settings.EMAIL_DELIVERY = "worker"
    UserFactory(role=Role.ADMIN, email="boss@example.com")
    UserFactory(role=Role.ADMIN, email="gone@example.com", is_active=False)
    printed = run("--month=11", "--year=2026", "--format=pdf", f"--output-dir={tmp_path}", "--email")
    assert printed[-1] == f"Mailed to 2 Admins: boss@example.com, {theater.story.ada.email}"
    outbox_deliver_due()
    mails = [message for message in mailoutbox if message.subject == "XCounter Cinema: reports for November 2026"]
    assert sorted(message.to[0] for message in mails) == sorted(["boss@example.com", theater.story.ada.email])
    message = mails[0]
    assert message.subject == "XCounter Cinema: reports for November 2026"
    assert [name for name, _, _ in message.attachments] == [f"{name}.pdf" for name in MONTHLY]
    assert all(content.startswith(b"%PDF") for _, content, _ in message.attachments)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month=13"], "--month must be from 1 to 12, not 13."),
        (["--month=0"], "--month must be from 1 to 12, not 0."),
        (["--month=May"], "--month must be a number, not 'May'."),
        (["--month=5", "--year=abc"], "--year must be a number, not 'abc'."),
        (["--month=5", "--year=1999"], "--year must be from 2000 to 2099, not 1999."),
        (["--format=xlsx"], "--format must be csv, text or pdf, not 'xlsx'."),
        (["--year-only", "--month=5"], "--year-only takes a --year, not a --month."),
    ],
)
def test_bad_input_is_a_command_error(db, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        run(*args, f"--output-dir={tmp_path}")
    assert str(error.value) == message
    assert list(tmp_path.iterdir()) == []


def test_a_directory_that_cannot_be_written(db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(CommandError) as error:
        run("--month=5", "--year=2025", f"--output-dir={blocker / 'reports'}")
    assert str(error.value).startswith(f"Cannot write the reports into {blocker / 'reports'}: ")
    assert list(tmp_path.iterdir()) == [blocker]


def test_no_half_written_file_is_left_behind(db, tmp_path, monkeypatch):
    def fail(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(CommandError) as error:
        run("--month=5", "--year=2025", "--format=pdf", f"--output-dir={tmp_path}")
    assert str(error.value) == f"Cannot write the reports into {tmp_path}: No space left on device."
    assert list(tmp_path.iterdir()) == []


def test_bad_input_exits_non_zero_without_a_traceback(db, tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "generate_monthly_report", "--month=13", f"--output-dir={tmp_path}"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode != 0
    assert "--month must be from 1 to 12, not 13." in result.stderr and "Traceback" not in result.stderr


def test_outbox_rows_name_what_they_carry(theater, tmp_path, settings):
    settings.EMAIL_DELIVERY = "worker"
    run("--month=11", "--year=2026", f"--output-dir={tmp_path}", "--email")
    (row,) = OutboundEmail.objects.filter(to=theater.story.ada.email)
    assert row.attachments == (
        "reporting.mail.generated_attachment:2026-11-01:2026-11-30:month:csv:"
        f"sales-by-movie,daily-bookings,payments-and-channels,revenue-by-ticket-type:{theater.story.ada.pk}"
    )


def test_an_admin_demoted_before_the_mail_goes_out_gets_no_reports(theater, tmp_path, mailoutbox, settings):
    settings.EMAIL_DELIVERY = "worker"
    boss = UserFactory(role=Role.ADMIN, email="boss@example.com")
    run("--month=11", "--year=2026", "--format=pdf", f"--output-dir={tmp_path}", "--email")
    boss.role = Role.MODERATOR  # between the cron run and the mail worker
    boss.save(update_fields=["role"])

    outbox_deliver_due()

    reports = [message.to for message in mailoutbox if message.subject.endswith("reports for November 2026")]
    assert reports == [[theater.story.ada.email]]
    failed = OutboundEmail.objects.get(to=boss.email)
    assert failed.status == "failed" and "no longer an Admin" in failed.last_error
