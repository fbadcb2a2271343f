"""Review moved to the reviews app (reviews 0001 took over its table): forget it here, keep the rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('movies', '0004_show_prices_money'),
        ('reviews', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Review')],
        ),
    ]
