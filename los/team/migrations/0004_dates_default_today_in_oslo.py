# Defaults take today's date from los.core.dates (Europe/Oslo), the one clock.

import los.core.dates
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('team', '0003_relay_log_from_plans'),
    ]

    operations = [
        migrations.AlterField(
            model_name='familymember',
            name='joined_on',
            field=models.DateField(default=los.core.dates.today, verbose_name='med fra'),
        ),
        migrations.AlterField(
            model_name='relayentry',
            name='happened_on',
            field=models.DateField(default=los.core.dates.today, verbose_name='dato'),
        ),
        migrations.AlterField(
            model_name='relaylog',
            name='opened_on',
            field=models.DateField(default=los.core.dates.today, verbose_name='opprettet'),
        ),
        migrations.AlterField(
            model_name='teammember',
            name='joined_on',
            field=models.DateField(default=los.core.dates.today, verbose_name='med fra'),
        ),
    ]
