import pytest

from movies import services
from movies.layout import LayoutError, generate_layout, layout_text, parse_layout, row_label
from movies.models import Seat
from movies.tests.factories import auditorium

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("index", "label"), [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB")])
def test_row_labels(index, label):
    assert row_label(index) == label


def test_aisles_do_not_use_up_seat_numbers():
    seats = parse_layout("SS.SS\nVV.AA")
    assert [(s.row, s.number, s.grid_column, s.category) for s in seats if s.row == "B"] == [
        ("B", 1, 0, "vip"),
        ("B", 2, 1, "vip"),
        ("B", 3, 3, "accessible"),
        ("B", 4, 4, "accessible"),
    ]


def test_a_walkway_line_takes_no_row_letter():
    seats = parse_layout("SSS\n...\nSSS")
    assert sorted({(s.row, s.grid_row) for s in seats}) == [("A", 0), ("B", 2)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SSX", "Line 1 has 'x'"),
        ("...\n..", "no seats"),
        ("", "no seats"),
        ("S" * 61, "at most 60"),
        ("S\n" * 41, "at most 40 lines"),
    ],
)
def test_bad_layouts_are_explained(text, message):
    with pytest.raises(LayoutError, match=message):
        parse_layout(text)


def test_generator_places_aisles_vip_rows_and_wheelchair_places():
    text = generate_layout(rows=3, seats_per_row=6, aisles_after=[3], vip_rows=["C"], accessible=[("A", 1), ("A", 6)])
    assert text.splitlines() == ["ASS.SSA", "SSS.SSS", "VVV.VVV"]


def test_layout_text_round_trips_saved_seats():
    hall = auditorium(layout="AS.SA\n\nVVVVV")
    assert layout_text(Seat.objects.filter(auditorium=hall)) == "AS.SA\n\nVVVVV"


def test_layout_edit_changes_categories_and_renumbers_unsold_seats():
    hall = auditorium(layout="SSSS")
    change = services.auditorium_layout_save(auditorium=hall, layout="SV.SA")
    assert change == {"added": 1, "removed": 1, "renumbered": 1, "recategorised": 1}
    seats = [(s.row, s.number, s.grid_column, s.category) for s in hall.seats.all()]
    assert seats == [("A", 1, 0, "standard"), ("A", 2, 1, "vip"), ("A", 3, 3, "standard"), ("A", 4, 4, "accessible")]


def test_layout_page_refuses_bad_marks_without_changing_seats(client, sign_in):
    from users.models import Role
    from users.tests.factories import UserFactory

    hall = auditorium(layout="SSSS")
    sign_in(UserFactory(role=Role.ADMIN))
    response = client.post(f"/manage/auditoriums/{hall.pk}/", {"layout": "SSQS"})
    assert response.status_code == 200
    assert "Line 1 has" in response.content.decode()
    assert hall.seats.count() == 4


def test_a_layout_change_never_removes_or_renumbers_a_sold_seat():
    from bookings.tests.factories import confirmed
    from movies.tests.factories import show

    hall = auditorium(layout="SSSS")
    sold = confirmed(show(auditorium_=hall), "A2")  # seat A2 has a ticket
    with pytest.raises(LayoutError, match="Seats A2 have tickets"):
        services.auditorium_layout_save(auditorium=hall, layout="S.SS")  # A2 would become a gap
    with pytest.raises(LayoutError, match="have tickets"):
        services.auditorium_layout_save(auditorium=hall, layout=".SSS")  # seats shift right: sold A2 would become A1
    assert [str(s) for s in hall.seats.all()] == ["A1", "A2", "A3", "A4"]
    # Changing the category of a sold seat is fine, and so is adding seats after it.
    services.auditorium_layout_save(auditorium=hall, layout="SVSSS")
    assert hall.seats.get(pk=sold.tickets.get().seat_id).category == "vip"
    assert hall.seats.count() == 5
