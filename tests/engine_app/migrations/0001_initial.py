"""
The throwaway ticket's table, made after the plugin's tables so that MariaDB (InnoDB) can create its foreign key to
them (an app without migrations is created before every migrated app, when ``openedx_dcp_program`` is not there yet).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("openedx_dcp", "0019_endorsement_credentials"),
    ]

    operations = [
        migrations.CreateModel(
            name="Ticket",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("state", models.CharField(
                    choices=[("open", "Open"), ("waitlisted", "Waitlisted"), ("done", "Done")],
                    default="open", max_length=16,
                )),
                ("owner", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL,
                )),
                ("program", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+", to="openedx_dcp.program",
                )),
            ],
        ),
    ]
