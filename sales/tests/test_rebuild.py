"""`manage.py rebuild_sales_figures` recomputes the figures from the ticket lines: the figures kept
as bookings happen need no fix, and a wrong, missing or stray row is fixed and reported."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from sales import selectors
from sales.models import DailySales, DailyTakings, SellerSales, ShowSales
from sales.tests.story import at, tell
from xcounter.days import Period

pytestmark = pytest.mark.django_db

THIS_WEEK = Period(date(2026, 11, 12), date(2026, 11, 18), "week")


def rebuild(*args) -> str:
    out = StringIO()
    call_command("rebuild_sales_figures", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def story():
    story = tell()
    with freeze_time(at(2026, 11, 17, 12, 0)):
        yield story


def test_the_figures_kept_as_bookings_happen_need_no_fix(story):
    assert rebuild() == ("Sales figures of 2026-11-06 to 2026-11-16 rebuilt from the ticket lines: no difference.\n")


def test_a_tampered_row_is_fixed_and_reported(story):
    # Night Train at the counter on Friday: Sam's exchange (2 tickets, 20.00) and Sue's sale (4, 40.00).
    row = DailySales.objects.get(day=date(2026, 11, 13), movie=story.night_train, channel="counter")
    DailySales.objects.filter(pk=row.pk).update(tickets=9, gross=D("999.99"))
    assert selectors.figures(THIS_WEEK).sales.gross == D("1036.90")  # wrong now
    out = rebuild("--from", "2026-11-12", "--to", "2026-11-18")
    assert out.splitlines() == [
        f"Fixed daily sales day=2026-11-13 movie={story.night_train.pk} channel=counter category=standard "
        "complimentary=False: tickets 9 → 6, gross 999.99 → 60.00",
        "Sales figures of 2026-11-12 to 2026-11-18 rebuilt from the ticket lines: 1 row fixed.",
    ]
    assert selectors.figures(THIS_WEEK).sales.gross == D("96.91")
    assert rebuild().endswith(": no difference.\n")


def test_missing_and_stray_rows_are_fixed_in_every_table(story):
    ShowSales.objects.filter(show=story.p, complimentary=True).delete()
    DailyTakings.objects.filter(day=date(2026, 11, 16)).delete()
    SellerSales.objects.filter(day=date(2026, 11, 13), seller=story.sue.pk).delete()
    DailySales.objects.create(
        day=date(2026, 11, 15), movie=story.lanterns, channel="online", category="vip", tickets=2, gross=D("30.00")
    )
    out = rebuild()
    assert (
        f"Fixed show sales show={story.p.pk} channel=house category=vip complimentary=True: "
        "tickets 0 → 2, attended 0 → 1"
    ) in out
    assert (
        f"Fixed daily takings day=2026-11-16 method=cash channel=online taken_by={story.sam.pk}: "
        "refunds 0 → 1, handed_back 0 → 46.17"
    ) in out
    assert (
        f"Fixed seller sales day=2026-11-13 seller={story.sue.pk} channel=counter complimentary=False: "
        "bookings 0 → 1, tickets 0 → 4, gross 0 → 40.00, face 0 → 40.00"
    ) in out
    assert (
        f"Fixed daily sales day=2026-11-15 movie={story.lanterns.pk} channel=online category=vip "
        "complimentary=False: tickets 2 → 0, gross 30.00 → 0"
    ) in out
    assert out.endswith("4 rows fixed.\n")
    assert not DailySales.objects.filter(day=date(2026, 11, 15)).exists()
    assert selectors.figures(THIS_WEEK).audience.comps == 2
    assert rebuild().endswith(": no difference.\n")


def test_bad_dates_are_refused():
    with pytest.raises(CommandError, match="not a date"):
        rebuild("--from", "2026-13-01")
    with pytest.raises(CommandError, match="--from is after --to"):
        rebuild("--from", "2026-11-12", "--to", "2026-11-01")


def test_nothing_to_rebuild_on_an_empty_theater():
    assert rebuild() == "No sales yet: nothing to rebuild.\n"
