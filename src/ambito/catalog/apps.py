from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_configuration(sender, **kwargs):
    from .defaults import configuration_sync

    configuration_sync()


class CatalogConfig(AppConfig):
    name = "ambito.catalog"
    label = "catalog"
    verbose_name = "Carta dei servizi"

    def ready(self):
        post_migrate.connect(_sync_configuration, sender=self)
