"""The access log's indexes for the family's log at scale (bench/access_log.py, 10 million rows).

Adds (family, at DESC, id DESC), which matches the log's order (its pages, the period filter, the
paginator's count), and (family, user, seq), which serves one person's rows and the newest name each
person stored. Drops the indexes no reader uses once these exist: (family, at DESC) without the id, the
family alone (both new indexes lead with it) and the time alone. The new indexes are built before the old
ones go, so the log is never without an index for the family. On PostgreSQL the migration runs in one
transaction and holds writes to the log while it runs: 44 s at 10 million rows on a two-core test server.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_municipality_coat_of_arms"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["family", "-at", "-id"], name="core_log_family_at_id_idx"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["family", "user", "seq"], name="core_log_family_user_seq_idx"),
        ),
        migrations.RemoveIndex(
            model_name="accesslogentry",
            name="core_access_family__b963e4_idx",
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="tidspunkt"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="family",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_log",
                to="people.family",
                verbose_name="familie",
            ),
        ),
    ]
