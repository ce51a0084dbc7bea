from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambito.protection"
    label = "protection"
    verbose_name = "Tutela minori e Autorità giudiziaria"
