from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_measures(sender, **kwargs):
    from .defaults import measures_sync

    measures_sync()


class MeasuresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.measures"
    verbose_name = "Misure nazionali di sostegno al reddito"

    def ready(self):
        post_migrate.connect(_sync_measures, sender=self)
        from . import jobs  # noqa: F401  (registers the import as a kind of background job)
