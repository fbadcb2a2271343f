"""The period picker: this or last cinema week, month or year, or a custom range of days, read
from the query string (so a period is a link to share or bookmark)."""

from django import forms
from django.utils import timezone

from xcounter.days import Period, PeriodError, custom, preset

CHOICES = [
    ("this_week", "This cinema week"),
    ("last_week", "Last cinema week"),
    ("this_month", "This month"),
    ("last_month", "Last month"),
    ("this_year", "This year"),
    ("last_year", "Last year"),
    ("custom", "Custom range"),
]
DEFAULT = "this_week"


class PeriodForm(forms.Form):
    period = forms.ChoiceField(choices=CHOICES, required=False, label="Period")
    start = forms.CharField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.CharField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))


def period_from(params) -> tuple[Period, PeriodForm, str]:
    """The period the query string asks for, the form to show it again and a message for the page
    ("" when all is well). Bad input never fails the page: the message says what is wrong and
    this cinema week is shown instead."""
    form = PeriodForm(params)
    form.is_valid()  # every field is optional text or a choice: errors are read below
    today = timezone.localdate()
    if "period" in form.errors:
        return preset(DEFAULT, today), form, "Choose a period from the list. Showing this cinema week instead."
    name = form.cleaned_data.get("period") or ("custom" if params.get("start") or params.get("end") else DEFAULT)
    if name != "custom":
        return preset(name, today), form, ""
    try:
        start, end = form.cleaned_data.get("start", ""), form.cleaned_data.get("end", "")
        if not start or not end:
            raise PeriodError("Give both a start and an end date for a custom range.")
        return custom(start, end), form, ""
    except PeriodError as error:
        return preset(DEFAULT, today), form, f"{error} Showing this cinema week instead."
