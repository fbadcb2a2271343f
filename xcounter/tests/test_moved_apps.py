"""Reviews, support threads and feedback moved into their own apps: a theater that upgrades keeps
every row, under the new apps' tables (issue 11, point 3)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The last migrations before the move; the new apps did not exist yet.
BEFORE = [
    ("movies", "0004_show_prices_money"),
    ("notifications", "0005_feedback"),
    ("reviews", None),
    ("support", None),
    ("feedback", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_theater_keeps_its_reviews_threads_and_feedback():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        customer = old.get_model("users", "User").objects.create(email="fan@example.com", full_name="Fan")
        movie = old.get_model("movies", "Movie").objects.create(
            title="Paper Lanterns", slug="paper-lanterns", duration_minutes=90, release_date=timezone.localdate()
        )
        old.get_model("movies", "Review").objects.create(movie=movie, customer=customer, rating=4, text="Kept")
        thread = old.get_model("notifications", "Thread").objects.create(customer=customer, subject="Umbrella")
        old.get_model("notifications", "Message").objects.create(thread=thread, author=customer, body="Red one")
        old.get_model("notifications", "Feedback").objects.create(author=customer, text="More popcorn")

        new = migrate(latest)
    finally:
        migrate(latest)

    reviews = new.get_model("reviews", "Review").objects.values_list("movie__title", "customer__email", "text")
    assert list(reviews) == [("Paper Lanterns", "fan@example.com", "Kept")]
    thread = new.get_model("support", "Thread").objects.get()
    assert (thread.subject, [m.body for m in thread.messages.all()]) == ("Umbrella", ["Red one"])
    assert new.get_model("feedback", "Feedback").objects.get().text == "More popcorn"
    tables = set(connection.introspection.table_names())
    assert {"reviews_review", "support_thread", "support_message", "feedback_feedback"} <= tables
    assert not {"movies_review", "notifications_thread", "notifications_message", "notifications_feedback"} & tables
