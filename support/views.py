"""Support pages: a customer's threads, the staff inbox, a thread with its replies."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from support import selectors, services
from support.forms import ReplyForm, ThreadForm
from support.models import Thread
from users.models import Role
from users.permissions import MANAGERS, role_required

customers = role_required(Role.CUSTOMER)
managers = role_required(*MANAGERS)
both = role_required(Role.CUSTOMER, *MANAGERS)


@customers
def my_threads(request):
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_open(customer=request.user, **form.cleaned_data)
        except services.SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your message is on its way; we answer here and tell you by email.")
            return redirect("support:thread", pk=thread.pk)
    return render(request, "support/mine.html", {"threads": selectors.threads_for(request.user), "form": form})


@managers
def inbox(request):
    status = request.GET.get("status", Thread.Status.OPEN)
    status = status if status in Thread.Status.values else Thread.Status.OPEN
    mine = request.GET.get("mine") == "1"
    threads = selectors.inbox(mine_for=request.user if mine else None, status=status)
    return render(request, "support/inbox.html", {"threads": threads[:200], "status": status, "mine": mine})


@both
def thread(request, pk):
    conversation = selectors.thread_get_for(request.user, pk)
    services.thread_seen(thread=conversation, by=request.user)
    return render(
        request,
        "support/thread.html",
        {"thread": conversation, "replies": conversation.messages.select_related("author"), "form": ReplyForm()},
    )


@both
@require_POST
def reply(request, pk):
    conversation = selectors.thread_get_for(request.user, pk)
    form = ReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise services.SupportError("Write a message first (at most 5000 characters).")
        services.message_post(thread=conversation, author=request.user, body=form.cleaned_data["body"])
    except services.SupportError as error:
        messages.error(request, str(error))
    return redirect("support:thread", pk=conversation.pk)


@managers
@require_POST
def assign_to_me(request, pk):
    services.thread_assign(thread=selectors.thread_get_for(request.user, pk), to=request.user)
    messages.success(request, "The thread is yours.")
    return redirect("support:thread", pk=pk)


@managers
@require_POST
def close(request, pk):
    services.thread_close(thread=selectors.thread_get_for(request.user, pk))
    messages.success(request, "Closed. A reply from the customer opens it again.")
    return redirect("support:inbox")
