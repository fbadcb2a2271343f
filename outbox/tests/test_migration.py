"""The outbox moved out of notifications without losing a mail: a database from before the move
keeps its queued and sent mail, each offer's counts and its per-recipient rendering."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.offers import offers_with_progress
from outbox.models import OutboundEmail
from outbox.services import _message, outbox_deliver_due

BEFORE = [("notifications", "0005_feedback")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_mail_written_before_the_move_is_kept_and_offers_still_count_and_render_it(mailoutbox):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE).loader.project_state(BEFORE).apps
        user = old.get_model("users", "User").objects.create(email="fan@example.com", password="!")
        offer = old.get_model("notifications", "Offer").objects.create(
            subject="Half-price Tuesdays", body="All seats half price.", recipients=2
        )
        Email = old.get_model("notifications", "OutboundEmail")
        queued = Email.objects.create(to=user.email, subject=offer.subject, body_text="", offer=offer, user=user)
        Email.objects.create(to="left@example.com", subject=offer.subject, body_text="", offer=offer, status="sent")
        receipt = Email.objects.create(to=user.email, subject="Your booking", body_text="See you", status="failed")
    finally:
        _migrate(latest)

    assert OutboundEmail.objects.get(pk=receipt.pk).body_text == "See you"
    (progress,) = offers_with_progress()
    assert (progress.pk, progress.queued, progress.sent, progress.failed) == (offer.pk, 1, 1, 0)
    moved = OutboundEmail.objects.get(pk=queued.pk)
    message = _message(moved)
    # The same Message-ID as before the move, so a re-sent copy still folds into the first.
    assert message.extra_headers["Message-ID"].startswith(f"<outbox.{queued.pk}.{queued.created_at:%Y%m%d%H%M%S}@")
    assert "All seats half price." in message.body and "/notifications/unsubscribe/" in message.body
    assert outbox_deliver_due()["sent"] == 1 and [m.to for m in mailoutbox] == [[user.email]]
