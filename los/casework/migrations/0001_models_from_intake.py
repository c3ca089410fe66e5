"""The case models move here from `intake`. Their tables keep their names (`intake_*`), so this migration
changes only Django's state: the tables and every row stay as they are."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from los.core.migration_operations import move_content_types


#: The models this app took over from `intake`; their content types follow, so permissions and the admin's
#: history keep pointing at them.
MOVED = ['application', 'applicationdocument', 'complaint', 'criterionreview', 'decision', 'decisionright', 'eligibilityassessment', 'historicalapplication', 'historicalcomplaint', 'historicalcriterionreview', 'interimreply']


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('intake', '0002_casework'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Application',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('portal', 'Søknad i Los (familiens sider)'), ('letter', 'Brev'), ('phone', 'Telefon'), ('email', 'E-post'), ('health_network', 'Helsenettet (melding)'), ('meeting', 'Møte')], default='portal', max_length=20, verbose_name='mottatt som')),
                        ('received_on', models.DateField(verbose_name='mottatt dato')),
                        ('status', models.CharField(choices=[('received', 'Mottatt'), ('assessing', 'Under vurdering'), ('decided', 'Avgjort'), ('withdrawn', 'Trukket')], default='received', max_length=20, verbose_name='status')),
                        ('wants_coordinator', models.BooleanField(default=False, verbose_name='ønsker koordinator')),
                        ('wants_child_coordinator', models.BooleanField(default=False, verbose_name='ønsker barnekoordinator')),
                        ('wants_individual_plan', models.BooleanField(default=False, verbose_name='ønsker individuell plan')),
                        ('about_child', models.TextField(blank=True, verbose_name='om barnet og hva familien trenger hjelp til')),
                        ('health_and_care_services', models.JSONField(blank=True, default=list, verbose_name='helse- og omsorgstjenester')),
                        ('other_welfare_services', models.JSONField(blank=True, default=list, verbose_name='andre velferdstjenester')),
                        ('wishes', models.TextField(blank=True, verbose_name='familiens ønsker for koordinatoren')),
                        ('child_views', models.TextField(blank=True, verbose_name='barnets mening')),
                        ('preferred_language', models.CharField(choices=[('nb', 'norsk bokmål'), ('nn', 'norsk nynorsk'), ('se', 'nordsamisk'), ('en', 'engelsk'), ('ar', 'arabisk'), ('so', 'somali'), ('ti', 'tigrinja'), ('pl', 'polsk'), ('uk', 'ukrainsk'), ('ru', 'russisk'), ('fa', 'persisk'), ('ur', 'urdu'), ('lt', 'litauisk'), ('ku', 'kurdisk'), ('es', 'spansk'), ('th', 'thai'), ('tr', 'tyrkisk'), ('vi', 'vietnamesisk'), ('sgn', 'norsk tegnspråk')], default='nb', max_length=10, verbose_name='språk familien vil bruke')),
                        ('interpreter_needed', models.BooleanField(default=False, verbose_name='trenger tolk')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='registrert')),
                        ('child', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='people.child', verbose_name='barn')),
                        ('family', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='people.family', verbose_name='familie')),
                        ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrert av')),
                        ('wished_coordinator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ønsket koordinator')),
                    ],
                    options={
                        'verbose_name': 'søknad',
                        'verbose_name_plural': 'søknader',
                        'db_table': 'intake_application',
                        'ordering': ['-received_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='tittel')),
                        ('filename', models.CharField(max_length=200, verbose_name='filnavn')),
                        ('content_type', models.CharField(max_length=100, verbose_name='filtype')),
                        ('content', models.BinaryField(verbose_name='innhold')),
                        ('size', models.PositiveIntegerField(verbose_name='størrelse (byte)')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='lagt til')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='casework.application', verbose_name='søknad')),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='lagt til av')),
                    ],
                    options={
                        'verbose_name': 'dokument',
                        'verbose_name_plural': 'dokumenter',
                        'db_table': 'intake_applicationdocument',
                        'ordering': ['uploaded_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('decided_on', models.DateField(verbose_name='vedtaksdato')),
                        ('valid_from', models.DateField(verbose_name='gjelder fra')),
                        ('notified_on', models.DateField(verbose_name='familien fikk vedtaket')),
                        ('complaint_deadline', models.DateField(verbose_name='klagefrist')),
                        ('facts', models.TextField(verbose_name='faktum vi bygger på')),
                        ('family_views', models.TextField(verbose_name='familiens syn')),
                        ('child_views', models.TextField(blank=True, verbose_name='barnets syn')),
                        ('weighing', models.TextField(verbose_name='hvordan synene er vektlagt')),
                        ('legal_basis', models.JSONField(default=list, verbose_name='hjemmel')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='tidspunkt')),
                        ('letter_pdf', models.BinaryField(verbose_name='vedtaksbrev (PDF)')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='casework.application', verbose_name='søknad')),
                        ('contact_person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='kontaktperson')),
                        ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='fattet av')),
                        ('replaces', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='casework.decision', verbose_name='erstatter vedtak')),
                    ],
                    options={
                        'verbose_name': 'vedtak',
                        'verbose_name_plural': 'vedtak',
                        'db_table': 'intake_decision',
                        'ordering': ['-decided_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Complaint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('received', 'Klagen er mottatt'), ('reconsidering', 'Kommunen vurderer saken på nytt'), ('upheld', 'Klagen er tatt til følge – nytt vedtak'), ('forwarded', 'Sendt til Statsforvalteren')], default='received', max_length=20, verbose_name='status')),
                        ('channel', models.CharField(choices=[('portal', 'Søknad i Los (familiens sider)'), ('letter', 'Brev'), ('phone', 'Telefon'), ('email', 'E-post'), ('health_network', 'Helsenettet (melding)'), ('meeting', 'Møte')], default='portal', max_length=20, verbose_name='mottatt som')),
                        ('received_on', models.DateField(verbose_name='mottatt')),
                        ('grounds', models.TextField(verbose_name='hva familien klager på, og hvorfor')),
                        ('reconsideration_started_on', models.DateField(blank=True, null=True, verbose_name='ny vurdering startet')),
                        ('resolved_on', models.DateField(blank=True, null=True, verbose_name='avgjort i kommunen')),
                        ('municipality_assessment', models.TextField(blank=True, verbose_name='kommunens vurdering av klagen')),
                        ('forwarded_on', models.DateField(blank=True, null=True, verbose_name='sendt til Statsforvalteren')),
                        ('bundle_pdf', models.BinaryField(blank=True, null=True, verbose_name='oversendelse (PDF)')),
                        ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrert av')),
                        ('decision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='casework.decision', verbose_name='vedtak')),
                        ('new_decision', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='upholds_complaint', to='casework.decision', verbose_name='nytt vedtak')),
                    ],
                    options={
                        'verbose_name': 'klage',
                        'verbose_name_plural': 'klager',
                        'db_table': 'intake_complaint',
                        'ordering': ['-received_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='DecisionRight',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('right', models.CharField(choices=[('individual_plan', 'Individuell plan'), ('coordinator', 'Koordinator'), ('child_coordinator', 'Barnekoordinator')], max_length=20, verbose_name='rettighet')),
                        ('outcome', models.CharField(choices=[('granted', 'Innvilget'), ('partly', 'Delvis innvilget'), ('refused', 'Avslått'), ('not_applied', 'Ikke søkt om')], max_length=20, verbose_name='resultat')),
                        ('reasons', models.TextField(blank=True, verbose_name='begrunnelse')),
                        ('assessed_status', models.CharField(choices=[('yes', 'Oppfylt'), ('no', 'Ikke oppfylt'), ('unknown', 'Ikke avklart')], max_length=10, verbose_name='vurdert etter loven')),
                        ('more_generous_than_law', models.TextField(blank=True, help_text='Fylles ut når retten innvilges uten at vilkårene i loven er oppfylt.', verbose_name='hvorfor kommunen gir mer enn loven krever')),
                        ('criteria', models.JSONField(default=list, verbose_name='vilkår')),
                        ('law', models.JSONField(default=list, verbose_name='hjemmel')),
                        ('decision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rights', to='casework.decision', verbose_name='vedtak')),
                    ],
                    options={
                        'verbose_name': 'vedtak om én rettighet',
                        'verbose_name_plural': 'vedtak om rettigheter',
                        'db_table': 'intake_decisionright',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='EligibilityAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('assessed_on', models.DateField(verbose_name='vurderingsdato')),
                        ('facts', models.JSONField(verbose_name='fakta')),
                        ('result', models.JSONField(verbose_name='resultat')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='tidspunkt')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='casework.application', verbose_name='søknad')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vurdert av')),
                    ],
                    options={
                        'verbose_name': 'vurdering av vilkår',
                        'verbose_name_plural': 'vurderinger av vilkår',
                        'db_table': 'intake_eligibilityassessment',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.AddField(
                    model_name='decision',
                    name='assessment',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='casework.eligibilityassessment', verbose_name='vurdering'),
                ),
                migrations.CreateModel(
                    name='CriterionReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('right', models.CharField(choices=[('individual_plan', 'Individuell plan'), ('coordinator', 'Koordinator'), ('child_coordinator', 'Barnekoordinator')], max_length=20, verbose_name='rettighet')),
                        ('code', models.CharField(max_length=60, verbose_name='vilkår')),
                        ('engine_status', models.CharField(choices=[('yes', 'Oppfylt'), ('no', 'Ikke oppfylt'), ('unknown', 'Ikke avklart')], max_length=10, verbose_name='regelmotorens svar')),
                        ('status', models.CharField(choices=[('yes', 'Oppfylt'), ('no', 'Ikke oppfylt'), ('unknown', 'Ikke avklart')], max_length=10, verbose_name='saksbehandlerens svar')),
                        ('reason', models.TextField(blank=True, verbose_name='begrunnelse')),
                        ('reviewed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='tidspunkt')),
                        ('reviewed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vurdert av')),
                        ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='casework.eligibilityassessment', verbose_name='vurdering')),
                    ],
                    options={
                        'verbose_name': 'vurdering av ett vilkår',
                        'verbose_name_plural': 'vurderinger av vilkår',
                        'db_table': 'intake_criterionreview',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalApplication',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('portal', 'Søknad i Los (familiens sider)'), ('letter', 'Brev'), ('phone', 'Telefon'), ('email', 'E-post'), ('health_network', 'Helsenettet (melding)'), ('meeting', 'Møte')], default='portal', max_length=20, verbose_name='mottatt som')),
                        ('received_on', models.DateField(verbose_name='mottatt dato')),
                        ('status', models.CharField(choices=[('received', 'Mottatt'), ('assessing', 'Under vurdering'), ('decided', 'Avgjort'), ('withdrawn', 'Trukket')], default='received', max_length=20, verbose_name='status')),
                        ('wants_coordinator', models.BooleanField(default=False, verbose_name='ønsker koordinator')),
                        ('wants_child_coordinator', models.BooleanField(default=False, verbose_name='ønsker barnekoordinator')),
                        ('wants_individual_plan', models.BooleanField(default=False, verbose_name='ønsker individuell plan')),
                        ('about_child', models.TextField(blank=True, verbose_name='om barnet og hva familien trenger hjelp til')),
                        ('health_and_care_services', models.JSONField(blank=True, default=list, verbose_name='helse- og omsorgstjenester')),
                        ('other_welfare_services', models.JSONField(blank=True, default=list, verbose_name='andre velferdstjenester')),
                        ('wishes', models.TextField(blank=True, verbose_name='familiens ønsker for koordinatoren')),
                        ('child_views', models.TextField(blank=True, verbose_name='barnets mening')),
                        ('preferred_language', models.CharField(choices=[('nb', 'norsk bokmål'), ('nn', 'norsk nynorsk'), ('se', 'nordsamisk'), ('en', 'engelsk'), ('ar', 'arabisk'), ('so', 'somali'), ('ti', 'tigrinja'), ('pl', 'polsk'), ('uk', 'ukrainsk'), ('ru', 'russisk'), ('fa', 'persisk'), ('ur', 'urdu'), ('lt', 'litauisk'), ('ku', 'kurdisk'), ('es', 'spansk'), ('th', 'thai'), ('tr', 'tyrkisk'), ('vi', 'vietnamesisk'), ('sgn', 'norsk tegnspråk')], default='nb', max_length=10, verbose_name='språk familien vil bruke')),
                        ('interpreter_needed', models.BooleanField(default=False, verbose_name='trenger tolk')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('child', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.child', verbose_name='barn')),
                        ('family', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.family', verbose_name='familie')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrert av')),
                        ('wished_coordinator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ønsket koordinator')),
                    ],
                    options={
                        'verbose_name': 'historical søknad',
                        'verbose_name_plural': 'historical søknader',
                        'db_table': 'intake_historicalapplication',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalComplaint',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('state', models.CharField(choices=[('received', 'Klagen er mottatt'), ('reconsidering', 'Kommunen vurderer saken på nytt'), ('upheld', 'Klagen er tatt til følge – nytt vedtak'), ('forwarded', 'Sendt til Statsforvalteren')], default='received', max_length=20, verbose_name='status')),
                        ('channel', models.CharField(choices=[('portal', 'Søknad i Los (familiens sider)'), ('letter', 'Brev'), ('phone', 'Telefon'), ('email', 'E-post'), ('health_network', 'Helsenettet (melding)'), ('meeting', 'Møte')], default='portal', max_length=20, verbose_name='mottatt som')),
                        ('received_on', models.DateField(verbose_name='mottatt')),
                        ('grounds', models.TextField(verbose_name='hva familien klager på, og hvorfor')),
                        ('reconsideration_started_on', models.DateField(blank=True, null=True, verbose_name='ny vurdering startet')),
                        ('resolved_on', models.DateField(blank=True, null=True, verbose_name='avgjort i kommunen')),
                        ('municipality_assessment', models.TextField(blank=True, verbose_name='kommunens vurdering av klagen')),
                        ('forwarded_on', models.DateField(blank=True, null=True, verbose_name='sendt til Statsforvalteren')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('decision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='casework.decision', verbose_name='vedtak')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('new_decision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='casework.decision', verbose_name='nytt vedtak')),
                        ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registrert av')),
                    ],
                    options={
                        'verbose_name': 'historical klage',
                        'verbose_name_plural': 'historical klager',
                        'db_table': 'intake_historicalcomplaint',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalCriterionReview',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('right', models.CharField(choices=[('individual_plan', 'Individuell plan'), ('coordinator', 'Koordinator'), ('child_coordinator', 'Barnekoordinator')], max_length=20, verbose_name='rettighet')),
                        ('code', models.CharField(max_length=60, verbose_name='vilkår')),
                        ('engine_status', models.CharField(choices=[('yes', 'Oppfylt'), ('no', 'Ikke oppfylt'), ('unknown', 'Ikke avklart')], max_length=10, verbose_name='regelmotorens svar')),
                        ('status', models.CharField(choices=[('yes', 'Oppfylt'), ('no', 'Ikke oppfylt'), ('unknown', 'Ikke avklart')], max_length=10, verbose_name='saksbehandlerens svar')),
                        ('reason', models.TextField(blank=True, verbose_name='begrunnelse')),
                        ('reviewed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='tidspunkt')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('assessment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='casework.eligibilityassessment', verbose_name='vurdering')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='vurdert av')),
                    ],
                    options={
                        'verbose_name': 'historical vurdering av ett vilkår',
                        'verbose_name_plural': 'historical vurderinger av vilkår',
                        'db_table': 'intake_historicalcriterionreview',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='InterimReply',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_on', models.DateField(verbose_name='sendt')),
                        ('reason', models.TextField(verbose_name='hvorfor det tar tid')),
                        ('expected_by', models.DateField(verbose_name='svar ventet innen')),
                        ('letter_text', models.TextField(verbose_name='brevtekst')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='interim_replies', to='casework.application', verbose_name='søknad')),
                        ('sent_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sendt av')),
                    ],
                    options={
                        'verbose_name': 'foreløpig svar',
                        'verbose_name_plural': 'foreløpige svar',
                        'db_table': 'intake_interimreply',
                        'ordering': ['sent_on', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='application',
                    index=models.Index(fields=['status', 'received_on'], name='intake_appl_status_5c543d_idx'),
                ),
                migrations.AddConstraint(
                    model_name='decisionright',
                    constraint=models.UniqueConstraint(fields=('decision', 'right'), name='one_outcome_per_right'),
                ),
                migrations.AddConstraint(
                    model_name='criterionreview',
                    constraint=models.UniqueConstraint(fields=('assessment', 'right', 'code'), name='one_review_per_criterion'),
                ),
                migrations.AddConstraint(
                    model_name='criterionreview',
                    constraint=models.CheckConstraint(condition=models.Q(('status', models.F('engine_status')), models.Q(('reason', ''), _negated=True), _connector='OR'), name='override_has_reason'),
                ),
            ],
        ),
        move_content_types("intake", "casework", MOVED),
    ]
