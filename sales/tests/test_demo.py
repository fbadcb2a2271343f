"""The demo theater is made through the real booking services, so its figures are kept as it is
made: the rebuild finds nothing to fix, and every kind of figure has something in it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sales import selectors
from xcounter.days import Period

pytestmark = [pytest.mark.django_db, pytest.mark.tills_by_hand]  # seed_demo opens its own tills


def test_the_demo_lands_in_the_figures_and_the_rebuild_finds_no_difference(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--days", "3", stdout=StringIO())
    out = StringIO()
    call_command("rebuild_sales_figures", stdout=out)
    assert out.getvalue().endswith(": no difference.\n")

    today = timezone.localdate()
    period = Period(today - timedelta(days=20), today)
    sales = selectors.figures(period).sales
    assert sales.tickets > 0 and sales.gross > 0 and sales.comps > 0
    assert sales.cancelled_tickets > 0 and sales.refunded > 0
    audience = selectors.figures(Period(today - timedelta(days=3), today - timedelta(days=1))).audience
    assert audience.attended > 0 and audience.no_shows > 0 and audience.occupancy > 0
    assert len(selectors.by_seller(period)) == 5  # three salesmen, the admin (house seats), online
    assert {row.key for row in selectors.by_channel(period)} == {"online", "counter", "house"}
    assert all(t.taken > 0 for t in selectors.takings(period) if t.method != "online")
