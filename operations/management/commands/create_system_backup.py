import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.services import BackupError, backup_create


def at_least_one(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more (not {value!r})")
    return int(value)


def size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return ""


class Command(BaseCommand):
    help = (
        "Back up the database (a consistent dump while the site runs) and, when asked, the media files, "
        "with a manifest of sizes, SHA-256 checksums, app version and migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backup-dir", help="Directory to write the backup into (default: backups/ beside manage.py)."
        )
        parser.add_argument("--include-media", action="store_true", help="Also back up the uploaded files.")
        parser.add_argument("--compress", action="store_true", help="gzip the database dump and media archive.")
        parser.add_argument(
            "--keep", type=at_least_one, metavar="N", help="Then delete all but the newest N backups there."
        )

    def handle(self, *args, **options):
        default = options["backup_dir"] is None
        backup_dir = Path(settings.BASE_DIR) / "backups" if default else Path(options["backup_dir"])
        try:
            backup = backup_create(
                backup_dir=backup_dir,
                include_media=options["include_media"],
                compress=options["compress"],
                keep=options["keep"],
                default_dir=default,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{entry['name']} {size(entry['size'])}" for entry in backup.manifest["files"])
        self.stdout.write(f"Backup written to {backup.path} ({files}).")
        if backup.pruned:
            names = ", ".join(path.name for path in backup.pruned)
            self.stdout.write(f"Deleted {len(backup.pruned)} older backup(s) (--keep {options['keep']}): {names}.")
