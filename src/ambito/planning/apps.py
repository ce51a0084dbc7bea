from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_funds(sender, **kwargs):
    from .defaults import funds_sync

    funds_sync()


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.planning"
    verbose_name = "Programmazione, fondi e assemblea"

    def ready(self):
        post_migrate.connect(_sync_funds, sender=self)
