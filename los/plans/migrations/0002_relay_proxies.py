# The relay log's goals, measures and evaluations as proxies, for the record policy (no tables change).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RelayGoal",
            fields=[],
            options={
                "verbose_name": "mål i stafettloggen",
                "verbose_name_plural": "mål i stafettloggen",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("plans.goal",),
        ),
        migrations.CreateModel(
            name="RelayMeasure",
            fields=[],
            options={
                "verbose_name": "tiltak i stafettloggen",
                "verbose_name_plural": "tiltak i stafettloggen",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("plans.measure",),
        ),
        migrations.CreateModel(
            name="RelayEvaluation",
            fields=[],
            options={
                "verbose_name": "evaluering i stafettloggen",
                "verbose_name_plural": "evalueringer i stafettloggen",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("plans.evaluation",),
        ),
    ]
