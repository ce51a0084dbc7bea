"""The municipalities an operator serves get the weekly hours spent in each (issue 15: staff
were counted in full in every municipality they serve). The plain many-to-many table becomes
the explicit StaffMunicipality model on the same table (no data moved); existing rows get no
hours, which means "no split recorded" (the FTE is then apportioned by population)."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0002_staff_annual_cost"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StaffMunicipality",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="territory.municipality",
                                verbose_name="comune",
                            ),
                        ),
                        (
                            "staff",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="territory.staff",
                                verbose_name="operatore",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "comune servito",
                        "verbose_name_plural": "comuni serviti",
                        "db_table": "territory_staff_municipalities",
                        "unique_together": {("staff", "municipality")},
                    },
                ),
                migrations.AlterField(
                    model_name="staff",
                    name="municipalities",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="staff",
                        through="territory.StaffMunicipality",
                        to="territory.municipality",
                        verbose_name="comuni serviti",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="staffmunicipality",
            name="weekly_hours",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                help_text="Vuoto: nessuna ripartizione registrata (si ripartisce per abitanti).",
                max_digits=4,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0")),
                    django.core.validators.MaxValueValidator(Decimal("60")),
                ],
                verbose_name="ore settimanali nel comune",
            ),
        ),
    ]
