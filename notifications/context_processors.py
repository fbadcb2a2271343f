from notifications.models import Notification


def bell(request):
    """The unread count for the navbar bell (one small query, for signed-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()}
