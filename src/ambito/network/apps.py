from django.apps import AppConfig


class NetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.network"
    label = "network"
    verbose_name = "Rete del Terzo settore"
