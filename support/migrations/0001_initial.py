"""Thread and Message moved here from notifications, on their existing tables (renamed in 0002)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('notifications', '0003_thread_message_thread_thread_inbox'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is already there: only Django's picture of it moves.
            state_operations=[
                migrations.CreateModel(
                    name='Thread',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('topic', models.CharField(choices=[('query', 'Question'), ('complaint', 'Complaint'), ('feedback', 'Feedback')], default='query', max_length=10)),
                        ('subject', models.CharField(max_length=150)),
                        ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=8)),
                        ('staff_unread', models.BooleanField(default=True)),
                        ('customer_unread', models.BooleanField(default=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('last_message_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_threads', to=settings.AUTH_USER_MODEL)),
                        ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='support_threads', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'notifications_thread',
                        'ordering': ['-last_message_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Message',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=5000)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='support.thread')),
                    ],
                    options={
                        'db_table': 'notifications_message',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='thread',
                    index=models.Index(fields=['status', 'staff_unread', 'last_message_at'], name='thread_inbox'),
                ),
            ],
        ),
    ]
