from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from feedback import selectors, services
from feedback.forms import FeedbackForm
from feedback.models import Feedback
from users.models import Role
from users.permissions import role_required


@login_required
def mine(request):
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(author=request.user, page=request.META.get("HTTP_REFERER", ""), **form.cleaned_data)
        except services.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you — an administrator reads every message.")
            return redirect("feedback:mine")
    return render(request, "feedback/mine.html", {"form": form, "items": selectors.feedback_by(request.user)})


@role_required(Role.ADMIN)
def admin_list(request):
    items = selectors.feedback_all()[:200]
    return render(request, "feedback/admin.html", {"items": items})


@role_required(Role.ADMIN)
@require_POST
def admin_answer(request, pk):
    item = get_object_or_404(Feedback, pk=pk)
    try:
        services.feedback_answer(
            item=item, answer=request.POST.get("answer", ""), resolve=bool(request.POST.get("resolve")), by=request.user
        )
    except services.FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Saved; the author is told.")
    return redirect("feedback:admin")
