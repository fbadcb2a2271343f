from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from notifications import feedback
from notifications.models import Feedback
from users.models import Role
from users.permissions import role_required


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(choices=Feedback.Kind.choices, label="What is it?")
    text = forms.CharField(max_length=3000, widget=forms.Textarea(attrs={"rows": 4}), label="Tell us")


@login_required
def mine(request):
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.feedback_give(author=request.user, page=request.META.get("HTTP_REFERER", ""), **form.cleaned_data)
        except feedback.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you — an administrator reads every message.")
            return redirect("feedback:mine")
    return render(request, "feedback/mine.html", {"form": form, "items": Feedback.objects.filter(author=request.user)})


@role_required(Role.ADMIN)
def admin_list(request):
    items = Feedback.objects.select_related("author", "answered_by")[:200]
    return render(request, "feedback/admin.html", {"items": items})


@role_required(Role.ADMIN)
@require_POST
def admin_answer(request, pk):
    item = get_object_or_404(Feedback, pk=pk)
    try:
        feedback.feedback_answer(
            item=item, answer=request.POST.get("answer", ""), resolve=bool(request.POST.get("resolve")), by=request.user
        )
    except feedback.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Saved; the author is told.")
    return redirect("feedback:admin")
