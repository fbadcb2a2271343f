from django.db import migrations

from promotions.defaults import DEFAULT_TIERS


def create(apps, schema_editor):
    Tier = apps.get_model("promotions", "Tier")
    for name, min_tickets, percent in DEFAULT_TIERS:
        Tier.objects.get_or_create(name=name, defaults={"min_tickets": min_tickets, "percent_off": percent})


class Migration(migrations.Migration):
    dependencies = [("promotions", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
