"""
Shared set-up of the benchmarks: Django with the dev host's settings, on SQLite in memory or on MariaDB.
"""

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# InnoDB sized as a production server would be for the benchmarks' tables (1,000,000 signals and their daily
# rollups take about 0.6 GB with their indexes, 10,000,000 ten times that): with MariaDB's defaults (a 128 MB
# buffer pool, a 96 MB redo log) the bulk loads and the rollup rebuild wait on the disk; with a 1 GB redo log the
# 10,000,000-signal load still waited on its checkpoints (checkpoint age at 770 of 869 MB), hence 4 GB. Both
# settings are dynamic in MariaDB 10.11; a server already sized larger is left alone, and
# ``DCP_BENCH_INNODB_SIZING=0`` leaves the server as it is.
INNODB_SIZING = {"innodb_buffer_pool_size": 4 * 1024 ** 3, "innodb_log_file_size": 4 * 1024 ** 3}


def django_setup(mysql_database=None):
    """
    Configure Django. With ``mysql_database`` the benchmark gets a fresh MariaDB database of that name
    (dropped and created; 127.0.0.1:3306, root, empty password unless ``DCP_MYSQL_*`` say otherwise).
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devhost.test_settings")
    os.environ["DCP_DEBUG"] = "0"
    if mysql_database:
        import MySQLdb

        os.environ["DCP_DB"] = "mysql"
        os.environ["DCP_MYSQL_NAME"] = mysql_database
        server = MySQLdb.connect(
            host=os.environ.get("DCP_MYSQL_HOST", "127.0.0.1"), port=int(os.environ.get("DCP_MYSQL_PORT", "3306")),
            user=os.environ.get("DCP_MYSQL_USER", "root"), passwd=os.environ.get("DCP_MYSQL_PASSWORD", ""),
        )
        cursor = server.cursor()
        _size_innodb(cursor)
        cursor.execute(f"DROP DATABASE IF EXISTS `{mysql_database}`")
        cursor.execute(f"CREATE DATABASE `{mysql_database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        server.close()
    else:
        os.environ.pop("DCP_DB", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _size_innodb(cursor):
    """Grow the server's InnoDB settings to ``INNODB_SIZING`` (never shrink them) and print what the run uses."""
    settings = {}
    for name, wanted in INNODB_SIZING.items():
        cursor.execute(f"SELECT @@{name}")
        current = int(cursor.fetchone()[0])
        if current < wanted and os.environ.get("DCP_BENCH_INNODB_SIZING", "1") != "0":
            cursor.execute(f"SET GLOBAL {name} = {int(wanted)}")
            cursor.execute(f"SELECT @@{name}")
            current = int(cursor.fetchone()[0])
        settings[name] = f"{current / 1024 ** 2:.0f} MB"
    print("MariaDB " + ", ".join(f"{name} {value}" for name, value in settings.items()), flush=True)


def drop_mysql_database(name):
    """Drop the benchmark's database once it is done."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
