"""`create_system_backup`: what a backup holds, --keep, and every bad input (a clear message, a
non-zero exit, and never an unfinished backup left looking complete).

A backup only reads the database, so these run in-process on the suite's own database (SQLite,
or PostgreSQL in CI); restores run on scratch databases (test_restore.py)."""

import errno
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from operations import engines, services

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def backup(*args) -> str:
    out = io.StringIO()
    call_command("create_system_backup", *args, stdout=out)
    return out.getvalue()


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def manifest_of(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text())


@pytest.fixture
def backups(tmp_path) -> Path:
    path = tmp_path / "backups"
    path.mkdir()
    return path


@pytest.fixture
def poster(settings) -> bytes:
    data = b"\x89PNG pretend poster"
    (Path(settings.MEDIA_ROOT) / "posters").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "posters" / "reel.png").write_bytes(data)
    return data


def test_a_backup_is_a_complete_directory_named_by_utc_time_with_a_manifest(backups):
    output = backup(f"--backup-dir={backups}")

    (made,) = backups.iterdir()  # nothing else: no temporary leftovers
    assert re.fullmatch(r"xcounter-\d{8}T\d{6}Z", made.name)
    taken = datetime.strptime(made.name, "xcounter-%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - taken) < timedelta(minutes=1)
    assert f"Backup written to {made}" in output
    dump = engines.DUMP_NAMES[connection.vendor]
    assert listing(made) == sorted([dump, "manifest.json"])

    manifest = manifest_of(made)
    assert manifest["format"] == "xcounter-backup/1"
    assert manifest["created_at"] == taken.strftime("%Y-%m-%dT%H:%M:%SZ")
    described = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=ROOT, capture_output=True)
    assert manifest["app_version"] == described.stdout.decode().strip()
    assert manifest["database"]["engine"] == connection.vendor
    assert "bookings_booking" in manifest["database"]["tables"]
    assert "0006_show_archived_at" in manifest["migrations"]["movies"]
    (entry,) = manifest["files"]
    data = (made / dump).read_bytes()
    assert entry == {
        "name": dump,
        "kind": "database",
        "compressed": False,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    engines.dump_check(connection.vendor, made / dump)  # a dump the engine's own tools read


def test_compress_and_include_media(backups, poster):
    backup(f"--backup-dir={backups}", "--include-media", "--compress")

    (made,) = backups.iterdir()
    dump = engines.DUMP_NAMES[connection.vendor] + ".gz"
    assert listing(made) == sorted([dump, "manifest.json", "media.tar.gz"])
    entries = {entry["name"]: entry for entry in manifest_of(made)["files"]}
    for name in (dump, "media.tar.gz"):
        stored = (made / name).read_bytes()
        assert entries[name]["compressed"] is True
        assert (entries[name]["size"], entries[name]["sha256"]) == (len(stored), hashlib.sha256(stored).hexdigest())
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress((made / "media.tar.gz").read_bytes()))) as tar:
        assert tar.extractfile("media/posters/reel.png").read() == poster
        assert entries["media.tar.gz"]["members"] == len(tar.getmembers())
    plain = backups / "plain-dump"
    plain.write_bytes(gzip.decompress((made / dump).read_bytes()))
    engines.dump_check(connection.vendor, plain)


def fake_backup(directory: Path, name: str, complete: bool = True) -> Path:
    path = directory / name
    path.mkdir()
    if complete:
        (path / "manifest.json").write_text("{}")
    return path


def test_keep_deletes_all_but_the_newest_complete_backups_and_nothing_else(backups):
    for name in ("xcounter-20250101T030000Z", "xcounter-20250102T030000Z", "xcounter-20250103T030000Z"):
        fake_backup(backups, name)
    others = [
        fake_backup(backups, "xcounter-20240101T030000Z", complete=False),  # no manifest: not ours to judge
        fake_backup(backups, ".xcounter-20250104T030000Z.partial-1a2b3c4d"),  # another run's unfinished one
        fake_backup(backups, "holiday-photos"),
    ]
    (backups / "notes.txt").write_text("keep me")

    output = backup(f"--backup-dir={backups}", "--keep", "2")

    new = [
        p.name for p in backups.iterdir() if re.fullmatch(r"xcounter-\d{8}T\d{6}Z", p.name) and p.name > "xcounter-2026"
    ]
    assert len(new) == 1
    assert listing(backups) == sorted([*new, "xcounter-20250103T030000Z", *(p.name for p in others), "notes.txt"])
    assert "Deleted 2 older backup(s) (--keep 2): xcounter-20250101T030000Z, xcounter-20250102T030000Z." in output


def test_the_default_directory_is_backups_beside_manage_py(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    backup()
    (made,) = (tmp_path / "backups").iterdir()
    assert (made / "manifest.json").is_file()


# --- Bad input ---------------------------------------------------------------------------------------


def test_a_backup_directory_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(CommandError, match="The backup directory .*/missing does not exist"):
        backup(f"--backup-dir={tmp_path / 'missing'}")
    assert listing(tmp_path) == []


def test_a_backup_directory_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(CommandError, match="is not a directory"):
        backup(f"--backup-dir={tmp_path / 'file'}")


@contextmanager
def read_only(path: Path):
    """Not writable for this user; root ignores permission bits, so as root the directory is also
    made immutable (chattr +i), which root cannot write either."""
    path.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(0o755)


def test_a_backup_directory_that_cannot_be_written_is_refused(backups):
    with read_only(backups), pytest.raises(CommandError, match=f"Cannot write in the backup directory {backups}"):
        backup(f"--backup-dir={backups}")
    assert listing(backups) == []


class FullDisk:
    """A file on a disk that fills up after a few bytes."""

    def __init__(self, out, path: Path):
        self.out, self.path, self.room = out, path, 100

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
        self.room -= len(data)
        return self.out.write(data)

    def __getattr__(self, name):
        return getattr(self.out, name)


@pytest.mark.parametrize("failing", ["database", "media.tar", "manifest.json"])
def test_a_full_disk_leaves_no_backup_and_keeps_the_older_ones(backups, poster, monkeypatch, failing):
    backup(f"--backup-dir={backups}")
    (made,) = backups.iterdir()
    older = made.rename(backups / "xcounter-20250101T030000Z")  # a good older backup
    writer = services.open_backup_file

    @contextmanager
    def filling_up(path, *, compress):
        with writer(path, compress=compress) as out:
            yield FullDisk(out, path) if path.name.startswith(failing) else out

    monkeypatch.setattr(services, "open_backup_file", filling_up)

    with pytest.raises(CommandError) as refused:
        backup(f"--backup-dir={backups}", "--include-media", "--keep", "1")

    assert "The backup failed and nothing was kept (older backups are untouched): No space left on device" in str(
        refused.value
    )
    assert listing(backups) == [older.name]  # no unfinished backup, and --keep 1 deleted nothing


@pytest.mark.parametrize("keep", ["0", "-1", "abc", ""])
def test_keep_must_be_a_whole_number_of_one_or_more(backups, keep):
    with pytest.raises(CommandError, match=f"argument --keep: must be a whole number, 1 or more \\(not '{keep}'\\)"):
        backup(f"--backup-dir={backups}", f"--keep={keep}")
    assert listing(backups) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--backup-dir=/nonexistent/backups"], "The backup directory /nonexistent/backups does not exist"),
        (["--keep=abc"], "argument --keep: must be a whole number, 1 or more (not 'abc')"),
    ],
)
def test_bad_input_exits_non_zero_without_a_traceback(args, message):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "create_system_backup", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
