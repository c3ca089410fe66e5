"""The BTI relay log leaves for `team` (see its `0003_relay_log_from_plans`). Only Django's state changes:
the tables stay, now owned by the team app, and the goals keep pointing at the same rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0002_relay_proxies'),
        ('team', '0003_relay_log_from_plans'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='goal',
                    name='relay_log',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='goals', to='team.relaylog'),
                ),
                migrations.RemoveField(
                    model_name='relayentry',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='relayentry',
                    name='relay_log',
                ),
                migrations.RemoveField(
                    model_name='relayhandover',
                    name='from_holder',
                ),
                migrations.RemoveField(
                    model_name='relayhandover',
                    name='relay_log',
                ),
                migrations.RemoveField(
                    model_name='relayhandover',
                    name='to_holder',
                ),
                migrations.RemoveField(
                    model_name='relaylog',
                    name='carried_into',
                ),
                migrations.RemoveField(
                    model_name='relaylog',
                    name='child',
                ),
                migrations.RemoveField(
                    model_name='relaylog',
                    name='closed_by',
                ),
                migrations.RemoveField(
                    model_name='relaylog',
                    name='family',
                ),
                migrations.RemoveField(
                    model_name='relaylog',
                    name='holder',
                ),
                migrations.RemoveField(
                    model_name='relaylog',
                    name='opened_by',
                ),
                migrations.RemoveField(
                    model_name='relaylog',
                    name='services',
                ),
                migrations.DeleteModel(
                    name='RelayEvaluation',
                ),
                migrations.DeleteModel(
                    name='RelayGoal',
                ),
                migrations.DeleteModel(
                    name='RelayMeasure',
                ),
                migrations.DeleteModel(
                    name='RelayEntry',
                ),
                migrations.DeleteModel(
                    name='RelayHandover',
                ),
                migrations.DeleteModel(
                    name='RelayLog',
                ),
            ],
        ),
    ]
