from django import forms
from django.utils import timezone

from employees.models import Employee, SalaryEntry
from users.models import Role, User
from xcounter.money import MONEY
from xcounter.parsing import DAY_RANGE

DATE = {"widget": forms.DateInput(attrs={"type": "date"}), "validators": DAY_RANGE}


def moderators():
    return User.objects.filter(role=Role.MODERATOR, is_active=True)


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254)
    full_name = forms.CharField(max_length=150)
    phone = forms.CharField(max_length=32, required=False)
    role = forms.ChoiceField(choices=[(Role.SALESMAN, "Salesman"), (Role.MODERATOR, "Moderator")])
    started_on = forms.DateField(label="Employment starts", initial=timezone.localdate, **DATE)
    base_salary = forms.DecimalField(label="Base monthly salary", **MONEY, min_value=0.01)
    supervisor = forms.ModelChoiceField(queryset=moderators(), required=False, help_text="For a salesman.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.SALESMAN and not data.get("supervisor"):
            self.add_error("supervisor", "Choose the moderator this salesman reports to.")
        return data


class SalaryEntryForm(forms.Form):
    kind = forms.ChoiceField(choices=SalaryEntry.Kind.choices, label="Entry")
    amount = forms.DecimalField(**MONEY, min_value=0.01)
    effective_on = forms.DateField(label="From / for month of", initial=timezone.localdate, **DATE)
    reason = forms.CharField(max_length=300)


class PayForm(forms.Form):
    month = forms.DateField(**DATE)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Employee.Status.choices)
    reason = forms.CharField(max_length=300)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[(Role.SALESMAN, "Salesman"), (Role.MODERATOR, "Moderator")])
    supervisor = forms.ModelChoiceField(queryset=moderators(), required=False, help_text="When becoming a salesman.")
    reason = forms.CharField(max_length=300)


class EmployeeEditForm(forms.Form):
    full_name = forms.CharField(max_length=150)
    phone = forms.CharField(max_length=32, required=False)
    started_on = forms.DateField(label="Employment start", **DATE)


class SupervisorForm(forms.Form):
    supervisor = forms.ModelChoiceField(queryset=moderators())


class ShiftForm(forms.Form):
    employee = forms.ModelChoiceField(queryset=Employee.objects.none(), label="Salesman")
    day = forms.DateField(initial=timezone.localdate, **DATE)
    starts = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    counter = forms.CharField(max_length=40, initial="Main counter")

    def __init__(self, *args, employees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employees is not None:
            self.fields["employee"].queryset = employees.filter(user__role=Role.SALESMAN, status=Employee.Status.ACTIVE)


class PeriodForm(forms.Form):
    start = forms.DateField(required=False, **DATE)
    end = forms.DateField(required=False, **DATE)
