from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ambito.jobs"
    label = "jobs"
    verbose_name = "Lavori in background"
