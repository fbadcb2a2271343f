"""Staff records, the salary ledger, payroll and shifts. Every change says who, when and why."""

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from employees import signals
from employees.models import Employee, EmploymentEvent, Payroll, SalaryEntry, Shift
from employees.selectors import month_start, months_left_negative, payable_from, payroll_line
from outbox.services import outbox_queue
from users.adapters import password_set_url
from users.models import Role
from users.services import user_create
from xcounter.money import format_money
from xcounter.site import absolute_url

STAFF_ROLES = (Role.SALESMAN, Role.MODERATOR)


class EmployeeError(Exception):
    """A staff action was refused; the message says why."""


def _lock(employee: Employee, *, allow_terminated: bool = False) -> Employee:
    employee = Employee.objects.select_for_update().select_related("user").get(pk=employee.pk)
    if employee.status == Employee.Status.TERMINATED and not allow_terminated:
        raise EmployeeError(f"{employee} no longer works here: a terminated employee's record is closed.")
    return employee


def _need_reason(reason: str) -> str:
    if not reason.strip():
        raise EmployeeError("Give a reason; it is kept in the employee's history.")
    return reason.strip()


def _event(employee: Employee, kind: str, reason: str, by, on: date | None = None) -> None:
    EmploymentEvent.objects.create(employee=employee, kind=kind, reason=reason, on=on or timezone.localdate(), by=by)


@transaction.atomic
def employee_invite(
    *, email: str, full_name: str, phone: str, role: str, started_on: date, base_salary: Decimal, supervisor, by
) -> Employee:
    """Create a staff account (the employee sets a password and verifies the email) and its record."""
    if role not in STAFF_ROLES:
        raise EmployeeError("Employees are salesmen or moderators.")
    if base_salary is None or base_salary <= 0:
        raise EmployeeError("The base salary must be above zero.")
    if role == Role.SALESMAN and supervisor is not None and supervisor.role != Role.MODERATOR:
        raise EmployeeError("A salesman's supervisor must be a moderator.")
    user = user_create(email=email, role=role, full_name=full_name, phone=phone, email_verified=False)
    employee = Employee.objects.create(
        user=user, started_on=started_on, supervisor=supervisor if role == Role.SALESMAN else None
    )
    _event(employee, "hired", f"Hired as {user.get_role_display()}", by, on=started_on)
    SalaryEntry.objects.create(
        employee=employee,
        kind=SalaryEntry.Kind.BASE,
        amount=base_salary,
        effective_on=started_on,
        reason="Starting salary",
        by=by,
    )
    _invitation_queue(user)
    return employee


def _invitation_queue(user) -> None:
    """The invitation mail, written with the record and sent once it commits: who invites them to
    what, and a link to choose a password (signing in then confirms the address)."""
    theater, role = settings.THEATER_NAME, user.get_role_display()
    context = {
        "user": user,
        "theater": theater,
        "role": role,
        "link": password_set_url(user),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        "sign_in": absolute_url(reverse("account_login")),
    }
    outbox_queue(
        to=user.email,
        subject=f"[{theater}] You have been invited to join {theater} as a {role}",
        body_text=render_to_string("employees/email/invitation.txt", context),
        body_html=render_to_string("employees/email/invitation.html", context),
        confidential=True,  # the link sets the account's password
    )


TRANSITIONS = {
    ("active", "suspended"): "suspended",
    ("suspended", "active"): "reinstated",
    ("active", "terminated"): "terminated",
    ("suspended", "terminated"): "terminated",
}


@transaction.atomic
def employee_set_status(*, employee: Employee, status: str, reason: str, by) -> Employee:
    """Suspend, reinstate or terminate. Only an active employee can sign in."""
    reason = _need_reason(reason)
    employee = _lock(employee)
    kind = TRANSITIONS.get((employee.status, status))
    if kind is None:
        raise EmployeeError(f"{employee} is {employee.get_status_display().lower()}: that change is not possible.")
    if (
        status == Employee.Status.TERMINATED
        and employee.user.supervised.exclude(status=Employee.Status.TERMINATED).exists()
    ):
        raise EmployeeError(f"{employee} still supervises salesmen: give them another moderator first.")
    employee.status = status
    employee.save(update_fields=["status"])
    employee.user.is_active = status == Employee.Status.ACTIVE
    employee.user.save(update_fields=["is_active"])
    _event(employee, kind, reason, by)
    return employee


@transaction.atomic
def employee_change_role(*, employee: Employee, role: str, supervisor=None, reason: str, by) -> Employee:
    """Promote a salesman to moderator, or back (with the moderator they will report to)."""
    reason = _need_reason(reason)
    employee = _lock(employee)
    user = employee.user
    if role not in STAFF_ROLES or role == user.role:
        raise EmployeeError("Choose the other staff role.")
    if role == Role.SALESMAN and user.supervised.exclude(status=Employee.Status.TERMINATED).exists():
        raise EmployeeError(f"{employee} still supervises salesmen: give them another moderator first.")
    if role == Role.SALESMAN and (supervisor is None or supervisor.role != Role.MODERATOR or supervisor == user):
        raise EmployeeError("Choose the moderator this salesman will report to.")
    kind = "promoted" if role == Role.MODERATOR else "demoted"
    user.role = role
    user.save(update_fields=["role"])
    employee.supervisor = supervisor if role == Role.SALESMAN else None
    employee.save(update_fields=["supervisor"])
    _event(employee, kind, f"{reason} (now {user.get_role_display()})", by)
    return employee


@transaction.atomic
def employee_update(*, employee: Employee, full_name: str, phone: str, started_on: date, by) -> Employee:
    """Correct an employee's name, phone or start date; a terminated record is closed."""
    employee = _lock(employee)
    starting = employee.salary_entries.filter(kind=SalaryEntry.Kind.BASE).order_by("effective_on", "pk").first()
    later = employee.salary_entries.exclude(pk=starting.pk if starting else None).order_by("effective_on").first()
    earliest_paid = employee.payrolls.order_by("month").first()
    if later and started_on > later.effective_on:
        raise EmployeeError(f"A salary entry dated {later.effective_on:%d %b %Y} exists: the start cannot be later.")
    if earliest_paid and month_start(started_on) > earliest_paid.month:
        raise EmployeeError(f"{earliest_paid.month:%B %Y} is already paid: the start cannot be later.")
    user = employee.user
    user.full_name, user.phone = full_name.strip(), phone.strip()
    user.save(update_fields=["full_name", "phone"])
    if started_on != employee.started_on:
        _event(employee, "start date", f"Start date {employee.started_on:%d %b %Y} → {started_on:%d %b %Y}", by)
        employee.started_on = started_on
        employee.save(update_fields=["started_on"])
        if starting is not None:  # the starting salary starts with the employment
            SalaryEntry.objects.filter(pk=starting.pk).update(effective_on=started_on)
    return employee


@transaction.atomic
def employee_set_supervisor(*, employee: Employee, supervisor, by) -> Employee:
    employee = _lock(employee)
    if employee.user.role != Role.SALESMAN:
        raise EmployeeError("Only salesmen have a supervisor.")
    if supervisor is None or supervisor.role != Role.MODERATOR:
        raise EmployeeError("A salesman's supervisor must be a moderator.")
    employee.supervisor = supervisor
    employee.save(update_fields=["supervisor"])
    _event(employee, "supervisor", f"Now reports to {supervisor}", by)
    return employee


def salary_entry_add(*, employee: Employee, kind: str, amount: Decimal, effective_on: date, reason: str, by):
    """Add a raise (new base from a date), a bonus or a penalty (for a month). Never an edit."""
    reason = _need_reason(reason)
    if amount is None or amount <= 0:
        raise EmployeeError("The amount must be above zero.")
    if kind not in SalaryEntry.Kind.values:
        raise EmployeeError("Choose a raise, a bonus or a penalty.")
    with transaction.atomic():
        employee = _lock(employee)
        if kind != SalaryEntry.Kind.BASE:
            effective_on = month_start(effective_on)
        earliest = employee.started_on if kind == SalaryEntry.Kind.BASE else month_start(employee.started_on)
        if effective_on < earliest:
            raise EmployeeError(f"{employee} started on {employee.started_on:%d %b %Y}: nothing can be dated before.")
        if kind != SalaryEntry.Kind.BASE and Payroll.objects.filter(employee=employee, month=effective_on).exists():
            raise EmployeeError(f"{effective_on:%B %Y} is already paid: date the {kind} in a month still to be paid.")
        entry = SalaryEntry(
            employee=employee, kind=kind, amount=amount, effective_on=effective_on, reason=reason, by=by
        )
        _refuse_negative_pay(employee, entry)  # checked under the employee's lock: no two entries race past it
        entry.save()
        signals.salary_entry_added.send(sender=SalaryEntry, entry=entry)
    return entry


def _refuse_negative_pay(employee: Employee, entry: SalaryEntry) -> None:
    """A month's pay never goes below zero: refuse (rather than cap) with the figure it would reach,
    so the moderator decides what to deduct."""
    below = months_left_negative(employee, entry)
    if not below:
        return
    line = below[0]
    if entry.kind == SalaryEntry.Kind.PENALTY:
        most = entry.amount + line.total
        room = f"at most {format_money(most)} can be deducted" if most > 0 else "nothing more can be deducted"
        raise EmployeeError(
            f"A penalty of {format_money(entry.amount)} would leave {line.month:%B %Y}'s pay at "
            f"{format_money(line.total)}: {room} that month."
        )
    raise EmployeeError(
        f"A base of {format_money(entry.amount)} from {entry.effective_on.day} {entry.effective_on:%B %Y} would leave "
        f"{line.month:%B %Y}'s pay at {format_money(line.total)} after its penalties "
        f"({format_money(line.penalties)}): a month's penalties may not exceed its pay."
    )


def payroll_pay(*, employee: Employee, month: date, by) -> Payroll:
    """Pay a month: base in force + that month's bonuses − penalties, snapshotted. Never twice."""
    month = month_start(month)
    try:
        with transaction.atomic():
            employee = _lock(employee, allow_terminated=True)  # a leaver's last months are still paid
            if month < month_start(employee.started_on):
                raise EmployeeError(
                    f"{employee} started on {employee.started_on:%d %b %Y}: {month:%B %Y} is before that."
                )
            payday = payable_from(month)
            if payday > timezone.localdate():
                raise EmployeeError(f"{month:%B %Y} is not over yet: it can be paid from {payday.day} {payday:%B %Y}.")
            if Payroll.objects.filter(employee=employee, month=month).exists():
                raise EmployeeError(f"{month:%B %Y} is already paid for {employee}.")
            line = payroll_line(employee, month)
            if line.total < 0:
                raise EmployeeError(f"Penalties exceed the pay for {month:%B %Y}: correct the ledger before paying.")
            payroll = Payroll.objects.create(
                employee=employee,
                month=month,
                base=line.base,
                bonuses=line.bonuses,
                penalties=line.penalties,
                total=line.total,
                paid_on=timezone.localdate(),
                paid_by=by,
            )
            signals.payroll_paid.send(sender=Payroll, payroll=payroll)
    except IntegrityError as error:  # two payers at once: the unique constraint decides
        raise EmployeeError(f"{month:%B %Y} is already paid for {employee}.") from error
    return payroll


def _shift_check(employee: Employee, day: date, starts: time, ends: time, *, moving: Shift | None = None) -> None:
    """Who may work when: an active salesman, a shift not yet over, never overlapping another of theirs.
    Call with the employee locked."""
    if ends <= starts:
        raise EmployeeError("A shift must end after it starts.")
    if employee.user.role != Role.SALESMAN:
        raise EmployeeError("Shifts are for salesmen.")
    if employee.status != Employee.Status.ACTIVE:
        raise EmployeeError(f"{employee} is {employee.get_status_display().lower()}: no shifts now.")
    if datetime.combine(day, ends) <= datetime.combine(timezone.localdate(), timezone.localtime().time()):
        raise EmployeeError("That shift is already over.")
    others = Shift.objects.filter(employee=employee, day=day, starts__lt=ends, ends__gt=starts)
    clash = others.exclude(pk=moving.pk).first() if moving else others.first()
    if clash:
        raise EmployeeError(
            f"{employee} already works {clash.starts:%H:%M}–{clash.ends:%H:%M} at {clash.counter} that day."
        )


def shift_assign(*, employee: Employee, day: date, starts: time, ends: time, counter: str, by) -> Shift:
    """Put a salesman on a counter; one salesman's shifts never overlap."""
    with transaction.atomic():
        employee = _lock(employee)
        _shift_check(employee, day, starts, ends)
        return Shift.objects.create(
            employee=employee, day=day, starts=starts, ends=ends, counter=counter.strip(), by=by
        )


def shift_change_refusal(shift: Shift) -> str | None:
    """Why a shift can no longer be edited or removed, or None: one that has started stays in the record."""
    if shift.has_started:
        return f"{shift} has started: it stays in the record."
    return None


def _lock_shift(shift: Shift) -> Shift:
    shift = Shift.objects.select_for_update(of=("self",)).select_related("employee__user").filter(pk=shift.pk).first()
    if shift is None:
        raise EmployeeError("That shift no longer exists.")
    refusal = shift_change_refusal(shift)
    if refusal:
        raise EmployeeError(refusal)
    return shift


def shift_update(*, shift: Shift, employee: Employee, day: date, starts: time, ends: time, counter: str, by) -> Shift:
    """Move a planned shift (another time, counter or salesman), under the same rules as assigning it."""
    with transaction.atomic():
        shift = _lock_shift(shift)
        employee = _lock(employee)
        _shift_check(employee, day, starts, ends, moving=shift)
        shift.employee, shift.day, shift.starts, shift.ends = employee, day, starts, ends
        shift.counter, shift.by = counter.strip(), by
        shift.save(update_fields=["employee", "day", "starts", "ends", "counter", "by"])
    return shift


@transaction.atomic
def shift_remove(*, shift: Shift) -> None:
    """Take back a shift planned by mistake; one that has started is part of the record."""
    _lock_shift(shift).delete()
