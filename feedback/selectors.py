from django.db.models import QuerySet

from feedback.models import Feedback


def feedback_by(author) -> QuerySet[Feedback]:
    return Feedback.objects.filter(author=author)


def feedback_all() -> QuerySet[Feedback]:
    """Unresolved first, newest first: what the Admins work through."""
    return Feedback.objects.select_related("author", "answered_by")
