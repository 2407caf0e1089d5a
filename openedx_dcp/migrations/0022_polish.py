# Track.image_url is removed: nothing read it once badge images were drawn or uploaded per track (TrackBadgeImage),
# and credentials name the image of the achievement by its URL (docs/credentials.md).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('openedx_dcp', '0021_stories'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='track',
            name='image_url',
        ),
    ]
