# Defaults take today's date from los.core.dates (Europe/Oslo), the one clock.

import los.core.dates
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='referral',
            name='sent_on',
            field=models.DateField(default=los.core.dates.today, verbose_name='sendt'),
        ),
    ]
