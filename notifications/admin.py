from django.contrib import admin

from notifications.models import Announcement, Notification


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Admins schedule announcements; send_automated_notifications delivers them once to each person."""

    list_display = ["title", "audience", "send_at", "created_at"]
    list_filter = ["audience"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__email"]
