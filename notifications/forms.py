from django import forms

from movies.models import Genre
from notifications.models import Kind, Offer


class PreferencesForm(forms.Form):
    """Two boxes per kind of notice the user can get: in the site, by email."""

    def __init__(self, *args, current: dict[str, tuple[bool, bool]], genres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(current)
        if genres is not None:
            self.fields["genres"] = forms.ModelMultipleChoiceField(
                queryset=Genre.objects.all(),
                required=False,
                initial=genres,
                widget=forms.CheckboxSelectMultiple,
                label="Tell me when a movie of these genres opens",
            )
        for kind in self.kinds:
            label = Kind(kind).label
            in_app, by_email = current[kind]
            self.fields[f"{kind}__in_app"] = forms.BooleanField(
                required=False, initial=in_app, label=f"{label}: in the site"
            )
            self.fields[f"{kind}__email"] = forms.BooleanField(
                required=False, initial=by_email, label=f"{label}: by email"
            )

    def choices(self) -> dict[str, tuple[bool, bool]]:
        return {
            kind: (self.cleaned_data[f"{kind}__in_app"], self.cleaned_data[f"{kind}__email"]) for kind in self.kinds
        }

    def genres_field(self):
        return self["genres"] if "genres" in self.fields else None

    def rows(self):
        return [(Kind(kind).label, self[f"{kind}__in_app"], self[f"{kind}__email"]) for kind in self.kinds]


class OfferForm(forms.Form):
    subject = forms.CharField(max_length=150)
    body = forms.CharField(label="Text", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    audience = forms.ChoiceField(choices=Offer.Audience.choices, label="Send to")
