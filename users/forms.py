from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from users.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone"]
        help_texts = {"phone": "Used by the box office to find your bookings."}

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 6 or any(c not in "+0123456789 -()/." for c in phone)):
            raise forms.ValidationError("Enter a phone number of digits, spaces and + - ( ) only.")
        return phone


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the customer's name first: mails, invoices and the counter use it."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Tell us your name: it goes on your invoices and at the box office."},
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": "First and last name"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def clean_full_name(self):
        # Spaces alone are no name (the field strips them); inner runs are collapsed ("Nina   Kowalska").
        return " ".join(self.cleaned_data["full_name"].split())


class StaffCodeForm(forms.Form):
    code = forms.CharField(
        label="Sign-in code",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "placeholder": "123456"}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError("The code is the 6 digits from the email we sent you.")
        return code
