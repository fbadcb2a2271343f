"""Dump and restore the database, one way per engine, each consistent while the site runs and
all-or-nothing on restore.

PostgreSQL goes through django-dbbackup's `PgDumpBinaryConnector`: `pg_dump --format=custom` (one
snapshot) and `pg_restore --clean --if-exists --single-transaction` (all or nothing), with the
connection settings (host, port, user, password, sslmode …) passed the way the ORM uses them.
SQLite is hand-written: dbbackup's SQLite connector keeps the whole copy in memory and restores by
writing over the live file, so a failure half-way would leave a half-written database. Here the
online backup API copies a consistent snapshot, and a restore fills a fresh file beside the live
one, checks it, and swaps it in with one rename.
"""

import logging
import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DUMP_NAMES = {POSTGRESQL: "database.pgdump", SQLITE: "database.sqlite3"}
ENGINE_NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}


class EngineError(Exception):
    """A dump or restore step failed; the message says which and why."""


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise EngineError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _pg_connector(connection: BaseDatabaseWrapper):
    from dbbackup.db.postgresql import PgDumpBinaryConnector

    # dbbackup logs each command line at DEBUG on its own logger; cron would mail them every night.
    logging.getLogger("dbbackup.command").setLevel(logging.WARNING)
    return PgDumpBinaryConnector(connection.alias)


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise EngineError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


@contextmanager
def database_dump(connection: BaseDatabaseWrapper, workdir: Path) -> Iterator[BinaryIO]:
    """A readable dump of the database as it was at one moment, whatever is written meanwhile."""
    if engine_of(connection) == POSTGRESQL:
        from dbbackup.db.exceptions import CommandConnectorError

        try:
            dump = _pg_connector(connection).create_dump()
        except CommandConnectorError as error:
            raise EngineError(f"pg_dump failed: {_last_lines(str(error))}") from error
        with dump:
            yield dump
        return
    copy = workdir / f".{uuid.uuid4().hex}.sqlite3"
    try:
        # A read-only connection of its own, so the live file is never written through it.
        source = sqlite3.connect(f"{_sqlite_path(connection).resolve().as_uri()}?mode=ro", uri=True, timeout=20)
        try:
            with sqlite3.connect(copy) as target:
                source.backup(target)
            target.close()
        finally:
            source.close()
        with open(copy, "rb") as dump:
            yield dump
    finally:
        copy.unlink(missing_ok=True)


def _pg_list(path: Path) -> str:
    try:
        listed = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        raise EngineError(f"pg_restore cannot run here: {error}") from error
    if listed.returncode != 0:
        raise EngineError(f"The database dump is damaged: {_last_lines(listed.stderr)}")
    return listed.stdout


def dump_tables(path: Path) -> set[str]:
    """The tables a PostgreSQL dump creates, from its own table of contents."""
    return set(re.findall(r"^\d+; \d+ \d+ TABLE public (\S+) ", _pg_list(path), flags=re.MULTILINE))


def dump_check(engine: str, path: Path) -> None:
    """Refuse a dump that cannot be read before anything is changed."""
    if engine == POSTGRESQL:
        if "django_migrations" not in dump_tables(path):
            raise EngineError("The database dump is damaged: it holds no django_migrations table.")
        return
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            check.execute("SELECT 1 FROM django_migrations LIMIT 1")
        check.close()
    except sqlite3.DatabaseError as error:
        raise EngineError(f"The database dump is damaged: {error}.") from error
    if result != "ok":
        raise EngineError(f"The database dump is damaged: {result}.")


def database_restore(connection: BaseDatabaseWrapper, dump_path: Path) -> None:
    """Replace the database with the dump: entirely, or (on any failure) not at all."""
    if engine_of(connection) == POSTGRESQL:
        from dbbackup.db.exceptions import CommandConnectorError

        connector = _pg_connector(connection)
        connections.close_all()
        try:
            with open(dump_path, "rb") as dump:
                connector.restore_dump(dump)
        except CommandConnectorError as error:
            raise EngineError(
                f"pg_restore failed, so its transaction was rolled back and the database is as it was: "
                f"{_last_lines(str(error))}"
            ) from error
        _drop_tables_not_in(connection, dump_tables(dump_path))
        return

    live = _sqlite_path(connection)
    fresh = live.with_name(f".{live.name}.restore-{uuid.uuid4().hex}")
    try:
        shutil.copyfile(dump_path, fresh)
        dump_check(SQLITE, fresh)
        if live.exists():  # the site's user must still own and write the file after the swap
            shutil.copymode(live, fresh)
            stat = live.stat()
            with suppress(PermissionError):
                os.chown(fresh, stat.st_uid, stat.st_gid)
        connections.close_all()
        os.replace(fresh, live)
    except OSError as error:
        raise EngineError(f"Could not put the restored database in place, so it is as it was: {error}") from error
    finally:
        fresh.unlink(missing_ok=True)


def _drop_tables_not_in(connection: BaseDatabaseWrapper, tables: set[str]) -> None:
    """pg_restore --clean replaces what the dump holds; a table made after the backup (by a newer
    migration) would stay and trip the next `migrate`, so it goes too."""
    extra: list[str] = []
    try:
        extra = sorted(set(connection.introspection.table_names()) - tables)
        if extra:
            with connection.cursor() as cursor:
                quoted = ", ".join(connection.ops.quote_name(table) for table in extra)
                cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
    except DatabaseError as error:
        raise EngineError(
            f"The database is restored, but the tables made after the backup ({', '.join(extra)}) could not be "
            f"dropped: {error}. Drop them before running migrate."
        ) from error


def _last_lines(text: str, count: int = 5) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no message"
