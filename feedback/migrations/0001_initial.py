"""Feedback moved here from notifications, on its existing table (renamed in 0002)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('notifications', '0005_feedback'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is already there: only Django's picture of it moves.
            state_operations=[
                migrations.CreateModel(
                    name='Feedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('problem', 'Report a problem'), ('feedback', 'Feedback')], default='feedback', max_length=10)),
                        ('text', models.TextField(max_length=3000)),
                        ('page', models.CharField(blank=True, max_length=300)),
                        ('resolved', models.BooleanField(default=False)),
                        ('answer', models.TextField(blank=True, max_length=3000)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'notifications_feedback',
                        'ordering': ['resolved', '-created_at'],
                    },
                ),
            ],
        ),
    ]
