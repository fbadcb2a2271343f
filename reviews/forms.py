from django import forms


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        coerce=int, choices=[(n, f"{n} ★") for n in range(5, 0, -1)], widget=forms.RadioSelect, label="Your rating"
    )
    text = forms.CharField(label="Your review", max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
