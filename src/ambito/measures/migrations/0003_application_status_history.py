"""The applications' status history; every existing application gets the row of its current
status (from its outcome date, else the day it was last updated)."""

import django.db.models.deletion
from django.db import migrations, models


def history_of_current_statuses(apps, schema_editor):
    Application = apps.get_model("measures", "Application")
    Change = apps.get_model("measures", "ApplicationStatusChange")
    rows = []
    for uuid, status, status_on, submitted_on, reason, batch_id, updated_at in (
        Application.objects.values_list(
            "uuid", "status", "status_on", "submitted_on", "status_reason", "last_import_id",
            "updated_at",
        ).iterator(chunk_size=2000)
    ):
        since = status_on or submitted_on or updated_at.date()
        rows.append(
            Change(
                application_id=uuid, status=status, since=since, reason=reason, batch_id=batch_id
            )
        )
        if len(rows) >= 2000:
            Change.objects.bulk_create(rows)
            rows = []
    Change.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_application_case_milestones")]

    operations = [
        migrations.CreateModel(
            name="ApplicationStatusChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("status", models.CharField(choices=[("positive", "Accolta / positiva"), ("lapsed", "Decaduta"), ("suspended", "Sospesa"), ("in_progress", "In lavorazione"), ("rejected", "Respinta")], max_length=12, verbose_name="stato INPS")),
                ("since", models.DateField(verbose_name="dal")),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="motivo")),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="registrato il")),
                ("application", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="status_history", to="measures.application", to_field="uuid", verbose_name="domanda")),
                ("batch", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="measures.importbatch")),
            ],
            options={
                "verbose_name": "stato della domanda",
                "verbose_name_plural": "storia degli stati delle domande",
                "ordering": ["application", "since", "pk"],
                "indexes": [models.Index(fields=["application", "since"], name="measures_ap_applica_fce421_idx")],
            },
        ),
        migrations.RunPython(history_of_current_statuses, migrations.RunPython.noop),
    ]
