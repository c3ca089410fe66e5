# Defaults take today's date from los.core.dates (Europe/Oslo), the one clock.

import los.core.dates
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coordinators', '0001_models_from_intake'),
    ]

    operations = [
        migrations.AlterField(
            model_name='coordinatorassignment',
            name='starts_on',
            field=models.DateField(default=los.core.dates.today, verbose_name='fra'),
        ),
    ]
