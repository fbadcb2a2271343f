"""Reviews and ratings: writing, editing, moderation, public answers."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from movies.models import Movie
from notifications import services as notifications
from notifications.models import Kind
from reviews.models import Review
from reviews.selectors import may_review


class ReviewError(Exception):
    """A review was refused; the message says why."""


def _clean(rating, text: str) -> tuple[int, str]:
    try:
        rating = int(rating)
    except (TypeError, ValueError) as error:
        raise ReviewError("Give the movie 1 to 5 stars.") from error
    if not 1 <= rating <= 5:
        raise ReviewError("Give the movie 1 to 5 stars.")
    text = (text or "").strip()
    if not text:
        raise ReviewError("Write a few words about the movie.")
    if len(text) > 3000:
        raise ReviewError("A review has at most 3000 characters.")
    return rating, text


def review_write(*, customer, movie: Movie, rating, text: str) -> Review:
    """A first review of a movie by a customer who saw it; it waits for moderation."""
    rating, text = _clean(rating, text)
    if not may_review(customer, movie):
        raise ReviewError("You can review a movie once you have seen it with a booking here.")
    try:
        with transaction.atomic():
            return Review.objects.create(movie=movie, customer=customer, rating=rating, text=text)
    except IntegrityError as error:
        raise ReviewError("You have already reviewed this movie: edit your review instead.") from error


def review_edit(*, review: Review, rating, text: str) -> Review:
    """An edit goes back to moderation."""
    review.rating, review.text = _clean(rating, text)
    review.status = Review.Status.PENDING
    review.save(update_fields=["rating", "text", "status", "updated_at"])
    return review


def review_moderate(*, review: Review, status: str) -> Review:
    if status not in (Review.Status.APPROVED, Review.Status.HIDDEN):
        raise ReviewError("Approve or hide.")
    review.status = status
    review.save(update_fields=["status", "updated_at"])
    return review


@transaction.atomic
def review_answer(*, review: Review, answer: str, by) -> Review:
    """A public answer under the review; the customer is told."""
    answer = (answer or "").strip()
    if not answer:
        raise ReviewError("Write the answer first.")
    review.answer, review.answered_by, review.answered_at = answer[:3000], by, timezone.now()
    review.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    notifications.notify(
        user=review.customer,
        kind=Kind.MESSAGES,
        title=f"The theater answered your review of {review.movie}",
        body=answer[:300],
        url=review.movie.get_absolute_url(),
    )
    return review


def review_delete(*, review: Review) -> None:
    """A customer takes back their review, or a moderator removes one."""
    review.delete()
