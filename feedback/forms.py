from django import forms

from feedback.models import Feedback


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(choices=Feedback.Kind.choices, label="What is it?")
    text = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 4}), label="Tell us")
