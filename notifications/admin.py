from django.contrib import admin

from notifications.models import Announcement, Notification
from xcounter.admin_tools import ReadOnlyAdmin


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
