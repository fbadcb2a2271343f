from django import forms

from coupons.models import Coupon, normalise_code
from xcounter.parsing import in_day_range

DATETIME = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class CouponForm(forms.ModelForm):
    valid_from = forms.DateTimeField(
        label="Valid from", input_formats=["%Y-%m-%dT%H:%M"], validators=[in_day_range], **DATETIME
    )
    valid_until = forms.DateTimeField(
        label="Valid until", input_formats=["%Y-%m-%dT%H:%M"], validators=[in_day_range], **DATETIME
    )

    class Meta:
        model = Coupon
        fields = [
            "code",
            "description",
            "percent_off",
            "valid_from",
            "valid_until",
            "usage_limit",
            "per_customer_limit",
            "min_tickets",
            "is_active",
        ]
        labels = {"percent_off": "Percent off", "min_tickets": "Minimum tickets", "is_active": "Active"}
        help_texts = {"percent_off": "1 to 100."}

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code.isalnum() or not code.isascii():
            raise forms.ValidationError("Use only letters and digits.")
        if Coupon.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"A coupon {code} already exists.")
        return code

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] <= data["valid_from"]:
            self.add_error("valid_until", "The end must come after the start.")
        return data
