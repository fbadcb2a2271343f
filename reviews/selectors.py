"""Reads: who may review, what the movie page shows, the moderation queue."""

from django.db import connection
from django.db.models import Avg, Count, QuerySet
from django.http import Http404
from django.utils import timezone

from bookings.models import Booking
from movies.models import Movie, Show
from reviews.models import Review

# Plain SQL: it is asked on every movie page a customer opens, and building the same query
# through the ORM (a filter across two relations) cost more CPU than running it.
_MAY_REVIEW_SQL = """
    SELECT 1 FROM {booking} booking INNER JOIN {show} sh ON sh.id = booking.show_id
    WHERE booking.customer_id = %s AND booking.status = %s AND sh.movie_id = %s AND sh.starts_at <= %s
    LIMIT 1
"""


def may_review(customer, movie: Movie) -> bool:
    """Only a customer with a confirmed booking for a show of this movie that has started."""
    sql = _MAY_REVIEW_SQL.format(booking=Booking._meta.db_table, show=Show._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer.pk, Booking.Status.CONFIRMED.value, movie.pk, now])
        return cursor.fetchone() is not None


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
