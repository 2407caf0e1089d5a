"""
Signal keys compare exactly on MySQL/MariaDB.

``(site, source, source_id)`` is the signal's idempotency key (R21). Under the database's default collation on
MySQL/MariaDB (``utf8mb4_unicode_ci`` in Open edX) the unique index compared ``Case-PR-1`` and ``case-pr-1`` as
the same key, so the second signal was silently dropped. The two key columns get the binary collation of their
character set; SQLite and PostgreSQL already compare them exactly, so nothing changes there.

Django's ``AlterField`` on MySQL rewrites a column without its collation: a later migration that alters
``source`` or ``source_id`` must apply the binary collation again (``tests/contributions/test_concurrency.py``
checks the columns on MariaDB).
"""

from django.db import migrations

TABLE = "openedx_dcp_contributionsignal"
COLUMNS = (("source", 64), ("source_id", 255))


def _collate(schema_editor, collation_of):
    connection = schema_editor.connection
    if connection.vendor != "mysql":
        return
    quote = schema_editor.quote_name
    with connection.cursor() as cursor:
        for column, length in COLUMNS:
            cursor.execute(
                "SELECT c.CHARACTER_SET_NAME, t.TABLE_COLLATION FROM information_schema.COLUMNS c "
                "JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
                "WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = %s AND c.COLUMN_NAME = %s",
                [TABLE, column],
            )
            charset, table_collation = cursor.fetchone()
            schema_editor.execute(
                f"ALTER TABLE {quote(TABLE)} MODIFY {quote(column)} varchar({length}) "
                f"CHARACTER SET {charset} COLLATE {collation_of(charset, table_collation)} NOT NULL"
            )


def binary_keys(apps, schema_editor):
    _collate(schema_editor, lambda charset, table_collation: f"{charset}_bin")


def default_keys(apps, schema_editor):
    _collate(schema_editor, lambda charset, table_collation: table_collation)


class Migration(migrations.Migration):

    dependencies = [
        ("openedx_dcp", "0010_outbox"),
    ]

    operations = [
        # Not atomic: MySQL cannot run DDL inside a transaction (it commits implicitly).
        migrations.RunPython(binary_keys, default_keys, atomic=False, elidable=False),
    ]
