# Indexes of three list endpoints (issue 17, P3; ADR 0025): the membership list and the credential list read their
# order and visibility from an index alone, the public directory a track and cycle's rows by id.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('openedx_dcp', '0025_directory_name'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='badgecredential',
            index=models.Index(fields=['-issued_at', '-id', 'program', 'membership'], name='dcp_credential_list'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['program', '-term_start', 'id', 'user', 'organization'], name='dcp_membership_list'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['program', 'retired_at', 'track', 'cycle', 'id', 'state'], name='dcp_membership_groups'),
        ),
    ]
