from io import BytesIO

from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from outbox.selectors import batch_progress
from reporting import catalog, exports, links, pdf, periods
from reporting.models import ScheduledReport
from reporting.selectors import schedules_with_last_sending
from reporting.services import ScheduleError, schedule_add, schedule_remove
from users.models import Role
from users.permissions import MANAGERS, role_required
from xcounter.days import PeriodError


def _page(request, *, errors=(), status=200):
    data = request.GET
    today = timezone.localdate()
    return render(
        request,
        "reports/index.html",
        {
            "reports": catalog.reports_for(request.user),
            "presets": periods.PRESETS,
            "kinds": periods.KINDS,
            "formats": links.FORMATS,
            "chosen": {
                "report": data.get("report", ""),
                "period": data.get("period", "last_month"),
                "format": data.get("format", "pdf"),
                "day": data.get("day", ""),
                "month": data.get("month", f"{today:%Y-%m}"),
                "year": data.get("year", str(today.year)),
                "quarter": data.get("quarter", str((today.month - 1) // 3 + 1)),
                "start": data.get("start", ""),
                "end": data.get("end", ""),
            },
            "errors": errors,
        },
        status=status,
    )


@role_required(*MANAGERS)
def index(request):
    return _page(request)


@role_required(*MANAGERS)
def download(request):
    """The report asked for, streamed as a PDF or CSV file; bad input answers the page with why."""
    errors = []
    report = catalog.REPORTS.get(request.GET.get("report", ""))
    if report is None or not report.allowed(request.user):
        errors.append("Choose a report from the list.")
    file_format = request.GET.get("format", "pdf")
    if file_format not in links.FORMATS:
        errors.append("Choose PDF or CSV.")
    try:
        period = periods.from_query(request.GET)
    except PeriodError as error:
        errors.append(str(error))
    if errors:
        return _page(request, errors=errors, status=400)
    document = report.build(period, request.user)
    name = links.filename(document, file_format)
    if file_format == "csv":
        response = StreamingHttpResponse(exports.encoded(document), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        BytesIO(pdf.render(document)), as_attachment=True, filename=name, content_type="application/pdf"
    )


@role_required(Role.ADMIN)
def schedules(request):
    if request.method == "POST":
        try:
            schedule_add(
                report=request.POST.get("report", ""),
                frequency=request.POST.get("frequency", ""),
                addresses=request.POST.get("addresses", ""),
                by=request.user,
            )
        except ScheduleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The report is scheduled.")
            return redirect("reports:schedules")
    rows = schedules_with_last_sending()
    progress = batch_progress([row.last.batch for row in rows if row.last is not None])
    return render(
        request,
        "reports/schedules.html",
        {
            "rows": rows,
            "progress": progress,
            "reports": catalog.REPORTS,
            "frequencies": ScheduledReport.Frequency.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(Role.ADMIN)
def schedule_delete(request, pk: int):
    schedule = ScheduledReport.objects.filter(pk=pk).first()
    if schedule is None:
        raise Http404("No such scheduled report")
    schedule_remove(schedule=schedule)
    messages.success(request, "The scheduled report was removed.")
    return redirect("reports:schedules")
