"""Scratch databases for the backup tests: each test gets a seeded copy it may ruin.

The seeded theater is built once per engine and session (migrate + seed in a subprocess), then
copied for every test: a file copy on SQLite, `createdb -T` on PostgreSQL."""

import shutil
from pathlib import Path

import pytest

from operations.tests.scratch import Scratch, createdb, dropdb, postgres_server

POSTGRES = postgres_server()
ENGINES = ["sqlite", *(["postgresql"] if POSTGRES else [])]


def _build(scratch: Scratch) -> None:
    migrated = scratch.manage("migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    scratch.call("seed")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Scratch:
    place = tmp_path_factory.mktemp("sqlite-template")
    template = Scratch("sqlite", f"sqlite:///{place / 'db.sqlite3'}", place / "media")
    _build(template)
    return template


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory):
    place = tmp_path_factory.mktemp("postgres-template")
    name = createdb(POSTGRES)
    template = Scratch("postgresql", f"{POSTGRES}/{name}", place / "media")
    try:
        _build(template)
        yield template
    finally:
        dropdb(POSTGRES, name)


def sqlite_copy(template: Scratch, place: Path) -> Scratch:
    shutil.copyfile(Path(template.url.removeprefix("sqlite:///")), place / "db.sqlite3")
    shutil.copytree(template.media, place / "media")
    return Scratch("sqlite", f"sqlite:///{place / 'db.sqlite3'}", place / "media")


@pytest.fixture
def scratch_sqlite(sqlite_template, tmp_path) -> Scratch:
    return sqlite_copy(sqlite_template, tmp_path)


@pytest.fixture
def scratch_postgresql(request, tmp_path):
    template = request.getfixturevalue("postgres_template")
    name = createdb(POSTGRES, template=template.url.rsplit("/", 1)[1])
    shutil.copytree(template.media, tmp_path / "media")
    yield Scratch("postgresql", f"{POSTGRES}/{name}", tmp_path / "media")
    dropdb(POSTGRES, name)


@pytest.fixture(params=ENGINES)
def scratch(request) -> Scratch:
    """A seeded scratch database of each engine this machine has (SQLite always)."""
    return request.getfixturevalue(f"scratch_{request.param}")


def sqlite_file(scratch: Scratch) -> Path:
    return Path(scratch.url.removeprefix("sqlite:///"))
