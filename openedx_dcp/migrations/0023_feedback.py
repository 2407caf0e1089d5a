# The feedback rounds of the engagement half (issue 14): rounds, questions, participations, responses, answers and
# the program changes that cite them (ADR 0019 on the unlinkable anonymous answers).

import django.db.models.deletion
import uuid
import openedx_dcp.compat
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('openedx_dcp', '0022_polish'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FeedbackQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('kind', models.CharField(choices=[('scale', 'Scale'), ('choice', 'Choice'), ('text', 'Free text')], max_length=8)),
                ('prompt', models.CharField(max_length=500)),
                ('help_text', models.CharField(blank=True, max_length=500)),
                ('required', models.BooleanField(default=True)),
                ('choices', models.JSONField(blank=True, default=list, help_text='The choices of a choice question, in order.')),
                ('scale_min', models.SmallIntegerField(default=1)),
                ('scale_max', models.SmallIntegerField(default=5)),
                ('measures_awareness', models.BooleanField(default=False, help_text='This question asks whether people have heard of the program, and where (KR 1.3).')),
                ('not_aware_choice', models.CharField(blank=True, help_text='The choice that means “I had not heard of the program”.', max_length=200)),
            ],
            options={
                'ordering': ['round_id', 'order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='FeedbackResponse',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('anonymous', models.BooleanField()),
                ('submitted_at', models.DateTimeField(blank=True, null=True)),
                ('respondent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='FeedbackAnswer',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('number', models.SmallIntegerField(blank=True, null=True)),
                ('choice', models.CharField(blank=True, max_length=200)),
                ('text', models.TextField(blank=True, max_length=5000)),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='openedx_dcp.feedbackquestion')),
                ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='openedx_dcp.feedbackresponse')),
            ],
        ),
        migrations.CreateModel(
            name='FeedbackRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=64)),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, help_text='Shown above the questions: why the program asks.', max_length=5000)),
                ('audience', models.CharField(choices=[('members', 'Distinguished Contributors (current members)'), ('panel', 'Review panelists'), ('nominators', 'Nominators'), ('endorsers', 'Endorsers'), ('signed_in', 'Everyone signed in')], default='members', max_length=16)),
                ('anonymous', models.BooleanField(default=True, help_text='Anonymous answers are never linkable to the person who gave them, even by staff.')),
                ('opens_at', models.DateTimeField()),
                ('closes_at', models.DateTimeField()),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=16)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback_rounds', to='openedx_dcp.program')),
            ],
            options={
                'ordering': ['program_id', '-opens_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='feedbackresponse',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='openedx_dcp.feedbackround'),
        ),
        migrations.AddField(
            model_name='feedbackquestion',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='openedx_dcp.feedbackround'),
        ),
        migrations.CreateModel(
            name='FeedbackParticipation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='openedx_dcp.feedbackround')),
            ],
        ),
        migrations.CreateModel(
            name='ProgramChangeFromFeedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(help_text='How the feedback led to this change; shown publicly.', max_length=2000)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('answers', models.ManyToManyField(blank=True, help_text='Named answers that motivated the change (never anonymous ones).', related_name='program_changes', to='openedx_dcp.feedbackanswer')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='program_changes', to='openedx_dcp.feedbackround')),
                ('rules_version', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='feedback_citation', to='openedx_dcp.programrules')),
            ],
            options={
                'verbose_name': 'program change from feedback',
                'verbose_name_plural': 'program changes from feedback',
                'ordering': ['-recorded_at', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='feedbackanswer',
            constraint=models.UniqueConstraint(fields=('response', 'question'), name='dcp_feedback_one_answer_per_question'),
        ),
        migrations.AddConstraint(
            model_name='feedbackround',
            constraint=models.UniqueConstraint(fields=('program', 'slug'), name='dcp_feedback_round_unique_slug'),
        ),
        migrations.AddConstraint(
            model_name='feedbackround',
            constraint=openedx_dcp.compat.check_constraint(models.Q(('closes_at__gt', models.F('opens_at'))), name='dcp_feedback_round_closes_after_open'),
        ),
        migrations.AddConstraint(
            model_name='feedbackresponse',
            constraint=models.UniqueConstraint(fields=('round', 'respondent'), name='dcp_feedback_one_named_response'),
        ),
        migrations.AddConstraint(
            model_name='feedbackresponse',
            constraint=openedx_dcp.compat.check_constraint(models.Q(models.Q(('anonymous', True), ('respondent__isnull', True), ('submitted_at__isnull', True)), models.Q(('anonymous', False), ('respondent__isnull', False), ('submitted_at__isnull', False)), _connector='OR'), name='dcp_feedback_anonymous_response_unlinked'),
        ),
        migrations.AddConstraint(
            model_name='feedbackquestion',
            constraint=openedx_dcp.compat.check_constraint(models.Q(('scale_max__gt', models.F('scale_min'))), name='dcp_feedback_question_scale_order'),
        ),
        migrations.AddConstraint(
            model_name='feedbackquestion',
            constraint=openedx_dcp.compat.check_constraint(models.Q(('measures_awareness', False), ('kind', 'choice'), _connector='OR'), name='dcp_feedback_question_awareness_is_choice'),
        ),
        migrations.AddConstraint(
            model_name='feedbackparticipation',
            constraint=models.UniqueConstraint(fields=('round', 'user'), name='dcp_feedback_one_answer_per_person'),
        ),
    ]
