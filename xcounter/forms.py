"""What every form of the site shares (settings.FORM_RENDERER): errors a screen reader finds from the field."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


def form_errors_id(form) -> str:
    """The id of the box holding a form's errors that belong to no one field (templates/bootstrap5/errors.html)."""
    return form.add_prefix("form-errors")


class DescribedBoundField(BoundField):
    """A field is described by its help text, its own errors and the form's errors: after a failed
    sign-in ("email and/or password not correct") a screen reader reads the reason on the fields."""

    @property
    def aria_describedby(self):
        described = super().aria_describedby
        if described is None or self.is_hidden or not self.form.non_field_errors():
            return described
        return " ".join(filter(None, [described, form_errors_id(self.form)]))


class FormRenderer(DjangoTemplates):
    bound_field_class = DescribedBoundField
