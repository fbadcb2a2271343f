"""Django admin never skips a service.

Rows a service writes are shown read-only (`ReadOnlyAdmin`); their state changes are admin actions
built with `run_service` / `with_reason`, which call the service for each selected object (asking
for a reason first on a confirmation page when the service needs one) and show each refusal with
the service's own message.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seen here, written only by services: no add, edit or delete forms; actions call the service."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=300, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), help_text="Kept with the change."
    )


def run_service(modeladmin, request, queryset, *, call: Callable, refused: tuple[type[Exception], ...], done: str):
    """Call the service on each selected object; a refusal is shown with the service's reason."""
    succeeded = 0
    for obj in queryset:
        try:
            call(obj)
        except refused as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{done}: {succeeded}.", messages.SUCCESS)


def with_reason(
    modeladmin,
    request,
    queryset,
    *,
    title: str,
    call: Callable,
    refused: tuple[type[Exception], ...],
    done: str,
    warning: str = "",
):
    """Ask for a reason first (a confirmation page), then `call(obj, reason)` for each object."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        run_service(modeladmin, request, queryset, call=lambda obj: call(obj, reason), refused=refused, done=done)
        return None  # back to the list, with the messages
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": opts,
        "app_label": opts.app_label,
        "objects": list(queryset),
        "form": form,
        "action": request.POST.get("action", ""),
        "warning": warning,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_with_reason.html", context)
