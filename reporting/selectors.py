from dataclasses import dataclass

from reporting.models import ReportSending, ScheduledReport


@dataclass
class ScheduleRow:
    schedule: ScheduledReport
    last: ReportSending | None


def schedules_with_last_sending() -> list[ScheduleRow]:
    """Every scheduled report with its latest send-out (two queries)."""
    schedules = list(ScheduledReport.objects.select_related("created_by"))
    last: dict[int, ReportSending] = {}
    for sending in ReportSending.objects.filter(schedule__in=schedules).order_by("schedule_id", "-period_first", "-pk"):
        last.setdefault(sending.schedule_id, sending)
    return [ScheduleRow(schedule, last.get(schedule.pk)) for schedule in schedules]
