from django.contrib import admin, messages

from notifications.models import Announcement, Notification, OutboundEmail
from notifications.services import outbox_resend
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


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Admins schedule announcements here (no service writes them); send_automated_notifications
    delivers each once to each person."""

    list_display = ["title", "audience", "send_at", "created_at"]
    list_filter = ["audience"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Written by notify(), which honours each person's preferences and mails them."""

    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__email"]
