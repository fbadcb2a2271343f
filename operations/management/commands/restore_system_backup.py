from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations.engines import ENGINE_NAMES
from operations.services import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by create_system_backup: checks its checksums, engine and migrations first, "
        "asks for confirmation, then replaces the database entirely or not at all (and the media files)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup's directory (backups/xcounter-20261129T031500Z).")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args, **options):
        try:
            checked = backup_check(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = checked.manifest
        engine = ENGINE_NAMES.get(manifest["database"]["engine"])
        media = "media" in checked.files
        self.stdout.write(
            f"Backup {manifest['name']}, made {manifest['created_at']} by XCounter {manifest['app_version']} "
            f"on {manifest.get('host', 'an unknown host')}: {engine} database{' and media files' if media else ''}. "
            "Checksums verified."
        )
        if options["interactive"]:
            where = f" and every file in {settings.MEDIA_ROOT}" if media else ""
            question = (
                f"This replaces everything in the database {connection.settings_dict['NAME']}{where} with this "
                "backup. Type 'yes' to continue: "
            )
            try:
                answer = input(question)
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            backup_restore(checked, on_step=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {manifest['name']}."))
        if checked.older_migrations:
            self.stdout.write(
                f"The backup predates {len(checked.older_migrations)} migration(s) of this code: "
                "run `python manage.py migrate` now."
            )
