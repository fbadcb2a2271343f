"""What a scheduled report's mail carries, built when the outbox sends it: the report's PDF for
the period, if the recipient may still have it."""

from outbox.services import Undeliverable


def report_attachment(argument: str) -> list[tuple[str, bytes, str]]:
    """`argument`: "<sending id>:<recipient's user id or nothing>"."""
    from reporting import catalog, pdf, periods
    from reporting.models import ReportSending
    from reporting.services import may_receive
    from users.models import User
    from xcounter.days import Period

    sending_id, _, user_id = argument.partition(":")
    sending = ReportSending.objects.select_related("schedule__created_by").filter(pk=int(sending_id)).first()
    if sending is None:
        raise Undeliverable("The scheduled report was removed.")
    if not may_receive(sending.schedule.created_by):
        raise Undeliverable("Whoever set up the scheduled report is no longer an Admin.")
    if user_id and not may_receive(User.objects.filter(pk=int(user_id)).first()):
        raise Undeliverable("The recipient is no longer an Admin.")
    schedule = sending.schedule
    kind = "month" if schedule.frequency == "monthly" else "year"
    period = Period(sending.period_first, sending.period_last, kind)
    document = catalog.build(schedule.report, period)
    return [(f"xcounter-{schedule.report}-{periods.slug(period)}.pdf", pdf.render(document), "application/pdf")]


def generated_attachment(argument: str) -> list[tuple[str, bytes, str]]:
    """The reports `generate_monthly_report --email` wrote, built again when the mail is sent:
    `argument` is "<first day>:<last day>:<period kind>:<format>:<report,report,…>:<recipient's
    user id>" (the id missing in mails queued before it was written: nobody to check)."""
    from datetime import date

    from reporting import catalog, files
    from reporting.services import may_receive
    from users.models import User
    from xcounter.days import Period

    first, last, kind, file_format, slugs, *recipient = argument.split(":")
    if recipient and not may_receive(User.objects.filter(pk=int(recipient[0])).first()):
        raise Undeliverable("The recipient is no longer an Admin.")
    period = Period(date.fromisoformat(first), date.fromisoformat(last), kind)
    kinds = {"pdf": "application/pdf", "csv": "text/csv", "text": "text/plain"}
    attachments = []
    for slug in slugs.split(","):
        document = catalog.build(slug, period)
        attachments.append(
            (files.file_name(document, file_format), files.content(document, file_format), kinds[file_format])
        )
    return attachments
