from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ambito.ops"
    label = "ops"
    verbose_name = "Esercizio"

    def ready(self):
        from . import metrics

        metrics.register()
