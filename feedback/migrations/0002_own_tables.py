"""The moved tables take this app's name, and the content types follow (permissions and admin history
point at them; on a fresh database there are none yet)."""

from django.db import migrations

MODELS = ['feedback']


def content_types_to(app_label, from_label):
    def move(apps, schema_editor):
        ContentType = apps.get_model('contenttypes', 'ContentType')
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        for model in MODELS:
            if not content_types.filter(app_label=app_label, model=model).exists():
                content_types.filter(app_label=from_label, model=model).update(app_label=app_label)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0001_initial'),
        ('notifications', '0007_support_and_feedback_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(name='feedback', table=None),
        migrations.RunPython(content_types_to('feedback', 'notifications'), content_types_to('notifications', 'feedback')),
    ]
