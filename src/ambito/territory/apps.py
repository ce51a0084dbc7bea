from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_activity_fields(sender, **kwargs):
    from .defaults import activity_fields_sync

    activity_fields_sync()


class TerritoryConfig(AppConfig):
    name = "ambito.territory"
    label = "territory"
    verbose_name = "Territorio"

    def ready(self):
        post_migrate.connect(_sync_activity_fields, sender=self)
