"""The coordinator models move here from `intake`. Their tables keep their names (`intake_*`), so this
migration changes only Django's state: the tables and every row stay as they are."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from los.core.migration_operations import move_content_types


#: The models this app took over from `intake`; their content types follow, so permissions and the admin's
#: history keep pointing at them.
MOVED = ['changeofcoordinatorrequest', 'coordinatorassignment', 'coordinatorprofile', 'historicalchangeofcoordinatorrequest', 'historicalcoordinatorprofile', 'trainingcompletion', 'trainingcourse']


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('intake', '0002_casework'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('casework', '0001_models_from_intake'),
        ('core', '0003_access_log_chain_need_to_know'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CoordinatorAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('coordinator', 'Koordinator'), ('child_coordinator', 'Barnekoordinator')], max_length=20, verbose_name='type')),
                        ('starts_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='fra')),
                        ('ends_on', models.DateField(blank=True, null=True, verbose_name='til')),
                        ('end_reason', models.CharField(blank=True, max_length=200, verbose_name='grunn til avslutning')),
                        ('need_level', models.PositiveSmallIntegerField(choices=[(1, 'Lite'), (2, 'Middels'), (3, 'Stort')], default=2, verbose_name='familiens behov for oppfølging')),
                        ('chosen_because', models.TextField(blank=True, verbose_name='hvorfor denne koordinatoren')),
                        ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='casework.application', verbose_name='søknad')),
                        ('appointed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='oppnevnt av')),
                        ('coordinator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coordinator_assignments', to=settings.AUTH_USER_MODEL, verbose_name='koordinator')),
                        ('family', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coordinator_assignments', to='people.family', verbose_name='familie')),
                    ],
                    options={
                        'verbose_name': 'oppnevning av koordinator',
                        'verbose_name_plural': 'oppnevninger av koordinator',
                        'db_table': 'intake_coordinatorassignment',
                        'ordering': ['-starts_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ChangeOfCoordinatorRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(verbose_name='hvorfor familien vil bytte')),
                        ('wishes', models.TextField(blank=True, verbose_name='ønsker for ny koordinator')),
                        ('requested_on', models.DateField(verbose_name='sendt')),
                        ('state', models.CharField(choices=[('open', 'Mottatt – venter på svar'), ('granted', 'Ny koordinator er oppnevnt'), ('declined', 'Ikke innvilget')], default='open', max_length=20, verbose_name='status')),
                        ('resolved_on', models.DateField(blank=True, null=True, verbose_name='avgjort')),
                        ('answer', models.TextField(blank=True, verbose_name='svar til familien')),
                        ('family', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coordinator_change_requests', to='people.family', verbose_name='familie')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sendt av')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='avgjort av')),
                        ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='change_requests', to='coordinators.coordinatorassignment', verbose_name='oppnevning')),
                        ('new_assignment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='granted_change_request', to='coordinators.coordinatorassignment', verbose_name='ny oppnevning')),
                    ],
                    options={
                        'verbose_name': 'ønske om ny koordinator',
                        'verbose_name_plural': 'ønsker om ny koordinator',
                        'db_table': 'intake_changeofcoordinatorrequest',
                        'ordering': ['-requested_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CoordinatorProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('coordination_share', models.PositiveSmallIntegerField(default=20, help_text='Hvor stor del av stillingen som er satt av til koordinatorarbeid.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='stillingsandel til koordinering (prosent)')),
                        ('languages', models.CharField(blank=True, default='nb', help_text='Språkkoder, kommaseparert (f.eks. nb,en,ar).', max_length=100, verbose_name='språk')),
                        ('service_background', models.CharField(choices=[('health_and_care', 'Helse- og omsorgstjenester'), ('other_welfare', 'Andre velferdstjenester (skole, barnehage, PPT, NAV ...)'), ('both', 'Begge')], default='health_and_care', max_length=20, verbose_name='bakgrunn')),
                        ('accepts_new_families', models.BooleanField(default=True, verbose_name='tar imot nye familier')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='coordinator_profile', to=settings.AUTH_USER_MODEL, verbose_name='koordinator')),
                    ],
                    options={
                        'verbose_name': 'koordinatorprofil',
                        'verbose_name_plural': 'koordinatorprofiler',
                        'db_table': 'intake_coordinatorprofile',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalChangeOfCoordinatorRequest',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('reason', models.TextField(verbose_name='hvorfor familien vil bytte')),
                        ('wishes', models.TextField(blank=True, verbose_name='ønsker for ny koordinator')),
                        ('requested_on', models.DateField(verbose_name='sendt')),
                        ('state', models.CharField(choices=[('open', 'Mottatt – venter på svar'), ('granted', 'Ny koordinator er oppnevnt'), ('declined', 'Ikke innvilget')], default='open', max_length=20, verbose_name='status')),
                        ('resolved_on', models.DateField(blank=True, null=True, verbose_name='avgjort')),
                        ('answer', models.TextField(blank=True, verbose_name='svar til familien')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('assignment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordinators.coordinatorassignment', verbose_name='oppnevning')),
                        ('family', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.family', verbose_name='familie')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('new_assignment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordinators.coordinatorassignment', verbose_name='ny oppnevning')),
                        ('requested_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sendt av')),
                        ('resolved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='avgjort av')),
                    ],
                    options={
                        'verbose_name': 'historical ønske om ny koordinator',
                        'verbose_name_plural': 'historical ønsker om ny koordinator',
                        'db_table': 'intake_historicalchangeofcoordinatorrequest',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalCoordinatorProfile',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('coordination_share', models.PositiveSmallIntegerField(default=20, help_text='Hvor stor del av stillingen som er satt av til koordinatorarbeid.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='stillingsandel til koordinering (prosent)')),
                        ('languages', models.CharField(blank=True, default='nb', help_text='Språkkoder, kommaseparert (f.eks. nb,en,ar).', max_length=100, verbose_name='språk')),
                        ('service_background', models.CharField(choices=[('health_and_care', 'Helse- og omsorgstjenester'), ('other_welfare', 'Andre velferdstjenester (skole, barnehage, PPT, NAV ...)'), ('both', 'Begge')], default='health_and_care', max_length=20, verbose_name='bakgrunn')),
                        ('accepts_new_families', models.BooleanField(default=True, verbose_name='tar imot nye familier')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='koordinator')),
                    ],
                    options={
                        'verbose_name': 'historical koordinatorprofil',
                        'verbose_name_plural': 'historical koordinatorprofiler',
                        'db_table': 'intake_historicalcoordinatorprofile',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='TrainingCourse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=160, verbose_name='navn')),
                        ('provider', models.CharField(blank=True, max_length=160, verbose_name='arrangør')),
                        ('counts_as_coordinator_training', models.BooleanField(default=True, help_text='Koordinatorer som har fullført et slikt kurs, regnes som opplært.', verbose_name='gir koordinatoropplæring')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='registrert')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_courses', to='core.municipality', verbose_name='kommune')),
                    ],
                    options={
                        'verbose_name': 'kurs',
                        'verbose_name_plural': 'kurs',
                        'db_table': 'intake_trainingcourse',
                        'ordering': ['name', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingCompletion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('completed_on', models.DateField(verbose_name='fullført')),
                        ('coordinator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_completions', to=settings.AUTH_USER_MODEL, verbose_name='koordinator')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrert av')),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='completions', to='coordinators.trainingcourse', verbose_name='kurs')),
                    ],
                    options={
                        'verbose_name': 'fullført kurs',
                        'verbose_name_plural': 'fullførte kurs',
                        'db_table': 'intake_trainingcompletion',
                        'ordering': ['-completed_on', '-id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='coordinatorassignment',
                    constraint=models.UniqueConstraint(condition=models.Q(('ends_on__isnull', True)), fields=('family',), name='one_open_coordinator_assignment_per_family'),
                ),
                migrations.AddConstraint(
                    model_name='trainingcompletion',
                    constraint=models.UniqueConstraint(fields=('course', 'coordinator'), name='one_completion_per_course'),
                ),
            ],
        ),
        move_content_types("intake", "coordinators", MOVED),
    ]
