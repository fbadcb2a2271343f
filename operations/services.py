"""System backups: make one (database, media, manifest), prune old ones, check one, restore one.

A backup is a directory named by its UTC time, `xcounter-20261129T031500Z/`, holding the database
dump, the media files as a tar when asked, and `manifest.json` (sizes and SHA-256 checksums of
those files, the app version, the database engine, the applied migrations and the tables). It is
built under a hidden temporary name and renamed only when everything is written, so a directory
with a backup's name is always complete; a failure removes the unfinished one.
"""

import gzip
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from operations import engines

FORMAT = "xcounter-backup/1"
MANIFEST = "manifest.json"
NAME = re.compile(r"xcounter-\d{8}T\d{6}Z(-\d+)?")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why and what was kept."""


@dataclass
class Backup:
    path: Path
    manifest: dict
    pruned: list[Path]


# --- Writing ------------------------------------------------------------------------------------


@contextmanager
def open_backup_file(path: Path, *, compress: bool):
    """The one writer every backup file goes through (gzip-compressed when asked)."""
    with open(path, "wb") as raw:
        if compress:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
                yield packed
        else:
            yield raw
        raw.flush()
        os.fsync(raw.fileno())


def _file_entry(path: Path, kind: str, compressed: bool) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
    return {
        "name": path.name,
        "kind": kind,
        "compressed": compressed,
        "size": path.stat().st_size,
        "sha256": digest.hexdigest(),
    }


def _write_database(connection, workdir: Path, engine: str, compress: bool) -> dict:
    path = workdir / (engines.DUMP_NAMES[engine] + (".gz" if compress else ""))
    with engines.database_dump(connection, workdir) as dump, open_backup_file(path, compress=compress) as out:
        shutil.copyfileobj(dump, out, CHUNK)
    return _file_entry(path, "database", compress)


def _write_media(workdir: Path, compress: bool) -> dict:
    path = workdir / ("media.tar" + (".gz" if compress else ""))
    media_root = Path(settings.MEDIA_ROOT)
    with open_backup_file(path, compress=compress) as out, tarfile.open(fileobj=out, mode="w|") as tar:
        if media_root.is_dir():
            tar.add(media_root, arcname="media")
        else:  # nothing uploaded yet: an empty media directory
            info = tarfile.TarInfo("media")
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            tar.addfile(info)
        members = len(tar.getmembers())
    # The count tells a whole archive from one cut short at a header, which tarfile reads as its end.
    return {**_file_entry(path, "media", compress), "members": members}


def app_version() -> str:
    """`git describe` of the running code, or "unknown" where it is not a git checkout."""
    try:
        described = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return described.stdout.strip() if described.returncode == 0 and described.stdout.strip() else "unknown"


def applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _target_dir(backup_dir: Path, default: bool) -> Path:
    if default:  # our own `backups/` is made when missing; a directory the operator names must exist
        try:
            backup_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BackupError(f"Cannot create the backup directory {backup_dir}: {error.strerror}.") from error
    if not backup_dir.exists():
        raise BackupError(
            f"The backup directory {backup_dir} does not exist. Create it (writable by this user) "
            "or pass another --backup-dir."
        )
    if not backup_dir.is_dir():
        raise BackupError(f"The backup directory {backup_dir} is not a directory.")
    return backup_dir


def backup_create(
    *,
    backup_dir: Path,
    include_media: bool = False,
    compress: bool = False,
    keep: int | None = None,
    default_dir: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> Backup:
    """Write a complete backup into `backup_dir`, then keep only the newest `keep` ones."""
    if keep is not None and keep < 1:
        raise BackupError("--keep must be 1 or more: the backup just made is always kept.")
    backup_dir = _target_dir(Path(backup_dir).absolute(), default_dir)
    connection = connections[using]
    try:
        engine = engines.engine_of(connection)
    except engines.EngineError as error:
        raise BackupError(str(error)) from error

    created = datetime.now(UTC).replace(microsecond=0)
    name = created.strftime("xcounter-%Y%m%dT%H%M%SZ")
    final, n = backup_dir / name, 2
    while final.exists():  # two backups in one second
        final, n = backup_dir / f"{name}-{n}", n + 1
    workdir = backup_dir / f".{final.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        workdir.mkdir()
    except OSError as error:
        raise BackupError(f"Cannot write in the backup directory {backup_dir}: {error.strerror}.") from error

    try:
        manifest = {
            "format": FORMAT,
            "name": final.name,
            "created_at": created.isoformat().replace("+00:00", "Z"),
            "app_version": app_version(),
            "host": socket.gethostname(),
            "database": {
                "engine": engine,
                "name": str(connection.settings_dict["NAME"]),
                "tables": sorted(connection.introspection.table_names()),
            },
            "migrations": applied_migrations(connection),
            "files": [_write_database(connection, workdir, engine, compress)],
        }
        if include_media:
            manifest["files"].append(_write_media(workdir, compress))
        with open_backup_file(workdir / MANIFEST, compress=False) as out:
            out.write(json.dumps(manifest, indent=2).encode())
        workdir.rename(final)
        _sync_directory(backup_dir)
    except (OSError, tarfile.TarError, sqlite3.Error, DatabaseError, engines.EngineError) as error:
        reason = f"{error.strerror} ({error.filename})" if isinstance(error, OSError) and error.strerror else error
        raise BackupError(f"The backup failed and nothing was kept (older backups are untouched): {reason}") from error
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # gone after the rename; the leftovers of a failure otherwise

    try:
        pruned = backups_prune(backup_dir, keep) if keep is not None else []
    except OSError as error:
        raise BackupError(f"The backup {final} is complete, but deleting older ones failed: {error}") from error
    return Backup(path=final, manifest=manifest, pruned=pruned)


def _sync_directory(path: Path) -> None:
    """Make the rename itself durable, so a crash right after cannot lose the finished backup."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backups_complete(backup_dir: Path) -> list[Path]:
    """Complete backups in a directory, oldest first (unfinished ones have another name)."""
    found = [p for p in Path(backup_dir).iterdir() if NAME.fullmatch(p.name) and (p / MANIFEST).is_file()]
    return sorted(found, key=lambda p: p.name)


def backups_prune(backup_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` complete backups; nothing else in the directory is touched."""
    old = backups_complete(backup_dir)[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


# --- Checking and restoring ---------------------------------------------------------------------


@dataclass
class Checked:
    """A backup whose files match its manifest and that this site can take."""

    path: Path
    manifest: dict
    files: dict[str, dict]  # kind → manifest entry
    older_migrations: list[str]  # migrations this code has that the backup lacks: run `migrate` after


def _manifest(path: Path) -> tuple[Path, dict]:
    directory = path.parent if path.name == MANIFEST else path
    if not directory.is_dir():
        raise BackupError(f"There is no backup at {path}: give the backup's directory (it holds {MANIFEST}).")
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{directory} has no {MANIFEST}: it is not a complete backup.") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"The manifest of {directory} cannot be read ({error}): the backup is damaged.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{directory / MANIFEST} is not an XCounter backup manifest ({FORMAT}).")
    if not _well_formed(manifest):
        raise BackupError(f"The manifest of {directory} is incomplete: the backup is damaged. Nothing was restored.")
    return directory, manifest


def _well_formed(manifest: dict) -> bool:
    try:
        files = manifest["files"]
        return (
            isinstance(manifest["database"]["engine"], str)
            and isinstance(manifest["migrations"], dict)
            and all(isinstance(names, list) for names in manifest["migrations"].values())
            and [entry["kind"] for entry in files].count("database") == 1
            and all(
                entry["kind"] in ("database", "media")
                and isinstance(entry["name"], str)
                and entry["name"] == Path(entry["name"]).name  # a file of this directory, never a path
                and isinstance(entry["size"], int)
                and isinstance(entry["sha256"], str)
                and isinstance(entry["compressed"], bool)
                for entry in files
            )
        )
    except (KeyError, TypeError, AttributeError):
        return False


def _verify(directory: Path, entry: dict) -> None:
    path = directory / entry["name"]
    if not path.is_file():
        raise BackupError(f"{entry['name']} is missing from the backup {directory}.")
    size = path.stat().st_size
    if size != entry["size"]:
        raise BackupError(
            f"{entry['name']} is {size} bytes but the manifest says {entry['size']}: "
            "the file is truncated or damaged. Nothing was restored."
        )
    if _file_entry(path, entry["kind"], entry["compressed"])["sha256"] != entry["sha256"]:
        raise BackupError(
            f"{entry['name']} does not match its SHA-256 checksum in the manifest: the file was changed or "
            "damaged after the backup. Nothing was restored."
        )


def backup_check(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Checked:
    """Refuse a backup that is damaged, of another database engine, or from newer migrations."""
    directory, manifest = _manifest(Path(path).absolute())
    files = {entry["kind"]: entry for entry in manifest["files"]}
    for entry in files.values():
        _verify(directory, entry)

    connection = connections[using]
    theirs, ours = manifest["database"]["engine"], connection.vendor
    if theirs != ours:
        raise BackupError(
            f"This backup is of a {engines.ENGINE_NAMES.get(theirs, theirs)} database and this site runs on "
            f"{engines.ENGINE_NAMES.get(ours, ours)}: restore it on a site with the same engine (DATABASE_URL). "
            "Nothing was restored."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backed_up = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    newer = sorted(backed_up - known)
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:5]) + (" …" if len(newer) > 5 else "")
        raise BackupError(
            f"This backup comes from a newer version of XCounter ({manifest.get('app_version', 'unknown')}): "
            f"this code does not know its migrations {listed}. Install that version before restoring. "
            "Nothing was restored."
        )
    older = sorted(f"{app}.{name}" for app, name in known - backed_up)
    return Checked(path=directory, manifest=manifest, files=files, older_migrations=older)


def _unpacked(directory: Path, entry: dict, workdir: Path) -> Path:
    """The file as it was before compression, in `workdir` (or the stored one when not compressed)."""
    stored = directory / entry["name"]
    if not entry["compressed"]:
        return stored
    plain = workdir / entry["name"].removesuffix(".gz")
    try:
        with gzip.open(stored, "rb") as packed, open(plain, "wb") as out:
            shutil.copyfileobj(packed, out, CHUNK)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise BackupError(f"{entry['name']} is damaged ({error}). Nothing was restored.") from error
    except OSError as error:
        raise BackupError(f"Could not unpack {entry['name']}: {error}. Nothing was restored.") from error
    return plain


def _media_unpack(tar_path: Path, entry: dict, media_root: Path) -> Path:
    """Extract the media tar beside MEDIA_ROOT (same file system, so the swap is a rename)."""
    try:
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent))
    except OSError as error:
        raise BackupError(
            f"Cannot unpack the media files beside {media_root}: {error}. Nothing was restored."
        ) from error
    try:
        with tarfile.open(tar_path, "r:") as tar:
            members = tar.getmembers()
            if len(members) != entry.get("members", len(members)):
                raise BackupError(
                    f"The media archive holds {len(members)} entries, the manifest says {entry['members']}: "
                    "the archive is damaged. Nothing was restored."
                )
            tar.extractall(staging, members=members, filter="data")  # no absolute paths, links out, devices
        if not (staging / "media").is_dir():
            raise BackupError("The media archive holds no media directory: the backup is damaged.")
    except (tarfile.TarError, EOFError, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"The media archive cannot be unpacked ({error}). Nothing was restored.") from error
    except BackupError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _media_swap(staging: Path, media_root: Path) -> None:
    old = media_root.with_name(f".{media_root.name}.old-{uuid.uuid4().hex[:8]}")
    try:
        if media_root.exists():
            media_root.rename(old)
        (staging / "media").rename(media_root)
    except OSError:
        # MEDIA_ROOT is a mount point (a container volume): replace what is inside it instead.
        if old.exists() and not media_root.exists():
            old.rename(media_root)
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in (staging / "media").iterdir():
            shutil.move(child, media_root / child.name)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def backup_restore(
    checked: Checked, *, using: str = DEFAULT_DB_ALIAS, on_step: Callable[[str], None] = lambda step: None
) -> None:
    """Restore a checked backup: the database entirely or not at all, then the media files."""
    connection = connections[using]
    engine = checked.manifest["database"]["engine"]
    media_root = Path(settings.MEDIA_ROOT)
    try:
        work = tempfile.mkdtemp(prefix="xcounter-restore-")
    except OSError as error:
        raise BackupError(
            f"Cannot make a temporary directory to unpack into: {error}. Nothing was restored."
        ) from error
    try:
        _restore(checked, connection, engine, media_root, Path(work), on_step)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _restore(checked: Checked, connection, engine: str, media_root: Path, work: Path, on_step) -> None:
    """Unpack and check everything first; only then replace the database, then the media files."""
    dump = _unpacked(checked.path, checked.files["database"], work)
    try:
        engines.dump_check(engine, dump)
    except engines.EngineError as error:
        raise BackupError(f"{error} Nothing was restored.") from error
    staging = None
    if "media" in checked.files:
        media = checked.files["media"]
        staging = _media_unpack(_unpacked(checked.path, media, work), media, media_root)
    try:
        on_step("Restoring the database …")
        engines.database_restore(connection, dump)
    except engines.EngineError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(str(error)) from error
    if staging is not None:
        on_step(f"Restoring the media files into {media_root} …")
        try:
            _media_swap(staging, media_root)
        except OSError as error:
            raise BackupError(
                f"The database is restored, but the media files could not be put in place ({error}); "
                f"the restored media files are in {staging / 'media'}."
            ) from error
