"""Seat layouts as text: one line per row, `S` standard, `V` VIP, `A` accessible, `.` a gap.

Row A is the row nearest the screen (the first line). A line with no seats is a walkway and
takes no row letter. Seats are numbered from 1, left to right, skipping gaps, so an aisle never
uses up a seat number.
"""

from dataclasses import dataclass

from movies.models import SeatCategory

MARKS = {"s": SeatCategory.STANDARD, "v": SeatCategory.VIP, "a": SeatCategory.ACCESSIBLE}
MARK_FOR = {category: mark.upper() for mark, category in MARKS.items()}
GAP = "."
MAX_ROWS = 40
MAX_COLUMNS = 60


class LayoutError(ValueError):
    """The layout cannot be used; the message says why, for the person editing it."""


@dataclass(frozen=True)
class PlannedSeat:
    row: str
    number: int
    grid_row: int
    grid_column: int
    category: str


def row_label(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def parse_layout(text: str) -> list[PlannedSeat]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").strip("\n").split("\n")]
    if len(lines) > MAX_ROWS:
        raise LayoutError(f"A layout has at most {MAX_ROWS} lines; this one has {len(lines)}.")
    seats: list[PlannedSeat] = []
    labels = 0
    for y, line in enumerate(lines):
        marks = line.lower()
        if len(marks) > MAX_COLUMNS:
            raise LayoutError(f"Line {y + 1} is {len(marks)} places wide; at most {MAX_COLUMNS} fit.")
        unknown = sorted({c for c in marks if c not in MARKS and c != GAP})
        if unknown:
            shown = ", ".join(repr(c) for c in unknown)
            raise LayoutError(f"Line {y + 1} has {shown}: use S, V, A for seats and . for a gap.")
        if not any(c in MARKS for c in marks):
            continue
        row = row_label(labels)
        labels += 1
        number = 0
        for x, mark in enumerate(marks):
            if mark == GAP:
                continue
            number += 1
            seats.append(PlannedSeat(row=row, number=number, grid_row=y, grid_column=x, category=MARKS[mark]))
    if not seats:
        raise LayoutError("The layout has no seats. Use S, V or A for each seat.")
    return seats


def layout_text(seats) -> str:
    """The text form of existing seats (ordered or not)."""
    grid: dict[int, dict[int, str]] = {}
    for seat in seats:
        grid.setdefault(seat.grid_row, {})[seat.grid_column] = MARK_FOR[seat.category]
    if not grid:
        return ""
    lines = []
    for y in range(max(grid) + 1):
        row = grid.get(y, {})
        width = max(row) + 1 if row else 0
        lines.append("".join(row.get(x, GAP) for x in range(width)))
    return "\n".join(lines)


def generate_layout(
    *, rows: int, seats_per_row: int, aisles_after: list[int], vip_rows: list[str], accessible: list[tuple[str, int]]
) -> str:
    """A rectangular layout with aisles after the given seat numbers, VIP rows and wheelchair places."""
    lines = []
    for index in range(rows):
        label = row_label(index)
        marks = []
        for number in range(1, seats_per_row + 1):
            if (label, number) in accessible:
                marks.append("A")
            elif label in vip_rows:
                marks.append("V")
            else:
                marks.append("S")
            if number in aisles_after and number < seats_per_row:
                marks.append(GAP)
        lines.append("".join(marks))
    return "\n".join(lines)
