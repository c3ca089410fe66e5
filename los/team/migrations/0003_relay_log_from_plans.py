"""The BTI relay log moves here from `plans`, and the request to extend the consent leaves for `consent`.
The relay log's tables keep their names (`plans_relaylog`, `plans_relayhandover`, `plans_relayentry`,
`plans_relaylog_services`), so this migration changes only Django's state: the tables and every row stay
as they are."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from los.core.migration_operations import move_content_types

#: The models this app took over from `plans`; their content types follow, so permissions and the admin's
#: history keep pointing at them.
MOVED = ["relaylog", "relayhandover", "relayentry", "relaygoal", "relaymeasure", "relayevaluation"]


class Migration(migrations.Migration):

    dependencies = [
        ('team', '0002_follow_up'),
        ('plans', '0002_relay_proxies'),
        ('consent', '0003_consent_extension_request_from_team'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RelayEvaluation',
                    fields=[
                    ],
                    options={
                        'verbose_name': 'evaluering i stafettloggen',
                        'verbose_name_plural': 'evalueringer i stafettloggen',
                        'proxy': True,
                        'indexes': [],
                        'constraints': [],
                    },
                    bases=('plans.evaluation',),
                ),
                migrations.CreateModel(
                    name='RelayGoal',
                    fields=[
                    ],
                    options={
                        'verbose_name': 'mål i stafettloggen',
                        'verbose_name_plural': 'mål i stafettloggen',
                        'proxy': True,
                        'indexes': [],
                        'constraints': [],
                    },
                    bases=('plans.goal',),
                ),
                migrations.CreateModel(
                    name='RelayMeasure',
                    fields=[
                    ],
                    options={
                        'verbose_name': 'tiltak i stafettloggen',
                        'verbose_name_plural': 'tiltak i stafettloggen',
                        'proxy': True,
                        'indexes': [],
                        'constraints': [],
                    },
                    bases=('plans.measure',),
                ),
                migrations.CreateModel(
                    name='RelayLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('concern', models.TextField(verbose_name='bekymringen')),
                        ('level', models.PositiveSmallIntegerField(choices=[(0, 'Nivå 0: avklare om det er grunn til bekymring'), (1, 'Nivå 1: tiltak i én tjeneste'), (2, 'Nivå 2: enkelt samarbeid, mest mellom to tjenester'), (3, 'Nivå 3: bredt samarbeid mellom flere tjenester')], verbose_name='nivå')),
                        ('opened_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='opprettet')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='avsluttet')),
                        ('close_reason', models.TextField(blank=True, verbose_name='hvorfor loggen er avsluttet')),
                        ('carried_into', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='from_relay_logs', to='plans.planversion', verbose_name='videreført i individuell plan')),
                        ('child', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.child', verbose_name='barn')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='avsluttet av')),
                        ('family', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='relay_logs', to='people.family', verbose_name='familie')),
                        ('holder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='relay_logs_held', to=settings.AUTH_USER_MODEL, verbose_name='stafettholder')),
                        ('opened_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='opprettet av')),
                        ('services', models.ManyToManyField(blank=True, related_name='+', to='people.service', verbose_name='tjenester som er med')),
                    ],
                    options={
                        'verbose_name': 'stafettlogg',
                        'verbose_name_plural': 'stafettlogger',
                        'db_table': 'plans_relaylog',
                        'ordering': ['-opened_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='RelayHandover',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.TextField(blank=True, verbose_name='beskjed til den nye stafettholderen')),
                        ('offered_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('accepted_at', models.DateTimeField(blank=True, null=True)),
                        ('declined_at', models.DateTimeField(blank=True, null=True)),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                        ('from_holder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('to_holder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='relay_handovers_offered', to=settings.AUTH_USER_MODEL, verbose_name='ny stafettholder')),
                        ('relay_log', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='handovers', to='team.relaylog')),
                    ],
                    options={
                        'db_table': 'plans_relayhandover',
                        'ordering': ['-offered_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='RelayEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('meeting_note', 'Kort møtenotat'), ('positive', 'Positiv observasjon'), ('message', 'Beskjed'), ('event', 'Hendelse')], max_length=20, verbose_name='type')),
                        ('happened_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='dato')),
                        ('text', models.TextField(verbose_name='tekst')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('relay_log', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='team.relaylog')),
                    ],
                    options={
                        'db_table': 'plans_relayentry',
                        'ordering': ['-happened_on', '-id'],
                    },
                ),
                migrations.DeleteModel(
                    name='ConsentExtensionRequest',
                ),
                migrations.AddConstraint(
                    model_name='relaylog',
                    constraint=models.CheckConstraint(condition=models.Q(('level__gte', 0), ('level__lte', 3)), name='relay_level_0_to_3'),
                ),
                migrations.AddConstraint(
                    model_name='relayhandover',
                    constraint=models.UniqueConstraint(condition=models.Q(('accepted_at__isnull', True), ('declined_at__isnull', True), ('withdrawn_at__isnull', True)), fields=('relay_log',), name='one_open_handover_per_relay_log'),
                ),
            ],
        ),
        move_content_types("plans", "team", MOVED),
    ]
