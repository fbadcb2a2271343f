from boxoffice import selectors
from users.permissions import STAFF


def till(request):
    """Staff pages know the user's open till session (the counter warns before a sale without one)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in STAFF:
        return {}
    return {"till_session": selectors.open_session(user), "till_checked": True}
