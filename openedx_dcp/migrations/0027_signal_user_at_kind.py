# A member's renewal evidence (signals of some kinds, newest first) read from one index: (site, user, occurred_at,
# id, kind) gives the list's order and its kind filter without a sort or a row lookup (P3, ADR 0024).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("openedx_dcp", "0026_list_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contributionsignal",
            index=models.Index(fields=["site", "user", "occurred_at", "id", "kind"], name="dcp_signal_user_at_kind"),
        ),
        # It serves what (site, user, kind, occurred_at) served (a person's signals of some kinds in a time window,
        # as a range with the kind read in the index), so that one goes: an import writes as many index entries
        # per signal as before (P2).
        migrations.RemoveIndex(model_name="contributionsignal", name="dcp_signal_user_kind_at"),
    ]
