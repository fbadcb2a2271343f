"""The seat map's seats, written in Python: `{% load seat_map %}{% seat_rows seat_map chosen %}`.

A large hall has hundreds of seats, and every seat-map request draws them all. What a seat looks
like while free (its place, number, category and price) is the same on every request for one layout
and one set of prices, so those strings are written once per process (`_fragments`); a request
copies them and rewrites only the seats that are not free, or ticked, from the show's live states
(`selectors.seat_map`, read every time: nothing about availability is kept).

The markup, kept small (a map is hundreds of seats) and what `static/js/seat-map.js` relies on:
a `div.seat-row` per row; per seat a `label.seat` (with `seat-vip` or `seat-accessible`, and
`state-<state>` when not free) around an `<input type="checkbox" name="seat" value="<seat id>">`
whose `aria-label` says row, seat, category, price and, when not free, the state; disabled when it
cannot be chosen. A seat's place in the grid is its place among the row's children (the script
counts it); a standard seat's colour is `.seat`'s own.
"""

import threading

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from bookings.selectors import SELECTABLE, SeatMap
from movies.models import SeatCategory
from xcounter.money import format_money

register = template.Library()

GAP = '<span class="seat-gap" aria-hidden="true"></span>'
ROW_LABEL = '<span class="row-label" aria-hidden="true">{}</span>'
WHEELCHAIR = '<i class="bi bi-person-wheelchair"></i>'
CATEGORY_CLASS = {SeatCategory.STANDARD: "", SeatCategory.VIP: " seat-vip", SeatCategory.ACCESSIBLE: " seat-accessible"}


class _Seat:
    """One seat's markup in pieces: `head` + state class + `body` + state text + `tail`."""

    __slots__ = ("head", "body", "tail", "free")

    def __init__(self, head: str, body: str, tail: str):
        self.head, self.body, self.tail = head, body, tail
        self.free = f'{head}{body}"{tail}'

    def draw(self, state: str, tick: bool) -> str:
        if state == "free":
            return f'{self.head}{self.body}" checked{self.tail}' if tick else self.free
        if state in SELECTABLE:  # current: a seat of the booking being changed, ticked
            return f'{self.head} state-{state}{self.body}" checked{self.tail}'
        return f'{self.head} state-{state}{self.body}, {state}" disabled{self.tail}'


def _draw(layout, about: dict[str, str]) -> tuple[list[str], dict[int, tuple[int, _Seat]]]:
    """Every row with every seat free: the strings, and where each seat's string stands."""
    parts, where = [], {}
    for label, cells in layout.rows:
        row = escape(label)
        parts.append(f'<div class="seat-row" role="group" aria-label="Row {row}">{ROW_LABEL.format(row)}')
        for seat in cells:
            if seat is None:
                parts.append(GAP)
                continue
            face = WHEELCHAIR if seat.category == SeatCategory.ACCESSIBLE else seat.number
            drawn = _Seat(
                f'<label class="seat{CATEGORY_CLASS[seat.category]}',
                f'"><input type="checkbox" name="seat" value="{seat.pk}" '
                f'aria-label="Row {row} seat {seat.number}, {about[seat.category]}',
                f'><span aria-hidden="true">{face}</span></label>',
            )
            where[seat.pk] = (len(parts), drawn)
            parts.append(drawn.free)
        parts.append(f"{ROW_LABEL.format(row)}</div>")
    return parts, where


# (id of the layout, texts of the prices) -> (layout, parts, where): a layout object is one version
# of one auditorium's seats (`movies.selectors.seat_layout`), kept alive here so its id stays its own.
_fragments: dict[tuple, tuple] = {}
_fragments_lock = threading.Lock()
FRAGMENTS_KEPT = 64


def _fragments_for(layout, about: dict[str, str]):
    key = (id(layout), *about.values())
    kept = _fragments.get(key)
    if kept is not None and kept[0] is layout:
        return kept[1], kept[2]
    parts, where = _draw(layout, about)
    with _fragments_lock:
        if len(_fragments) >= FRAGMENTS_KEPT:
            _fragments.pop(next(iter(_fragments)))  # the oldest goes
        _fragments[key] = (layout, parts, where)
    return parts, where


@register.simple_tag
def seat_rows(seat_map: SeatMap, chosen=()) -> str:
    """Every row of the map; `chosen` seat ids come ticked (after a refused sale, or a sign-in)."""
    show = seat_map.show
    # "Standard, €10.00": said for each seat to screen readers, with its state when not free.
    about = {
        category: f"{escape(label)}, {escape(format_money(show.price_for(category)))}"
        for category, label in SeatCategory.choices
    }
    parts, where = _fragments_for(seat_map.layout, about)
    out = parts.copy()
    states = seat_map.states
    for pk, state in states.items():
        at = where.get(pk)
        if at is not None:
            out[at[0]] = at[1].draw(state, True)
    for pk in chosen or ():
        at = where.get(pk)
        if at is not None and pk not in states:
            out[at[0]] = at[1].draw("free", True)
    return mark_safe("".join(out))  # noqa: S308 — every text in it is escaped above
