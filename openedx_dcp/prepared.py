"""
Prepared reads (ADR 0027): an ORM query that every request makes in the same shape, built and compiled to SQL
once per process and database, then run with each request's ids. Django builds and compiles a query anew on
every call (0.3 to 1 ms of Python for the queries a list makes, more than the database takes to answer them);
the queries here stay written with the ORM, in the domain function that owns the rule, and only their
compiling is kept.

Only integers vary: the ids the query is built with (``ints``, and lists of ids in ``int_lists``) are replaced
by sentinels when the query is compiled, then found among the compiled parameters; a query whose sentinels do
not all come back as parameters (an id written into the SQL text) is not kept, nor is an empty list, a value that
is not an integer (``None`` is ``IS NULL`` to the ORM) or a query of model instances: those run through the ORM
each time, which is always correct. A prepared query keeps at most ``MAX_SHAPES`` shapes. Rows come back as
``values()`` dicts or ``values_list()`` tuples, converted by the ORM's own converters (dates, times, JSON,
booleans).
"""

import threading
from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet

__all__ = ["MAX_SHAPES", "PreparedQuery", "columns_of", "instance_of"]

# The most shapes one prepared query keeps (each number of ids in a list is a shape): memory stays bounded.
MAX_SHAPES = 256
# Negative ids no row has, far from any constant a query may carry.
_SENTINEL_BASE = -987_654_000


class _Compiled:
    """One compiled shape: the SQL, its parameters (sentinels marking the ids), the converters, the names."""

    def __init__(self, sql, params, positions, converters, names, flat):
        self.sql, self.params, self.positions = sql, params, positions
        self.converters, self.names, self.flat = converters, names, flat


class PreparedQuery:
    """
    ``build(shape, **ids)`` returns a ``values()`` or ``values_list()`` queryset; ``shape`` is whatever else
    decides the query's form (a hashable: which branch, how many ids in a list). ``rows(shape, ...)`` answers
    what ``list(build(shape, ...))`` would, compiling each shape once per process and database.
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled = {}
        self._lock = threading.Lock()

    def rows(self, shape: Hashable, *, ints: dict | None = None, int_lists: dict | None = None,
             using: str = "default") -> list:
        ints, int_lists = ints or {}, int_lists or {}
        values = [*ints.values(), *(value for ids in int_lists.values() for value in ids)]
        if not all(type(value) is int for value in values):  # None (IS NULL), a string: the ORM decides
            return list(self.build(shape, **ints, **int_lists))
        key = (using, shape, tuple(sorted(ints)), tuple((name, len(ids)) for name, ids in sorted(int_lists.items())))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= MAX_SHAPES:  # many lengths of id lists: keep the first ones only
                return list(self.build(shape, **ints, **int_lists))
            compiled = self._compile(shape, ints, int_lists, using)
            with self._lock:
                self._compiled[key] = compiled
        if compiled is False:  # this shape cannot be kept: the ORM, as usual
            return list(self.build(shape, **ints, **int_lists))
        return self._run(compiled, ints, int_lists, using)

    def _compile(self, shape, ints, int_lists, using):
        sentinels, values = {}, {}
        number = _SENTINEL_BASE
        for name in sorted(ints):
            number -= 1
            sentinels[number] = (name, None)
            values[name] = number
        for name in sorted(int_lists):
            marks = []
            for index in range(len(int_lists[name])):
                number -= 1
                sentinels[number] = (name, index)
                marks.append(number)
            values[name] = marks
        queryset = self.build(shape, **values)
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):  # an empty list of ids and the like: the ORM knows them
            return False
        positions = [(index, sentinels[param]) for index, param in enumerate(params)
                     if isinstance(param, int) and param in sentinels]
        if {mark for _, mark in positions} != set(sentinels.values()) or any(str(n) in sql for n in sentinels):
            return False
        fields = [column[0] for column in compiler.select[:compiler.col_count]]
        converters = list(compiler.get_converters(fields).items())
        query = queryset.query
        names = list(getattr(query, "selected", None) or [*query.extra_select, *query.values_select,
                                                            *query.annotation_select])
        shapes = {"ValuesIterable": "dicts", "ValuesListIterable": "tuples", "FlatValuesListIterable": "flat"}
        flat = shapes.get(queryset._iterable_class.__name__)
        if flat is None:  # model instances or named rows: the ORM's own way
            return False
        return _Compiled(sql, list(params), positions, converters, names, flat)

    def _run(self, compiled, ints, int_lists, using):
        params = list(compiled.params)
        for index, (name, position) in compiled.positions:
            params[index] = ints[name] if position is None else int_lists[name][position]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        result = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in compiled.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            result.append(row)
        if compiled.flat == "dicts":
            return [dict(zip(compiled.names, row)) for row in result]
        if compiled.flat == "flat":
            return [row[0] for row in result]
        return [tuple(row) for row in result]


def columns_of(model, names=None, prefix=""):
    """
    The attribute names of ``model``'s concrete fields (only those in ``names`` when given), in the model's field
    order, each after ``prefix`` (``"cycle__"``): the columns to read for ``instance_of``.
    """
    return [f"{prefix}{field.attname}" for field in model._meta.concrete_fields
            if names is None or field.attname in names]


def instance_of(model, row, columns, prefix="", using="default"):
    """
    A ``model`` instance (as the ORM would have loaded it, with the fields left out deferred) from ``row``, a
    dict of prepared rows, read by ``columns_of(model, ..., prefix)``.
    """
    names = [column[len(prefix):] for column in columns]
    return model.from_db(using, names, [row[column] for column in columns])
