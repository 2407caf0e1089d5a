# The public directory's sort key on memberships (P5, ADR 0026): the member's name, lower-cased, stored so that a
# page of the directory is read in index order; filled here for the memberships that exist.

from django.db import migrations, models

DIRECTORY_NAME_LENGTH = 255


def fill_directory_names(apps, schema_editor):
    """Each listed membership's name as ``models.directory_name_of`` makes it (retired ones stay blank)."""
    Membership = apps.get_model("openedx_dcp", "Membership")
    memberships = Membership.objects.filter(retired_at__isnull=True).select_related("user", "organization")
    changed = []
    for membership in memberships.iterator(chunk_size=2000):
        if membership.organization_id:
            name = membership.organization.name
        else:
            user = membership.user
            name = f"{user.first_name} {user.last_name}".strip() or user.username
        membership.directory_name = name.lower()[:DIRECTORY_NAME_LENGTH]
        changed.append(membership)
        if len(changed) >= 2000:
            Membership.objects.bulk_update(changed, ["directory_name"])
            changed = []
    Membership.objects.bulk_update(changed, ["directory_name"])


class Migration(migrations.Migration):

    dependencies = [
        ("openedx_dcp", "0024_signal_rollup_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="directory_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=DIRECTORY_NAME_LENGTH),
        ),
        migrations.RunPython(fill_directory_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["program", "retired_at", "directory_name"], name="dcp_membership_directory"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["program", "retired_at", "state"], name="dcp_membership_listed"),
        ),
    ]
