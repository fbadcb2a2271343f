"""The till pages: clear messages for bad amounts, 404 for someone else's session, the blind count,
the counter's refusal without a till, the moderators' review and day close, the Z report PDFs."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bookings.models import Booking
from bookings.tests.factories import seats_of, sold_at_counter
from boxoffice import services
from boxoffice.models import TillSession
from boxoffice.tests.factories import salesman, till
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


def text_of(response) -> str:
    """The PDF's words, one space apart (table cells come out a line each)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages).split())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "The amount cannot be negative."),
        ("lots", "Enter an amount like 150.00."),
        ("10000000", "That is more than a till holds (at most €100,000.00)."),
        ("", "Enter an amount."),
    ],
)
def test_a_bad_float_is_explained_on_the_page(client, sign_in, value, message):
    sign_in(salesman())
    response = client.post(reverse("boxoffice:till"), {"counter": "Counter 1", "opening_float": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TillSession.objects.exists()


def test_the_salesman_opens_records_a_drop_and_closes_blind(client, sign_in):
    cashier = salesman()
    sign_in(cashier)
    response = client.post(reverse("boxoffice:till"), {"counter": "Counter 1", "opening_float": "150.00"}, follow=True)
    assert "Till open at Counter 1 with a float of €150.00." in messages_of(response)[0]
    session = TillSession.objects.get(cashier=cashier)
    sold_at_counter(salesman=cashier, method="cash")
    response = client.post(
        reverse("boxoffice:move", args=[session.pk]), {"kind": "drop", "amount": "abc", "reason": "Safe"}, follow=True
    )
    assert messages_of(response) == ["Amount: Enter an amount like 150.00."]
    response = client.post(
        reverse("boxoffice:move", args=[session.pk]), {"kind": "drop", "amount": "50", "reason": "Safe"}, follow=True
    )
    assert messages_of(response) == ["Cash drop of €50.00 recorded."]
    # Blind: neither the till page nor the close page shows what the till expects.
    for url in (reverse("boxoffice:till"), reverse("boxoffice:close", args=[session.pk])):
        page = client.get(url).content.decode()
        assert "112.50" not in page and "Expected" not in page
    page = client.get(reverse("boxoffice:session", args=[session.pk])).content.decode()
    assert "112.50" not in page and "Expected" not in page
    response = client.post(
        reverse("boxoffice:close", args=[session.pk]), {"counted_cash": "110.00", "counted_card": "0"}
    )
    assert "The count does not match what the till expects." in response.content.decode()
    response = client.post(
        reverse("boxoffice:close", args=[session.pk]),
        {"counted_cash": "110.00", "counted_card": "0", "note": "Two euros short"},
        follow=True,
    )
    assert messages_of(response)[0].startswith("Till closed: Z ")
    page = response.content.decode()
    assert "€112.50" in page and "€110.00" in page and "−€2.50" in page
    response = client.post(
        reverse("boxoffice:close", args=[session.pk]), {"counted_cash": "112.50", "counted_card": "0"}, follow=True
    )
    assert "This till session was already closed" in messages_of(response)[0]
    assert TillSession.objects.get().counted_cash == D("110.00")


def test_someone_elses_session_answers_404(client, sign_in):
    session = till()
    sign_in(salesman())
    assert (
        client.post(
            reverse("boxoffice:close", args=[session.pk]), {"counted_cash": "1", "counted_card": "0"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("boxoffice:move", args=[session.pk]), {"kind": "drop", "amount": "1", "reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("boxoffice:session", args=[session.pk])).status_code == 404
    assert client.get(reverse("boxoffice:z_report", args=[session.pk])).status_code == 404
    assert client.get(reverse("boxoffice:session", args=[99999])).status_code == 404


def test_the_counter_refuses_a_sale_without_a_till_and_links_to_one(client, sign_in):
    show = make_show()
    sign_in(salesman())
    page = client.get(reverse("bookings:counter", args=[show.pk])).content.decode()
    assert "No till session open" in page and reverse("boxoffice:till") in page
    response = client.post(
        reverse("bookings:counter", args=[show.pk]), {"seat": seats_of(show, "A1"), "method": "cash"}
    )
    assert response.status_code == 200
    assert "Open a till session before taking money at the counter" in response.content.decode()
    assert not Booking.objects.exists()


def test_moderators_review_correct_and_close_the_day(client, sign_in):
    cashier = salesman()
    session = till(cashier, counter="Counter 4")
    sold_at_counter(salesman=cashier, method="card")
    moderator = UserFactory(role=Role.MODERATOR)
    sign_in(moderator)
    response = client.post(reverse("boxoffice:day"), follow=True)
    assert "cannot be closed while a till session is open: Counter 4" in messages_of(response)[0]
    services.session_close(session=session, by=cashier, counted_cash=D("95"), counted_card=D("12.50"), note="short")
    page = client.get(reverse("boxoffice:sessions") + "?status=closed").content.decode()
    assert "Counter 4" in page and "−€5.00" in page
    response = client.post(
        reverse("boxoffice:adjust", args=[session.pk]), {"method": "cash", "amount": "x", "reason": "r"}, follow=True
    )
    assert messages_of(response) == ["Amount (negative: more missing): Enter an amount like 150.00."]
    response = client.post(
        reverse("boxoffice:adjust", args=[session.pk]),
        {"method": "cash", "amount": "5", "reason": "Found"},
        follow=True,
    )
    assert messages_of(response) == ["Correction of €5.00 (Cash) recorded."]
    assert "After corrections: cash €0.00, card €0.00." in response.content.decode()
    response = client.post(reverse("boxoffice:review", args=[session.pk]), follow=True)
    assert messages_of(response)[0].endswith("marked reviewed.")
    assert "Reviewed by" in response.content.decode()
    response = client.post(reverse("boxoffice:day"), follow=True)
    assert messages_of(response) == [f"{timezone.localdate():%d %b %Y} is closed."]


def test_salesmen_do_not_reach_the_review_pages(client, sign_in):
    sign_in(salesman())
    assert client.get(reverse("boxoffice:sessions")).status_code == 403
    assert client.get(reverse("boxoffice:day")).status_code == 403


def test_the_z_reports_read_back(client, sign_in):
    cashier = salesman()
    session = till(cashier, counter="Counter 2", opening_float="80.00")
    show = make_show()
    first = sold_at_counter(show, "A1", "A2", salesman=cashier, method="cash")
    last = sold_at_counter(show, "B1", salesman=cashier, method="card")
    services.cash_move(session=session, kind="payout", amount=D("3.50"), reason="Milk", by=cashier)
    services.session_close(session=session, by=cashier, counted_cash=D("100.00"), counted_card=D("12.50"), note="n")
    session.refresh_from_db()
    sign_in(cashier)
    response = client.get(reverse("boxoffice:z_report", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response)
    for expected in (
        f"Z {session.z_day:%Y-%m-%d}/001 · Counter 2",
        "Opening float €80.00",
        "Cash sales €25.00",
        "Card sales €12.50",
        "Pay-outs −€3.50",
        "Cash €101.50 €100.00 −€1.50",
        "Card €12.50 €12.50 €0.00",
        show.movie.title,
        "Standard 3",
        f"2 bookings paid, invoices {first.invoice_number} to {last.invoice_number}",
        "Milk",
        "Cashier ____",
        "Supervisor ____",
    ):
        assert expected in text, expected
    sign_in(UserFactory(role=Role.MODERATOR))
    text = text_of(client.get(reverse("boxoffice:day_z") + f"?day={session.z_day.isoformat()}"))
    assert f"Z day {session.z_day:%Y-%m-%d}" in text and "001 Counter 2" in text and "Cash sales €25.00" in text
    assert client.get(reverse("boxoffice:day_z") + "?day=not-a-day").status_code == 200


@pytest.mark.parametrize("sessions", [1, 6])
def test_the_review_list_costs_the_same_queries_however_many_sessions(
    client, sign_in, django_assert_max_num_queries, sessions
):
    for n in range(sessions):
        cashier = salesman()
        session = till(cashier, counter=f"Counter {n}")
        services.session_close(session=session, by=cashier, counted_cash=D("99"), counted_card=D("0"), note="short")
    sign_in(UserFactory(role=Role.MODERATOR))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("boxoffice:sessions"))
    assert response.content.decode().count("data-session-row") == sessions
    assert response.content.decode().count("−€1.00") == sessions * 2  # the row and the cashier's total


def test_a_booking_with_money_due_warns_a_cashier_without_a_till(client, sign_in):
    from bookings.tests.factories import confirmed

    booking = confirmed(make_show(), "A1")
    sign_in(UserFactory(role=Role.MODERATOR))
    url = reverse("bookings:staff_detail", args=[booking.reference])
    assert "No till session open" in client.get(url).content.decode()
    response = client.post(reverse("bookings:staff_pay", args=[booking.reference]), {"method": "card"}, follow=True)
    assert "Open a till session before taking money at the counter" in messages_of(response)[0]
    booking.refresh_from_db()
    assert booking.payment_status == Booking.PaymentStatus.UNPAID
