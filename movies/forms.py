import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone

from movies.layout import MAX_COLUMNS, MAX_ROWS, LayoutError, generate_layout, parse_layout, row_label
from movies.models import MIN_PRICE, Auditorium, Genre, Movie, SeatCategory, Show
from movies.posters import PosterField
from xcounter.money import MONEY
from xcounter.parsing import day_field, in_day_range


class CatalogFilterForm(forms.Form):
    """Public filters; bad values are dropped, never an error page."""

    q = forms.CharField(required=False, max_length=100, label="Search")
    genre = forms.ModelChoiceField(
        queryset=Genre.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="All genres",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date = day_field()

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": (data.get("q") or "").strip(), "genre": data.get("genre"), "day": data.get("date")}


class DayForm(forms.Form):
    date = day_field()

    def day(self) -> date:
        if self.is_valid() and self.cleaned_data["date"]:
            return self.cleaned_data["date"]
        return timezone.localdate()


class MovieForm(forms.ModelForm):
    trailer_url = forms.URLField(label="Trailer URL", required=False, assume_scheme="https")

    class Meta:
        model = Movie
        fields = [
            "title",
            "synopsis",
            "genres",
            "duration_minutes",
            "age_rating",
            "language",
            "release_date",
            "status",
            "poster",
            "trailer_url",
        ]
        widgets = {
            "release_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "synopsis": forms.Textarea(attrs={"rows": 4}),
            "genres": forms.CheckboxSelectMultiple,
            "poster": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        field_classes = {"poster": PosterField}
        help_texts = {"poster": "JPEG, PNG or WebP, at most 5 MB and 40 megapixels. A thumbnail is made for lists."}


class GenreForm(forms.ModelForm):
    class Meta:
        model = Genre
        fields = ["name", "slug"]
        help_texts = {"slug": "Used in filter links, e.g. science-fiction."}


def _number_list(text: str, *, field: str) -> list[int]:
    try:
        return sorted({int(part) for part in re.split(r"[,\s]+", text.strip()) if part})
    except ValueError as error:
        raise forms.ValidationError(f"{field}: write seat numbers separated by commas, like 4, 12.") from error


class LayoutGeneratorForm(forms.Form):
    """Rows × seats with aisles, VIP rows and wheelchair places, as a starting layout."""

    rows = forms.IntegerField(min_value=1, max_value=MAX_ROWS, initial=10)
    seats_per_row = forms.IntegerField(min_value=1, max_value=MAX_COLUMNS - 5, initial=16)
    aisles_after = forms.CharField(
        required=False, label="Aisles after seat numbers", help_text="e.g. 4, 12", initial="4, 12"
    )
    vip_rows = forms.CharField(required=False, label="VIP rows", help_text="e.g. H, J")
    accessible_seats = forms.CharField(required=False, label="Wheelchair places", help_text="e.g. A1, A2, A15, A16")

    def clean_aisles_after(self):
        return _number_list(self.cleaned_data["aisles_after"], field="Aisles")

    def clean_vip_rows(self):
        rows = {part.upper() for part in re.split(r"[,\s]+", self.cleaned_data["vip_rows"].strip()) if part}
        if any(not part.isalpha() for part in rows):
            raise forms.ValidationError("VIP rows are row letters separated by commas, like H, J.")
        return sorted(rows)

    def clean_accessible_seats(self):
        seats = []
        for part in re.split(r"[,\s]+", self.cleaned_data["accessible_seats"].strip()):
            if not part:
                continue
            match = re.fullmatch(r"([A-Za-z]{1,2})(\d{1,2})", part)
            if not match:
                raise forms.ValidationError(f"“{part}” is not a seat: write row letter and number, like A1.")
            seats.append((match.group(1).upper(), int(match.group(2))))
        return seats

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        labels = {row_label(i) for i in range(data["rows"])}
        unknown = [row for row in data["vip_rows"] if row not in labels]
        unknown += [
            f"{row}{n}" for row, n in data["accessible_seats"] if row not in labels or n > data["seats_per_row"]
        ]
        if unknown:
            raise forms.ValidationError(f"Not in this layout: {', '.join(unknown)}.")
        return data

    def layout(self) -> str:
        data = self.cleaned_data
        return generate_layout(
            rows=data["rows"],
            seats_per_row=data["seats_per_row"],
            aisles_after=data["aisles_after"],
            vip_rows=data["vip_rows"],
            accessible=data["accessible_seats"],
        )


class LayoutField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 12, "class": "font-monospace layout-text", "spellcheck": "false"})

    def validate(self, value):
        super().validate(value)
        try:
            parse_layout(value)
        except LayoutError as error:
            raise forms.ValidationError(str(error)) from error


LAYOUT_HELP = "One line per row, row A nearest the screen: S standard, V VIP, A wheelchair place, . gap or aisle."


class AuditoriumForm(forms.ModelForm):
    layout = LayoutField(help_text=LAYOUT_HELP)

    class Meta:
        model = Auditorium
        fields = ["name", "description"]


class LayoutForm(forms.Form):
    layout = LayoutField(help_text=LAYOUT_HELP)


class ShowForm(forms.Form):
    movie = forms.ModelChoiceField(queryset=Movie.objects.exclude(status=Movie.Status.ARCHIVED))
    auditorium = forms.ModelChoiceField(queryset=Auditorium.objects.all())
    starts_at = forms.DateTimeField(
        label="Starts at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[in_day_range],
    )
    price_standard = forms.DecimalField(label="Standard seat", **MONEY, min_value=MIN_PRICE)
    price_vip = forms.DecimalField(label="VIP seat", **MONEY, min_value=MIN_PRICE)
    price_accessible = forms.DecimalField(label="Wheelchair place", **MONEY, min_value=MIN_PRICE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("price_standard", "price_vip", "price_accessible"):
            self.fields[name].help_text = settings.CURRENCY

    @classmethod
    def initial_for(cls, show: Show) -> dict:
        return {
            "movie": show.movie,
            "auditorium": show.auditorium,
            "starts_at": timezone.localtime(show.starts_at),
            "price_standard": show.price_standard,
            "price_vip": show.price_vip,
            "price_accessible": show.price_accessible,
        }

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError("A show must start in the future.")
        return starts_at

    def prices(self) -> dict[str, Decimal]:
        return {category: self.cleaned_data[f"price_{category}"] for category in SeatCategory.values}


class ShowCancelForm(forms.Form):
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 3}), label="Why is it cancelled?")
