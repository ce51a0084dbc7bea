from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ambito.jobs"
    label = "jobs"
    verbose_name = "Lavori in background"

    def ready(self):
        from . import scheduled  # noqa: F401  (registers the scheduled kinds of job)
