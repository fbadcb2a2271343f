"""The outbox moves to its own app (which imports none above it).

Its table stays as it is; here an offer's mails trade their links to the offer and the recipient
for the outbox's own words for them — a `renderer` that renders the mail per recipient when it is
sent and a `batch` the offers page counts by — before those columns go. Then notifications lets go
of the model; outbox/0001 takes the same table over and renames it.
"""

from django.db import migrations, models
from django.db.models.functions import Cast, Coalesce, Concat

RENDERER = "notifications.offers.render_offer:"


def links_to_renderer_and_batch(apps, schema_editor):
    OutboundEmail = apps.get_model("notifications", "OutboundEmail")
    as_text = lambda field: Coalesce(Cast(field, models.CharField()), models.Value(""))  # noqa: E731
    OutboundEmail.objects.filter(offer__isnull=False).update(
        renderer=Concat(models.Value(RENDERER), as_text("offer_id"), models.Value(":"), as_text("user_id")),
        batch=Concat(models.Value("offer:"), as_text("offer_id")),
    )


def renderer_back_to_links(apps, schema_editor):
    OutboundEmail = apps.get_model("notifications", "OutboundEmail")
    Offer = apps.get_model("notifications", "Offer")
    emails = OutboundEmail.objects.filter(renderer__startswith=RENDERER)
    for email in emails.only("renderer").iterator():
        offer_id, _, user_id = email.renderer.removeprefix(RENDERER).partition(":")
        if Offer.objects.filter(pk=offer_id).exists():
            email.offer_id, email.user_id = int(offer_id), int(user_id) if user_id else None
            email.save(update_fields=["offer", "user"])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_feedback"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="renderer",
            field=models.CharField(
                blank=True,
                help_text="module.function:argument that renders the text and HTML when sending (instead of the bodies)",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="outboundemail",
            name="batch",
            field=models.CharField(
                blank=True, help_text="Groups the mails of one send-out, e.g. offer:12", max_length=50
            ),
        ),
        migrations.AddIndex(
            model_name="outboundemail",
            index=models.Index(fields=["batch", "status"], name="outbox_batch"),
        ),
        migrations.RunPython(links_to_renderer_and_batch, renderer_back_to_links),
        migrations.RemoveField(model_name="outboundemail", name="offer"),
        migrations.RemoveField(model_name="outboundemail", name="user"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboundEmail")],
            database_operations=[],
        ),
    ]
