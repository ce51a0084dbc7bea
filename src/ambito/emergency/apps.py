from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_criteria(sender, **kwargs):
    from .defaults import criteria_sync

    criteria_sync()


class EmergencyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.emergency"
    verbose_name = "Pronto intervento sociale"

    def ready(self):
        post_migrate.connect(_sync_criteria, sender=self)
