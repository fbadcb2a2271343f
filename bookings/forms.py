from django import forms

from bookings.models import Booking, Payment
from bookings.payments import online_providers
from users.models import Role, User
from xcounter.parsing import as_id, day_field


class SeatIdsField(forms.Field):
    """The seats ticked on the seat map, as ids. Whether they exist and are free is the service's call."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = [as_id(v) for v in values]
        if None in ids:
            raise forms.ValidationError("Some of the chosen seats are not seats of this show.")
        return ids


class SeatChoiceForm(forms.Form):
    seat = SeatIdsField(required=False)


class CheckoutForm(forms.Form):
    coupon = forms.CharField(max_length=40, required=False, label="Coupon code")
    provider = forms.ChoiceField(widget=forms.RadioSelect, label="How would you like to pay?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        providers = online_providers()
        self.fields["provider"].choices = [(key, p.label) for key, p in providers.items()]
        self.fields["provider"].initial = next(iter(providers))

    def chosen_provider(self):
        return online_providers()[self.cleaned_data["provider"]]


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why is it cancelled?",
        widget=forms.TextInput,
        error_messages={"required": "Say why the booking is cancelled."},
    )
    refund_now = forms.BooleanField(required=False, label="I am handing the money back now")


class CounterSaleForm(SeatChoiceForm):
    customer = forms.ModelChoiceField(
        queryset=User.objects.filter(role="customer"), required=False, widget=forms.HiddenInput
    )
    walk_in_name = forms.CharField(max_length=150, required=False, label="Name")
    walk_in_email = forms.EmailField(required=False, label="Email", max_length=254)
    walk_in_phone = forms.CharField(max_length=32, required=False, label="Phone")
    coupon = forms.CharField(max_length=40, required=False, label="Coupon code")
    method = forms.ChoiceField(
        choices=[(Payment.Method.CASH, "Cash"), (Payment.Method.CARD, "Card")],
        widget=forms.RadioSelect,
        initial=Payment.Method.CASH,
        label="Payment",
    )

    def clean_walk_in_email(self):
        email = self.cleaned_data["walk_in_email"].strip().lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("This email already has an account: find the customer with the search above.")
        return email


class PaymentForm(forms.Form):
    method = forms.ChoiceField(choices=[(Payment.Method.CASH, "Cash"), (Payment.Method.CARD, "Card")])


class HouseSeatsForm(SeatChoiceForm):
    guest_name = forms.CharField(max_length=150, label="VIP guest")
    complimentary = forms.BooleanField(required=False, initial=True, label="Complimentary (free of charge)")


class CheckInForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label="Ticket code",
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "Scan or type",
            }
        ),
    )


class StaffBookingFilterForm(forms.Form):
    reference = forms.CharField(required=False, max_length=12)
    customer = forms.CharField(required=False, max_length=100, label="Customer email, name or phone")
    date = day_field(label="Show date")
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), *Booking.Status.choices],
        widget=forms.Select(attrs={"class": "form-select", "aria-label": "Status"}),
    )
    salesman = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.SALESMAN),
        required=False,
        empty_label="Any seller",
        widget=forms.Select(attrs={"class": "form-select", "aria-label": "Sold by"}),
    )
    show = forms.IntegerField(required=False, widget=forms.HiddenInput)
