"""The movie page's reviews. Movies sit below reviews and do not import them: the movie page's
template asks for its reviews here (`{% load reviews %}{% movie_reviews movie as reviews %}`)."""

from dataclasses import dataclass

from django import template

from movies.cache import catalog_cached
from reviews import selectors
from users.models import Role

register = template.Library()


@dataclass
class MovieReviews:
    published: list
    rating: dict
    can_review: bool


@register.simple_tag(takes_context=True)
def movie_reviews(context, movie) -> MovieReviews:
    """Published reviews and the average rating (cached with the catalog; a review change clears
    it), and whether the signed-in customer may write one."""

    def compute():
        return list(selectors.published_reviews(movie)), selectors.rating_summary(movie)

    published, rating = catalog_cached("movie-reviews", {"movie": movie.pk}, compute)
    user = context["request"].user
    can_review = user.is_authenticated and user.role == Role.CUSTOMER and selectors.may_review(user, movie)
    return MovieReviews(published=published, rating=rating, can_review=can_review)
