"""Reads of staff records: who may see whom, payroll lines, performance."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from employees.models import Employee, Payroll, SalaryEntry, Shift
from sales import selectors as figures
from users.models import Role
from xcounter.days import period_bounds

ZERO = Decimal("0.00")


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def payable_from(month: date) -> date:
    """A month is paid once it is over: from its last day (payday) on."""
    return month_end(month)


def employees_managed_by(user) -> QuerySet[Employee]:
    """Whose salary and shifts a user manages: Admins everyone's, Moderators their salesmen's."""
    employees = Employee.objects.select_related("user", "supervisor")
    if user.role == Role.ADMIN:
        return employees
    if user.role == Role.MODERATOR:
        return employees.filter(supervisor=user, user__role=Role.SALESMAN)
    return employees.none()


def employee_managed(user, pk) -> Employee:
    """One employee the user manages, or 404 — the same for missing and not yours."""
    employee = employees_managed_by(user).filter(pk=pk).first()
    if employee is None:
        raise Http404("No such employee")
    return employee


def own_employee(user) -> Employee:
    employee = Employee.objects.select_related("user", "supervisor").filter(user=user).first()
    if employee is None:
        raise Http404("No employee record")
    return employee


@dataclass
class PayrollLine:
    month: date
    base: Decimal
    bonuses: Decimal
    penalties: Decimal
    paid: Payroll | None = None

    @property
    def total(self) -> Decimal:
        return self.base + self.bonuses - self.penalties

    @property
    def payable(self) -> bool:
        """Unpaid and over: the *Pay* button is offered (payroll_pay refuses the rest)."""
        return self.paid is None and payable_from(self.month) <= timezone.localdate()

    @property
    def payable_from(self) -> date:
        return payable_from(self.month)


def _entered(entry: SalaryEntry) -> tuple:
    """Order of entry: by date, then as written (one not yet saved is the newest)."""
    return (entry.effective_on, entry.pk if entry.pk is not None else float("inf"))


def _line(month: date, entries: list[SalaryEntry], paid: Payroll | None) -> PayrollLine:
    """The base in force on the month's last day, plus that month's bonuses, minus its penalties."""
    if paid is not None:
        return PayrollLine(month, paid.base, paid.bonuses, paid.penalties, paid)
    last_day = month_end(month)
    bases = [e for e in entries if e.kind == SalaryEntry.Kind.BASE and e.effective_on <= last_day]
    base = max(bases, key=_entered).amount if bases else ZERO  # same day: the later entry
    in_month = [e for e in entries if e.effective_on == month]
    bonuses = sum((e.amount for e in in_month if e.kind == SalaryEntry.Kind.BONUS), ZERO)
    penalties = sum((e.amount for e in in_month if e.kind == SalaryEntry.Kind.PENALTY), ZERO)
    return PayrollLine(month, base, bonuses, penalties)


def payroll_line(employee: Employee, month: date) -> PayrollLine:
    return _line(month_start(month), list(employee.salary_entries.all()), None)


def payroll_months(employee: Employee, *, upto: date | None = None) -> list[PayrollLine]:
    """Every month from the start of employment to `upto` (this month), newest first, paid or not."""
    upto = month_start(upto or timezone.localdate())
    entries = list(employee.salary_entries.all())
    paid = {p.month: p for p in employee.payrolls.all()}
    months, month = [], month_start(employee.started_on)
    while month <= upto:
        months.append(_line(month, entries, paid.get(month)))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return list(reversed(months))


def months_left_negative(employee: Employee, entry: SalaryEntry) -> list[PayrollLine]:
    """The unpaid months whose pay a new ledger entry would take below zero (a penalty its own month,
    a lower base any later month with penalties), oldest first."""
    entries = [*employee.salary_entries.all(), entry]
    paid = set(employee.payrolls.values_list("month", flat=True))
    if entry.kind == SalaryEntry.Kind.PENALTY:
        months = {entry.effective_on}
    elif entry.kind == SalaryEntry.Kind.BASE:
        months = {
            e.effective_on
            for e in entries
            if e.kind == SalaryEntry.Kind.PENALTY and e.effective_on >= month_start(entry.effective_on)
        }
    else:
        months = set()
    lines = (_line(month, entries, None) for month in sorted(months - paid))
    return [line for line in lines if line.total < 0]


def upcoming_shifts(employee: Employee) -> QuerySet[Shift]:
    return employee.shifts.filter(day__gte=timezone.localdate()).order_by("day", "starts")


def shifts_planned(user) -> QuerySet[Shift]:
    """Today's and later shifts of the salesmen a user manages."""
    return (
        Shift.objects.filter(employee__in=employees_managed_by(user), day__gte=timezone.localdate())
        .select_related("employee__user")
        .order_by("day", "starts")
    )


def shift_managed(user, pk) -> Shift:
    """A shift of a salesman the user manages, or 404 — the same for missing and not yours."""
    shift = (
        Shift.objects.filter(employee__in=employees_managed_by(user), pk=pk).select_related("employee__user").first()
    )
    if shift is None:
        raise Http404("No such shift")
    return shift


# --- Performance ----------------------------------------------------------------------------------

SORTABLE = {
    "name": "user__full_name",
    "bookings": "bookings_made",
    "tickets": "tickets_sold",
    "revenue": "revenue",
    "cancellations": "cancellations",
    "check_ins": "check_ins",
    "shifts": "shifts_worked",
}


def _per_user(rows: QuerySet, aggregate, *, money: bool = False):
    """A correlated subquery: `aggregate` over `rows` (already filtered to one employee), 0 when none."""
    field = DecimalField(max_digits=12, decimal_places=2) if money else IntegerField()
    value = rows.annotate(value=aggregate).values("value")[:1]
    return Coalesce(Subquery(value), Value(ZERO if money else 0), output_field=field)


def performance(employees: QuerySet[Employee], *, start: date, end: date, sort: str = "-revenue") -> QuerySet:
    """Per employee over [start, end]: bookings, tickets, revenue, cancellations, check-ins, shifts.

    The sales are the sales figures (`sales.selectors`, the README's "Sales figures"): bookings
    and tickets sold, net revenue and cancelled bookings of the staff member's counter sales and
    house seats, on the days they happened. One query however many employees: every figure is a
    correlated subquery. `sort` is a column name from SORTABLE, with "-" for descending.
    """
    from bookings.models import Ticket

    since, until = period_bounds(start, end)
    sales = figures.seller_figures(start, end, OuterRef("user"))
    check_ins = (
        Ticket.objects.filter(checked_in_by=OuterRef("user"), used_at__gte=since, used_at__lt=until)
        .order_by()
        .values("checked_in_by")
    )
    worked_until = min(end, timezone.localdate())
    shifts = (
        Shift.objects.filter(employee=OuterRef("pk"), day__range=(start, worked_until)).order_by().values("employee")
    )
    annotated = employees.annotate(
        bookings_made=sales["bookings"],
        tickets_sold=sales["tickets"],
        revenue=sales["net"],
        cancellations=sales["cancelled_bookings"],
        check_ins=_per_user(check_ins, Count("pk")),
        shifts_worked=_per_user(shifts, Count("pk")),
    )
    key = sort.lstrip("-")
    column = SORTABLE.get(key, "revenue")
    descending = sort.startswith("-") if key in SORTABLE else True
    return annotated.order_by(f"-{column}" if descending else column, "user__email")


# --- Headcount ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headcount:
    role: str
    role_label: str
    counts: dict  # Employee.Status value -> number of employees

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def headcount() -> list[Headcount]:
    """Employees (their employment records) by role and status, every role and status present:
    one query."""
    rows = Employee.objects.values_list("user__role", "status").annotate(n=Count("pk")).order_by()
    found = {(role, status): n for role, status, n in rows}
    roles = [role for role in Role if role in (Role.MODERATOR, Role.SALESMAN) or any(r == role for r, _ in found)]
    return [
        Headcount(role, role.label, {status: found.get((role, status), 0) for status in Employee.Status.values})
        for role in roles
    ]


PERFORMANCE_FIGURES = ("bookings_made", "tickets_sold", "revenue", "cancellations", "check_ins", "shifts_worked")


def performance_totals(rows) -> dict:
    """The figures of `performance` rows added up: a team's or a report's total line."""
    totals = dict.fromkeys(PERFORMANCE_FIGURES, 0)
    totals["revenue"] = ZERO
    for row in rows:
        for name in PERFORMANCE_FIGURES:
            totals[name] += getattr(row, name)
    return totals


def performance_by_team(rows) -> list[tuple[object, dict]]:
    """The salesmen of `performance` rows per moderator they report to, each team added up; by
    the moderator's name (salesmen without one under None, last)."""
    teams: dict = {}
    for row in rows:
        if row.user.role == Role.SALESMAN:
            teams.setdefault(row.supervisor, []).append(row)
    ordered = sorted(teams, key=lambda user: (user is None, str(user.get_full_name() if user else "")))
    return [(moderator, performance_totals(teams[moderator])) for moderator in ordered]
