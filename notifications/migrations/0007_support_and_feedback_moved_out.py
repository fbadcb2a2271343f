"""Thread, Message and Feedback moved to the support and feedback apps (their 0001 took over the
tables): forget them here, keep the rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0006_outbox_moved_out'),
        ('support', '0001_initial'),
        ('feedback', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Message'),
                migrations.DeleteModel(name='Thread'),
                migrations.DeleteModel(name='Feedback'),
            ],
        ),
    ]
