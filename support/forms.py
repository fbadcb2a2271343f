from django import forms

from support.models import Thread


class ThreadForm(forms.Form):
    topic = forms.ChoiceField(choices=Thread.Topic.choices, label="About")
    subject = forms.CharField(max_length=150)
    body = forms.CharField(label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(forms.Form):
    body = forms.CharField(label="Reply", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
