"""Reviews: only after seeing the movie, one per movie, moderated, answered, shown escaped."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from bookings.tests.factories import confirmed
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from notifications.models import Notification
from reviews import services
from reviews.models import Review
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen():
    """A customer whose show of the movie has started."""
    movie = MovieFactory(title="Winter Harbour", slug="winter-harbour")
    show = make_show(movie=movie, starts_at=timezone.now() + timedelta(hours=2))
    booking = confirmed(show, "A1")
    return movie, booking.customer, show


def write(client, movie, **data):
    return client.post(reverse("reviews:write", args=[movie.slug]), data, follow=True)


def test_review_after_the_show_then_moderation_then_answer(client, sign_in, seen, django_capture_on_commit_callbacks):
    movie, customer, show = seen
    sign_in(customer)
    with freeze_time(show.starts_at + timedelta(hours=3)):
        assert reverse("reviews:write", args=[movie.slug]) in client.get(movie.get_absolute_url()).content.decode()
        response = write(client, movie, rating=4, text="Lovely <b>storm</b> scenes <script>alert(1)</script>")
    assert "appears once a moderator has read it" in response.content.decode()
    review = Review.objects.get()
    assert (review.rating, review.status) == (4, "pending")
    assert "Lovely" not in client.get(movie.get_absolute_url()).content.decode()  # not yet published

    moderator = UserFactory(role=Role.MODERATOR)
    with django_capture_on_commit_callbacks(execute=True):  # the cached movie page is refreshed on commit
        services.review_moderate(review=review, status="approved")
        services.review_answer(review=review, answer="Thanks, come again!", by=moderator)
    page = client.get(movie.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)</script>" not in page
    assert "Thanks, come again!" in page and "<strong>4.0</strong> / 5 · 1 review" in page
    assert Notification.objects.filter(user=customer, title__contains="answered your review").exists()


def test_no_review_without_having_seen_the_movie(client, sign_in, seen):
    movie, customer, show = seen
    sign_in(customer)
    response = write(client, movie, rating=5, text="Can't wait")  # show has not started yet
    assert "once you have seen it" in response.content.decode()
    client.logout()
    sign_in(UserFactory())
    assert "once you have seen it" in write(client, movie, rating=5, text="Never went").content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("rating", "message"),
    [("0", "Select a valid choice"), ("6", "Select a valid choice"), ("x", "Select a valid choice")],
)
def test_a_rating_outside_one_to_five_is_explained(client, sign_in, seen, rating, message):
    movie, customer, show = seen
    sign_in(customer)
    with freeze_time(show.starts_at + timedelta(hours=3)):
        assert message in write(client, movie, rating=rating, text="Hmm").content.decode()
    assert not Review.objects.exists()


def test_one_review_per_movie_and_an_edit_goes_back_to_moderation(client, sign_in, seen):
    movie, customer, show = seen
    sign_in(customer)
    with freeze_time(show.starts_at + timedelta(hours=3)):
        write(client, movie, rating=3, text="Fine")
        review = Review.objects.get()
        services.review_moderate(review=review, status="approved")
        with pytest.raises(services.ReviewError, match="already reviewed"):
            services.review_write(customer=customer, movie=movie, rating=5, text="Again")
        write(client, movie, rating=5, text="Better on a second thought")
    review.refresh_from_db()
    assert (review.rating, review.status, Review.objects.count()) == (5, "pending", 1)


def test_customers_delete_only_their_own_reviews(client, sign_in, seen):
    movie, customer, show = seen
    with freeze_time(show.starts_at + timedelta(hours=3)):
        review = services.review_write(customer=customer, movie=movie, rating=2, text="Meh")
    sign_in(UserFactory())
    assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 404
    client.logout()
    sign_in(customer)
    client.post(reverse("reviews:delete", args=[review.pk]))
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.ADMIN, 200), (Role.MODERATOR, 200), (Role.SALESMAN, 403), (Role.CUSTOMER, 403)]
)
def test_moderation_queue_is_for_admins_and_moderators(client, sign_in, seen, role, status):
    movie, customer, show = seen
    with freeze_time(show.starts_at + timedelta(hours=3)):
        review = services.review_write(customer=customer, movie=movie, rating=5, text="Great")
    sign_in(UserFactory(role=role))
    assert client.get(reverse("reviews:queue")).status_code == status
    client.post(reverse("reviews:moderate", args=[review.pk]), {"action": "approved"})
    review.refresh_from_db()
    assert (review.status == "approved") == (status == 200)


@pytest.mark.parametrize(
    ("next_value", "lands_on"),
    [
        ("/manage/reviews/?status=hidden", "/manage/reviews/?status=hidden"),  # the queue it came from
        ("https://evil.example/", "/manage/reviews/"),
        ("//evil.example/path", "/manage/reviews/"),
        ("javascript:alert(document.cookie)", "/manage/reviews/"),
        ("/\\evil.example/", "/manage/reviews/"),
        (" ", "/manage/reviews/"),
        ("review_queue", "/manage/reviews/"),
        ("", "/manage/reviews/"),
    ],
)
def test_moderation_goes_back_only_to_a_page_of_this_site(client, sign_in, seen, next_value, lands_on):
    movie, customer, show = seen
    with freeze_time(show.starts_at + timedelta(hours=3)):
        review = services.review_write(customer=customer, movie=movie, rating=5, text="Great")
    sign_in(UserFactory(role=Role.MODERATOR))
    client.raise_request_exception = False
    response = client.post(reverse("reviews:moderate", args=[review.pk]), {"action": "approved", "next": next_value})
    assert (response.status_code, response["Location"]) == (302, lands_on)
    review.refresh_from_db()
    assert review.status == "approved"
