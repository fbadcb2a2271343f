"""Staff pages: Admins manage everyone, Moderators their salesmen, each employee sees their own."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from employees import selectors, services
from employees.forms import (
    EmployeeEditForm,
    InviteForm,
    PayForm,
    PeriodForm,
    RoleForm,
    SalaryEntryForm,
    ShiftForm,
    StatusForm,
    SupervisorForm,
)
from employees.services import EmployeeError
from users.models import Role
from users.permissions import MANAGERS, role_required

admins = role_required(Role.ADMIN)
managers = role_required(*MANAGERS)
employees_only = role_required(Role.SALESMAN, Role.MODERATOR)


@managers
def employee_list(request):
    employees = selectors.employees_managed_by(request.user)
    return render(request, "employees/employee_list.html", {"employees": employees})


@admins
def employee_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_invite(by=request.user, **form.cleaned_data)
        except EmployeeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{employee} is invited: they got an email to set their password.")
            return redirect("employees:detail", pk=employee.pk)
    return render(request, "employees/invite.html", {"form": form})


def _detail_context(employee):
    return {
        "employee": employee,
        "events": employee.events.select_related("by"),
        "entries": employee.salary_entries.select_related("by"),
        "months": selectors.payroll_months(employee),
        "shifts": selectors.upcoming_shifts(employee),
    }


@managers
def employee_detail(request, pk):
    employee = selectors.employee_managed(request.user, pk)
    context = _detail_context(employee)
    context.update(
        entry_form=SalaryEntryForm(),
        status_form=StatusForm(),
        role_form=RoleForm(),
        supervisor_form=SupervisorForm(initial={"supervisor": employee.supervisor}),
        edit_form=EmployeeEditForm(
            initial={
                "full_name": employee.user.full_name,
                "phone": employee.user.phone,
                "started_on": employee.started_on,
            }
        ),
    )
    return render(request, "employees/employee_detail.html", context)


@employees_only
def my_record(request):
    employee = selectors.own_employee(request.user)
    return render(request, "employees/my_record.html", _detail_context(employee))


def _act(request, pk, form_class, action, success: str):
    """Validate a posted form, run a staff action on an employee the user manages (404 otherwise),
    and report the outcome on the employee's page."""
    employee = selectors.employee_managed(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            action(employee, form.cleaned_data)
        except EmployeeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success(form.cleaned_data) if callable(success) else success)
    return redirect("employees:detail", pk=employee.pk)


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


@managers
@require_POST
def salary_entry_add(request, pk):
    return _act(
        request,
        pk,
        SalaryEntryForm,
        lambda e, data: services.salary_entry_add(employee=e, by=request.user, **data),
        "Salary entry added; the employee is told.",
    )


@managers
@require_POST
def payroll_pay(request, pk):
    return _act(
        request,
        pk,
        PayForm,
        lambda e, data: services.payroll_pay(employee=e, month=data["month"], by=request.user),
        lambda data: f"{data['month']:%B %Y} is paid.",
    )


@admins
@require_POST
def status_change(request, pk):
    return _act(
        request,
        pk,
        StatusForm,
        lambda e, data: services.employee_set_status(employee=e, by=request.user, **data),
        "Status changed.",
    )


@admins
@require_POST
def role_change(request, pk):
    return _act(
        request,
        pk,
        RoleForm,
        lambda e, data: services.employee_change_role(employee=e, by=request.user, **data),
        "Role changed.",
    )


@admins
@require_POST
def employee_edit(request, pk):
    return _act(
        request,
        pk,
        EmployeeEditForm,
        lambda e, data: services.employee_update(employee=e, by=request.user, **data),
        "Details saved.",
    )


@admins
@require_POST
def supervisor_change(request, pk):
    return _act(
        request,
        pk,
        SupervisorForm,
        lambda e, data: services.employee_set_supervisor(employee=e, supervisor=data["supervisor"], by=request.user),
        "Supervisor changed.",
    )


def _shift_done(data) -> str:
    return f"{data['employee']} works {data['day']:%a %d %b} {data['starts']:%H:%M}–{data['ends']:%H:%M}."


@managers
def shifts(request):
    form = ShiftForm(request.POST or None, employees=selectors.employees_managed_by(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_assign(by=request.user, **form.cleaned_data)
        except EmployeeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _shift_done(form.cleaned_data))
            return redirect("employees:shifts")
    return render(request, "employees/shifts.html", {"form": form, "shifts": selectors.shifts_planned(request.user)})


@managers
def shift_edit(request, pk):
    """Move a planned shift of a salesman the user manages (404 otherwise); a started one is kept."""
    shift = selectors.shift_managed(request.user, pk)
    refusal = services.shift_change_refusal(shift)
    if refusal:
        messages.error(request, refusal)
        return redirect("employees:shifts")
    initial = {name: getattr(shift, name) for name in ("employee", "day", "starts", "ends", "counter")}
    form = ShiftForm(request.POST or None, initial=initial, employees=selectors.employees_managed_by(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_update(shift=shift, by=request.user, **form.cleaned_data)
        except EmployeeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _shift_done(form.cleaned_data))
            return redirect("employees:shifts")
    return render(request, "employees/shift_edit.html", {"form": form, "shift": shift})


@managers
@require_POST
def shift_delete(request, pk):
    shift = selectors.shift_managed(request.user, pk)
    try:
        services.shift_remove(shift=shift)
    except EmployeeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Shift removed: {shift.employee} no longer works {shift.day:%a %d %b} {shift.starts:%H:%M}."
        )
    return redirect("employees:shifts")


@managers
def performance(request):
    form = PeriodForm(request.GET)
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if end < start:
        messages.warning(request, "The period ended before it began; showing the last 30 days.")
        start, end = today - timedelta(days=30), today
    sort = request.GET.get("sort", "-revenue")
    rows = selectors.performance(selectors.employees_managed_by(request.user), start=start, end=end, sort=sort)
    columns = [
        ("name", "Employee"),
        ("bookings", "Bookings"),
        ("tickets", "Tickets"),
        ("revenue", "Revenue"),
        ("cancellations", "Cancellations"),
        ("check_ins", "Check-ins"),
        ("shifts", "Shifts"),
    ]
    return render(
        request,
        "employees/performance.html",
        {"rows": rows, "start": start, "end": end, "sort": sort, "columns": columns},
    )
