"""Reads: who may review, what the movie page shows, the moderation queue."""

from django.db.models import Avg, Count, QuerySet
from django.http import Http404
from django.utils import timezone

from bookings.models import Booking
from movies.models import Movie
from reviews.models import Review


def may_review(customer, movie: Movie) -> bool:
    """Only a customer with a confirmed booking for a show of this movie that has started."""
    return Booking.objects.filter(
        customer=customer, status=Booking.Status.CONFIRMED, show__movie=movie, show__starts_at__lte=timezone.now()
    ).exists()


def published_reviews(movie: Movie) -> QuerySet[Review]:
    return movie.reviews.filter(status=Review.Status.APPROVED).select_related("customer", "answered_by")


def rating_summary(movie: Movie) -> dict:
    return movie.reviews.filter(status=Review.Status.APPROVED).aggregate(average=Avg("rating"), count=Count("pk"))


def moderation_queue(status: str = Review.Status.PENDING) -> QuerySet[Review]:
    return Review.objects.filter(status=status).select_related("movie", "customer").order_by("created_at")


def reviews_by(customer) -> QuerySet[Review]:
    return Review.objects.filter(customer=customer).select_related("movie")


def review_by(customer, movie: Movie) -> Review | None:
    return Review.objects.filter(movie=movie, customer=customer).first()


def own_review(customer, pk: int) -> Review:
    review = reviews_by(customer).filter(pk=pk).first()
    if review is None:
        raise Http404("No such review")
    return review
