"""Before a restore changes anything, the backup is checked: its files against the manifest's sizes
and SHA-256 checksums, its engine against the site's, its migrations against the code's. Each
refusal here is the message `restore_system_backup` prints before exiting non-zero (the command
itself is run on scratch databases in test_restore.py)."""

import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from operations import engines
from operations.services import BackupError, backup_check


@pytest.fixture
def made(db, tmp_path) -> Path:
    call_command("create_system_backup", f"--backup-dir={tmp_path}", "--include-media", stdout=io.StringIO())
    (path,) = tmp_path.iterdir()
    return path


def edit(backup: Path, change) -> None:
    manifest = json.loads((backup / "manifest.json").read_text())
    change(manifest)
    (backup / "manifest.json").write_text(json.dumps(manifest))


def refused(path, message: str) -> None:
    with pytest.raises(BackupError) as error:
        backup_check(path)
    assert message in str(error.value)


def test_a_good_backup_passes_by_its_directory_or_its_manifest(made):
    assert backup_check(made).files["database"]["name"] == engines.DUMP_NAMES[connection.vendor]
    assert backup_check(made / "manifest.json").path == made
    assert backup_check(made).older_migrations == []


def test_no_backup_there(tmp_path):
    refused(tmp_path / "nowhere", "There is no backup at")
    (tmp_path / "empty").mkdir()
    refused(tmp_path / "empty", "has no manifest.json: it is not a complete backup")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "xcounter-backup/1", "files": [', "cannot be read"),
        (b"\xff\xfe\x00", "cannot be read"),
        ('["a list"]', "is not an XCounter backup manifest"),
        ('{"format": "something-else/9"}', "is not an XCounter backup manifest"),
        ('{"format": "xcounter-backup/1", "files": []}', "is incomplete: the backup is damaged"),
    ],
)
def test_a_damaged_manifest(made, text, message):
    manifest = made / "manifest.json"
    manifest.write_bytes(text if isinstance(text, bytes) else text.encode())
    refused(made, message)


def test_a_manifest_naming_a_file_outside_the_backup(made):
    edit(made, lambda manifest: manifest["files"][0].update(name="../../etc/passwd"))
    refused(made, "is incomplete: the backup is damaged")


def test_a_missing_file(made):
    (made / "media.tar").unlink()
    refused(made, "media.tar is missing from the backup")


def test_a_truncated_file(made):
    dump = made / engines.DUMP_NAMES[connection.vendor]
    dump.write_bytes(dump.read_bytes()[:-1])
    refused(made, "the file is truncated or damaged. Nothing was restored.")


def test_a_checksum_mismatch(made):
    dump = made / engines.DUMP_NAMES[connection.vendor]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0x01
    dump.write_bytes(bytes(data))
    refused(made, "does not match its SHA-256 checksum in the manifest: the file was changed or damaged")


def test_newer_migrations(made):
    # An app this code does not have yet (the sales app, which once served here, now exists).
    edit(made, lambda manifest: manifest["migrations"].setdefault("lounge", []).append("0001_initial"))
    refused(made, "This backup comes from a newer version of XCounter")
    refused(made, "this code does not know its migrations lounge.0001_initial. Install that version")


def test_another_engine(made):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    edit(made, lambda manifest: manifest["database"].update(engine=other))
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    refused(made, f"This backup is of a {names[other]} database and this site runs on {names[connection.vendor]}")


def test_older_migrations_are_listed_for_migrate(made):
    edit(made, lambda manifest: manifest["migrations"]["movies"].remove("0006_show_archived_at"))
    assert backup_check(made).older_migrations == ["movies.0006_show_archived_at"]


# --- SQLite: a fresh file, then one rename --------------------------------------------------------------
# (No database marker: the restore closes every connection before its swap, and these touch only
# files of their own.)


@pytest.fixture
def live_sqlite(tmp_path):
    """A connection to an SQLite file of its own (never the suite's database)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "live.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE django_migrations (id integer)")
        db.execute("INSERT INTO django_migrations VALUES (1)")
    db.close()
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}, alias="scratch")
    yield wrapper, path
    wrapper.close()


def test_an_sqlite_restore_that_fails_while_copying_leaves_the_database_as_it_was(live_sqlite, tmp_path, monkeypatch):
    wrapper, live = live_sqlite
    dump = tmp_path / "dump.sqlite3"
    with sqlite3.connect(dump) as db:
        db.execute("CREATE TABLE django_migrations (id integer)")
    db.close()
    before = hashlib.sha256(live.read_bytes()).hexdigest()

    def disk_full(source, target):
        Path(target).write_bytes(b"SQLite format 3\x00")  # a start, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    with pytest.raises(engines.EngineError, match="Could not put the restored database in place, so it is as it was"):
        engines.database_restore(wrapper, dump)

    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in live.parent.iterdir()) == ["dump.sqlite3", "live.sqlite3"]  # no half-copy left


def test_an_sqlite_restore_swaps_in_the_whole_dump(live_sqlite, tmp_path):
    wrapper, live = live_sqlite
    dump = tmp_path / "dump.sqlite3"
    with sqlite3.connect(dump) as db:
        db.execute("CREATE TABLE django_migrations (id integer)")
        db.executemany("INSERT INTO django_migrations VALUES (?)", [(2,), (3,)])
    db.close()
    engines.database_restore(wrapper, dump)
    with sqlite3.connect(live) as db:
        assert db.execute("SELECT id FROM django_migrations ORDER BY id").fetchall() == [(2,), (3,)]
    db.close()
