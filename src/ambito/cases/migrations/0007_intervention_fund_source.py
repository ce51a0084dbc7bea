"""An intervention's fund becomes a reference to a fund source (planning.FundSource).

The free text of before is matched to a fund source, ignoring case, spaces and dashes: by code
("FNPS"), by name ("Fondo Sociale Regionale") or, when exactly one name starts with it, by the
start of a name ("Fondo Povertà" → "Fondo Povertà – quota servizi"). Text that matches no fund
(or more than one) stays in `fund_note`, shown on the case beside an empty fund, to be charged
by hand: nothing typed is thrown away. Fund sources are planning's configuration, seeded after
every migrate: a database with interventions already has them, and this migration never writes
them. Backwards, the fund's name goes back into the text."""

import re

import django.db.models.deletion
from django.db import migrations, models


def _key(text: str) -> str:
    return re.sub(r"[\s\-–—_.]+", " ", (text or "").casefold()).strip()


def match_fund(text: str, funds) -> object | None:
    key = _key(text)
    if not key:
        return None
    for fund in funds:
        if key in (_key(fund.code), _key(fund.name)):
            return fund
    starting = [f for f in funds if _key(f.name).startswith(key + " ")]
    return starting[0] if len(starting) == 1 else None


def text_to_fund_source(apps, schema_editor):
    Intervention = apps.get_model("cases", "Intervention")
    FundSource = apps.get_model("planning", "FundSource")
    pending = Intervention.objects.exclude(fund_note="").filter(fund__isnull=True)
    if not pending.exists():
        return
    funds = list(FundSource.objects.all())
    for intervention in pending.iterator():
        fund = match_fund(intervention.fund_note, funds)
        if fund is not None:
            intervention.fund = fund
            intervention.fund_note = ""
            intervention.save(update_fields=["fund", "fund_note"])


def fund_source_to_text(apps, schema_editor):
    Intervention = apps.get_model("cases", "Intervention")
    for intervention in Intervention.objects.filter(fund__isnull=False).select_related("fund"):
        intervention.fund_note = intervention.fund.name[:120]
        intervention.save(update_fields=["fund_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_milestones"),
        ("planning", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="intervention", old_name="fund", new_name="fund_note"),
        migrations.AlterField(
            model_name="intervention",
            name="fund_note",
            field=models.CharField(blank=True, max_length=120, verbose_name="fonte (testo libero)"),
        ),
        migrations.AddField(
            model_name="intervention",
            name="fund",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="planning.fundsource",
                verbose_name="fonte di finanziamento",
            ),
        ),
        migrations.RunPython(text_to_fund_source, fund_source_to_text),
    ]
