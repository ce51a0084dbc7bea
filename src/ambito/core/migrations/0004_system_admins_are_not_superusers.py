"""System administrators manage configuration and never personal data (core/admin_mixins.py):
the superuser flag that earlier demo builds gave them is taken away."""

from django.db import migrations

SYSTEM_ADMIN_GROUP = "Amministratore di sistema"


def drop_superuser_flag(apps, schema_editor):
    User = apps.get_model("core", "User")
    User.objects.filter(groups__name=SYSTEM_ADMIN_GROUP, is_superuser=True).update(
        is_superuser=False
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_cache_table"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(drop_superuser_flag, migrations.RunPython.noop)]
