"""Reads whose SQL the ORM writes once per process, for the fixed queries of the busiest pages.

Writing a query (filters, joins, the compiler's SQL) costs more Python than reading its rows: on the
seat map, the show and its live tickets cost more to build than to run. A `Prepared` read has the
ORM build its queryset once per database with markers for the values that change (a show's id, the
time), keeps the SQL and the compiler, and then runs that SQL with the request's values in the
markers' places. Rows go through the compiler's own converters, so they come back as the ORM's
`values_list` would give them, on every database. Nothing is cached but the SQL: every call reads.
"""

import weakref
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone


class Prepared:
    def __init__(self, build, *markers):
        """`build(*markers)` returns a `values_list` queryset with each marker once among its parameters:
        ints (ids) or aware datetimes, values no real query has."""
        self._build = build
        self._markers = markers
        # Per connection object (one per thread): a compiler keeps the connection it was made with,
        # and its converters read that connection's time zone.
        self._compiled = weakref.WeakKeyDictionary()

    def _adapter(self, connection, marker):
        if isinstance(marker, datetime):
            return connection.ops.adapt_datetimefield_value
        return None

    def _compile(self, alias: str):
        connection = connections[alias]
        compiler = self._build(*self._markers).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        places = []
        for marker in self._markers:
            adapt = self._adapter(connection, marker)
            value = adapt(marker) if adapt else marker
            found = [n for n, param in enumerate(params) if param == value]
            if len(found) != 1:
                raise ImproperlyConfigured(f"A prepared read needs its marker {marker!r} once, found {len(found)}")
            places.append((found[0], adapt))
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        compiled = self._compiled[connection] = (compiler, converters, sql, tuple(params), places)
        return compiled

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        """The rows for these values (in the markers' order), converted as the ORM converts them."""
        connection = connections[using]
        compiled = self._compiled.get(connection) or self._compile(using)
        compiler, converters, sql, params, places = compiled
        params = list(params)
        for (place, adapt), marker, value in zip(places, self._markers, values, strict=True):
            if adapt is not None:  # a time: aware, as the ORM insists (a naive one would be read as UTC)
                if timezone.is_naive(value):
                    raise ValueError(f"A prepared read needs an aware datetime, not {value!r}")
                value = adapt(value)
            elif isinstance(marker, int):
                value = int(value)  # an id, converted as the ORM converts it (a ValueError if it is none)
            params[place] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows


def fields_of(model) -> list[str]:
    """A model's columns as a prepared read lists them for `instances`: every concrete field."""
    return [field.attname for field in model._meta.concrete_fields]


def related_fields(path: str, model) -> list[str]:
    """`fields_of(model)` reached through the relation `path` ("show__movie")."""
    return [f"{path}__{name}" for name in fields_of(model)]


def instances(row: tuple, *models) -> list:
    """One instance of each model from a row of their `fields_of`, one model after another, as the
    ORM's select_related would load them."""
    made, start = [], 0
    for model in models:
        names = fields_of(model)
        made.append(model.from_db(model.objects.db, names, row[start : start + len(names)]))
        start += len(names)
    return made
