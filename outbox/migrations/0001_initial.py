"""The outbox takes over the table notifications created (rows, ids and Message-IDs kept), then
gives it its own name. See notifications/0006_outbox_moved_out."""

import django.utils.timezone
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    """Admin history and permissions of the outbox follow it to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="outbox", model="outboundemail").exists():
        ContentType.objects.filter(app_label="notifications", model="outboundemail").update(app_label="outbox")


def content_type_returns(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="notifications", model="outboundemail").exists():
        ContentType.objects.filter(app_label="outbox", model="outboundemail").update(app_label="notifications")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0006_outbox_moved_out"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboundEmail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("to", models.EmailField(max_length=254)),
                        ("subject", models.CharField(max_length=250)),
                        ("body_text", models.TextField()),
                        ("body_html", models.TextField(blank=True)),
                        (
                            "attachments",
                            models.CharField(
                                blank=True,
                                help_text="module.function:argument that builds the attachments when sending",
                                max_length=200,
                            ),
                        ),
                        (
                            "renderer",
                            models.CharField(
                                blank=True,
                                help_text="module.function:argument that renders the text and HTML when sending (instead of the bodies)",
                                max_length=200,
                            ),
                        ),
                        (
                            "batch",
                            models.CharField(
                                blank=True, help_text="Groups the mails of one send-out, e.g. offer:12", max_length=50
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("sending", "Sending"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=10,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("last_error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("sending_since", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "notifications_outboundemail",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
                            models.Index(fields=["batch", "status"], name="outbox_batch"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="outboundemail", table=None),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
