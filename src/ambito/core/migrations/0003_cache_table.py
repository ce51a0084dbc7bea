"""The shared cache's table (settings.CACHES, DatabaseCache `ambito_cache`): created by
migrate, so a fresh database needs no `createcachetable`. Created whatever CACHES says at
migrate time (a deployment may switch between Redis and the database later)."""

from django.db import migrations

TABLE = "ambito_cache"


def create_cache_table(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    # Django's own DDL for the table (columns, index), skipped when the table exists.
    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    if TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
