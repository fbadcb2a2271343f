"""The moved tables take this app's name, and the content types follow (permissions and admin history
point at them; on a fresh database there are none yet)."""

from django.db import migrations

MODELS = ['review']


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
        ('reviews', '0001_initial'),
        ('movies', '0005_review_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(name='review', table=None),
        migrations.RunPython(content_types_to('reviews', 'movies'), content_types_to('movies', 'reviews')),
    ]
