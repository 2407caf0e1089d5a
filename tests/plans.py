"""
Query plans in tests: that a query reads the index meant for it, on SQLite and on MariaDB alike (P4).
"""

from django.db import connection


def analyze():
    """
    Refresh SQLite's statistics, as a server's would be after its rows came. MariaDB keeps
    InnoDB's own (and estimates a range by diving into the index); its ``ANALYZE TABLE`` would commit the test's
    transaction, leaving the test's rows to the next tests.
    """
    if connection.vendor != "mysql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def plan_of(sql):
    """The database's plan of ``sql`` (a captured query, parameters in place) as one line of text."""
    with connection.cursor() as cursor:
        cursor.execute(connection.ops.explain_query_prefix() + " " + sql)
        return " ".join(str(cell) for row in cursor.fetchall() for cell in row)
