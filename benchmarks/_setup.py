"""
Shared set-up of the benchmarks: Django with the dev host's settings, on SQLite in memory or on MariaDB.
"""

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


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
        cursor.execute(f"DROP DATABASE IF EXISTS `{mysql_database}`")
        cursor.execute(f"CREATE DATABASE `{mysql_database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        server.close()
    else:
        os.environ.pop("DCP_DB", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def drop_mysql_database(name):
    """Drop the benchmark's database once it is done."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
