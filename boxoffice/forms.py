from decimal import Decimal

from django import forms

from boxoffice.models import TillEntry
from boxoffice.services import MAX_AMOUNT
from xcounter.money import MONEY, format_money
from xcounter.parsing import DAY_RANGE

AMOUNT_ERRORS = {
    "invalid": "Enter an amount like 150.00.",
    "max_decimal_places": "Enter an amount in cents at most, like 150.25.",
    "max_digits": f"That is more than a till holds (at most {format_money(MAX_AMOUNT)}).",
    "max_whole_digits": f"That is more than a till holds (at most {format_money(MAX_AMOUNT)}).",
    "required": "Enter an amount.",
}


def amount_field(label, *, minimum=Decimal("0.00"), **kwargs):
    return forms.DecimalField(
        label=label,
        **MONEY,
        min_value=minimum,
        max_value=MAX_AMOUNT,
        error_messages={
            **AMOUNT_ERRORS,
            "min_value": "The amount cannot be negative." if minimum == 0 else "Enter an amount above zero.",
            "max_value": f"That is more than a till holds (at most {format_money(MAX_AMOUNT)}).",
        },
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **kwargs,
    )


class OpenForm(forms.Form):
    counter = forms.CharField(max_length=40, initial="Main counter")
    opening_float = amount_field("Opening float (counted)", help_text="The cash in the drawer as you open it.")


class CashMoveForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(TillEntry.Kind.DROP, "Cash drop to the safe"), (TillEntry.Kind.PAYOUT, "Pay-out (petty cash)")],
        label="What",
    )
    amount = amount_field("Amount", minimum=Decimal("0.01"))
    reason = forms.CharField(max_length=300)


class CloseForm(forms.Form):
    counted_cash = amount_field("Cash counted in the drawer")
    counted_card = amount_field("Card terminal total")
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the count differs from what the till expects.",
    )


class AdjustmentForm(forms.Form):
    method = forms.ChoiceField(choices=TillEntry.Method.choices)
    amount = forms.DecimalField(
        label="Amount (negative: more missing)",
        **MONEY,
        min_value=-MAX_AMOUNT,
        max_value=MAX_AMOUNT,
        error_messages={
            **AMOUNT_ERRORS,
            "min_value": f"A correction is at most {format_money(MAX_AMOUNT)} either way.",
            "max_value": f"A correction is at most {format_money(MAX_AMOUNT)} either way.",
        },
    )
    reason = forms.CharField(max_length=300)


class DayForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), validators=DAY_RANGE)
