from django.utils.functional import SimpleLazyObject

from notifications.unread import unread_count


def bell(request):
    """The unread count for the navbar bell, for signed-in users only: from the cache, kept per person
    and dropped by every write of their notices (notifications/unread.py); lazy, so a page that does
    not show the bell does not ask for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
