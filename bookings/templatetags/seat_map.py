"""The seat map's seats, written in Python: `{% load seat_map %}{% seat_rows seat_map chosen %}`.

A large hall has hundreds of seats; drawn seat by seat through template tags they were most of a
seat-map request. Here every seat is one f-string over the cached layout (`selectors.seat_layout`)
and the show's live states (`selectors.seat_map`). The markup is what `static/js/seat-map.js`
relies on: a `label.seat.seat-<category>.state-<state>` around an `input.seat-input` named `seat`
whose value is the seat's id, with `data-row` and `data-col` (its place in the grid), disabled
when the seat cannot be chosen.
"""

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


@register.simple_tag
def seat_rows(seat_map: SeatMap, chosen=()) -> str:
    """Every row of the map; `chosen` seat ids come ticked (after a refused sale, or a sign-in)."""
    show = seat_map.show
    # "Standard, €10.00": said for each seat to screen readers, with its state when not free.
    about = {
        category: f"{escape(label)}, {escape(format_money(show.price_for(category)))}"
        for category, label in SeatCategory.choices
    }
    chosen = set(chosen or ())
    states = seat_map.states
    out = []
    for r, (label, cells) in enumerate(seat_map.layout.rows):
        row = escape(label)
        out.append(f'<div class="seat-row" role="group" aria-label="Row {row}">{ROW_LABEL.format(row)}')
        for c, seat in enumerate(cells):
            if seat is None:
                out.append(GAP)
                continue
            state = states.get(seat.pk, "free")
            if state in SELECTABLE:
                extra, tick = "", state == "current" or seat.pk in chosen
            else:
                extra, tick = f", {state}", False
            face = WHEELCHAIR if seat.category == SeatCategory.ACCESSIBLE else seat.number
            out.append(
                f'<label class="seat seat-{seat.category} state-{state}">'
                f'<input type="checkbox" name="seat" value="{seat.pk}" class="seat-input" data-row="{r}" '
                f'data-col="{c}" aria-label="Row {row} seat {seat.number}, {about[seat.category]}{extra}"'
                f"{' disabled' if extra else ''}{' checked' if tick else ''}>"
                f'<span aria-hidden="true">{face}</span></label>'
            )
        out.append(f"{ROW_LABEL.format(row)}</div>")
    return mark_safe("".join(out))  # noqa: S308 — every text in it is escaped above
