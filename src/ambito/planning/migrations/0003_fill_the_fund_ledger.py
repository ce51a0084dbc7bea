"""The fund ledger starts with every movement the existing sources imply: allocations, the
actions of the latest plan versions and their spending, the portfolio lines, the cases'
interventions and the agreements charged to a fund (planning/ledger.py). The figures of the
fund table and the portfolio are the same before and after (tests/planning/test_ledger.py)."""

from django.db import migrations


def fill(apps, schema_editor):
    from ambito.planning import ledger

    ledger.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_fundmovement"),
        ("network", "0003_agreement_fund_agreement_funding_year"),
        ("cases", "0010_card_a_guidelines"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
