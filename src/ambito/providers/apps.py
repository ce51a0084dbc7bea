from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.providers"
    label = "providers"
    verbose_name = "Erogatori, accreditamento e titoli sociali"
