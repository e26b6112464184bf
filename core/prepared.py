"""
Queries built and compiled once per process, then run again with new values.

Django works a queryset's SQL out afresh each time it is evaluated. On a story page
that is most of what the ORM costs: the publishing rules (core.publishing), three
select_related chains and their columns take ten times as long to become SQL as
the database takes to answer it. A PreparedQuery builds its queryset once per
database, with placeholder values in place of the ones that change from request
to request, and keeps the SQL and the compiler's account of its columns. Each call
puts the real values where the placeholders were and hands the rows to Django's
own iterable, which makes the objects as it always does (select_related, the
backend's converters, from_db).

The queryset is still written with the ORM, from the same QuerySet methods as
everywhere else (`Article.objects.published(now=now)`): the rules stay in one place,
only the work of turning them into SQL is done once.

A placeholder is a whole int or an aware datetime compared as a single value
(`pk=pk`, `publish_at__lte=now`), never inside a list (`pk__in`) or an expression
that transforms it; preparing checks that each one reached the SQL's parameters.
"""

import copy
import datetime
import functools
import threading

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models

# Values no real row can hold (ids are positive; the year 2999 is past any edition),
# within every backend's integer range so that no lookup drops them as out of range.
_INT_PLACEHOLDER = -1_987_654_321
_DATETIME_PLACEHOLDER = datetime.datetime(2999, 12, 31, 23, 59, 58, 100_000, tzinfo=datetime.UTC)
_DATETIME_FIELD = models.DateTimeField()


class PreparedQuery:
    """`build(**placeholders)` returns a QuerySet; calling the PreparedQuery with real values returns its rows.

    `kinds` names each placeholder's type: int or datetime.datetime. The result is a
    list (model instances, or whatever values()/values_list() asked for), not a
    QuerySet: a further filter() would need SQL of its own.
    """

    def __init__(self, build, **kinds):
        for name, kind in kinds.items():
            if kind not in (int, datetime.datetime):
                raise TypeError(f"placeholder {name!r}: only int and datetime.datetime can be prepared, not {kind!r}")
        self.build = build
        self.kinds = kinds
        self._prepared = {}
        self._lock = threading.Lock()

    def __call__(self, using=DEFAULT_DB_ALIAS, **values):
        if values.keys() != self.kinds.keys():
            raise TypeError(f"expected values for {sorted(self.kinds)}, got {sorted(values)}")
        connection = connections[using]
        bound = {name: _adapt(self.kinds[name], value, connection) for name, value in values.items()}
        if any(value is _OUT_OF_RANGE for value in bound.values()):
            # As the ORM does for an id no column can hold: no row matches, and no query is sent.
            return []
        prepared = self._prepared.get(using) or self._prepare(using, connection)
        return prepared.run(connection, bound)

    def _prepare(self, using, connection):
        with self._lock:
            if using not in self._prepared:
                first, second = (self._placeholders(connection, variant) for variant in (0, 1))
                compiled = _Compiled(self.build(**first[0]).using(using), first[1])
                # Built again with other placeholders, only their own parameters may change: a value
                # worked out from one (pk + 1, a list's length) would be left as it was prepared.
                if _Compiled(self.build(**second[0]).using(using), second[1]).shape() != compiled.shape():
                    raise ImproperlyConfigured(
                        "a prepared query must use each placeholder as it is, compared as a single value: "
                        "its SQL changed with their values beyond their own parameters"
                    )
                self._prepared[using] = compiled
            return self._prepared[using]

    def _placeholders(self, connection, variant):
        """Values no real row holds, one per placeholder, and each as the database will be sent it."""
        values = {
            name: _placeholder(kind, number + 1000 * variant) for number, (name, kind) in enumerate(self.kinds.items())
        }
        return values, {name: _adapt(self.kinds[name], value, connection) for name, value in values.items()}


class _Compiled:
    """One database's SQL for a prepared query, where each placeholder's value sits in its parameters."""

    def __init__(self, queryset, placeholders):
        if queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("a prepared query cannot prefetch: prepare each related query on its own")
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        # Which of the backend's converters each column's values go through (a datetime read from SQLite's
        # text, say) depends on the columns alone: asked for once, not for each of them on every run.
        columns = [column for column, _, _ in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(columns)
        self.slots = {}
        for name, value in placeholders.items():
            self.slots[name] = [index for index, param in enumerate(self.params) if param == value]
            if not self.slots[name]:
                raise ImproperlyConfigured(
                    f"placeholder {name!r} is not among the prepared SQL's parameters: "
                    "compare it as a single value, not inside a list or an expression"
                )

    def shape(self):
        """The SQL and its parameters, with each placeholder's slots marked by its name."""
        params = list(self.params)
        for name, slots in self.slots.items():
            for index in slots:
                params[index] = (name,)
        return self.sql, params

    def run(self, connection, values):
        params = list(self.params)
        for name, value in values.items():
            for index in self.slots[name]:
                params[index] = value
        compiler = copy.copy(self.compiler)
        # The thread's own connection: the one the SQL was compiled on may belong to another thread.
        compiler.connection = connection
        compiler.as_sql = functools.partial(_compiled_sql, self.sql, tuple(params))
        compiler.get_converters = functools.partial(_same_converters, self.converters)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = functools.partial(_same_compiler, compiler)
        return list(queryset)


def _compiled_sql(sql, params, *args, **kwargs):
    return sql, params


def _same_compiler(compiler, *args, **kwargs):
    return compiler


def _same_converters(converters, expressions):
    return converters


_OUT_OF_RANGE = object()


def _placeholder(kind, number):
    if kind is int:
        return _INT_PLACEHOLDER + number
    return _DATETIME_PLACEHOLDER - datetime.timedelta(minutes=number)


def _adapt(kind, value, connection):
    """The value as the ORM would pass it to the database for a lookup on a field of that kind."""
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an int, got {value!r}")
        low, high = connection.ops.integer_field_range("BigIntegerField")
        return value if low <= value <= high else _OUT_OF_RANGE
    if not isinstance(value, datetime.datetime):
        raise TypeError(f"expected a datetime, got {value!r}")
    return _DATETIME_FIELD.get_db_prep_value(value, connection)
