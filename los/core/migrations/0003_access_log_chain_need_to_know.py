import datetime
import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64


def chain_existing_rows(apps, schema_editor):
    """Give the rows written before the chain their actor's name and role, a number and hashes."""
    Entry = apps.get_model("core", "AccessLogEntry")
    User = apps.get_model("core", "User")
    users = {}
    prev = GENESIS
    seq = 0
    for entry in Entry.objects.order_by("at", "id").iterator():
        seq += 1
        user = users.get(entry.user_id)
        if user is None:
            user = users[entry.user_id] = User.objects.get(pk=entry.user_id)
        name = (f"{user.first_name} {user.last_name}".strip() or user.username)[:160]
        fields = [
            str(seq),
            entry.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            str(entry.user_id),
            name,
            user.role or "",
            str(entry.family_id),
            entry.action,
            entry.record_type,
            entry.record_id,
            entry.reason,
            "",
            entry.channel,
            entry.ip_address or "",
            prev,
        ]
        digest = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
        # Historical models use a plain manager, so this one-off update is possible here only.
        Entry._base_manager.filter(pk=entry.pk).update(
            seq=seq, actor_name=name, actor_role=user.role or "", prev_hash=prev, hash=digest
        )
        prev = digest


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="seq",
            field=models.BigIntegerField(null=True, verbose_name="løpenummer"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="actor_name",
            field=models.CharField(default="", max_length=160, verbose_name="navn"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="actor_role",
            field=models.CharField(
                choices=[
                    ("caseworker", "Saksbehandler i koordinerende enhet"),
                    ("coordinator", "Koordinator"),
                    ("provider", "Tjenesteyter"),
                    ("guardian", "Foresatt"),
                    ("leader", "Leder"),
                    ("admin", "Administrator"),
                ],
                default="",
                max_length=20,
                verbose_name="rolle",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="purpose",
            field=models.CharField(blank=True, max_length=400, verbose_name="oppgitt behov"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="reason",
            field=models.CharField(
                choices=[
                    ("caseworker_in_municipality", "saksbehandler i koordinerende enhet i kommunen"),
                    (
                        "caseworker_need_to_know",
                        "saksbehandler i koordinerende enhet, med oppgitt tjenstlig behov",
                    ),
                    ("assigned_coordinator", "familiens koordinator"),
                    ("team_member_with_consent", "tjenesteyter i teamet, med samtykke"),
                    ("guardian_with_parental_responsibility", "foresatt med foreldreansvar"),
                ],
                max_length=60,
                verbose_name="grunnlag",
            ),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogentry",
            name="seq",
            field=models.BigIntegerField(unique=True, verbose_name="løpenummer"),
        ),
        migrations.CreateModel(
            name="NeedToKnow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("casework", "Behandling av søknad, klage eller oppnevning"),
                            ("plan_work", "Arbeid med individuell plan som koordinerende enhet har ansvar for"),
                            ("coordinator_absent", "Koordinator er fraværende, og familien trenger hjelp nå"),
                            ("supervision", "Veiledning av koordinatoren i saken"),
                            ("family_asked", "Familien har bedt oss om hjelp"),
                        ],
                        max_length=30,
                        verbose_name="grunn",
                    ),
                ),
                ("explanation", models.CharField(max_length=300, verbose_name="forklaring")),
                ("starts_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="fra")),
                ("expires_at", models.DateTimeField(verbose_name="til")),
                (
                    "family",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="people.family",
                        verbose_name="familie",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="need_to_know",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="bruker",
                    ),
                ),
            ],
            options={
                "verbose_name": "tjenstlig behov",
                "verbose_name_plural": "tjenstlige behov",
                "ordering": ["-starts_at", "-id"],
                "indexes": [models.Index(fields=["user", "family", "-expires_at"], name="core_needto_user_id_f58a5b_idx")],
            },
        ),
        migrations.CreateModel(
            name="UserAuditEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="tidspunkt")),
                ("field", models.CharField(max_length=30, verbose_name="felt")),
                ("old_value", models.CharField(blank=True, max_length=200, verbose_name="før")),
                ("new_value", models.CharField(blank=True, max_length=200, verbose_name="etter")),
                (
                    "changed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="endret av",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="audit_entries",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="bruker",
                    ),
                ),
            ],
            options={
                "verbose_name": "endring av bruker",
                "verbose_name_plural": "endringer av brukere",
                "ordering": ["-at", "-id"],
            },
        ),
    ]
