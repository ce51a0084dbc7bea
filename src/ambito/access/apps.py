from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "ambito.access"
    label = "access"
    verbose_name = "Accessi"
