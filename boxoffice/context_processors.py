from django.utils.functional import SimpleLazyObject

from boxoffice import selectors
from users.permissions import STAFF


def till(request):
    """Staff pages know the user's open till session (the counter warns before a sale without one).
    Lazy: only the pages that show the till banner pay its query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in STAFF:
        return {}
    return {"till_session": SimpleLazyObject(lambda: selectors.open_session(user)), "till_checked": True}
