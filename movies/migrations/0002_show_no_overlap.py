"""Forbid overlapping scheduled shows in one auditorium, in PostgreSQL itself.

The scheduling service already checks under a row lock; this constraint is the last word
when two moderators save at the same moment. SQLite (development) relies on the service.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE movies_show ADD CONSTRAINT show_no_overlap EXCLUDE USING gist (
    auditorium_id WITH =,
    tstzrange(starts_at, blocked_until, '[)') WITH &&
) WHERE (status = 'scheduled');
"""
DROP = "ALTER TABLE movies_show DROP CONSTRAINT IF EXISTS show_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("movies", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
