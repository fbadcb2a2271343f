"""The restore is proven: seed → back up → change and delete data → restore → the same theater.

The commands run as an operator runs them (`manage.py` in a subprocess) on a scratch database of
each engine this machine has (see conftest.py). A refused or failed restore leaves the database
and the media files exactly as they were. (The checks that refuse a backup before any change are
also tested one by one, in-process, in test_check.py.)"""

import gzip
import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest

from operations.tests.conftest import sqlite_copy, sqlite_file
from operations.tests.scratch import Scratch

CHECKSUMMED = ("Booking", "Ticket", "Payment", "SalaryEntry")


def back_up(scratch: Scratch, backups: Path, *options: str) -> Path:
    backups.mkdir(exist_ok=True)
    before = set(backups.iterdir())
    result = scratch.manage("create_system_backup", f"--backup-dir={backups}", *options)
    assert result.returncode == 0, result.stderr
    (made,) = set(backups.iterdir()) - before
    return made


def restore(scratch: Scratch, backup: Path, *options: str, input: str | None = None):
    return scratch.manage("restore_system_backup", str(backup), *options, input=input)


def refused(result, message: str) -> None:
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def edit_manifest(backup: Path, change) -> None:
    manifest = json.loads((backup / "manifest.json").read_text())
    change(manifest)
    (backup / "manifest.json").write_text(json.dumps(manifest))


def rewrite(backup: Path, name: str, data: bytes) -> None:
    """Damage a file *and* its manifest entry, as if it was damaged before it was checksummed."""
    (backup / name).write_bytes(data)

    def entry(manifest):
        (item,) = [item for item in manifest["files"] if item["name"] == name]
        item["size"], item["sha256"] = len(data), hashlib.sha256(data).hexdigest()

    edit_manifest(backup, entry)


def cut_dump(backup: Path) -> Path:
    """A copy of the backup whose database dump ends too soon. Its manifest matches, so the restore
    gets as far as the database: PostgreSQL's archive still has its whole table of contents, so
    pg_restore starts and fails half-way; SQLite's fresh copy fails its integrity check."""
    damaged = backup.with_name(backup.name + "-damaged")
    shutil.copytree(backup, damaged)
    (name,) = [p.name for p in damaged.iterdir() if p.name.startswith("database.")]
    data = (damaged / name).read_bytes()
    compressed = name.endswith(".gz")
    dump = gzip.decompress(data) if compressed else data
    dump = dump[:-200] if ".pgdump" in name else dump[: len(dump) // 2]
    rewrite(damaged, name, gzip.compress(dump) if compressed else dump)
    return damaged


# Each engine once, between them every option: --compress and typing "yes" on SQLite,
# no compression and --no-input on PostgreSQL (SQLite's refusals below use those too).
OPTIONS = {
    "sqlite": (["--include-media", "--compress"], [], "yes\n"),
    "postgresql": (["--include-media"], ["--no-input"], None),
}


def test_round_trip_restores_every_row_and_every_media_file(scratch, tmp_path):
    backup_options, restore_options, typed = OPTIONS[scratch.engine]
    original = scratch.call("fingerprint")
    assert original["rows"]["bookings_booking"] >= 5 and original["rows"]["employees_salaryentry"] >= 5
    assert any(name.startswith("posters/") for name in original["media"])
    backup = back_up(scratch, tmp_path / "backups", *backup_options)

    scratch.call("mutate")
    changed = scratch.call("fingerprint")
    assert all(changed["checksums"][model] != original["checksums"][model] for model in CHECKSUMMED)
    assert changed["rows"] != original["rows"] and changed["media"] != original["media"]

    # A restore that fails half-way changes nothing: no half-restored database, no lost media.
    failed = restore(scratch, cut_dump(backup), *restore_options, input=typed)
    refused(failed, "Nothing was restored" if scratch.engine == "sqlite" else "the database is as it was")
    assert scratch.call("fingerprint") == changed

    result = restore(scratch, backup, *restore_options, input=typed)

    assert result.returncode == 0, result.stderr
    assert f"Restored {backup.name}." in result.stdout
    assert scratch.call("fingerprint") == original


# --- The command on SQLite: refusals exit non-zero with a message, and change nothing ------------------


@pytest.fixture(scope="session")
def after_backup(sqlite_template, tmp_path_factory):
    """Built once: a backup with media, one compressed without, then changes made after them."""
    place = tmp_path_factory.mktemp("after-backup")
    scratch = sqlite_copy(sqlite_template, place)
    with_media = back_up(scratch, place / "backups", "--include-media")
    compressed = back_up(scratch, place / "compressed", "--compress")
    scratch.call("mutate")
    return place, with_media.name, compressed.name


@pytest.fixture
def changed(after_backup, tmp_path):
    """A copy of `after_backup` to ruin: (scratch, backup with media, compressed backup, state)."""
    place, with_media, compressed = after_backup
    for folder in ("backups", "compressed", "media"):
        shutil.copytree(place / folder, tmp_path / folder)
    shutil.copyfile(place / "db.sqlite3", tmp_path / "db.sqlite3")
    scratch = Scratch("sqlite", f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "media")
    return scratch, tmp_path / "backups" / with_media, tmp_path / "compressed" / compressed, state(scratch)


def state(scratch: Scratch) -> tuple[str, dict]:
    """The SQLite file's bytes and the media files: a refused restore changes neither."""
    media = {str(p.relative_to(scratch.media)): p.read_bytes() for p in scratch.media.rglob("*") if p.is_file()}
    return hashlib.sha256(sqlite_file(scratch).read_bytes()).hexdigest(), media


def test_answering_no_or_nothing_cancels(changed):
    scratch, backup, _, before = changed
    refused(restore(scratch, backup, input="no\n"), "Restore cancelled: nothing was changed.")
    refused(restore(scratch, backup, input=""), "Restore cancelled: nothing was changed.")
    assert state(scratch) == before


def test_a_checksum_mismatch_is_refused(changed):
    scratch, backup, _, before = changed
    media = backup / "media.tar"
    data = bytearray(media.read_bytes())
    data[600] ^= 0xFF  # same size, one byte changed
    media.write_bytes(bytes(data))
    refused(restore(scratch, backup, "--no-input"), "media.tar does not match its SHA-256 checksum")
    assert state(scratch) == before


def test_a_truncated_backup_file_is_refused(changed):
    scratch, _, compressed, before = changed
    dump = compressed / "database.sqlite3.gz"
    dump.write_bytes(dump.read_bytes()[:-100])
    refused(restore(scratch, compressed, "--no-input"), "the file is truncated or damaged. Nothing was restored.")
    assert state(scratch) == before


def test_a_corrupt_compressed_file_is_refused(changed):
    scratch, _, compressed, before = changed
    rewrite(compressed, "database.sqlite3.gz", b"\x1f\x8b not really gzip")
    refused(restore(scratch, compressed, "--no-input"), "database.sqlite3.gz is damaged")
    assert state(scratch) == before


def without_last_member(tar: bytes) -> bytes:
    """The archive as if cut short at a header, which tarfile reads as a whole (shorter) archive."""
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(tar)) as source, tarfile.open(fileobj=out, mode="w") as copy:
        for member in source.getmembers()[:-1]:
            copy.addfile(member, source.extractfile(member) if member.isfile() else None)
    return out.getvalue()


def test_a_corrupt_media_archive_is_refused_before_the_database_is_touched(changed):
    scratch, backup, _, before = changed
    whole = (backup / "media.tar").read_bytes()
    rewrite(backup, "media.tar", b"not a tar archive" * 100)
    refused(restore(scratch, backup, "--no-input"), "The media archive cannot be unpacked")
    rewrite(backup, "media.tar", without_last_member(whole))
    refused(restore(scratch, backup, "--no-input"), "the archive is damaged. Nothing was restored.")
    assert state(scratch) == before
    assert [p.name for p in scratch.media.parent.iterdir() if ".restore-" in p.name] == []


def test_a_backup_from_newer_migrations_is_refused(changed):
    scratch, backup, _, before = changed
    edit_manifest(backup, lambda manifest: manifest["migrations"]["bookings"].append("9999_from_the_future"))
    refused(
        restore(scratch, backup, "--no-input"), "this code does not know its migrations bookings.9999_from_the_future"
    )
    assert state(scratch) == before


def test_a_backup_from_older_migrations_is_restored_and_says_to_migrate(changed):
    scratch, _, compressed, before = changed
    edit_manifest(compressed, lambda manifest: manifest["migrations"]["movies"].remove("0006_show_archived_at"))
    result = restore(scratch, compressed, "--no-input")
    assert result.returncode == 0, result.stderr
    assert "The backup predates 1 migration(s) of this code: run `python manage.py migrate` now." in result.stdout
    # That backup holds no media: the files are left as they are.
    assert state(scratch)[1] == before[1]


def test_a_backup_of_another_database_engine_is_refused(changed):
    scratch, backup, _, before = changed
    edit_manifest(backup, lambda manifest: manifest["database"].update(engine="postgresql"))
    refused(
        restore(scratch, backup, "--no-input"), "This backup is of a PostgreSQL database and this site runs on SQLite"
    )
    assert state(scratch) == before
