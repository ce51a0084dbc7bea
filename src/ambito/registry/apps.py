from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ambito.registry"
    label = "registry"
    verbose_name = "Anagrafe"
