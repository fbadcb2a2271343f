"""Review moved here from movies: the model on the existing movies_review table (renamed in 0002)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('movies', '0003_review'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table is already there: only Django's picture of it moves.
            state_operations=[
                migrations.CreateModel(
                    name='Review',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('text', models.TextField(max_length=3000)),
                        ('status', models.CharField(choices=[('pending', 'Waiting for moderation'), ('approved', 'Published'), ('hidden', 'Hidden')], default='pending', max_length=10)),
                        ('answer', models.TextField(blank=True, max_length=3000)),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('customer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to=settings.AUTH_USER_MODEL)),
                        ('movie', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='movies.movie')),
                    ],
                    options={
                        'db_table': 'movies_review',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['movie', 'status'], name='review_movie_status')],
                        'constraints': [models.UniqueConstraint(fields=('movie', 'customer'), name='one_review_per_movie'), models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='rating_1_to_5')],
                    },
                ),
            ],
        ),
    ]
