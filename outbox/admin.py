from django.contrib import admin, messages

from outbox.models import OutboundEmail
from outbox.services import outbox_resend
from xcounter.admin_tools import ReadOnlyAdmin


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    """The outbox: Admins see failed mail and send it again."""

    list_display = ["subject", "to", "status", "attempts", "next_attempt_at", "sent_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    actions = ["resend"]

    @admin.action(description="Send again")
    def resend(self, request, queryset):
        for email in queryset.exclude(status=OutboundEmail.Status.SENT):
            outbox_resend(email=email)
        messages.success(request, "Queued again; they go out in a moment.")
