from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.monitoring"
    verbose_name = "Monitoraggio e LEP"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the report PDF as a kind of job)
