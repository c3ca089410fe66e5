"""The request to extend the consent moves here from `team`. Its table keeps its name
(`team_consentextensionrequest`), so this migration changes only Django's state: the table and every row
stay as they are."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from los.core.migration_operations import move_content_types

#: The model this app took over from `team`; its content type follows, so permissions and the admin's
#: history keep pointing at it.
MOVED = ["consentextensionrequest"]


class Migration(migrations.Migration):

    dependencies = [
        ('consent', '0002_initial'),
        ('team', '0002_follow_up'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ConsentExtensionRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(blank=True, max_length=120, verbose_name='rolle i teamet')),
                        ('reason', models.TextField(blank=True, verbose_name='hvorfor tjenesten bør være med')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='spurt')),
                        ('status', models.CharField(choices=[('pending', 'Venter på svar'), ('accepted', 'Familien har sagt ja'), ('declined', 'Familien har sagt nei')], default='pending', max_length=10, verbose_name='status')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='svart')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='svart av')),
                        ('consent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='consent.consent', verbose_name='nytt samtykke')),
                        ('family', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consent_requests', to='people.family', verbose_name='familie')),
                        ('professional', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.professional', verbose_name='fagperson')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='spurt av')),
                        ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.service', verbose_name='tjeneste')),
                    ],
                    options={
                        'verbose_name': 'forespørsel om utvidet samtykke',
                        'verbose_name_plural': 'forespørsler om utvidet samtykke',
                        'db_table': 'team_consentextensionrequest',
                        'ordering': ['-requested_at', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('family', 'service', 'professional'), name='one_pending_consent_request_per_service')],
                    },
                ),
            ],
        ),
        move_content_types("team", "consent", MOVED),
    ]
